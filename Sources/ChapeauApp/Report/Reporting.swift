public import ChapeauCore
public import ChapeauReports
internal import ChapeauStore
public import Foundation

/// Builds transparency reports from the ledger and writes them out:
/// `DIR/<PERIOD>/index.html|report.md|report.json|report.csv`, and the site files
/// `index.html`, `feed.atom`, `latest.json`, `badge.svg` at the top of DIR.
public struct Reporting: Sendable {
    public let workspace: Workspace
    let store: LedgerStore
    public let now: Date

    init(workspace: Workspace, store: LedgerStore, now: Date) {
        self.workspace = workspace
        self.store = store
        self.now = now
    }

    public var today: Day { Day(now, in: workspace.timeZone) }

    public var config: ReportConfig {
        var config = Self.config(workspace)
        config.payment = payment
        return config
    }

    /// The reports' configuration from the workspace, without the bank transfer block (whose
    /// QR code is drawn only for the pages that show it): what links and figures need.
    static func config(_ workspace: Workspace) -> ReportConfig {
        let c = workspace.config
        return ReportConfig(authorName: c.author.name, supportURL: c.author.supportURL, baseURL: c.reports.baseURL,
                            language: ReportLanguage(rawValue: c.reports.language) ?? .fr, minGroup: c.reports.minGroup,
                            carryOver: c.reports.carryOver, cadence: c.reports.cadence, timeZone: c.ledger.timezone,
                            defaultUnit: workspace.units.defaultUnit)
    }

    /// The period of the config's cadence that holds today: the one reported live.
    public var currentPeriod: Period { Period(containing: today, cadence: workspace.config.reports.cadence) }

    /// The live report of the current period: the figures `report build` and `chapeau run` publish
    /// for it, and that article footers quote.
    public func live() throws -> PublicReport { try report(currentPeriod) }

    /// The bank transfer the HTML pages show beside the support link, with `[author] iban`:
    /// a QR code with no amount and no supporter's reference (the same for every reader), and
    /// the account as text. The config refuses at load an IBAN, BIC or name the code cannot
    /// hold, so a code that still cannot be drawn leaves the IBAN shown as text alone.
    var payment: PaymentBlock? {
        let c = workspace.config
        guard let iban = c.author.iban else { return nil }
        let english = c.reports.language == "en"
        let svg = (try? TransferQR.payload(workspace, amountMinor: nil, reference: nil)).flatMap { payload in
            try? TransferQR.render(payload, title: TransferQR.title(author: c.author.name, language: c.reports.language,
                                                                   reference: nil)).svg
        }
        return PaymentBlock(svg: svg ?? "", iban: IBAN.printable(iban), bic: c.author.bic,
                            label: english ? "Bank transfer, no fees" : "Virement sans frais")
    }

    /// Where a user may override the report layouts.
    public var templatePaths: (html: String, markdown: String, index: String) {
        (workspace.resolve("Config/templates/report.html.mustache"), workspace.resolve("Config/templates/report.md.mustache"),
         workspace.resolve("Config/templates/index.html.mustache"))
    }

    /// The built-in layouts, or the user's from `Config/templates/` when present.
    public func renderer() throws -> ReportRenderer {
        func read(_ path: String) throws -> String? {
            guard FileManager.default.fileExists(atPath: path) else { return nil }
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                throw AppError.io("cannot read the template \(path) as UTF-8 text")
            }
            return text
        }
        let paths = templatePaths
        do {
            return try ReportRenderer(templates: ReportTemplates(html: try read(paths.html), markdown: try read(paths.markdown),
                                                                 index: try read(paths.index)))
        }
        catch let e as ReportTemplateError { throw AppError.invalid("a report template in Config/templates is not valid Mustache: \(e.description)") }
    }

    /// Parses a period id of any cadence; nil means the last closed period of the config's cadence.
    public func period(_ id: String?) throws -> Period {
        guard let id else { return currentPeriod.previous }
        return try Period.typed(id)
    }

    /// The report of one period, from a consistent snapshot of the ledger.
    public func report(_ period: Period, revised: Bool = false) throws -> PublicReport {
        try reports([period], revised: { _ in revised })[0]
    }

    /// The reports of many periods from ONE consistent snapshot and ONE pass over its gifts,
    /// streamed from the store in day order: memory holds one period's gifts at a time, not
    /// the ledger. The pass starts where the earliest period's own span would (January 1st,
    /// the previous period, the first need with carry-over), so every report is the same as if
    /// built alone.
    ///
    /// For a few periods (the job's usual case: one newly closed and the live one) without
    /// carry-over, the pass starts at the earliest previous period and each year to date is
    /// summed by the store from an index: the months since January are not read gift by gift.
    public func reports(_ periods: [Period], revised: (Period) -> Bool = { _ in false }) throws -> [PublicReport] {
        try reports(periods, revised: revised, fewPeriods: 4)
    }

    func reports(_ periods: [Period], revised: (Period) -> Bool, fewPeriods: Int) throws -> [PublicReport] {
        guard let first = periods.min(by: { $0.start < $1.start }), let last = periods.max(by: { $0.end < $1.end }) else { return [] }
        var c = config
        c.firstDay = try store.daySpan()?.first
        let few = periods.count <= fewPeriods && !c.carryOver
        let from = periods.map {
            few ? $0.previous.start : PublicReport.snapshotSpan(for: $0, carryOver: c.carryOver, firstNeedStart: nil).from
        }.min() ?? first.start
        let start = c.carryOver ? min(from, try store.firstNeedStart() ?? from) : from
        return try store.withSnapshot(from: start, to: last.end, giversOnly: few) { context, gifts, totals in
            var yearToDate: [Period: [GiftTotal]]?
            if few {
                var sums: [Period: [GiftTotal]] = [:]
                for (year, inYear) in Dictionary(grouping: periods, by: \.end.year) {
                    let jan1 = Day(year: year, month: 1, day: 1) ?? inYear[0].start
                    let byEnd = try totals(jan1, inYear.map(\.end))
                    for p in inYear { sums[p] = byEnd[p.end] ?? [] }
                }
                yearToDate = sums
            }
            return try PublicReport.build(periods, context: context, gifts: &gifts, config: c, now: now, revised: revised,
                                          yearToDate: yearToDate)
        }
    }

    /// Renders a report in the formats asked and writes `DIR/<PERIOD>/…` atomically.
    /// Returns the paths written.
    @discardableResult
    public func write(_ report: PublicReport, formats: [ReportFormat], to dir: String, renderer: ReportRenderer) throws -> [String] {
        try write(report.period.id, renderer.renderAll(report, formats: formats), to: dir)
    }

    /// Renders and writes many reports. Rendering (pure, and most of the cost) runs on every
    /// core, a few reports at a time: memory holds a handful of rendered pages, never all.
    @discardableResult
    public func write(_ reports: [PublicReport], formats: [ReportFormat], to dir: String, renderer: ReportRenderer) throws -> [String] {
        let batch = max(1, ProcessInfo.processInfo.activeProcessorCount) * 4
        var written: [String] = []
        for start in stride(from: 0, to: reports.count, by: batch) {
            let slice = Array(reports[start..<min(start + batch, reports.count)])
            for (report, files) in zip(slice, Self.render(slice, formats: formats, renderer: renderer)) {
                written += try write(report.period.id, files, to: dir)
            }
        }
        return written
    }

    /// Each report rendered in every format asked, on as many threads as there are cores.
    static func render(_ reports: [PublicReport], formats: [ReportFormat], renderer: ReportRenderer) -> [[(fileName: String, text: String)]] {
        let results = UnsafeMutableBufferPointer<[(fileName: String, text: String)]>.allocate(capacity: reports.count)
        results.initialize(repeating: [])
        defer { results.deinitialize(); results.deallocate() }
        // Each iteration writes its own slot only.
        nonisolated(unsafe) let slots = results
        DispatchQueue.concurrentPerform(iterations: reports.count) { i in
            slots[i] = renderer.renderAll(reports[i], formats: formats)
        }
        return Array(results)
    }

    func write(_ periodID: String, _ files: [(fileName: String, text: String)], to dir: String) throws -> [String] {
        let folder = try PathName.join(dir, periodID, what: "the period")
        // Every name is checked before anything is made.
        let paths = try files.map { try PathName.join(folder, $0.fileName, what: "the report file") }
        try makeFolder(folder)
        var written: [String] = []
        for (path, (_, text)) in zip(paths, files) {
            try AtomicFile.write(Data(text.utf8), to: path, mode: 0o644)
            written.append(path)
        }
        return written
    }

    /// Every period of the config's cadence from the first dated entry to today's (the live one last).
    public func periods() throws -> [Period] {
        guard let span = try store.daySpan() else { return [] }
        return Period.all(workspace.config.reports.cadence, from: span.first, to: max(today, span.first))
    }

    /// The site files (`index.html`, `feed.atom`, `latest.json`, `badge.svg`) from what has been
    /// published (the ledger's record, never rebuilt here) and the live report. They are dated
    /// with the time the live figures last changed or a report was last published, whichever is
    /// later: written again with the same record and the same figures, they keep every byte.
    @discardableResult
    /// `renderer`: the layouts already read for the reports (else read here).
    /// `years`: the closed years' summaries as the caller already read them (else read here).
    public func writeSite(_ published: PublishedSite, live: ReportSummary, to dir: String,
                          renderer given: ReportRenderer? = nil, years: [ReportSummary]? = nil) throws -> [String] {
        try makeFolder(dir)
        let figures = SiteLive.figures(live)
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let kept = try store.meta(SiteLive.key).flatMap { try? decoder.decode(SiteLive.self, from: Data($0.utf8)) }
        var since = now
        if let kept, kept.figures == figures { since = kept.since } else {
            let record = SiteLive(since: now, figures: figures)
            try store.setMeta(SiteLive.key, String(decoding: try JSONEncoder.sorted.encode(record), as: UTF8.self))
        }
        let time = max(since, published.lastPublishedAt ?? since)
        var live = live
        live.updated = since
        var site = Site(config: config, reports: published.closed, live: live, generatedAt: time)
        site.feedID = try feedIdentity().uuid
        site.years = try years ?? closedYears()
        let renderer = try given ?? renderer()
        return try SiteFile.allCases.map { file in
            let path = (dir as NSString).appendingPathComponent(file.fileName)
            try AtomicFile.write(Data(site.render(file, renderer: renderer).utf8), to: path, mode: 0o644)
            return path
        }
    }

    /// The workspace's feed identity, kept in the ledger (the ledger is the one thing that moves
    /// with the workspace): made with the ledger by `chapeau init`, or, for a ledger made before,
    /// the first time the site is written. The feed's ids never depend on where the reports
    /// are served.
    func feedIdentity() throws -> FeedIdentity {
        let text = try store.metaValue(FeedIdentity.metaKey, creatingWith: Self.newFeedUUID)
        guard let identity = FeedIdentity(uuid: text) else {
            throw AppError.io("the feed's identity in the ledger (\(FeedIdentity.metaKey)) is not a UUID: it was edited by hand")
        }
        return identity
    }

    /// A new random feed identity (UUID version 4, lower case).
    static func newFeedUUID() -> String { UUID().uuidString.lowercased() }

    /// `report build`: the period's report in the formats asked (marked revised when the job has
    /// revised it), then the site files from what the job has published and the live report. A
    /// period the job has not published gets its files but no place in the feed: only the job
    /// publishes, so only the job dates a publication.
    public func build(periodID: String?, formats: [ReportFormat]?, output: String?) throws -> [String] {
        let period = try period(periodID)
        let dir = output ?? workspace.resolve(workspace.config.reports.output)
        let formats = formats ?? workspace.config.reports.formats.compactMap(ReportFormat.init(rawValue:))
        let renderer = try renderer()
        let published = try PublishedSite.load(store)
        let revised = (published.entries[period.id]?.revision ?? 0) > 0
        let report = try report(period, revised: revised)
        var written = try write(report, formats: formats, to: dir, renderer: renderer)
        let live = period == currentPeriod ? report : try live()
        written += try writeSite(published, live: ReportSummary(live), to: dir, renderer: renderer)
        written.append(try writeFunding(live: live, to: dir))
        return written
    }

    /// `report list`: every period with its headline figures.
    public func list() throws -> [ReportListing] { try summaries().map(ReportListing.init) }

    func summaries() throws -> [ReportSummary] {
        try reports(try periods()).map(ReportSummary.init)
    }

    private func makeFolder(_ path: String) throws {
        do { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
        catch { throw AppError.io("cannot create the folder \(path): \(error.localizedDescription)") }
    }
}

extension Period {
    /// A period id as the user typed it (`report build PERIOD`, `list --period`): one message and
    /// one exit code (65, invalid data, as for a date) wherever it is read.
    static func typed(_ id: String) throws -> Period {
        guard let p = Period(id: id) else {
            throw AppError.invalid("'\(id)' is not a period: write 2026-11, 2026-11-H1, 2026-W47, 2026-Q4 or 2026")
        }
        return p
    }
}

extension Reporting {
    /// `--format html,json`: the formats a comma-separated list names (unknown names left out:
    /// check them first with `unknownFormat(in:)`).
    public static func formats(_ list: String) -> [ReportFormat] {
        list.split(separator: ",").compactMap { ReportFormat(rawValue: $0.trimmingCharacters(in: .whitespaces)) }
    }

    /// The first name in a comma-separated list that is not a report format, if any.
    public static func unknownFormat(in list: String) -> String? {
        list.split(separator: ",").first { ReportFormat(rawValue: $0.trimmingCharacters(in: .whitespaces)) == nil }.map(String.init)
    }
}
