import ChapeauCore
public import ChapeauReports
import ChapeauStore
public import Foundation

/// `Reports/funding.json` (§12), written with the site files by `chapeau run` and `report build`.
extension Reporting {
    /// The closed years' figures as the yearly reports gave them, kept in the ledger's `meta`
    /// table (`site.funding_history`) with the last entry seen: a year is built again only when
    /// an entry recorded since touches it, so the hourly job does not read every gift of every
    /// year. Amounts in minor units of the ledger's currency.
    struct FundingHistory: Codable, Equatable {
        struct Year: Codable, Equatable {
            var income: Int64
            var expenses: Int64
            /// The yearly report's summary, for the index's line about the year (absent from
            /// records kept before the index showed it: the year is then built again once).
            var summary: ReportSummary?
        }
        var seq: Int64
        var years: [String: Year]

        static let key = "site.funding_history"

        /// As kept in the ledger's meta table. Dates (a summary's `updated`) are ISO 8601 both
        /// ways: read back with another strategy, the record would never decode and every run
        /// would build every closed year again.
        func encoded() throws -> String { String(decoding: try JSONEncoder.sorted.encode(self), as: UTF8.self) }

        static func decode(_ text: String) -> FundingHistory? {
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .iso8601
            return try? decoder.decode(FundingHistory.self, from: Data(text.utf8))
        }
    }

    /// Writes `DIR/funding.json` from the live report (its needs become the plans) and the
    /// closed years' reports. Returns its path.
    @discardableResult
    /// `history`: the closed years as the caller already read them (else read here).
    public func writeFunding(live: PublicReport, to dir: String, history given: [FundingYear]? = nil) throws -> String {
        let text = FundingManifest.render(config: config, siteURL: workspace.config.author.siteURL, live: live,
                                          history: try given ?? fundingHistory())
        let path = try PathName.join(dir, FundingManifest.fileName, what: "funding.json")
        try AtomicFile.write(Data(text.utf8), to: path, mode: 0o644)
        return path
    }

    /// Every closed year from the first dated entry's, from its yearly report.
    func fundingHistory() throws -> [FundingYear] { funding(try keptYears()) }

    /// The summaries of the closed years' yearly reports, oldest first: the index's lines.
    func closedYears() throws -> [ReportSummary] { Self.summaries(try keptYears()) }

    /// funding.json's history from the kept years.
    func funding(_ kept: [(year: Int, kept: FundingHistory.Year)]) -> [FundingYear] {
        let unit = workspace.units.defaultUnit
        return kept.map {
            FundingYear(year: $0.year, income: Money(minor: $0.kept.income, unit: unit), expenses: Money(minor: $0.kept.expenses, unit: unit))
        }
    }

    /// The index's year lines from the kept years.
    static func summaries(_ kept: [(year: Int, kept: FundingHistory.Year)]) -> [ReportSummary] { kept.compactMap(\.kept.summary) }

    /// The closed years whose yearly report is not kept (or no longer holds): what the next
    /// call to `keptYears` would build. The job builds them in its own pass over the ledger.
    func closedYearsToBuild() throws -> [Period] {
        let (kept, closed, _) = try yearsRecord()
        return Self.missing(kept, closed)
    }

    /// The closed years' figures, kept in the ledger and built again only where entries changed.
    /// `prebuilt`: yearly reports already made in this run, used when made from the ledger as it
    /// stands (their chain counts every entry), instead of a pass of their own.
    func keptYears(prebuilt: [PublicReport] = []) throws -> [(year: Int, kept: FundingHistory.Year)] {
        var (kept, closed, changed) = try yearsRecord()
        let missing = Self.missing(kept, closed)
        if !missing.isEmpty {
            let entries = try store.lastSeq()
            let fresh = Dictionary(prebuilt.filter { $0.integrity.entries == entries }.map { ($0.period, $0) },
                                   uniquingKeysWith: { a, _ in a })
            let made = missing.compactMap { fresh[$0] } + (try reports(missing.filter { fresh[$0] == nil }))
            for report in made {
                guard let y = FundingYear(report) else { continue }
                kept.years[String(y.year)] = FundingHistory.Year(income: y.income.minor, expenses: y.expenses.minor,
                                                                 summary: ReportSummary(report))
            }
            changed = true
        }
        if changed {
            try store.setMeta(FundingHistory.key, try kept.encoded())
        }
        return closed.compactMap { year in kept.years[String(year)].map { (year, $0) } }
    }

    /// The kept record with the years touched by entries recorded since it was kept dropped;
    /// the closed years (from the first dated entry's to last year); whether it changed.
    private func yearsRecord() throws -> (record: FundingHistory, closed: [Int], changed: Bool) {
        guard let span = try store.daySpan(), span.first.year < today.year else { return (FundingHistory(seq: 0, years: [:]), [], false) }
        let closed = Array(span.first.year..<today.year)
        let seq = try store.lastSeq()
        var kept = try store.meta(FundingHistory.key).flatMap(FundingHistory.decode)
            ?? FundingHistory(seq: seq, years: [:])
        var changed = false
        if kept.seq != seq {
            // Entries recorded since: the years they touch are built again.
            for c in try store.changes(since: kept.seq) {
                for year in closed {
                    let from = c.from?.year ?? Int.min, to = c.to?.year ?? Int.max
                    if from <= year && year <= to, kept.years.removeValue(forKey: String(year)) != nil { changed = true }
                }
            }
            kept.seq = seq
            changed = true
        }
        return (kept, closed, changed)
    }

    private static func missing(_ kept: FundingHistory, _ closed: [Int]) -> [Period] {
        closed.filter { kept.years[String($0)]?.summary == nil }.compactMap { Period(id: String($0)) }
    }
}
