public import ChapeauCore
import struct Foundation.Date
import struct Foundation.TimeZone

/// How numbers, amounts, percentages and dates are written for readers, per language.
///
/// Written by hand (no `NumberFormatter`, no `DateFormatter`) so that the same report gives
/// the same bytes on every machine. Display style lives here, apart from `Money`'s value.
///
/// - French: `1 234,56 €` — U+202F (narrow no-break space) between groups of thousands,
///   a decimal comma, U+00A0 (no-break space) before the symbol or code; `76 %` with U+202F;
///   `16 novembre 2026`, `1er novembre 2026`.
/// - English: `€1,234.56`, `CHF 1,234.56` (U+00A0), `76%`, `16 November 2026`.
/// - Custom units (complementary currencies, hours): the number then the code, trailing zeros
///   of the fraction dropped: `3 PTJ`, `12,5 h` (fr), `12.5 h` (en).
/// - Negative amounts start with a hyphen-minus: `-12,00 €`, `-€12.00`.
public struct DisplayStyle: Sendable, Equatable {
    public let language: ReportLanguage

    public init(_ language: ReportLanguage) { self.language = language }

    static let narrowNoBreakSpace = "\u{202F}"
    static let noBreakSpace = "\u{00A0}"

    var groupSeparator: String { language == .fr ? DisplayStyle.narrowNoBreakSpace : "," }
    var decimalSeparator: String { language == .fr ? "," : "." }

    // MARK: numbers

    /// An integer with thousands grouped: `1 234` (fr), `1,234` (en).
    public func integer(_ n: Int) -> String { grouped(Int64(n)) }

    func grouped(_ n: Int64) -> String {
        n < 0 ? "-" + groupDigits(String(n.magnitude)) : groupDigits(String(n.magnitude))
    }

    func groupDigits(_ digits: String) -> String {
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out += groupSeparator }
            out.append(c)
        }
        return out
    }

    /// The bare number of an amount, with the unit's decimals (`1 234,56`), optionally
    /// without trailing zeros in its fraction (`12,5`, `3`).
    public func number(_ minor: Int64, decimals: Int, trimZeros: Bool = false) -> String {
        let plain = Money.decimalString(minor, decimals: decimals)  // "-1234.50"
        let negative = plain.hasPrefix("-")
        let body = negative ? String(plain.dropFirst()) : plain
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        let whole = parts.first.map(String.init) ?? "0"
        var fraction = parts.count > 1 ? String(parts[1]) : ""
        if trimZeros { while fraction.hasSuffix("0") { fraction.removeLast() } }
        let text = groupDigits(whole) + (fraction.isEmpty ? "" : decimalSeparator + fraction)
        return negative ? "-" + text : text
    }

    // MARK: money

    /// An amount for readers: `1 234,56 €`, `€1,234.56`, `3 PTJ`, `12,5 h`.
    public func money(_ m: Money) -> String { amount(m.minor, unit: m.unit) }

    /// An amount; with `whole` a currency amount that is a whole number drops its decimals
    /// (`5 €`, `€5`), for the bounds of histogram bands.
    public func amount(_ minor: Int64, unit: Unit, whole: Bool = false) -> String {
        let nbsp = DisplayStyle.noBreakSpace
        guard unit.isCurrency else {
            return number(minor, decimals: unit.decimals, trimZeros: true) + nbsp + unit.code
        }
        let trim = whole && minor % unit.scale == 0
        var n = number(minor, decimals: unit.decimals, trimZeros: trim)
        let sign = n.hasPrefix("-") ? "-" : ""
        if !sign.isEmpty { n.removeFirst() }
        let symbol = unit.symbols.first
        switch language {
        case .fr:
            return sign + n + nbsp + (symbol ?? unit.code)
        case .en:
            if let symbol { return sign + symbol + n }
            return sign + unit.code + nbsp + n
        }
    }

    // MARK: ratios

    /// A ratio as a whole percentage, rounded half up: `76 %` (fr), `76%` (en).
    public func percent(_ r: Ratio) -> String {
        let n = grouped(r.percent)
        return language == .fr ? n + DisplayStyle.narrowNoBreakSpace + "%" : n + "%"
    }

    // MARK: dates

    static let monthsFR = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet",
                           "août", "septembre", "octobre", "novembre", "décembre"]
    static let monthsEN = ["January", "February", "March", "April", "May", "June", "July",
                           "August", "September", "October", "November", "December"]

    func monthName(_ m: Int) -> String {
        let names = language == .fr ? DisplayStyle.monthsFR : DisplayStyle.monthsEN
        return names[max(0, min(11, m - 1))]
    }

    func dayNumber(_ d: Int) -> String { language == .fr && d == 1 ? "1er" : String(d) }

    /// `16 novembre 2026`, `1er novembre 2026`, `16 November 2026`.
    public func date(_ d: Day) -> String { "\(dayNumber(d.day)) \(monthName(d.month)) \(d.year)" }

    /// A span of days: `1er–15 novembre 2026`, `30 novembre – 6 décembre 2026`,
    /// `29 December 2025 – 4 January 2026`.
    public func span(_ a: Day, _ b: Day) -> String {
        if a == b { return date(a) }
        if a.year == b.year && a.month == b.month {
            return "\(dayNumber(a.day))–\(dayNumber(b.day)) \(monthName(b.month)) \(b.year)"
        }
        if a.year == b.year {
            return "\(dayNumber(a.day)) \(monthName(a.month)) – \(dayNumber(b.day)) \(monthName(b.month)) \(b.year)"
        }
        return "\(date(a)) – \(date(b))"
    }

    /// A period for readers: `novembre 2026`, `1er–15 novembre 2026`, `4e trimestre 2026`,
    /// `Q4 2026`, `2026`, `semaine 47 : 16–22 novembre 2026`.
    public func period(_ p: Period) -> String {
        switch p.cadence {
        case .monthly:
            return "\(monthName(p.start.month)) \(p.start.year)"
        case .yearly:
            return String(p.start.year)
        case .quarterly:
            let q = (p.start.month - 1) / 3 + 1
            return language == .fr ? "\(q == 1 ? "1er" : "\(q)e") trimestre \(p.start.year)" : "Q\(q) \(p.start.year)"
        case .semiMonthly:
            return span(p.start, p.end)
        case .weekly:
            let w = p.start.isoWeek.week
            return language == .fr ? "semaine \(w)\u{00A0}: \(span(p.start, p.end))" : "week \(w): \(span(p.start, p.end))"
        }
    }

    /// A period as it reads inside a sentence ("Pour …, 12 € reçus"; "For …: €12 received"):
    /// `novembre 2026`, `la quinzaine du 1er au 15 novembre 2026`, `la semaine du 16 novembre 2026`,
    /// `le 4e trimestre 2026`; `1–15 November 2026`, `the week of 16 November 2026`, `Q4 2026`.
    /// The same months and days as `period(_:)`, with the article French needs.
    public func periodInSentence(_ p: Period) -> String {
        switch (p.cadence, language) {
        case (.monthly, _), (.yearly, _), (.quarterly, .en):
            return period(p)
        case (.quarterly, .fr):
            return "le " + period(p)
        case (.semiMonthly, .fr):
            return "la quinzaine du \(dayNumber(p.start.day)) au \(dayNumber(p.end.day)) \(monthName(p.end.month)) \(p.end.year)"
        case (.semiMonthly, .en):
            return span(p.start, p.end)
        case (.weekly, .fr):
            return "la semaine du " + date(p.start)
        case (.weekly, .en):
            return "the week of " + date(p.start)
        }
    }

    /// A generation time for readers: `1er décembre 2026, 07:00 (Europe/Paris)`.
    func timestamp(_ t: LocalTime) -> String {
        let hm = "\(LocalTime.two(t.hour)):\(LocalTime.two(t.minute))"
        return language == .fr
            ? "\(date(t.day)) à \(hm) (\(t.zone))"
            : "\(date(t.day)) at \(hm) (\(t.zone))"
    }
}

/// An instant seen in a time zone, computed by hand from the zone's offset at that instant.
struct LocalTime: Sendable, Equatable {
    var day: Day
    var hour: Int
    var minute: Int
    var second: Int
    /// Seconds east of UTC.
    var offset: Int
    /// The zone identifier shown to readers.
    var zone: String

    init(_ instant: Date, zoneIdentifier: String) {
        let tz = TimeZone(identifier: zoneIdentifier) ?? TimeZone.gmt
        zone = TimeZone(identifier: zoneIdentifier) == nil ? "UTC" : zoneIdentifier
        offset = tz.secondsFromGMT(for: instant)
        let seconds = Int(instant.timeIntervalSince1970.rounded(.down)) + offset
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let rest = seconds - days * 86_400
        day = Day(ordinal: days)
        hour = rest / 3600
        minute = rest % 3600 / 60
        second = rest % 60
    }

    static func two(_ v: Int) -> String { v < 10 ? "0\(v)" : String(v) }

    /// RFC 3339 / ISO 8601 with the zone's offset: `2026-12-01T07:00:00+01:00` (`Z` at UTC).
    var iso: String {
        let time = "\(day)T\(LocalTime.two(hour)):\(LocalTime.two(minute)):\(LocalTime.two(second))"
        guard offset != 0 else { return time + "Z" }
        let sign = offset < 0 ? "-" : "+"
        let m = abs(offset) / 60
        return time + sign + LocalTime.two(m / 60) + ":" + LocalTime.two(m % 60)
    }
}
