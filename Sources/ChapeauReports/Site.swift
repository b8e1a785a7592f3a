public import ChapeauCore
public import struct Foundation.Date

/// An amount as a summary keeps it: enough of the unit to format it again.
public struct SummaryAmount: Sendable, Equatable, Codable {
    public var unit: String
    public var decimals: Int
    public var isCurrency: Bool
    public var symbol: String?
    public var minor: Int64

    public init(_ m: Money) {
        unit = m.unit.code
        decimals = m.unit.decimals
        isCurrency = m.unit.isCurrency
        symbol = m.unit.symbols.first
        minor = m.minor
    }

    public var money: Money {
        Money(minor: minor, unit: Unit(code: unit, decimals: decimals, name: unit, isCurrency: isCurrency,
                                       symbols: symbol.map { [$0] } ?? []))
    }
}

/// What the site-level files say about one report: the index line, the feed entry, the live
/// figures of `latest.json` and the badge. Codable, so the app can keep it with what it
/// published; `updated` is when this version was published (a revision changes it).
public struct ReportSummary: Sendable, Equatable, Codable {
    public var periodID: String
    public var start: Day
    public var end: Day
    public var cadence: Cadence
    public var closed: Bool
    public var revised: Bool
    /// When this version of the report was generated or published (Atom `updated`).
    public var updated: Date
    /// When the report was first published (Atom `published`); nil until the job publishes it.
    public var published: Date?
    /// Received per unit, in report order.
    public var received: [SummaryAmount]
    /// Gifts in the ledger's currency (the headline's figures).
    public var gifts: Int
    /// Distinct supporters who gave in the ledger's currency.
    public var supporters: Int
    /// Needs in the ledger's currency for the period, if any were declared.
    public var needed: SummaryAmount?
    /// Coverage of those needs, in ten-thousandths (7561 = 75.61 %).
    public var coverageTenThousandths: Int64?
    /// The same coverage as a whole percentage, rounded once from the exact fraction (absent
    /// from summaries kept before it was stored: then rounded from the ten-thousandths).
    public var coveragePercent: Int64?
    /// Received per unit from January 1st to the period's end (absent from summaries kept
    /// before it was stored, and when the report did not reach back that far).
    public var yearToDate: [SummaryAmount]?

    public init(_ r: PublicReport) {
        periodID = r.period.id
        start = r.period.start
        end = r.period.end
        cadence = r.period.cadence
        closed = r.isClosed
        revised = r.revised
        updated = r.generatedAt
        received = r.received.map { SummaryAmount($0.total) }
        gifts = r.receivedInDefaultUnit?.gifts ?? 0
        supporters = r.receivedInDefaultUnit?.supporters ?? 0
        needed = r.needsInDefaultUnit.map { SummaryAmount($0.needed) }
        coverageTenThousandths = r.needsInDefaultUnit?.coverage?.tenThousandths
        coveragePercent = r.needsInDefaultUnit?.coverage?.percent
        yearToDate = r.yearToDate.map { $0.totals.map { SummaryAmount($0.amount) } }
    }

    public var period: Period { Period(id: periodID) ?? Period(containing: start, cadence: cadence) }
    public var coverage: Ratio? {
        coverageTenThousandths.map { t in coveragePercent.map { Ratio(tenThousandths: t, percent: $0) } ?? Ratio(tenThousandths: t) }
    }
}

/// The site-level files of `Reports/`.
public enum SiteFile: String, CaseIterable, Sendable, Codable {
    /// `index.html`: every period, with links to `<PERIOD>/index.html`.
    case index
    /// `feed.atom`: an Atom 1.0 feed with one entry per closed period.
    case feed
    /// `latest.json`: the live current period, with a link to the last closed report.
    case latest
    /// `badge.svg`: the current period's coverage, for footers.
    case badge

    public var fileName: String {
        switch self {
        case .index: return "index.html"
        case .feed: return "feed.atom"
        case .latest: return "latest.json"
        case .badge: return "badge.svg"
        }
    }

}

/// The published reports as a whole. Pure: same inputs, same bytes.
public struct Site: Sendable, Equatable {
    public var config: ReportConfig
    /// The closed periods' reports that are published (any order; one per period id, the most
    /// recently updated wins).
    public var reports: [ReportSummary]
    /// The current period, live.
    public var live: ReportSummary?
    /// When the site files are generated (printed on the index and in `latest.json`).
    public var generatedAt: Date
    /// The workspace's feed identity: a UUID made once and kept in the ledger, from which the
    /// feed's and every entry's Atom id are derived (`FeedIdentity`). Nil: one derived from
    /// the author's name, for sites built without a ledger (tests, previews).
    public var feedID: String? = nil
    /// The yearly reports of the closed years (`ReportSummary` of the period `2025`): the
    /// index's summary of each year. A year without one gets no summary line.
    public var years: [ReportSummary] = []

    public init(config: ReportConfig, reports: [ReportSummary], live: ReportSummary?, generatedAt: Date) {
        self.config = config
        self.reports = reports
        self.live = live
        self.generatedAt = generatedAt
    }

    /// One site file; the index through the renderer's index template (the user's, when
    /// `Config/templates/index.html.mustache` exists).
    public func render(_ file: SiteFile, renderer: ReportRenderer = .builtIn) -> String {
        switch file {
        case .index: return renderer.renderIndex(self)
        case .feed: return AtomFeed.render(self)
        case .latest: return LatestJSON.render(self)
        case .badge: return Badge.render(self)
        }
    }

    /// Closed reports, newest period first, one per period id.
    var closedReports: [ReportSummary] {
        var byID: [String: ReportSummary] = [:]
        for r in reports where r.closed {
            if let seen = byID[r.periodID], seen.updated > r.updated { continue }
            byID[r.periodID] = r
        }
        return byID.values.sorted { ($0.start, $0.end, $0.periodID) > ($1.start, $1.end, $1.periodID) }
    }

    var style: DisplayStyle { DisplayStyle(config.language) }
    var labels: Labels { Labels.of(config.language) }
    var localNow: LocalTime { LocalTime(generatedAt, zoneIdentifier: config.timeZone) }

    func iso(_ d: Date) -> String { LocalTime(d, zoneIdentifier: config.timeZone).iso }

    /// One line a reader understands: `155,00 € reçus de 6 personnes (7 dons). Besoins couverts à 76 %.`
    func summaryLine(_ s: ReportSummary) -> String {
        let words = Wording(language: config.language)
        let received = s.received.first { $0.unit == config.defaultUnit.code }?.money ?? Money(minor: 0, unit: config.defaultUnit)
        var line: String
        switch config.language {
        case .fr:
            line = "\(style.money(received)) reçus de \(style.integer(s.supporters)) \(words.people(s.supporters)) (\(style.integer(s.gifts)) \(words.gifts(s.gifts)))."
            if let c = s.coverage { line += " Besoins couverts à \(style.percent(c))." }
        case .en:
            line = "\(style.money(received)) received from \(style.integer(s.supporters)) \(words.people(s.supporters)) (\(style.integer(s.gifts)) \(words.gifts(s.gifts)))."
            if let c = s.coverage { line += " \(style.percent(c)) of needs covered." }
        }
        return line
    }

    func title(_ s: ReportSummary) -> String {
        let label = style.period(s.period)
        switch config.language {
        case .fr: return "Rapport \(label)" + (s.revised ? " (révisé)" : "")
        case .en: return "Report for \(label)" + (s.revised ? " (revised)" : "")
        }
    }
}

/// XML and HTML text escaping for hand-written markup: `& < > " '`, and characters XML 1.0
/// does not allow are dropped.
func xml(_ s: String) -> String {
    var out = ""
    for scalar in s.unicodeScalars {
        switch scalar {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&#39;"
        default:
            let v = scalar.value
            let allowed = v == 0x9 || v == 0xA || v == 0xD || (0x20...0xD7FF).contains(v)
                || (0xE000...0xFFFD).contains(v) || (0x10000...0x10FFFF).contains(v)
            if allowed { out.unicodeScalars.append(scalar) }
        }
    }
    return out
}

enum LatestJSON {
    static func render(_ site: Site) -> String {
        let config = site.config
        let last = site.closedReports.first
        var current: JSON = .null
        if let live = site.live {
            let needs: JSON = live.needed.map { n in
                let received = live.received.first { $0.unit == n.unit }?.minor ?? 0
                return .object(["unit": .string(n.unit), "needed_minor": .int(n.minor), "received_minor": .int(received),
                                "coverage": live.coverage.map { .number($0.decimalString) } ?? .null])
            } ?? .null
            current = .object([
                "period": .object(["id": .string(live.periodID), "start": .string(live.start.description),
                                   "end": .string(live.end.description), "cadence": .string(live.cadence.rawValue),
                                   "label": .string(site.style.period(live.period))]),
                "updated": .string(site.iso(live.updated)),
                "url": .string(config.reportURL(periodID: live.periodID)),
                "totals": .array(live.received.map { a in
                    .object(["unit": .string(a.unit), "amount_minor": .int(a.minor), "amount": .string(a.money.decimalString)])
                }),
                "gifts": .int(live.gifts),
                "supporters": .int(live.supporters),
                "needs": needs,
                "coverage": live.coverage.map { .number($0.decimalString) } ?? .null,
                "summary": .string(site.summaryLine(live)),
            ])
        }
        let lastClosed: JSON = last.map { r in
            .object(["id": .string(r.periodID), "start": .string(r.start.description), "end": .string(r.end.description),
                     "url": .string(config.reportURL(periodID: r.periodID)), "revised": .bool(r.revised),
                     "updated": .string(site.iso(r.updated))])
        } ?? .null
        return JSON.object([
            "schema": .string("chapeau-latest/1"),
            "generated_at": .string(site.localNow.iso),
            "language": .string(config.language.rawValue),
            "author": .object(["name": .string(config.authorName), "support_url": .string(config.supportURL)]),
            "current": current,
            "last_closed": lastClosed,
            "links": .object(["index": .string(config.siteURL(SiteFile.index.fileName)),
                              "feed": .string(config.siteURL(SiteFile.feed.fileName)),
                              "badge": .string(config.siteURL(SiteFile.badge.fileName))]),
        ]).document
    }
}

enum Badge {
    /// Approximate width of text in 11 px Verdana, deterministic: narrow, regular and wide glyphs.
    static func width(_ s: String) -> Int {
        var w = 0
        for c in s {
            if "iljtf.,:;!|' \u{202F}\u{00A0}".contains(c) { w += 4 }
            else if "mwMW%@".contains(c) { w += 10 }
            else if c.isUppercase || c.isNumber { w += 7 }
            else { w += 6 }
        }
        return w
    }

    /// What the badge measures, in the report's language: the live period's needs covered, or
    /// what it received when no need is declared. Never red: a period under way is not a failure.
    static func render(_ site: Site) -> String {
        let fr = site.config.language == .fr
        let label: String, value: String, color: String, title: String
        if let live = site.live, let c = live.coverage {
            label = fr ? "besoins couverts" : "needs covered"
            value = site.style.percent(c)
            color = c.tenThousandths >= 10_000 ? "#0a5c36" : "#35556f"
            title = fr ? "Besoins couverts, \(site.style.period(live.period))\u{00A0}: \(value)"
                : "Needs covered, \(site.style.period(live.period)): \(value)"
        } else if let live = site.live {
            let received = live.received.first { $0.unit == site.config.defaultUnit.code }?.money
                ?? Money(minor: 0, unit: site.config.defaultUnit)
            label = fr ? "reçus" : "received"
            value = site.style.money(received)
            color = "#35556f"
            title = fr ? "Reçus, \(site.style.period(live.period))\u{00A0}: \(value)"
                : "Received, \(site.style.period(live.period)): \(value)"
        } else {
            label = fr ? "soutiens" : "support"
            value = "—"
            color = "#555"
            title = label
        }
        let lw = width(label) + 12, vw = width(value) + 12, total = lw + vw
        let aria = xml(title)
        return """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(total)" height="20" viewBox="0 0 \(total) 20" role="img" aria-label="\(aria)">
        <title>\(aria)</title>
        <linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>
        <clipPath id="r"><rect width="\(total)" height="20" rx="3" fill="#fff"/></clipPath>
        <g clip-path="url(#r)"><rect width="\(lw)" height="20" fill="#444"/><rect x="\(lw)" width="\(vw)" height="20" fill="\(color)"/><rect width="\(total)" height="20" fill="url(#s)"/></g>
        <g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11">
        <text x="\(lw / 2)" y="14">\(xml(label))</text><text x="\(lw + vw / 2)" y="14">\(xml(value))</text>
        </g>
        </svg>

        """
    }
}

/// The media type a published file is served or PUT with, from its name: the one table of them.
public enum MediaType {
    public static func of(fileName: String) -> String {
        switch fileName.split(separator: ".").last.map(String.init) ?? "" {
        case "html": return "text/html; charset=utf-8"
        case "md": return "text/markdown; charset=utf-8"
        case "json": return "application/json"
        case "csv": return "text/csv; charset=utf-8"
        case "atom": return "application/atom+xml"
        case "svg": return "image/svg+xml"
        case "txt": return "text/plain; charset=utf-8"
        default: return "application/octet-stream"
        }
    }
}
