public import ChapeauReports
internal import ChapeauStore
import Foundation

// What the use cases return to the command line: each with the terminal line(s) a person reads
// and the JSON a script reads, so that the command line only prints.

/// `verify`: is the hash chain intact, and if not, every problem found.
public struct LedgerCheck: Sendable, Encodable {
    public let intact: Bool
    public let entries: Int
    public let head: String
    public let problems: [String]

    init(_ r: VerifyReport) {
        intact = r.isIntact
        entries = r.chain.entries
        head = r.chain.head
        problems = r.problems.map(\.description)
    }

    public var lines: [String] {
        if intact { return ["Ledger intact: \(entries) entries, chain head \(head)"] }
        return ["Ledger NOT intact: \(problems.count) problem\(problems.count == 1 ? "" : "s") in \(entries) entries"]
            + problems.map { "  \($0)" }
    }
}

/// `pledge overdue`: a pledge with instalments past their day and not (fully) paid.
public struct OverduePledge: Sendable, Encodable {
    public struct Item: Sendable, Encodable {
        public let due: String
        public let scheduled_minor: Int64
        public let paid_minor: Int64
        public let state: String
    }
    public let id: String
    public let supporter: String?
    public let unit: String
    public let amount_minor: Int64
    public let overdue: [Item]
    private let text: String

    init(_ p: PledgeStanding) {
        id = p.id.description
        supporter = p.supporterHandle
        unit = p.pledge.amount.unit.code
        amount_minor = p.pledge.amount.minor
        let late = p.overdue
        overdue = late.map { Item(due: $0.due.description, scheduled_minor: $0.scheduled.minor, paid_minor: $0.paid.minor, state: $0.state.rawValue) }
        let days = late.map { "\($0.due)\($0.state == .partial ? " (partly paid \($0.paid.decimalString))" : "")" }
        text = "\(p.id)  \(p.supporterHandle ?? "-")  \(p.pledge.amount) every \(p.pledge.every.rawValue): \(late.count) overdue — \(days.joined(separator: ", "))"
    }

    enum CodingKeys: String, CodingKey { case id, supporter, unit, amount_minor, overdue }

    public var line: String { text }
}

/// `report list`: one period of the configured cadence with its headline figures.
public struct ReportListing: Sendable, Encodable {
    public let period: String
    public let start: String
    public let end: String
    public let closed: Bool
    public let gifts: Int
    public let supporters: Int
    public let received: [SummaryAmount]
    public let coverage: String?
    private let text: String

    init(_ s: ReportSummary) {
        period = s.periodID
        start = s.start.description
        end = s.end.description
        closed = s.closed
        gifts = s.gifts
        supporters = s.supporters
        received = s.received
        coverage = s.coverage?.decimalString
        let total = s.received.map { $0.money.description }.joined(separator: " + ")
        let covered = s.coverage.map { " — needs covered \($0.percent) %" } ?? ""
        text = "\(s.periodID.padding(toLength: 11, withPad: " ", startingAt: 0)) \(s.closed ? "closed" : "live  ")  "
            + "\(Plural.count(s.gifts, "gift")) from \(Plural.count(s.supporters, "supporter"))\(total.isEmpty ? "" : ": " + total)\(covered)"
    }

    enum CodingKeys: String, CodingKey { case period, start, end, closed, gifts, supporters, received, coverage }

    public var line: String { text }
}

public enum Plural {
    /// "1 gift", "2 gifts".
    public static func count(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
}
