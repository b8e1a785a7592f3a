import ChapeauCore
public import ChapeauReports
internal import ChapeauStore
public import Foundation

/// What has been published, as the ledger keeps it (the `published` table): the one record the
/// site files (`index.html`, `feed.atom`, `latest.json`, `badge.svg`) are written from, whether
/// `chapeau run` or `report build` writes them. Only the job adds to it; a period is in it once
/// the job has published it, with the time of its first publication, the time of its latest
/// revision and how many revisions it had.
public struct PublishedSite: Sendable {
    public struct Entry: Sendable, Equatable {
        public var firstPublishedAt: Date
        public var revisedAt: Date?
        public var revision: Int
        /// The figures as published; its `updated` and `revised` are read from the fields above.
        var figures: ReportSummary

        /// The summary the site shows: `updated` is when this version was published.
        public var summary: ReportSummary {
            var s = figures
            s.updated = revisedAt ?? firstPublishedAt
            s.published = firstPublishedAt
            s.revised = revision > 0
            return s
        }
    }

    public private(set) var entries: [String: Entry] = [:]
    /// Periods published or revised since the record was loaded: what `save` writes.
    private var changed: Set<String> = []

    public init() {}

    static func load(_ store: LedgerStore) throws -> PublishedSite {
        var site = PublishedSite()
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        for p in try store.publications() {
            guard let first = Self.date(p.firstPublishedAt),
                  let figures = try? decoder.decode(ReportSummary.self, from: Data(p.summary.utf8)) else {
                throw AppError.io("the publication of \(p.period) in the ledger cannot be read: it was edited by hand")
            }
            site.entries[p.period] = Entry(firstPublishedAt: first, revisedAt: p.revisedAt.flatMap(Self.date),
                                           revision: p.revision, figures: figures)
        }
        return site
    }

    public func isPublished(_ periodID: String) -> Bool { entries[periodID] != nil }

    /// Every closed period published, as the site shows them (oldest first).
    public var closed: [ReportSummary] {
        entries.values.map(\.summary).sorted { ($0.start, $0.end, $0.periodID) < ($1.start, $1.end, $1.periodID) }
    }

    /// The time of the latest publication or revision, if any.
    public var lastPublishedAt: Date? { entries.values.map { $0.revisedAt ?? $0.firstPublishedAt }.max() }

    /// Records that `report` is published at `time`: its first publication, or a revision of the
    /// one published before. Returns true for a revision.
    @discardableResult
    public mutating func publish(_ report: PublicReport, at time: Date) -> Bool {
        let id = report.period.id
        changed.insert(id)
        if var entry = entries[id] {
            entry.revision += 1
            entry.revisedAt = time
            entry.figures = ReportSummary(report)
            entries[id] = entry
            return true
        }
        entries[id] = Entry(firstPublishedAt: time, revisedAt: nil, revision: 0, figures: ReportSummary(report))
        return false
    }

    /// The rows to write for what changed since `load`.
    func publications() throws -> [Publication] {
        try changed.sorted().compactMap { id in
            guard let e = entries[id] else { return nil }
            return Publication(period: id, firstPublishedAt: Timestamp.iso(e.firstPublishedAt),
                               revisedAt: e.revisedAt.map(Timestamp.iso), revision: e.revision,
                               summary: String(decoding: try JSONEncoder.sorted.encode(e.summary), as: UTF8.self))
        }
    }

    static func date(_ text: String) -> Date? {
        // A ledger holds one per published period: `Timestamp.utc` reads the layout this
        // record is written in without a formatter.
        if let d = Timestamp.utc(text) { return d }
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.date(from: text)
    }
}

/// The live figures last written to the site and since when they have stood (`site.live` in the
/// ledger's `meta` table). The site files are dated with that time, not with the clock of
/// whoever writes them, so rewriting them with the same figures changes no byte.
struct SiteLive: Codable, Equatable {
    var since: Date
    var figures: ReportSummary

    static let key = "site.live"

    /// The live summary without its time, to compare figures only.
    static func figures(_ live: ReportSummary) -> ReportSummary {
        var s = live
        s.updated = Date(timeIntervalSince1970: 0)
        return s
    }
}
