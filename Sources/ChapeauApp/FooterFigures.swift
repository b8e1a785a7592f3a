public import ChapeauCore
public import ChapeauStore
public import Foundation

/// The current period's progress as the footer shows it: what came in, against which needs.
///
/// Kept small and apart on purpose: the reports module will provide these figures later, and
/// this file is what it replaces. Only the ledger's default unit is counted (complementary
/// currencies are never converted into it).
public struct FooterFigures: Sendable, Equatable {
    /// The period of the configured cadence that holds `now`.
    public let period: Period
    /// Gifts dated in the period, in the default unit, not voided.
    public let received: Money
    /// Needs in the default unit prorated to the period; nil when none is declared for it.
    public let needs: Money?

    public init(period: Period, received: Money, needs: Money?) {
        self.period = period
        self.received = received
        self.needs = needs
    }

    /// The figures of the period holding `now` (in the workspace's time zone and cadence).
    public static func current(store: LedgerStore, workspace: Workspace, now: Date) throws -> FooterFigures {
        let unit = workspace.units.defaultUnit
        let period = Period(containing: Day(now, in: workspace.timeZone), cadence: workspace.config.reports.cadence)
        return try store.withSnapshot(from: period.start, to: period.end) { context, gifts in
            var received = Money(minor: 0, unit: unit)
            while let gift = try gifts.next() {
                if gift.amount.unit == unit { received = try received.adding(gift.amount) }
            }
            var needs: Money?
            for (_, need) in context.needs where need.amount.unit == unit {
                let share = Proration.prorate(amountMinor: need.amount.minor, every: need.every,
                                              start: need.start, end: need.end, over: period)
                needs = try (needs ?? Money(minor: 0, unit: unit)).adding(Money(minor: share, unit: unit))
            }
            return FooterFigures(period: period, received: received, needs: needs)
        }
    }

    /// The period's name, the amounts and the coverage as a reader of `language` writes them.
    func texts(language: FooterLanguage) -> (period: String, received: String, needs: String, coverage: String) {
        let coverage = needs.flatMap { Self.percent(received.minor, of: $0.minor) }
        return (Self.label(period, language), Self.format(received, language),
                needs.map { Self.format($0, language) } ?? "",
                coverage.map { language == .fr ? "\($0)\u{202F}%" : "\($0)%" } ?? "")
    }

    /// received ÷ needs in whole per cent, rounded half up; nil when the needs are zero.
    static func percent(_ part: Int64, of whole: Int64) -> Int64? {
        guard whole > 0, part >= 0 else { return nil }
        let (scaled, overflow) = part.multipliedReportingOverflow(by: 100)
        guard !overflow else { return part / whole * 100 }
        return (scaled + whole / 2) / whole
    }

    /// `1 234,56 €` (U+202F between thousands, U+00A0 before the symbol) or `€1,234.56`.
    static func format(_ money: Money, _ language: FooterLanguage) -> String {
        let digits = String(money.minor.magnitude)
        let decimals = money.unit.decimals
        let padded = digits.count <= decimals ? String(repeating: "0", count: decimals - digits.count + 1) + digits : digits
        let whole = padded.dropLast(decimals)
        let fraction = padded.suffix(decimals)
        var grouped = ""
        for (offset, digit) in whole.enumerated() {
            if offset > 0, (whole.count - offset) % 3 == 0 { grouped += language == .fr ? "\u{202F}" : "," }
            grouped.append(digit)
        }
        let number = (money.minor < 0 ? "-" : "") + grouped + (decimals > 0 ? (language == .fr ? "," : ".") + fraction : "")
        let symbol = money.unit.symbols.first
        switch language {
        case .fr: return number + "\u{00A0}" + (symbol ?? money.unit.code)
        case .en: return symbol.map { $0 + number } ?? money.unit.code + "\u{00A0}" + number
        }
    }

    /// "novembre 2026", "la quinzaine du 1er au 15 novembre 2026", "the week of 16 November 2026"…
    static func label(_ period: Period, _ language: FooterLanguage) -> String {
        let months = language == .fr ? frenchMonths : englishMonths
        let month = months[period.start.month - 1]
        let year = period.start.year
        func day(_ d: Int) -> String { language == .fr && d == 1 ? "1er" : String(d) }
        switch (period.cadence, language) {
        case (.monthly, _): return "\(month) \(year)"
        case (.yearly, _): return String(year)
        case (.semiMonthly, .fr): return "la quinzaine du \(day(period.start.day)) au \(period.end.day) \(month) \(year)"
        case (.semiMonthly, .en): return "\(period.start.day)–\(period.end.day) \(month) \(year)"
        case (.weekly, .fr): return "la semaine du \(day(period.start.day)) \(month) \(year)"
        case (.weekly, .en): return "the week of \(period.start.day) \(month) \(year)"
        case (.quarterly, .fr):
            let quarter = (period.start.month - 1) / 3 + 1
            return "le \(quarter == 1 ? "1er" : "\(quarter)e") trimestre \(year)"
        case (.quarterly, .en): return "Q\((period.start.month - 1) / 3 + 1) \(year)"
        }
    }

    private static let frenchMonths = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
                                       "septembre", "octobre", "novembre", "décembre"]
    private static let englishMonths = ["January", "February", "March", "April", "May", "June", "July", "August",
                                        "September", "October", "November", "December"]
}

/// The languages of the built-in footers.
public enum FooterLanguage: String, Sendable, CaseIterable {
    case fr, en

    /// `fr`, `fr-FR`, `en_GB`… as one of the two; nil for another language.
    init?(tag: String?) {
        guard let tag else { return nil }
        let primary = tag.lowercased().prefix { $0.isLetter }
        guard let language = FooterLanguage(rawValue: String(primary)) else { return nil }
        self = language
    }
}
