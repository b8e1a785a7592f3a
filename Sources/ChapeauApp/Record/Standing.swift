import ChapeauCore
import ChapeauStore

/// Where a pledge or an offer stands today. Computed in one place and shown by
/// `list pledges`, `list offers` and `supporter show`, so that they never disagree.
public enum Standing: Sendable {
    case pledge(SupporterCard.PledgeLine)
    case offer(SupporterCard.OfferLine)
}

extension SupporterCard.PledgeLine {
    /// A pledge not voided, from the store's standing: its last day is its own end or the day
    /// it was ended, whichever comes first. Overdue counts `overdue` and `partial` instalments
    /// only: a platform's (`platform`) is never overdue.
    init(_ standing: PledgeStanding, today: Day) {
        let p = standing.pledge
        let end = [p.end, standing.endedOn].compactMap { $0 }.min()
        self.init(id: standing.id.description, unit: p.amount.unit.code, amountMinor: p.amount.minor,
                  amount: p.amount.decimalString, every: p.every.rawValue, start: p.start.description,
                  end: end?.description, status: end.map { $0 < today } == true ? "ended" : "active",
                  overdue: standing.overdue.count, due: standing.instalments.count,
                  paid: standing.instalments.filter { $0.state == .paid }.count)
    }

    /// A voided pledge: nothing falls due.
    init(voided ref: EntryRef, _ p: Pledge) {
        self.init(id: ref.description, unit: p.amount.unit.code, amountMinor: p.amount.minor,
                  amount: p.amount.decimalString, every: p.every.rawValue, start: p.start.description,
                  end: p.end?.description, status: "voided", overdue: 0, due: 0, paid: 0)
    }
}

extension SupporterCard.OfferLine {
    /// An offer's last status and its day, from the ledger's state; `voided` when a void cancelled it.
    init(_ ref: EntryRef, _ o: Offer, voided: Bool, state: LedgerState) {
        let current = voided ? nil : ID<Offer>(ref).flatMap { state.offerStatus[$0] }
        self.init(id: ref.description, kind: o.kind.rawValue, description: o.description,
                  status: current?.status.rawValue ?? "voided", since: (current?.day ?? o.day).description)
    }
}

extension Treasurer {
    /// The standing of each pledge and offer among `entries`, by entry id. Reads the whole
    /// ledger's state, so that a status changed after a listed period still shows.
    func standings(of entries: [StoredEntry]) throws -> [String: Standing] {
        var out: [String: Standing] = [:]
        let pledges = entries.filter { $0.ref.type == .pledge }
        if !pledges.isEmpty {
            let wanted = Set(pledges.map { $0.ref.description })
            for standing in try store.pledgeStandings(today: today) where wanted.contains(standing.id.description) {
                out[standing.id.description] = .pledge(.init(standing, today: today))
            }
            for e in pledges where e.voided {
                if case .pledge(let p) = e.body { out[e.ref.description] = .pledge(.init(voided: e.ref, p)) }
            }
        }
        let offers = entries.filter { $0.ref.type == .offer }
        if !offers.isEmpty {
            let state = try store.ledgerState()
            for e in offers {
                if case .offer(let o) = e.body { out[e.ref.description] = .offer(.init(e.ref, o, voided: e.voided, state: state)) }
            }
        }
        return out
    }
}
