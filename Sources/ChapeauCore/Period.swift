public import Foundation

/// How often reports are made: the five cadences of the transparency report.
public enum Cadence: String, CaseIterable, Sendable, Codable {
    case weekly, semiMonthly = "semi-monthly", monthly, quarterly, yearly
}

/// A reporting period: `2026-W47`, `2026-11-H1`, `2026-11`, `2026-Q4`, `2026`.
/// Both `start` and `end` are inclusive days.
public struct Period: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let cadence: Cadence
    public let start: Day
    public let end: Day

    /// The period of this cadence that contains the day.
    public init(containing d: Day, cadence: Cadence) {
        self.cadence = cadence
        switch cadence {
        case .weekly:
            start = d.adding(days: 1 - d.weekday)
            end = start.adding(days: 6)
        case .semiMonthly:
            let last = Day.daysIn(month: d.month, year: d.year)
            start = Day(ordinal: d.ordinal - d.day + (d.day <= 15 ? 1 : 16))
            end = Day(ordinal: d.ordinal - d.day + (d.day <= 15 ? 15 : last))
        case .monthly:
            start = Day(ordinal: d.ordinal - d.day + 1)
            end = start.adding(days: Day.daysIn(month: d.month, year: d.year) - 1)
        case .quarterly:
            let q = (d.month - 1) / 3
            start = Day(year: d.year, month: q * 3 + 1, day: 1) ?? d
            end = start.adding(months: 3).adding(days: -1)
        case .yearly:
            start = Day(year: d.year, month: 1, day: 1) ?? d
            end = Day(year: d.year, month: 12, day: 31) ?? d
        }
    }

    /// The identifier: `2026-W47`, `2026-11-H1`, `2026-11`, `2026-Q4`, `2026`.
    public var id: String {
        // Four-digit years, as `init?(id:)` and ISO days read them: year 167 is `0167`.
        func four(_ v: Int) -> String { String(repeating: "0", count: max(0, 4 - String(v).count)) + String(v) }
        let y = four(start.year)
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : String(v) }
        switch cadence {
        case .weekly:
            let w = start.isoWeek
            return "\(four(w.year))-W\(two(w.week))"
        case .semiMonthly: return "\(y)-\(two(start.month))-H\(start.day == 1 ? 1 : 2)"
        case .monthly: return "\(y)-\(two(start.month))"
        case .quarterly: return "\(y)-Q\((start.month - 1) / 3 + 1)"
        case .yearly: return y
        }
    }

    public var description: String { id }

    /// Parses any period identifier of any cadence; nil if it is not one.
    public init?(id text: String) {
        let s = text.uppercased()
        let parts = s.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        guard let first = parts.first, first.count == 4, let year = Int(first), first.allSatisfy(\.isASCIIDigit),
              (1...9999).contains(year) else { return nil }
        func num(_ t: Substring, _ range: ClosedRange<Int>) -> Int? {
            guard !t.isEmpty, t.allSatisfy(\.isASCIIDigit), let v = Int(t), range.contains(v) else { return nil }
            return v
        }
        switch parts.count {
        case 1:
            guard let d = Day(year: year, month: 1, day: 1) else { return nil }
            self.init(containing: d, cadence: .yearly)
        case 2 where parts[1].hasPrefix("Q"):
            guard parts[1].count == 2, let q = num(parts[1].dropFirst(), 1...4),
                  let d = Day(year: year, month: (q - 1) * 3 + 1, day: 1) else { return nil }
            self.init(containing: d, cadence: .quarterly)
        case 2 where parts[1].hasPrefix("W"):
            guard parts[1].count == 3, let w = num(parts[1].dropFirst(), 1...53) else { return nil }
            // Week 1 is the week with January 4th.
            guard let jan4 = Day(year: year, month: 1, day: 4) else { return nil }
            let monday = jan4.adding(days: 1 - jan4.weekday).adding(days: (w - 1) * 7)
            guard monday.isoWeek.year == year else { return nil }
            self.init(containing: monday, cadence: .weekly)
        case 2:
            guard parts[1].count == 2, let m = num(Substring(parts[1]), 1...12),
                  let d = Day(year: year, month: m, day: 1) else { return nil }
            self.init(containing: d, cadence: .monthly)
        case 3:
            guard parts[1].count == 2, let m = num(Substring(parts[1]), 1...12),
                  parts[2] == "H1" || parts[2] == "H2",
                  let d = Day(year: year, month: m, day: parts[2] == "H1" ? 1 : 16) else { return nil }
            self.init(containing: d, cadence: .semiMonthly)
        default:
            return nil
        }
    }

    public var next: Period { Period(containing: end.adding(days: 1), cadence: cadence) }
    public var previous: Period { Period(containing: start.adding(days: -1), cadence: cadence) }

    public func contains(_ d: Day) -> Bool { start <= d && d <= end }

    public var dayCount: Int { end.ordinal - start.ordinal + 1 }

    /// The instants this period spans in a time zone: [start, end) — DST changes included.
    public func interval(in tz: TimeZone) -> DateInterval {
        DateInterval(start: start.start(in: tz), end: end.adding(days: 1).start(in: tz))
    }

    /// A period is closed once the day after its end has begun.
    public func isClosed(today: Day) -> Bool { today > end }

    /// Every period of a cadence from the one containing `from` to the one containing `to`.
    public static func all(_ cadence: Cadence, from: Day, to: Day) -> [Period] {
        guard from <= to else { return [] }
        var out: [Period] = []
        var p = Period(containing: from, cadence: cadence)
        while p.start <= to { out.append(p); p = p.next }
        return out
    }

    public static func < (a: Period, b: Period) -> Bool { (a.start, a.end) < (b.start, b.end) }
}

/// How often a pledge falls due or a need recurs.
public enum Recurrence: String, CaseIterable, Sendable, Codable {
    case week, month, quarter, year

    /// The n-th due day after `start` (n = 0 is `start`); months clamp to their length.
    public func occurrence(_ n: Int, from start: Day) -> Day {
        switch self {
        case .week: return start.adding(days: 7 * n)
        case .month: return start.adding(months: n)
        case .quarter: return start.adding(months: 3 * n)
        case .year: return start.adding(months: 12 * n)
        }
    }

    /// The calendar span of this recurrence that contains the day (a month, an ISO week…).
    public func span(containing d: Day) -> Period {
        switch self {
        case .week: return Period(containing: d, cadence: .weekly)
        case .month: return Period(containing: d, cadence: .monthly)
        case .quarter: return Period(containing: d, cadence: .quarterly)
        case .year: return Period(containing: d, cadence: .yearly)
        }
    }
}

/// Exact proration of a recurring amount (a need of 350 € a month) to any span of days.
public enum Proration {
    /// The part of `amount` per `recurrence`, active from `start` to `end` (inclusive; nil: open),
    /// that falls in `period`: for each calendar span of the recurrence, amount × active days
    /// in the period ÷ days of the span. Summed exactly, rounded half up once at the end.
    public static func prorate(amountMinor: Int64, every recurrence: Recurrence,
                               start: Day, end: Day?, over period: Period) -> Int64 {
        let from = max(start, period.start)
        let to = min(end ?? period.end, period.end)
        guard from <= to else { return 0 }
        // Sum of amount*days/spanDays: whole parts at once, remainders as an exact fraction,
        // added as they come (reports prorate every pledge to every period: no array each time).
        var whole: Int64 = 0
        var rn: Int64 = 0, rd: Int64 = 1
        var cursor = from
        while cursor <= to {
            let span = recurrence.span(containing: cursor)
            let segEnd = min(span.end, to)
            let days = Int64(segEnd.ordinal - cursor.ordinal + 1)
            let spanDays = Int64(span.dayCount)
            let product = amountMinor.multipliedReportingOverflow(by: days)
            if product.overflow { return Int64.max }
            whole += product.partialValue / spanDays
            let n = product.partialValue % spanDays, d = spanDays
            if n != 0 {
                let g = gcd(rd, d)
                let l = rd / g * d
                rn = rn * (l / rd) + n * (l / d)
                rd = l
                let g2 = gcd(rn, rd)
                rn /= g2; rd /= g2
                whole += rn / rd
                rn %= rd
            }
            cursor = segEnd.adding(days: 1)
        }
        if rn * 2 >= rd { whole += 1 }
        return whole
    }

    static func gcd(_ a: Int64, _ b: Int64) -> Int64 {
        var (a, b) = (abs(a), abs(b))
        while b != 0 { (a, b) = (b, a % b) }
        return max(a, 1)
    }
}
