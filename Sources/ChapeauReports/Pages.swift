import ChapeauCore
import struct Foundation.Date

// What the HTML pages add around the figures so that a reader can find their way: the links
// between reports, the coverage bar with its 100 % mark and the pace of a live period, and the
// index of every report by year with its chart. Every figure shown here is one of the report
// model's (`PublicReport`, `ReportSummary` of a period or of a year): nothing is added up again.

/// The wording of navigation, pace and index, per language (`{{n.…}}` in the templates).
struct PageLabels: Sendable {
    let navigation: String
    let allReports: String
    let previous: String
    let next: String
    let feed: String
    let current: String
    let byYear: String
    let period: String
    let received: String
    let needs: String
    let coverage: String
    let revised: String
    let noReports: String
    let intro: String
    let chartLegendReceived: String
    let chartLegendNeeds: String
    let asTable: String
    let data: String

    static let fr = PageLabels(
        navigation: "Entre les rapports", allReports: "Tous les rapports", previous: "Précédent", next: "Suivant",
        feed: "Fil Atom", current: "Période en cours", byYear: "Rapports de", period: "Période",
        received: "Reçu", needs: "Besoins", coverage: "Couverture", revised: "révisé",
        noReports: "Aucun rapport publié pour l’instant.",
        intro: "Chaque période, ce qui est reçu, de combien de personnes, face à quels besoins.",
        chartLegendReceived: "barres\u{00A0}: reçu", chartLegendNeeds: "traits\u{00A0}: besoins",
        asTable: "Les chiffres en tableau", data: "Données")
    static let en = PageLabels(
        navigation: "Between reports", allReports: "All reports", previous: "Previous", next: "Next",
        feed: "Atom feed", current: "Current period", byYear: "Reports of", period: "Period",
        received: "Received", needs: "Needs", coverage: "Coverage", revised: "revised",
        noReports: "No report published yet.",
        intro: "Each period: what came in, from how many people, against which needs.",
        chartLegendReceived: "bars: received", chartLegendNeeds: "ticks: needs",
        asTable: "The figures as a table", data: "Data")

    static func of(_ language: ReportLanguage) -> PageLabels { language == .fr ? fr : en }
}

/// A link to a neighbouring report page.
struct PageLink { let href: String; let label: String }

/// The coverage bar: the track is 100 % of the needs, or up to 200 % when more came in, with a
/// mark at 100 %; on a live page a dashed mark shows where an even pace would be today.
struct CoverageBar {
    let width: String
    let full: String
    let fullLabel: String
    let fullLabelX: String
    let fullAnchor: String
    let title: String
    let percent: String
    let isFull: Bool
    let pace: [PaceMark]
}
struct PaceMark { let x: String; let text: String }

enum PageParts {
    static let barWidth: Int64 = 320

    /// The sentence of a live period's pace: `Jour 5 sur 15, encore 10 jours.`
    static func paceLine(_ pace: Pace, language: ReportLanguage, style: DisplayStyle) -> String {
        let left = pace.daysLeft
        switch language {
        case .fr:
            let lead = "Jour \(style.integer(pace.day)) sur \(style.integer(pace.days))"
            return left == 0 ? lead + ", dernier jour de la période." : lead + ", encore \(style.integer(left)) \(left == 1 ? "jour" : "jours")."
        case .en:
            let lead = "Day \(style.integer(pace.day)) of \(style.integer(pace.days))"
            return left == 0 ? lead + ", the period’s last day." : lead + ", \(style.integer(left)) \(left == 1 ? "day" : "days") to go."
        }
    }

    /// What an even pace would have covered by today.
    static func paceExpectation(_ pace: Pace, language: ReportLanguage, style: DisplayStyle) -> String {
        language == .fr
            ? "À rythme régulier, \(style.percent(pace.expected)) des besoins seraient couverts aujourd’hui."
            : "At an even pace, \(style.percent(pace.expected)) of needs would be covered by today."
    }

    static func coverageBar(_ r: PublicReport, style: DisplayStyle) -> [CoverageBar] {
        guard let n = r.needsInDefaultUnit, let c = n.coverage else { return [] }
        // The track shows 100 % of the needs, or the coverage when beyond (at most 200 %).
        let scale = min(20_000, max(10_000, c.tenThousandths))
        let width = (min(scale, max(0, c.tenThousandths)) * barWidth + scale / 2) / scale
        let full = scale == 10_000 ? barWidth - 1 : (10_000 * barWidth + scale / 2) / scale
        var title = r.language == .fr
            ? "Besoins couverts à \(style.percent(c))\u{00A0}: \(style.money(n.received)) reçus\(n.carriedIn.minor > 0 ? " (+ \(style.money(n.carriedIn)) reportés)" : "") sur \(style.money(n.needed))"
            : "\(style.percent(c)) of needs covered: \(style.money(n.received)) received\(n.carriedIn.minor > 0 ? " (+ \(style.money(n.carriedIn)) carried over)" : "") of \(style.money(n.needed))"
        var pace: [PaceMark] = []
        if let p = r.pace {
            let x = (min(10_000, p.expected.tenThousandths) * full + 5_000) / 10_000
            let text = paceLine(p, language: r.language, style: style) + " " + paceExpectation(p, language: r.language, style: style)
            pace = [PaceMark(x: String(x), text: text)]
            title += ". " + text
        }
        let nearEnd = full > barWidth - 20
        return [CoverageBar(width: String(width), full: String(full), fullLabel: style.percent(Ratio(tenThousandths: 10_000)),
                            fullLabelX: String(nearEnd ? barWidth : full), fullAnchor: nearEnd ? "end" : "middle",
                            title: title, percent: style.percent(c), isFull: c.tenThousandths >= 10_000, pace: pace)]
    }

    /// The previous and next report pages, as relative links from `<PERIOD>/index.html`.
    static func links(_ r: PublicReport, style: DisplayStyle) -> (previous: [PageLink], next: [PageLink]) {
        func link(_ p: Period?) -> [PageLink] {
            p.map { [PageLink(href: "../\($0.id)/\(ReportFormat.html.fileName)", label: style.period($0))] } ?? []
        }
        return (link(r.navigation.previous), link(r.navigation.next))
    }
}

// MARK: - The index

/// One year of the index: its summary, its chart and its reports, newest first.
struct IndexYear {
    let year: String
    let anchor: String
    let summary: String
    let hasSummary: Bool
    let chart: [YearChart]
    let rows: [IndexRow]
}

struct IndexRow {
    let href: String
    let label: String
    let received: String
    let coverage: String
    let revised: Bool
}

struct YearChart {
    let id: String
    let title: String
    let desc: String
    let height: String
    let top: String
    let baseline: String
    let bars: [ChartBar]
}

struct ChartBar {
    let x: String
    let y: String
    let width: String
    let height: String
    let hasNeed: Bool
    let needX2: String
    let needY: String
    let title: String
}

struct IndexLive {
    let href: String
    let label: String
    let summary: String
}

struct IndexContext {
    let lang: String
    let t: Labels
    let n: PageLabels
    let title: String
    let heading: String
    let hasSupportLink: Bool
    let supportURL: String
    let payment: [PaymentSection]
    let live: [IndexLive]
    let years: [IndexYear]
    let hasReports: Bool
    let files: [FileLink]
    let generatedAt: String
    let generatedAtISO: String
}

extension IndexContext {
    init(_ site: Site) {
        let t = site.labels, n = PageLabels.of(site.config.language), style = site.style
        let fr = site.config.language == .fr
        let name = site.config.authorName
        lang = site.config.language.rawValue
        self.t = t
        self.n = n
        title = "\(t.reportTitle) · \(name)"
        heading = title
        let url = safeURL(site.config.supportURL)
        hasSupportLink = url != nil
        supportURL = url ?? ""
        payment = PaymentSection(site.config.payment, holder: name).map { [$0] } ?? []
        live = site.live.map { l in
            [IndexLive(href: "\(l.periodID)/\(ReportFormat.html.fileName)", label: style.period(l.period),
                       summary: site.summaryLine(l))]
        } ?? []

        let unit = site.config.defaultUnit
        func received(_ s: ReportSummary) -> Money {
            s.received.first { $0.unit == unit.code }?.money ?? Money(minor: 0, unit: unit)
        }
        let closed = site.closedReports
        let byYear = Dictionary(grouping: closed, by: \.end.year)
        years = byYear.keys.sorted(by: >).map { year in
            let reports = byYear[year] ?? []
            var summary = ""
            if let y = site.years.first(where: { $0.cadence == .yearly && $0.start.year == year }) {
                summary = (fr ? "Sur l’année\u{00A0}: " : "Over the year: ") + site.summaryLine(y)
            } else if let l = site.live, l.end.year == year, let ytd = l.yearToDate {
                let m = ytd.first { $0.unit == unit.code }?.money ?? Money(minor: 0, unit: unit)
                summary = fr ? "Depuis le 1er janvier\u{00A0}: \(style.money(m)) reçus." : "Since January 1st: \(style.money(m)) received."
            }
            let rows = reports.map { r in
                IndexRow(href: "\(r.periodID)/\(ReportFormat.html.fileName)", label: style.period(r.period),
                         received: style.money(received(r)), coverage: r.coverage.map(style.percent) ?? "—", revised: r.revised)
            }
            return IndexYear(year: String(year), anchor: "y\(year)", summary: summary, hasSummary: !summary.isEmpty,
                             chart: Self.chart(year: year, reports: reports.reversed(), site: site), rows: rows)
        }
        hasReports = !closed.isEmpty
        files = [FileLink(name: SiteFile.feed.fileName, label: "Atom"),
                 FileLink(name: SiteFile.latest.fileName, label: "latest.json"),
                 FileLink(name: FundingManifest.fileName, label: "funding.json")]
        generatedAt = style.timestamp(site.localNow)
        generatedAtISO = site.localNow.iso
    }

    /// Received (bars) against needs (ticks) for each period of a year, oldest first, in the
    /// ledger's currency; the table under it holds the same figures.
    static func chart(year: Int, reports: [ReportSummary], site: Site) -> [YearChart] {
        guard !reports.isEmpty else { return [] }
        let unit = site.config.defaultUnit, style = site.style
        let fr = site.config.language == .fr
        let values = reports.map { r in
            (received: r.received.first { $0.unit == unit.code }?.minor ?? 0, needed: r.needed.flatMap { $0.unit == unit.code ? $0.minor : nil })
        }
        let top = max(1, values.map { max($0.received, $0.needed ?? 0) }.max() ?? 1)
        let plot: Int64 = 120, baseline: Int64 = 136
        let slot = max(4, 320 / reports.count), barWidth = max(2, slot * 2 / 3)
        let left = (320 - slot * reports.count) / 2
        let bars = zip(reports, values).enumerated().map { i, pair in
            let (r, v) = pair
            let h = max(0, v.received) * plot / top
            let x = left + i * slot + (slot - barWidth) / 2
            let needY = v.needed.map { baseline - max(0, $0) * plot / top } ?? 0
            var title = "\(style.period(r.period))\(fr ? "\u{00A0}:" : ":") \(style.money(Money(minor: v.received, unit: unit)))"
            if let need = v.needed { title += fr ? " reçus, besoins \(style.money(Money(minor: need, unit: unit)))" : " received, needs \(style.money(Money(minor: need, unit: unit)))" }
            return ChartBar(x: String(x), y: String(baseline - h), width: String(barWidth), height: String(h),
                            hasNeed: v.needed != nil, needX2: String(x + barWidth), needY: String(needY), title: title)
        }
        let topLabel = style.money(Money(minor: top, unit: unit))
        return [YearChart(
            id: "chart-\(year)",
            title: fr ? "Reçu et besoins par période, \(year)" : "Received and needs per period, \(year)",
            desc: fr ? "Une barre par période pour ce qui est reçu en \(unit.code), un trait pour les besoins de la période. Le haut du graphique vaut \(topLabel). Le tableau qui suit donne les mêmes chiffres."
                : "One bar per period for what was received in \(unit.code), a tick for the period’s needs. The top of the chart is \(topLabel). The table below gives the same figures.",
            height: String(baseline + 4), top: topLabel, baseline: String(baseline), bars: bars)]
    }
}
