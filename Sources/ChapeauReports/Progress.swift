public import ChapeauCore

/// A period's progress in words, as an article's footer quotes the report: what came in,
/// the needs, the coverage. Read from the report itself, so a footer can never say another
/// figure, another rounding or another wording than the report it links to.
///
/// Only the ledger's own unit is quoted, as in the report's headline (complementary
/// currencies are never converted into it).
public struct ProgressText: Sendable, Equatable {
    /// The period as it reads in a sentence: `novembre 2026`, `le 4e trimestre 2026`.
    public let period: String
    /// Received during the period: `1 234,56 €` (`0,00 €` when nothing came in).
    public let received: String
    /// The needs declared for the period; empty when none is declared in the ledger's unit.
    public let needs: String
    /// With carry-over, what earlier periods received beyond their goal and that counts
    /// towards this one; empty when nothing was carried in.
    public let carriedIn: String
    /// `(received + carried in) ÷ needs`, the report's own percentage: `75 %`; empty without needs.
    public let coverage: String

    /// The progress of `report`'s period, written for a reader of `language` (which may differ
    /// from the report's own: each article is stamped in its language).
    public init(_ report: PublicReport, language: ReportLanguage) {
        let style = DisplayStyle(language)
        let needs = report.needsInDefaultUnit
        period = style.periodInSentence(report.period)
        received = style.money(report.receivedInDefaultUnit?.total ?? Money(minor: 0, unit: report.defaultUnit))
        self.needs = needs.map { style.money($0.needed) } ?? ""
        carriedIn = needs.flatMap { $0.carriedIn.minor > 0 ? style.money($0.carriedIn) : nil } ?? ""
        coverage = needs?.coverage.map(style.percent) ?? ""
    }
}
