/// The kinds of entry in the journal. Each has an id prefix: `g-42` is the 42nd gift.
public enum EntryType: String, CaseIterable, Sendable, Codable {
    case supporter, gift, pledge, pledgeEnd = "pledge-end", offer, offerStatus = "offer-status",
         need, expense, void, erasure, campaign, receipt, supporterUpdate = "supporter-update"

    public var prefix: String {
        switch self {
        case .supporter: return "s"
        case .gift: return "g"
        case .pledge: return "p"
        case .pledgeEnd: return "pe"
        case .offer: return "o"
        case .offerStatus: return "os"
        case .need: return "n"
        case .expense: return "e"
        case .void: return "v"
        case .erasure: return "x"
        case .campaign: return "c"
        case .receipt: return "r"
        case .supporterUpdate: return "su"
        }
    }

    public init?(prefix: String) {
        guard let t = EntryType.allCases.first(where: { $0.prefix == prefix }) else { return nil }
        self = t
    }

    /// Entries a `void` may cancel.
    public var isVoidable: Bool {
        switch self {
        case .gift, .pledge, .offer, .need, .expense, .pledgeEnd, .offerStatus, .campaign: return true
        // Voiding a receipt cancels it (`receipt cancel`): its number stays used.
        case .receipt: return true
        // An update is corrected by another update.
        case .supporter, .void, .erasure, .supporterUpdate: return false
        }
    }
}

/// Any entry's identifier: its type and its number within that type (`g-42`).
public struct EntryRef: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    public let type: EntryType
    public let number: Int64

    public init(_ type: EntryType, _ number: Int64) { self.type = type; self.number = number }

    public init?(_ text: String) {
        guard let dash = text.lastIndex(of: "-"),
              let type = EntryType(prefix: text[..<dash].lowercased()),
              let n = Int64(text[text.index(after: dash)...]), n > 0,
              text[text.index(after: dash)...].allSatisfy(\.isASCIIDigit) else { return nil }
        self.init(type, n)
    }

    public var description: String { "\(type.prefix)-\(number)" }

    public static func < (a: EntryRef, b: EntryRef) -> Bool {
        (a.type.rawValue, a.number) < (b.type.rawValue, b.number)
    }

    public init(from decoder: any Decoder) throws {
        let s = try decoder.singleValueContainer().decode(String.self)
        guard let r = EntryRef(s) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not an id: \(s)"))
        }
        self = r
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

/// Phantom-typed identifier: an `ID<Pledge>` cannot be passed where an `ID<Supporter>` goes.
public struct ID<Value: Entry>: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let number: Int64
    public init(_ number: Int64) { self.number = number }
    public init?(_ text: String) {
        guard let r = EntryRef(text), r.type == Value.entryType else { return nil }
        self.number = r.number
    }
    public init?(_ ref: EntryRef) {
        guard ref.type == Value.entryType else { return nil }
        self.number = ref.number
    }
    public var ref: EntryRef { EntryRef(Value.entryType, number) }
    public var description: String { ref.description }
    public static func < (a: ID, b: ID) -> Bool { a.number < b.number }
}

/// A value that is recorded as one journal entry of a given type.
public protocol Entry: Sendable {
    static var entryType: EntryType { get }
}

public enum Visibility: String, CaseIterable, Sendable, Codable {
    /// The name may appear on the wall of thanks.
    case `public`
    /// The handle may appear on the wall of thanks.
    case pseudonym
    /// Never named.
    case anonymous
}

public enum OfferKind: String, CaseIterable, Sendable, Codable {
    case time, skill, object, lodging, service, other
}

/// `offered → accepted → delivered`, or ending `declined` / `withdrawn`.
public enum OfferStatus: String, CaseIterable, Sendable, Codable {
    case offered, accepted, delivered, declined, withdrawn

    public var isFinal: Bool { self == .delivered || self == .declined || self == .withdrawn }

    /// Whether an offer in this status may move to `next`.
    public func canMove(to next: OfferStatus) -> Bool {
        switch (self, next) {
        case (.offered, .accepted), (.offered, .declined), (.offered, .withdrawn),
             (.accepted, .delivered), (.accepted, .withdrawn), (.accepted, .declined):
            return true
        default:
            return false
        }
    }
}

/// A person or organisation who supports the author. Handle, name and e-mail are personal
/// data kept apart from the chain (see `PrivateFields`), so that erasure keeps it verifiable.
public struct Supporter: Entry, Equatable {
    public static let entryType = EntryType.supporter
    public var handle: String
    public var name: String?
    public var email: String?
    public var visibility: Visibility
    /// Postal address (private, like the e-mail): what a receipt names the donor with.
    public var address: String?
    public init(handle: String, name: String? = nil, email: String? = nil, visibility: Visibility = .pseudonym, address: String? = nil) {
        self.handle = handle; self.name = name; self.email = email; self.visibility = visibility; self.address = address
    }
}

/// A change to a supporter's personal data (name, e-mail, postal address), recorded as a new
/// entry: the supporter's own entry is never rewritten. A field left nil is unchanged; an empty
/// text clears it. The handle is who they are and does not change; neither does the visibility
/// (it decides what was published). Like the supporter's, these fields stay out of the chain
/// (only their salted digest is chained) and go when the supporter is erased.
public struct SupporterUpdate: Entry, Equatable {
    public static let entryType = EntryType.supporterUpdate
    public var supporter: ID<Supporter>
    public var name: String?
    public var email: String?
    public var address: String?
    public var day: Day
    public init(supporter: ID<Supporter>, name: String? = nil, email: String? = nil, address: String? = nil, day: Day) {
        self.supporter = supporter; self.name = name; self.email = email; self.address = address; self.day = day
    }

    /// Whether it changes anything at all.
    public var isEmpty: Bool { name == nil && email == nil && address == nil }
}

extension Supporter {
    /// The supporter as they are after `update` (nil: unchanged, empty: cleared).
    public func updated(with update: SupporterUpdate) -> Supporter {
        var s = self
        func apply(_ v: String?, _ field: inout String?) { if let v { field = v.isEmpty ? nil : v } }
        apply(update.name, &s.name)
        apply(update.email, &s.email)
        apply(update.address, &s.address)
        return s
    }
}

public struct Gift: Entry, Equatable {
    public static let entryType = EntryType.gift
    public var amount: Money
    public var day: Day
    public var supporter: ID<Supporter>?
    public var channel: String?
    public var campaign: String?
    public var pledge: ID<Pledge>?
    public var reference: String?
    /// Private: never published.
    public var note: String?
    public init(amount: Money, day: Day, supporter: ID<Supporter>? = nil, channel: String? = nil,
                campaign: String? = nil, pledge: ID<Pledge>? = nil, reference: String? = nil, note: String? = nil) {
        self.amount = amount; self.day = day; self.supporter = supporter; self.channel = channel
        self.campaign = campaign; self.pledge = pledge; self.reference = reference; self.note = note
    }
}

public struct Pledge: Entry, Equatable {
    public static let entryType = EntryType.pledge
    public var amount: Money
    public var every: Recurrence
    public var supporter: ID<Supporter>?
    public var start: Day
    public var end: Day?
    /// The platform the pledge is paid through (`patreon`, `liberapay`…), when an import made
    /// it: the platform collects each instalment, so one is never overdue until the platform
    /// says the payment lapsed (the pledge then ends).
    public var channel: String?
    public init(amount: Money, every: Recurrence, supporter: ID<Supporter>? = nil, start: Day, end: Day? = nil, channel: String? = nil) {
        self.amount = amount; self.every = every; self.supporter = supporter; self.start = start; self.end = end
        self.channel = channel
    }

    /// Due days from `start` up to `until` (inclusive), and never after the end.
    public func dueDays(until: Day, endedOn: Day? = nil) -> [Day] {
        let last = [until, end, endedOn].compactMap { $0 }.min() ?? until
        var out: [Day] = []
        var n = 0
        while true {
            let d = every.occurrence(n, from: start)
            if d > last { break }
            out.append(d)
            n += 1
        }
        return out
    }
}

/// Ends a pledge on a day: no instalment falls due after it.
public struct PledgeEnd: Entry, Equatable {
    public static let entryType = EntryType.pledgeEnd
    public var pledge: ID<Pledge>
    public var day: Day
    public init(pledge: ID<Pledge>, day: Day) { self.pledge = pledge; self.day = day }
}

public struct Offer: Entry, Equatable {
    public static let entryType = EntryType.offer
    public var kind: OfferKind
    public var description: String
    public var supporter: ID<Supporter>?
    public var quantity: Money?
    public var value: Money?
    public var day: Day
    /// The declared need this offer answers, if any. Never converted into money.
    public var need: ID<Need>?
    public init(kind: OfferKind, description: String, supporter: ID<Supporter>? = nil,
                quantity: Money? = nil, value: Money? = nil, day: Day, need: ID<Need>? = nil) {
        self.kind = kind; self.description = description; self.supporter = supporter
        self.quantity = quantity; self.value = value; self.day = day; self.need = need
    }
}

public struct OfferStatusChange: Entry, Equatable {
    public static let entryType = EntryType.offerStatus
    public var offer: ID<Offer>
    public var status: OfferStatus
    public var day: Day
    public init(offer: ID<Offer>, status: OfferStatus, day: Day) { self.offer = offer; self.status = status; self.day = day }
}

public struct Need: Entry, Equatable {
    public static let entryType = EntryType.need
    public var label: String
    public var amount: Money
    public var every: Recurrence
    public var start: Day
    public var end: Day?
    public init(label: String, amount: Money, every: Recurrence, start: Day, end: Day? = nil) {
        self.label = label; self.amount = amount; self.every = every; self.start = start; self.end = end
    }
}

public struct Expense: Entry, Equatable {
    public static let entryType = EntryType.expense
    public var label: String
    public var amount: Money
    public var day: Day
    public var category: String?
    public init(label: String, amount: Money, day: Day, category: String? = nil) {
        self.label = label; self.amount = amount; self.day = day; self.category = category
    }
}

/// A void: cancels an earlier entry. Nothing is ever updated or deleted.
public struct Correction: Entry, Equatable {
    public static let entryType = EntryType.void
    public var target: EntryRef
    public var reason: String
    public var day: Day
    public init(target: EntryRef, reason: String, day: Day) { self.target = target; self.reason = reason; self.day = day }
}

/// Records that a supporter's personal data was erased on request.
public struct Erasure: Entry, Equatable {
    public static let entryType = EntryType.erasure
    public var supporter: ID<Supporter>
    public var day: Day
    public init(supporter: ID<Supporter>, day: Day) { self.supporter = supporter; self.day = day }
}

/// A campaign: groups the gifts recorded with `--campaign SLUG` (and offers), optionally with
/// fixed costs to share among its participants ("share the fixed costs, free participation
/// for the rest").
public struct Campaign: Entry, Equatable {
    public static let entryType = EntryType.campaign
    /// 1 to 64 of `a-z`, `0-9` and `-`: what gifts name in `--campaign`.
    public var slug: String
    public var name: String
    public var start: Day
    public var end: Day?
    /// The costs to share, in one unit; nil for a campaign that only groups gifts.
    public var fixedCosts: Money?
    /// The number of participants declared; nil: counted from the distinct supporters who gave.
    public var participants: Int64?
    public init(slug: String, name: String, start: Day, end: Day? = nil, fixedCosts: Money? = nil, participants: Int64? = nil) {
        self.slug = slug; self.name = name; self.start = start; self.end = end
        self.fixedCosts = fixedCosts; self.participants = participants
    }

    /// A declared number of participants: at least one (a share among nobody means nothing;
    /// leave it undeclared to count who gave), at most what the ledger's column accepts.
    public static let participantRange: ClosedRange<Int64> = 1...1_000_000_000

    /// Whether `text` is a valid slug: 1 to 64 of `a-z`, `0-9` and `-`.
    public static func isValidSlug(_ text: String) -> Bool {
        let bytes = text.utf8
        return !bytes.isEmpty && bytes.count <= 64
            && bytes.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2D }
    }
}

/// A tax receipt (*reçu fiscal*, Cerfa n° 11580 model) issued by an association to a supporter
/// for the gifts of a year in the ledger's currency. Issuing is an entry of the journal, so a
/// number can neither be reused nor removed unnoticed; a reissue (`DUPLICATA`) is another entry
/// with the same number that names the original; cancelling is a void of the original.
public struct Receipt: Entry, Equatable {
    public static let entryType = EntryType.receipt
    /// `YEAR-NNNN`, gap-free within the year of the gifts.
    public var number: String
    public var supporter: ID<Supporter>
    /// The total the receipt states (gifts of the year in the ledger's currency, not voided).
    public var amount: Money
    /// The day of issue.
    public var day: Day
    /// For a duplicate: the receipt it reproduces (same number).
    public var original: ID<Receipt>?

    public init(number: String, supporter: ID<Supporter>, amount: Money, day: Day, original: ID<Receipt>? = nil) {
        self.number = number; self.supporter = supporter; self.amount = amount; self.day = day; self.original = original
    }

    /// `2026-0007` for year 2026 and sequence 7.
    public static func number(year: Int, sequence: Int) -> String {
        let n = String(sequence)
        return "\(year)-" + String(repeating: "0", count: max(0, 4 - n.count)) + n
    }

    /// The year and sequence of a number written `YEAR-NNNN`, or nil.
    public static func parse(number text: String) -> (year: Int, sequence: Int)? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count >= 4,
              parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }),
              let y = Int(parts[0]), let n = Int(parts[1]), n > 0 else { return nil }
        return (y, n)
    }

    /// The year of the gifts this receipt covers.
    public var year: Int { Receipt.parse(number: number)?.year ?? day.year }
}
