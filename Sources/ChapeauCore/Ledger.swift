/// The state of the ledger after applying corrections: what is voided, which pledges have
/// ended, where each offer stands. A pure fold over the journal in order.
public struct LedgerState: Sendable {
    public private(set) var voided: [EntryRef: Correction] = [:]
    public private(set) var pledgeEnds: [ID<Pledge>: Day] = [:]
    public private(set) var offerStatus: [ID<Offer>: (status: OfferStatus, day: Day)] = [:]
    public private(set) var erased: Set<ID<Supporter>> = []

    public init() {}

    /// Builds the state from every non-gift entry (gifts change none of it).
    public init(entries: some Sequence<(EntryRef, EntryBody)>) {
        var list: [(EntryRef, EntryBody)] = []
        for e in entries {
            if case .void(let v) = e.1 { voided[v.target] = v }
            list.append(e)
        }
        for (ref, body) in list where voided[ref] == nil {
            switch body {
            case .pledgeEnd(let e):
                pledgeEnds[e.pledge] = min(pledgeEnds[e.pledge] ?? e.day, e.day)
            case .offer(let o):
                if let id = ID<Offer>(ref) { offerStatus[id] = (.offered, o.day) }
            case .offerStatus(let c):
                offerStatus[c.offer] = (c.status, c.day)
            case .erasure(let x):
                erased.insert(x.supporter)
            default:
                break
            }
        }
    }

    public func isVoided(_ ref: EntryRef) -> Bool { voided[ref] != nil }
}

/// One due instalment of a pledge and how much of it was paid.
public struct Instalment: Equatable, Sendable {
    /// `platform`: past and unpaid, but paid through a platform that has not said the payment
    /// lapsed (its export has not been imported yet): not overdue.
    public enum State: String, Sendable, Codable { case paid, partial, overdue, upcoming, platform }
    public var due: Day
    public var scheduled: Money
    public var paid: Money
    public var state: State
}

public enum PledgeSchedule {
    /// The instalments due up to `today` (inclusive), with gifts that reference the pledge
    /// allocated to them in due order. Unpaid instalments past their day are overdue;
    /// one due today and unpaid is upcoming.
    public static func instalments(_ pledge: Pledge, endedOn: Day?, paid gifts: [Money], today: Day) -> [Instalment] {
        var available = gifts.filter { $0.unit == pledge.amount.unit }.reduce(Int64(0)) { $0 &+ $1.minor }
        return pledge.dueDays(until: today, endedOn: endedOn).map { due in
            let take = min(available, pledge.amount.minor)
            available -= take
            let state: Instalment.State
            if take == pledge.amount.minor { state = .paid }
            else if due < today { state = pledge.channel != nil ? .platform : take > 0 ? .partial : .overdue }
            else { state = .upcoming }
            return Instalment(due: due, scheduled: pledge.amount, paid: Money(minor: take, unit: pledge.amount.unit), state: state)
        }
    }

    /// The due days of the instalments `instalments` marks overdue or partial, from `since` on
    /// (every one when nil), without building the paid ones: payments fill instalments in due
    /// order, so the first `paid / amount` are paid and every later one past its day is not.
    /// `paid` is what the pledge received in its own unit.
    public static func overdueDays(_ pledge: Pledge, endedOn: Day?, paid: Int64, today: Day, since: Day?) -> [Day] {
        let amount = pledge.amount.minor
        guard pledge.channel == nil, amount > 0 else { return [] }
        let last = [today, pledge.end, endedOn].compactMap { $0 }.min() ?? today
        guard pledge.start <= last else { return [] }
        // Instalments are at least a week apart: no more of them than days in the span, which
        // keeps an absurd payment from asking for a day millions of years away.
        let most = last.ordinal - pledge.start.ordinal + 1
        var n = paid <= 0 ? 0 : Int(min(paid / amount, Int64(most)))
        var out: [Day] = []
        while true {
            let due = pledge.every.occurrence(n, from: pledge.start)
            if due > last || due >= today { break }
            if since.map({ due >= $0 }) ?? true { out.append(due) }
            n += 1
        }
        return out
    }
}

/// A supporter as reports may see them: no e-mail, no note, and a name only when the
/// supporter chose to be named (`public`: name, `pseudonym`: handle, `anonymous` or erased: none).
///
/// Fields are laid out widest first (32 bytes, not 40): the snapshot holds one per supporter.
public struct PublicSupporter: Equatable, Sendable {
    public var id: ID<Supporter>
    /// What the wall of thanks may show, or nil.
    public var wallName: String?
    /// The day of their first gift ever (not voided), for new vs returning supporters.
    public var firstGift: Day?
    public var visibility: Visibility

    public init(id: ID<Supporter>, visibility: Visibility, wallName: String?, firstGift: Day?) {
        self.id = id; self.visibility = visibility; self.wallName = wallName; self.firstGift = firstGift
    }

    public static func wallName(for s: Supporter, erased: Bool) -> String? {
        guard !erased else { return nil }
        switch s.visibility {
        case .public: return s.name ?? s.handle
        case .pseudonym: return s.handle
        case .anonymous: return nil
        }
    }
}

/// The supporters of a snapshot, looked up by id: an array kept in id order, searched by
/// halves. A report at a million gifts holds a hundred thousand of them; a dictionary held
/// them in 262,144 buckets of 40 bytes (10.5 MB), this holds them in 32 bytes each (3.2 MB).
public struct SupporterDirectory: Sendable, Equatable {
    /// In increasing id order, one per id.
    public private(set) var all: [PublicSupporter]
    /// The first one's number: supporters are numbered 1, 2, 3…, so when none is missing the
    /// number says where one sits.
    private let firstNumber: Int64

    /// Any order; when an id comes twice, the last one counts (as a dictionary would).
    public init(_ supporters: [PublicSupporter]) {
        var sorted = supporters
        if !zip(sorted, sorted.dropFirst()).allSatisfy({ $0.id < $1.id }) {
            // Stable, so that among equal ids the last one given stays last.
            sorted = sorted.enumerated().sorted { ($0.element.id, $0.offset) < ($1.element.id, $1.offset) }.map(\.element)
            var unique: [PublicSupporter] = []
            unique.reserveCapacity(sorted.count)
            for s in sorted {
                if unique.last?.id == s.id { unique[unique.count - 1] = s } else { unique.append(s) }
            }
            sorted = unique
        }
        all = sorted
        firstNumber = sorted.first?.id.number ?? 0
    }

    public var count: Int { all.count }

    public subscript(id: ID<Supporter>) -> PublicSupporter? {
        position(of: id).map { all[$0] }
    }

    /// The day of a supporter's first gift, when the directory knows it. Read in place: a
    /// report asks it for every gift, and copying the supporter out retained its name.
    public func firstGift(of id: ID<Supporter>) -> Day? {
        guard let at = position(of: id) else { return nil }
        return all[at].firstGift
    }

    /// Where the supporter sits in `all`, or nil: what a caller keeping figures per supporter indexes an array by.
    public func position(of id: ID<Supporter>) -> Int? {
        let offset = id.number &- firstNumber
        if offset >= 0, offset < Int64(all.count), all[Int(offset)].id == id { return Int(offset) }
        var low = 0, high = all.count
        while low < high {
            let mid = (low + high) / 2
            if all[mid].id < id { low = mid + 1 } else { high = mid }
        }
        return low < all.count && all[low].id == id ? low : nil
    }
}

/// A gift as reports may see it: no note.
public struct PublicGift: Equatable, Sendable {
    public var id: ID<Gift>
    public var amount: Money
    public var day: Day
    public var supporter: ID<Supporter>?
    public var channel: String?
    public var campaign: String?
    public var pledge: ID<Pledge>?

    public init(id: ID<Gift>, amount: Money, day: Day, supporter: ID<Supporter>?, channel: String?,
                campaign: String?, pledge: ID<Pledge>?) {
        self.id = id; self.amount = amount; self.day = day; self.supporter = supporter
        self.channel = channel; self.campaign = campaign; self.pledge = pledge
    }

    public init(id: ID<Gift>, gift g: Gift) {
        self.id = id; amount = g.amount; day = g.day; supporter = g.supporter
        channel = g.channel; campaign = g.campaign; pledge = g.pledge
    }
}

/// The chain at a moment: how many entries, and the hash of the last one.
public struct ChainHead: Equatable, Sendable, Codable {
    public var entries: Int
    public var head: String
    public init(entries: Int, head: String) { self.entries = entries; self.head = head }
}

/// A consistent, read-only view of the ledger for a span of days, as the reports need it.
/// Voided entries are left out; private data is not in it.
public struct LedgerSnapshot: Sendable {
    public var from: Day
    public var to: Day
    /// Gifts dated in the span, not voided, in date order.
    public var gifts: [PublicGift]
    /// Every supporter, looked up by id.
    public var supporters: SupporterDirectory
    /// Every pledge not voided, with the day it was ended, if it was.
    public var pledges: [(id: ID<Pledge>, pledge: Pledge, endedOn: Day?)]
    /// Every offer not voided, with its current status (as of the snapshot).
    public var offers: [(id: ID<Offer>, offer: Offer, status: OfferStatus, statusDay: Day)]
    /// Every need not voided.
    public var needs: [(id: ID<Need>, need: Need)]
    /// Expenses dated in the span, not voided.
    public var expenses: [(id: ID<Expense>, expense: Expense)]
    /// The chain when the snapshot was taken.
    public var chain: ChainHead
    /// Campaigns with fixed costs (not voided), each with every gift recorded for it (not
    /// voided) up to the span's end, earlier than its start included.
    public var campaigns: [(campaign: Campaign, gifts: [PublicGift])]

    public init(from: Day, to: Day, gifts: [PublicGift], supporters: SupporterDirectory,
                pledges: [(id: ID<Pledge>, pledge: Pledge, endedOn: Day?)],
                offers: [(id: ID<Offer>, offer: Offer, status: OfferStatus, statusDay: Day)],
                needs: [(id: ID<Need>, need: Need)], expenses: [(id: ID<Expense>, expense: Expense)], chain: ChainHead,
                campaigns: [(campaign: Campaign, gifts: [PublicGift])] = []) {
        self.from = from; self.to = to; self.gifts = gifts; self.supporters = supporters; self.pledges = pledges
        self.offers = offers; self.needs = needs; self.expenses = expenses; self.chain = chain
        self.campaigns = campaigns
    }
}

/// Gifts handed over one at a time, in day order: how reports read a ledger of any size
/// without holding every gift in memory. The store's cursor is one; an array is another.
public protocol GiftSource {
    /// What reading may fail with (`Never` for gifts already in memory).
    associatedtype Failure: Error
    /// The next gift (day order, never earlier than the one before), or nil at the end.
    mutating func next() throws(Failure) -> PublicGift?
}

/// The gifts of an array, put in day order (stable: same-day gifts keep their order).
public struct GiftArraySource: GiftSource {
    public typealias Failure = Never
    private var iterator: IndexingIterator<[PublicGift]>

    public init(_ gifts: [PublicGift]) {
        let ordered = zip(gifts.indices, gifts).sorted { ($0.1.day, $0.0) < ($1.1.day, $1.0) }.map(\.1)
        iterator = ordered.makeIterator()
    }

    public mutating func next() -> PublicGift? { iterator.next() }
}

/// The gifts of a span in one unit: total, number, distinct supporters.
public struct GiftTotal: Equatable, Sendable {
    public var unit: Unit
    public var minor: Int64
    public var gifts: Int
    public var supporters: Int

    public init(unit: Unit, minor: Int64, gifts: Int, supporters: Int) {
        self.unit = unit; self.minor = minor; self.gifts = gifts; self.supporters = supporters
    }
}
