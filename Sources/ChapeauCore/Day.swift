public import Foundation

/// A calendar day in the proleptic Gregorian calendar, free of any time zone.
/// Stored and exchanged as ISO `YYYY-MM-DD`.
///
/// Held in four bytes, `year × 512 + month × 32 + day`: a report keeps a day for every gift
/// and supporter it holds, and three `Int`s made each of those 24 bytes. The packing keeps
/// the calendar order, so equality, hashing and comparison read one integer.
public struct Day: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    @usableFromInline let packed: Int32

    @inlinable public var year: Int { Int(packed >> 9) }
    @inlinable public var month: Int { Int((packed >> 5) & 15) }
    @inlinable public var day: Int { Int(packed & 31) }

    /// Validating initialiser: nil for an impossible date (2026-02-30).
    @inlinable
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              (1...Day.daysIn(month: month, year: year)).contains(day) else { return nil }
        packed = Int32(year * 512 + month * 32 + day)
    }

    /// For days computed from a valid one (a month 1–12, a day 1–31). The year may leave
    /// 1…9999 through arithmetic; far past any calendar use (± 4 million years) it wraps
    /// rather than traps.
    private init(unchecked y: Int, _ m: Int, _ d: Int) {
        packed = Int32(truncatingIfNeeded: y &* 512 &+ m &* 32 &+ d)
    }

    @inlinable public static func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    @inlinable public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 (negative before). Howard Hinnant's days_from_civil.
    public var ordinal: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    public init(ordinal z0: Int) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.init(unchecked: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    public func adding(days n: Int) -> Day { Day(ordinal: ordinal + n) }

    /// Adds months, clamping the day to the month's length (Jan 31 + 1 month = Feb 28).
    public func adding(months n: Int) -> Day {
        let total = year * 12 + (month - 1) + n
        let y = total / 12, m = total % 12 + 1
        return Day(unchecked: y, m, min(day, Day.daysIn(month: m, year: y)))
    }

    /// ISO weekday: Monday 1 … Sunday 7.
    public var weekday: Int { ((ordinal % 7) + 7 + 3) % 7 + 1 }

    /// ISO 8601 week-numbering year and week.
    public var isoWeek: (year: Int, week: Int) {
        let thursday = adding(days: 4 - weekday)
        let jan1 = Day(unchecked: thursday.year, 1, 1)
        return (thursday.year, (thursday.ordinal - jan1.ordinal) / 7 + 1)
    }

    public var description: String {
        func pad(_ v: Int, _ n: Int) -> String { let s = String(v); return String(repeating: "0", count: max(0, n - s.count)) + s }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    /// Parses `YYYY-MM-DD` strictly. Reads the UTF-8 bytes directly: the ledger parses a
    /// day per row, so this is on the reports' hot path (inlinable: specialised for `String`
    /// where it is called, not walked through the generic protocol from another module).
    @inlinable
    public init?(iso text: some StringProtocol) {
        var y = 0, m = 0, d = 0, count = 0
        for b in text.utf8 {
            count += 1
            switch count {
            case 5, 8:
                guard b == UInt8(ascii: "-") else { return nil }
            case 1...10:
                guard b >= 48, b <= 57 else { return nil }
                let v = Int(b - 48)
                if count <= 4 { y = y * 10 + v } else if count <= 7 { m = m * 10 + v } else { d = d * 10 + v }
            default:
                return nil
            }
        }
        guard count == 10 else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// The former generic parser, kept for the tests that compare both.
    static func parseSlow(_ text: some StringProtocol) -> Day? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }),
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
        return Day(year: y, month: m, day: d)
    }

    @inlinable public static func < (a: Day, b: Day) -> Bool { a.packed < b.packed }

    public init(from decoder: any Decoder) throws {
        let s = try decoder.singleValueContainer().decode(String.self)
        guard let d = Day(iso: s) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a date: \(s)"))
        }
        self = d
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }

    // MARK: time zones (Foundation value types only)

    private static func gregorian(_ tz: TimeZone) -> Calendar {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = tz
        return cal
    }

    /// The day an instant falls on in a time zone.
    public init(_ instant: Date, in tz: TimeZone) {
        let c = Day.gregorian(tz).dateComponents([.year, .month, .day], from: instant)
        self.init(unchecked: c.year ?? 1970, c.month ?? 1, c.day ?? 1)
    }

    /// The instant this day starts (local midnight, or the first instant after a DST gap).
    public func start(in tz: TimeZone) -> Date {
        let cal = Day.gregorian(tz)
        let comps = DateComponents(year: year, month: month, day: day)
        return cal.date(from: comps).map { cal.startOfDay(for: $0) } ?? Date(timeIntervalSince1970: Double(ordinal) * 86400)
    }
}

/// Parses a date the way the command line accepts it: ISO `YYYY-MM-DD`, or `today`/`yesterday`.
public enum DayParser {
    public static func parse(_ text: String, today: Day) -> Day? {
        switch text.lowercased() {
        case "today", "aujourd'hui": return today
        case "yesterday", "hier": return today.adding(days: -1)
        default: return Day(iso: text)
        }
    }
}
