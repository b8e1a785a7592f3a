import ChapeauCore
@testable import ChapeauReports
import Foundation
import Testing

/// What a reader finds around the figures: links between reports, the coverage bar's 100 % mark
/// and pace, a badge that says what it measures, and the index by year.
@Suite("Reader's pages")
struct PagesTests {
    /// 2026-11-10T06:00:00Z: day 10 of the 1–15 November period, in Paris.
    static let tenthOfNovember = Date(timeIntervalSince1970: 1_794_290_400)
    /// 2026-11-15T06:00:00Z: its last day.
    static let fifteenthOfNovember = Date(timeIntervalSince1970: 1_794_722_400)

    static func report(firstDay: String? = "2026-03-10", period: Period = Fixture.period, now: Date = Fixture.now,
                       language: ReportLanguage = .fr, snapshot: LedgerSnapshot = Fixture.snapshot()) -> PublicReport {
        var config = Fixture.config(language)
        config.firstDay = firstDay.map(Fixture.day)
        return PublicReport(period: period, snapshot: snapshot, config: config, now: now)
    }

    /// The page's visible text: tags (and their attributes, where links live) removed.
    static func visibleText(_ html: String) -> String {
        var out = "", inTag = false
        for c in html {
            if c == "<" { inTag = true } else if c == ">" { inTag = false } else if !inTag { out.append(c) }
        }
        return out
    }

    // MARK: Navigation

    @Test("a closed report links to the index, the feed, the previous and the next period")
    func links() {
        let r = Self.report()
        #expect(r.navigation.previous?.id == "2026-10-H2")
        #expect(r.navigation.next?.id == "2026-11-H2")
        let html = ReportFormat.html.render(r)
        #expect(html.contains("<a href=\"../index.html\">Tous les rapports</a>"))
        #expect(html.contains("<a rel=\"prev\" href=\"../2026-10-H2/index.html\"><span aria-hidden=\"true\">← </span>16–31 octobre 2026</a>"))
        #expect(html.contains("<a rel=\"next\" href=\"../2026-11-H2/index.html\">16–30 novembre 2026<span aria-hidden=\"true\"> →</span></a>"))
        #expect(html.contains("<a href=\"../feed.atom\">Fil Atom</a>"))
        #expect(html.contains("<nav class=\"pages\" aria-label=\"Entre les rapports\">"))
        let en = ReportFormat.html.render(Self.report(language: .en))
        #expect(en.contains("<a href=\"../index.html\">All reports</a>") && en.contains("<a href=\"../feed.atom\">Atom feed</a>"))
    }

    @Test("the first period has no previous page; a period whose previous one holds the first entry has one")
    func firstPeriod() {
        #expect(Self.report(firstDay: "2026-11-01").navigation.previous == nil)
        #expect(Self.report(firstDay: "2026-11-15").navigation.previous == nil)
        #expect(Self.report(firstDay: "2026-10-31").navigation.previous?.id == "2026-10-H2")
        #expect(Self.report(firstDay: nil).navigation.previous == nil)
        #expect(!ReportFormat.html.render(Self.report(firstDay: "2026-11-01")).contains("rel=\"prev\""))
    }

    @Test("the live period has no next page; a report of another cadence has no neighbours")
    func liveAndOtherCadence() throws {
        let live = Self.report(now: Self.tenthOfNovember)
        #expect(live.navigation.next == nil && live.navigation.previous?.id == "2026-10-H2")
        #expect(!ReportFormat.html.render(live).contains("rel=\"next\""))
        let month = try #require(Period(id: "2026-10"))
        let other = Self.report(period: month)
        #expect(other.navigation == ReportNavigation(previous: nil, next: nil))
        let html = ReportFormat.html.render(other)
        #expect(html.contains("href=\"../index.html\"") && !html.contains("rel=\"prev\"") && !html.contains("rel=\"next\""))
    }

    // MARK: Coverage bar and pace

    @Test("the bar's track is 100 % of the needs, with its mark at the end, when less came in")
    func barUnder() {
        let html = ReportFormat.html.render(Self.report())
        #expect(html.contains("<rect x=\"0\" y=\"6\" width=\"242\" height=\"22\" rx=\"4\" fill=\"#0a5c36\"/>"))  // 75.61 %
        #expect(html.contains("<line x1=\"319\" x2=\"319\" y1=\"0\" y2=\"34\" stroke=\"#1b1b1b\" stroke-width=\"2\"/>"))
        #expect(html.contains("<text x=\"320\" y=\"45\" font-size=\"11\" text-anchor=\"end\" fill=\"#1b1b1b\">100\u{202F}%</text>"))
        #expect(!html.contains("stroke-dasharray=\"4 2\""))   // closed: no pace
    }

    @Test("beyond 100 %, the track grows to the coverage (at most 200 %) and the mark moves in")
    func barBeyond() {
        // 100 € a month: 50 € for the half month, 155 € received: 310 %, drawn at the 200 % cap.
        let needs = [(id: ID<Need>(1), need: Need(label: "Hébergement", amount: Fixture.eur(10_000), every: .month,
                                                  start: Fixture.day("2026-01-01")))]
        let r = Self.report(snapshot: Fixture.snapshot(needs: needs))
        #expect(r.needsInDefaultUnit?.coverage?.percent == 310)
        let html = ReportFormat.html.render(r)
        #expect(html.contains("width=\"320\" height=\"22\" rx=\"4\" fill=\"#0a5c36\""))
        #expect(html.contains("<line x1=\"160\" x2=\"160\" y1=\"0\" y2=\"34\""))
        #expect(html.contains("<text x=\"160\" y=\"45\" font-size=\"11\" text-anchor=\"middle\""))
    }

    @Test("a live page shows the day, the days left and where an even pace would be, on the bar and in words")
    func pace() throws {
        let r = Self.report(now: Self.tenthOfNovember)
        let pace = try #require(r.pace)
        #expect(pace.day == 10 && pace.days == 15 && pace.daysLeft == 5 && pace.expected.percent == 67)
        let html = ReportFormat.html.render(r)
        // 6667 ten-thousandths of the 319 px to the 100 % mark.
        #expect(html.contains("<line x1=\"213\" x2=\"213\" y1=\"2\" y2=\"32\" stroke=\"#7a4100\" stroke-width=\"2\" stroke-dasharray=\"4 2\"/>"))
        #expect(html.contains("<figcaption>Jour 10 sur 15, encore 5 jours. À rythme régulier, 67\u{202F}% des besoins seraient couverts aujourd’hui.</figcaption>"))
        let md = ReportFormat.md.render(r)
        #expect(md.contains("Jour 10 sur 15, encore 5 jours."))
        let en = ReportFormat.html.render(Self.report(now: Self.tenthOfNovember, language: .en))
        #expect(en.contains("Day 10 of 15, 5 days to go. At an even pace, 67% of needs would be covered by today."))
        let last = ReportFormat.html.render(Self.report(now: Self.fifteenthOfNovember))
        #expect(last.contains("Jour 15 sur 15, dernier jour de la période."))
        #expect(Self.report().pace == nil)
    }

    @Test("a live period without needs says how far it has gone in its note")
    func paceWithoutNeeds() {
        let html = ReportFormat.html.render(Self.report(now: Self.tenthOfNovember, snapshot: Fixture.snapshot(needs: [])))
        #expect(!html.contains("<figure class=\"coverage\">"))
        #expect(html.contains("évoluent jusqu’à sa clôture. Jour 10 sur 15, encore 5 jours.</p>"))
    }

    // MARK: Wording

    @Test("headings do not repeat: the unit's table is captioned by its unit, not by the section again")
    func headings() {
        for language in ReportLanguage.allCases {
            let html = ReportFormat.html.render(Self.report(language: language))
            let received = language == .fr ? "Dons reçus" : "Gifts received"
            #expect(!html.contains("<caption>\(received) · "))
            #expect(!html.contains("<h3>Euro (EUR)</h3>"))
            #expect(html.contains("<caption>Euro (EUR)</caption>"))
        }
    }

    @Test("the small-group note does not promise what the published total cannot keep")
    func smallGroupNote() {
        let fr = ReportFormat.html.render(Fixture.report(.fr, minGroup: 50))
        #expect(fr.contains("Le total l’est, et avec si peu de dons il en dit beaucoup sur chacun"))
        #expect(!fr.contains("qu’aucun don ne puisse"))
        let en = ReportFormat.html.render(Fixture.report(.en, minGroup: 50))
        #expect(en.contains("The total is, and with so few gifts it says a lot about each"))
        #expect(!en.contains("no single gift can be read"))
    }

    @Test("with money from fewer than min_group people, the wall of thanks names nobody: a name beside the total would tell their gift")
    func thanksWithheld() {
        let open = Fixture.report(.fr)
        #expect(open.thanks.contains("Alice Martin") && !open.thanksWithheld)
        // Six people gave (five in euros, one in Points Jeu): with min_group 7 the totals are
        // published, the names are not.
        let few = Fixture.report(.fr, minGroup: 7)
        #expect(few.supporters == 6)
        #expect(few.thanks.isEmpty && few.thanksWithheld)
        for format in [ReportFormat.html, .md, .json] {
            let text = format.render(few)
            #expect(!text.contains("Alice Martin") && !text.contains("bob"), "\(format)")
        }
        #expect(ReportFormat.html.render(few).contains("<p>Moins de 7 personnes ont donné pendant la période\u{00A0}: leurs noms ne sont pas affichés"))
        #expect(ReportFormat.md.render(Fixture.report(.en, minGroup: 7)).contains("Fewer than 7 people gave in the period: their names are not shown"))
    }

    @Test("no technical period id is shown to readers, on a report page or the index")
    func noIDsInProse() {
        let page = Self.visibleText(ReportFormat.html.render(Self.report()))
        let md = ReportFormat.md.render(Self.report())
        let index = Self.visibleText(SiteFixture.site(.fr).render(.index))
        for text in [page, md, index] {
            #expect(!text.contains("2026-11-H1") && !text.contains("2026-10-H2") && !text.contains("2026-11-H2"))
        }
    }

    // MARK: Badge

    @Test("the badge says what it measures, in the report's language, and is never red")
    func badge() {
        let fr = SiteFixture.site(.fr).render(.badge)
        #expect(fr.contains(">besoins couverts</text>"))
        #expect(fr.contains("aria-label=\"Besoins couverts, 16–30 novembre 2026\u{00A0}: "))
        #expect(!fr.contains(">chapeau<") && !fr.contains("#b3261e"))
        let en = SiteFixture.site(.en).render(.badge)
        #expect(en.contains(">needs covered</text>") && en.contains("aria-label=\"Needs covered, 16–30 November 2026: "))
        var empty = SiteFixture.site(.en)
        empty.live = nil
        #expect(empty.render(.badge).contains(">support</text>"))
    }

    // MARK: Index

    @Test("the index groups reports by year, newest first, each with a chart, its description and a table")
    func indexByYear() throws {
        var site = SiteFixture.site(.fr)
        let cfg = Fixture.config(.fr)
        let december = try #require(Period(id: "2025-12-H2"))
        let old = PublicReport(period: december, snapshot: Fixture.snapshot(from: "2025-01-01"), config: cfg, now: SiteFixture.now)
        site.reports.append(ReportSummary(old))
        let year = try #require(Period(id: "2025"))
        site.years = [ReportSummary(PublicReport(period: year, snapshot: Fixture.snapshot(from: "2025-01-01"), config: cfg,
                                                 now: SiteFixture.now))]
        let html = site.render(.index)
        let y2026 = try #require(html.range(of: "<h2 id=\"y2026\">2026</h2>"))
        let y2025 = try #require(html.range(of: "<h2 id=\"y2025\">2025</h2>"))
        #expect(y2026.lowerBound < y2025.lowerBound)
        // 2026 is under way: what came in since January 1st; 2025 is closed: its yearly report.
        #expect(html[y2026.upperBound..<y2025.lowerBound].contains("Depuis le 1er janvier\u{00A0}: "))
        #expect(html[y2025.upperBound...].contains("<p class=\"headline\">Sur l’année\u{00A0}: "))
        // One bar per report, with a title for each, and the same figures as a table.
        #expect(html.contains("<title id=\"chart-2026-title\">Reçu et besoins par période, 2026</title>"))
        #expect(html.contains("<desc id=\"chart-2026-desc\">Une barre par période"))
        #expect(html.contains("aria-labelledby=\"chart-2026-title chart-2026-desc\""))
        let chart2026 = html[y2026.upperBound..<y2025.lowerBound]
        #expect(chart2026.components(separatedBy: "<g><title>").count == 3)
        #expect(chart2026.components(separatedBy: "<tr><td><a href=").count == 3)
        #expect(html.contains("<tr><td><a href=\"2026-11-H1/index.html\">1er–15 novembre 2026</a> <span class=\"muted\">(révisé)</span></td><td class=\"n\">155,00\u{00A0}€</td><td class=\"n\">76\u{202F}%</td></tr>"))
        // The live period first, and every data file linked, funding.json included.
        #expect(html.contains("<h2 id=\"current\">Période en cours</h2>"))
        #expect(html.contains("<a href=\"funding.json\">funding.json</a>") && html.contains("<a href=\"feed.atom\">Atom</a>"))
        #expect(html.contains("<link rel=\"alternate\" type=\"application/atom+xml\" href=\"feed.atom\""))
    }

    @Test("the bars and ticks are the reports' own figures, scaled to the year's largest")
    func chartScale() {
        let html = SiteFixture.site(.fr).render(.index)
        // October: 355 € against 211,62 € of needs (16 of its 31 days); November: 155 € against
        // 205 €. The top is the largest figure, 355 €, over 120 px above the baseline at y = 136.
        #expect(html.contains("<text x=\"0\" y=\"10\" font-size=\"11\" fill=\"#444\">355,00\u{00A0}€</text>"))
        #expect(html.contains("<title>16–31 octobre 2026\u{00A0}: 355,00\u{00A0}€ reçus, besoins 211,62\u{00A0}€</title>"))
        #expect(html.contains("y=\"16\" width=\"106\" height=\"120\" fill=\"#0a5c36\"/>"))   // 355 → 120 px
        #expect(html.contains("y1=\"65\" y2=\"65\""))                                          // 211,62 → 71 px
        #expect(html.contains("y=\"84\" width=\"106\" height=\"52\" fill=\"#0a5c36\"/>"))    // 155 → 52 px
        #expect(html.contains("y1=\"67\" y2=\"67\""))                                          // 205 → 69 px
    }

    @Test("an empty site says so; the index template can be replaced, and a broken one is refused")
    func indexTemplate() throws {
        var empty = SiteFixture.site(.en)
        empty.reports = []
        #expect(empty.render(.index).contains("<p>No report published yet.</p>"))
        let renderer = try ReportRenderer(templates: ReportTemplates(index: "<p>{{n.allReports}}:{{#years}} {{year}}{{/years}}</p>"))
        #expect(SiteFixture.site(.fr).render(.index, renderer: renderer) == "<p>Tous les rapports: 2026</p>")
        #expect(throws: ReportTemplateError.self) { try ReportRenderer(templates: ReportTemplates(index: "{{#years}}")) }
        #expect(ReportTemplates.builtInIndex.contains("{{#years}}"))
    }
}
