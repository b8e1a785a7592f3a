import ChapeauCore
import ChapeauStore
import Foundation

/// `supporter show`: everything the ledger holds about one supporter, for the treasurer.
/// Private: it holds their name and e-mail (unless erased) and every amount they gave.
public struct SupporterCard: Sendable, Encodable {
    /// The supporter's entry id, `s-12`.
    public let id: String
    /// nil once erased.
    public let handle: String?
    public let name: String?
    public let email: String?
    /// Postal address (private); nil once erased.
    public let address: String?
    public let visibility: String
    /// True once `supporter erase` removed their personal data.
    public let erased: Bool
    /// The day of the erasure, ISO.
    public let erasedOn: String?
    /// Their ISO 11649 creditor reference, electronic form (`RF71CHPC`); nil once erased,
    /// because imports no longer match it to anyone.
    public let paymentReference: String?
    /// The same in groups of four, as printed on paper (`RF71 CHPC`).
    public let paymentReferencePrintable: String?
    /// Gifts not voided, per unit.
    public let given: [Given]
    public let pledges: [PledgeLine]
    public let offers: [OfferLine]
    /// Every entry about them, as `chapeau list` shows entries: their supporter entry, gifts,
    /// pledges and pledge ends, offers and status changes, voids of these, their erasure.
    public let entries: [EntryView]

    public struct Given: Sendable, Encodable {
        public let unit: String
        public let amountMinor: Int64
        public let amount: String
        public let gifts: Int

        enum CodingKeys: String, CodingKey { case unit, amountMinor = "amount_minor", amount, gifts }
    }

    /// A pledge and how it stands today (from the store's pledge standings).
    public struct PledgeLine: Sendable, Encodable {
        public let id: String
        public let unit: String
        public let amountMinor: Int64
        public let amount: String
        public let every: String
        public let start: String
        /// The last day: the pledge's own end or the day it was ended, whichever comes first.
        public let end: String?
        /// `active`, or `ended` once its last day is past; `voided` when a void cancelled it.
        public let status: String
        /// Instalments past their day and not (fully) paid.
        public let overdue: Int
        /// Instalments due so far, and how many of them are paid in full.
        public let due: Int
        public let paid: Int

        enum CodingKeys: String, CodingKey {
            case id, unit, amountMinor = "amount_minor", amount, every, start, end, status, overdue, due, paid
        }

        /// `end` is written as null when open-ended, not left out.
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(id, forKey: .id)
            try c.encode(unit, forKey: .unit)
            try c.encode(amountMinor, forKey: .amountMinor)
            try c.encode(amount, forKey: .amount)
            try c.encode(every, forKey: .every)
            try c.encode(start, forKey: .start)
            try c.encode(end, forKey: .end)
            try c.encode(status, forKey: .status)
            try c.encode(overdue, forKey: .overdue)
            try c.encode(due, forKey: .due)
            try c.encode(paid, forKey: .paid)
        }
    }

    /// An offer and its current status.
    public struct OfferLine: Sendable, Encodable {
        public let id: String
        public let kind: String
        public let description: String
        /// `offered`, `accepted`, `delivered`, `declined`, `withdrawn`, or `voided`.
        public let status: String
        /// The day it reached that status, ISO.
        public let since: String

        enum CodingKeys: String, CodingKey { case id, kind, description, status, since }
    }

    enum CodingKeys: String, CodingKey {
        case id, handle, name, email, address, visibility, erased, erasedOn = "erased_on", paymentReference = "payment_reference",
             paymentReferencePrintable = "payment_reference_printable", given, pledges, offers, entries
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(handle, forKey: .handle)
        try c.encode(name, forKey: .name)
        try c.encode(email, forKey: .email)
        try c.encode(address, forKey: .address)
        try c.encode(visibility, forKey: .visibility)
        try c.encode(erased, forKey: .erased)
        try c.encode(erasedOn, forKey: .erasedOn)
        try c.encode(paymentReference, forKey: .paymentReference)
        try c.encode(paymentReferencePrintable, forKey: .paymentReferencePrintable)
        try c.encode(given, forKey: .given)
        try c.encode(pledges, forKey: .pledges)
        try c.encode(offers, forKey: .offers)
        try c.encode(entries, forKey: .entries)
    }

    /// The card for the terminal.
    public var lines: [String] {
        var out: [String] = []
        if erased {
            out.append("\(id)  personal data erased\(erasedOn.map { " on \($0)" } ?? ""): no handle, name or e-mail; the amounts stay")
        } else {
            out.append("\(id)  \(handle ?? "")  \(visibility)")
            out.append("name: \(name ?? "-")")
            out.append("e-mail: \(email ?? "-")")
            if let address { out.append("address: \(address)") }
        }
        if let paymentReference, let paymentReferencePrintable {
            out.append("payment reference: \(paymentReferencePrintable)  (electronic form \(paymentReference)): the remittance of a bank transfer, matched on import")
        } else {
            out.append("payment reference: none since the erasure (bank credits are no longer matched to them)")
        }
        out.append(given.isEmpty ? "given: nothing yet"
                   : "given: " + given.map { "\($0.amount) \($0.unit) in \($0.gifts) gift\($0.gifts == 1 ? "" : "s")" }.joined(separator: "; "))
        if !pledges.isEmpty {
            out.append("pledges:")
            for p in pledges {
                var line = "  \(p.id)  \(p.amount) \(p.unit) every \(p.every) from \(p.start)"
                if let end = p.end { line += " to \(end)" }
                line += "  \(p.status)"
                if p.status != "voided" { line += "  \(p.paid)/\(p.due) paid, \(p.overdue) overdue" }
                out.append(line)
            }
        }
        if !offers.isEmpty {
            out.append("offers:")
            for o in offers {
                out.append("  \(o.id)  \(o.kind)  \"\(o.description)\"  \(o.status) since \(o.since)")
            }
        }
        out.append("entries:")
        out += entries.map { "  " + $0.line }
        return out
    }
}

extension Treasurer {
    /// A supporter by handle, or by id (`s-12`), which still finds an erased supporter.
    /// Unknown: invalid data (65), with a hint.
    func storedSupporter(_ who: String) throws -> (id: ID<Supporter>, entry: StoredEntry) {
        let byHandle = try store.supporterID(handle: who)
        if let id = byHandle ?? ID<Supporter>(who), let entry = try store.entry(EntryRef(.supporter, id.number)) {
            return (id, entry)
        }
        throw AppError.invalid("no supporter '\(who)': see 'chapeau supporter list' for handles (an erased supporter is shown by id, s-12), or add them with 'chapeau supporter add'")
    }

    /// `supporter show HANDLE`: their card.
    public func supporterCard(_ who: String) throws -> SupporterCard {
        let (id, own) = try storedSupporter(who)
        let entries = try store.entries(of: id)
        let handles = try store.handles()
        let state = LedgerState(entries: entries.map { ($0.ref, $0.body) })
        let erased = state.erased.contains(id)
        guard case .supporter(let first) = own.body else {
            throw AppError.invalid("'\(who)' is not a supporter")
        }
        // As they are now: their updates (`supporter update`, among their entries) applied.
        let person = LedgerStore.fold(entries)[id] ?? first

        var totals: [ChapeauCore.Unit: (minor: Int64, gifts: Int)] = [:]
        var offers: [SupporterCard.OfferLine] = []
        var voidedPledges: [EntryRef] = []
        var erasedOn: Day?
        for e in entries {
            switch e.body {
            case .gift(let g) where !e.voided:
                let sum = totals[g.amount.unit, default: (0, 0)]
                let (minor, overflow) = sum.minor.addingReportingOverflow(g.amount.minor)
                totals[g.amount.unit] = (overflow ? .max : minor, sum.gifts + 1)
            case .pledge(let p) where e.voided && p.supporter == id:
                voidedPledges.append(e.ref)
            case .offer(let o) where o.supporter == id:
                offers.append(.init(e.ref, o, voided: e.voided, state: state))
            case .erasure(let x) where x.supporter == id:
                erasedOn = x.day
            default:
                break
            }
        }
        // The ledger's currency first, then the other units by code.
        let main = workspace.units.defaultUnit
        let given = totals.keys.sorted { ($0 == main ? 0 : 1, $0.code) < ($1 == main ? 0 : 1, $1.code) }.map { unit in
            let t = totals[unit] ?? (0, 0)
            return SupporterCard.Given(unit: unit.code, amountMinor: t.minor, amount: Money(minor: t.minor, unit: unit).decimalString, gifts: t.gifts)
        }

        var pledges: [SupporterCard.PledgeLine] = []
        for standing in try store.pledgeStandings(today: today) where standing.pledge.supporter == id {
            pledges.append(.init(standing, today: today))
        }
        for ref in voidedPledges {
            guard let e = entries.first(where: { $0.ref == ref }), case .pledge(let p) = e.body else { continue }
            pledges.append(.init(voided: ref, p))
        }
        let order = Dictionary(entries.enumerated().map { ($1.ref.description, $0) }, uniquingKeysWith: { a, _ in a })
        pledges.sort { (order[$0.id] ?? 0) < (order[$1.id] ?? 0) }

        // Their entries show the same standings as the card's lines.
        var standings: [String: Standing] = [:]
        for p in pledges { standings[p.id] = .pledge(p) }
        for o in offers { standings[o.id] = .offer(o) }

        let reference = erased ? nil : CreditorReference.forSupporter(number: id.number)
        return SupporterCard(
            id: id.description, handle: erased || person.handle.isEmpty ? nil : person.handle,
            name: erased ? nil : person.name, email: erased ? nil : person.email,
            address: erased ? nil : person.address, visibility: person.visibility.rawValue,
            erased: erased, erasedOn: erasedOn?.description,
            paymentReference: reference, paymentReferencePrintable: reference.map(CreditorReference.printable),
            given: given, pledges: pledges, offers: offers,
            entries: entries.map { EntryView($0, handles: handles, standing: standings[$0.ref.description]) })
    }
}
