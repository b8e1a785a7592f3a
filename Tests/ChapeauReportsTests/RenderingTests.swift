import ChapeauCore
@testable import ChapeauReports
import Foundation
import Testing

/// The report fixture of each golden file: French as configured by default, English with
/// carry-over on so that both layouts of the needs table are pinned.
func goldenReport(_ language: ReportLanguage) -> PublicReport {
    Fixture.report(language, carryOver: language == .en)
}

struct FormatAndLanguage: CustomTestStringConvertible, Sendable {
    let format: ReportFormat
    let language: ReportLanguage
    var testDescription: String { "\(format.rawValue)/\(language.rawValue)" }

    static let all: [FormatAndLanguage] = ReportFormat.allCases.flatMap { f in
        ReportLanguage.allCases.map { FormatAndLanguage(format: f, language: $0) }
    }

    /// `report-fr.html`, `report-en.md`, …
    var goldenName: String {
        let ext = format == .md ? "md" : format.rawValue
        return "report-\(language.rawValue).\(ext)"
    }
}

@Suite("Report renderers")
struct RenderingTests {
    @Test("every format in both languages matches its golden file", arguments: FormatAndLanguage.all)
    func golden(_ c: FormatAndLanguage) {
        Golden.check(c.format.render(goldenReport(c.language)), against: c.goldenName)
    }

    @Test("deterministic: same inputs, same bytes, whatever the order of the snapshot",
          arguments: FormatAndLanguage.all)
    func deterministic(_ c: FormatAndLanguage) {
        let first = c.format.render(goldenReport(c.language))
        #expect(c.format.render(goldenReport(c.language)) == first)
        let shuffled = Fixture.snapshot(gifts: Array(Fixture.gifts().reversed()), offers: Array(Fixture.offers().reversed()))
        let again = c.format.render(Fixture.report(c.language, carryOver: c.language == .en, snapshot: shuffled))
        #expect(again == first)
    }

    @Test("every output ends with one newline and never prints a Swift nil", arguments: FormatAndLanguage.all)
    func noNil(_ c: FormatAndLanguage) {
        let text = c.format.render(goldenReport(c.language))
        #expect(text.hasSuffix("\n") && !text.hasSuffix("\n\n"))
        #expect(!text.contains("nil") && !text.contains("Optional("))
    }

    @Test("file names of the published layout")
    func fileNames() {
        #expect(ReportFormat.allCases.map(\.fileName) == ["index.html", "report.md", "report.json", "report.csv"])
        #expect(ReportFormat(rawValue: "pdf") == nil)
    }

    // MARK: JSON

    @Test("JSON parses and has the required fields", arguments: ReportLanguage.allCases)
    func jsonFields(language: ReportLanguage) throws {
        let text = ReportFormat.json.render(Fixture.report(language))
        let root = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let period = try #require(root["period"] as? [String: Any])
        #expect(period["id"] as? String == "2026-11-H1")
        #expect(period["start"] as? String == "2026-11-01")
        #expect(period["end"] as? String == "2026-11-15")
        #expect(root["generated_at"] as? String == "2026-11-16T07:00:00+01:00")
        #expect(root["language"] as? String == language.rawValue)

        let totals = try #require(root["totals"] as? [[String: Any]])
        #expect(totals.map { $0["unit"] as? String } == ["EUR", "PTJ"])
        #expect(totals.map { $0["amount_minor"] as? Int } == [15500, 5])
        #expect(totals.map { $0["gifts"] as? Int } == [7, 2])
        #expect(totals.map { $0["supporters"] as? Int } == [5, 2])

        let needs = try #require(root["needs"] as? [[String: Any]])
        #expect(needs.count == 1)
        #expect(needs.first?["unit"] as? String == "EUR")
        #expect(needs.first?["needed_minor"] as? Int == 20500)
        #expect(needs.first?["received_minor"] as? Int == 15500)
        #expect(needs.first?["coverage"] as? Double == 0.7561)

        let offers = try #require(root["offers"] as? [String: Any])
        let byKind = try #require(offers["by_kind"] as? [String: Int])
        let byStatus = try #require(offers["by_status"] as? [String: Int])
        #expect(byKind == ["time": 2, "skill": 1, "object": 1, "lodging": 1, "service": 0, "other": 0])
        #expect(byStatus == ["offered": 1, "accepted": 1, "delivered": 2, "declined": 1, "withdrawn": 0])

        let integrity = try #require(root["integrity"] as? [String: Any])
        #expect(integrity["entries"] as? Int == 57)
        #expect(integrity["head"] as? String == Fixture.chain.head)
    }

    @Test("JSON keys are sorted at every level")
    func jsonSorted() {
        let text = ReportFormat.json.render(Fixture.report())
        // Keys of one object are on lines with the same indentation between two brackets.
        var stack: [[String]] = [[]]
        for line in text.split(separator: "\n") {
            let trimmed = line.drop { $0 == " " }
            if trimmed.hasPrefix("\"") && trimmed.contains("\": ") {
                let key = String(trimmed.dropFirst().prefix { $0 != "\"" })
                stack[stack.count - 1].append(key)
            }
            if trimmed.hasSuffix("{") || trimmed.hasSuffix("[") { stack.append([]) }
            if trimmed.hasPrefix("}") || trimmed.hasPrefix("]") {
                let keys = stack.removeLast()
                #expect(keys == keys.sorted(), "keys out of order: \(keys)")
            }
        }
        #expect(stack.count == 1)
    }

    @Test("JSON strings escape quotes, controls and markup")
    func jsonEscaping() {
        #expect(JSON.quote("a\"b\\c\n<d>&\u{1}") == "\"a\\\"b\\\\c\\n\\u003cd\\u003e\\u0026\\u0001\"")
    }

    // MARK: CSV

    @Test("CSV: one figure a row, section,unit,metric,value")
    func csvShape() {
        let csv = ReportFormat.csv.render(Fixture.report())
        let lines = csv.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.first == "section,unit,metric,value")
        #expect(lines.contains("received,EUR,amount,155.00"))
        #expect(lines.contains("received,PTJ,amount,5"))
        #expect(lines.contains("needs,EUR,coverage,0.7561"))
        #expect(lines.contains("received,EUR,median,20.00"))
        #expect(lines.contains("need,EUR,\"Factures (électricité, internet)\",30.00"))
        #expect(lines.contains("integrity,,entries,57"))
    }

    @Test("CSV cells a spreadsheet would run are neutralised; plain numbers stay numbers",
          arguments: [("=SUM(A1)", "'=SUM(A1)"), ("+33 6", "'+33 6"), ("-cmd", "'-cmd"), ("@HYPERLINK", "'@HYPERLINK"),
                      ("\tx", "'\tx"), ("-12.50", "-12.50"), ("a,b", "\"a,b\""), ("say \"hi\"", "\"say \"\"hi\"\"\""),
                      ("=1,2", "\"'=1,2\""), ("plain", "plain")])
    func csvCells(raw: String, expected: String) {
        #expect(CSVReport.cell(raw) == expected)
    }

    @Test("a negative balance stays a number in the CSV")
    func csvNegative() {
        let spendy = Fixture.expenses() + [(ID<Expense>(9), Expense(label: "Ordinateur", amount: Fixture.eur(90000),
                                                                     day: Fixture.day("2026-11-14"), category: "matériel"))]
        let csv = ReportFormat.csv.render(Fixture.report(snapshot: Fixture.snapshot(expenses: spendy)))
        #expect(csv.contains("balance,EUR,balance,-765.50\n"))
    }

    // MARK: HTML

    @Test("HTML is standalone, mobile-first and accessible", arguments: ReportLanguage.allCases)
    func htmlStructure(language: ReportLanguage) {
        let html = ReportFormat.html.render(Fixture.report(language))
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"\(language.rawValue)\">"))
        #expect(html.contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"))
        #expect(html.contains("<meta charset=\"utf-8\">"))
        #expect(!html.lowercased().contains("<script"))
        #expect(!html.contains(" src=") && !html.contains("@import"))
        // The links are the feed and the payment link (no stylesheet, no icon): nothing is fetched.
        #expect(html.components(separatedBy: "<link").count == 3)
        #expect(html.contains("<link rel=\"alternate\" type=\"application/atom+xml\" href=\"../feed.atom\""))
        #expect(html.contains("<title>") && html.contains("<link rel=\"payment\" href=\"https://example.org/soutenir\">\n<style>"))
        #expect(html.components(separatedBy: "<h1>").count == 2)
        #expect(html.components(separatedBy: "<table>").count == html.components(separatedBy: "<caption>").count)
        #expect(html.components(separatedBy: "<svg ").count == 3)   // coverage bar and one histogram
        #expect(html.components(separatedBy: "<svg ").count == html.components(separatedBy: "role=\"img\" aria-labelledby=").count)
        #expect(html.contains("<title id=\"coverage-title\">"))
        #expect(html.contains("width=\"242\""))   // 0.7561 of 320 px
        #expect(html.contains("href=\"https://example.org/soutenir\""))
        #expect(html.contains("@media (min-width:40rem)"))
    }

    @Test("the headline tells received, supporters and coverage", arguments: ReportLanguage.allCases)
    func headline(language: ReportLanguage) {
        let html = ReportFormat.html.render(Fixture.report(language))
        let expected = language == .fr
            ? "1er–15 novembre 2026\u{00A0}: 155,00\u{00A0}€ reçus de 5 personnes (7 dons). Besoins couverts à 76\u{202F}% (205,00\u{00A0}€ pour la période)."
            : "1–15 November 2026: €155.00 received from 5 people (7 gifts). 76% of needs covered (€205.00 for the period)."
        #expect(html.contains("<p class=\"headline\">\(expected)</p>"))
    }

    @Test("live and revised reports say so", arguments: ReportLanguage.allCases)
    func liveAndRevised(language: ReportLanguage) {
        let t = Labels.of(language)
        let closed = ReportFormat.html.render(Fixture.report(language))
        #expect(!closed.contains(t.liveNote) && !closed.contains(t.revisedNote))
        let revised = ReportFormat.html.render(Fixture.report(language, revised: true))
        #expect(revised.contains(t.revisedNote))
        let live = PublicReport(period: Fixture.period, snapshot: Fixture.snapshot(), config: Fixture.config(language),
                                now: Date(timeIntervalSince1970: 1_794_726_000))
        #expect(ReportFormat.html.render(live).contains(t.liveNote))
        #expect(ReportFormat.md.render(live).contains(t.liveNote))
    }

    @Test("a support URL that is not http(s) is never made a link")
    func unsafeSupportURL() {
        var config = Fixture.config()
        config.supportURL = "javascript:alert(1)"
        let r = PublicReport(period: Fixture.period, snapshot: Fixture.snapshot(), config: config, now: Fixture.now)
        #expect(!ReportFormat.html.render(r).contains("javascript:"))
        #expect(!ReportFormat.md.render(r).contains("javascript:"))
    }

    // MARK: Markdown

    @Test("Markdown escapes its own punctuation in ledger text, then HTML")
    func markdownEscaping() {
        #expect(TextEscaper.markdown("a|b*c_d[e](f) `g` {{h}}\nnext") == "a\\|b\\*c\\_d\\[e\\](f) \\`g\\` \\{\\{h\\}\\} next")
        let md = ReportFormat.md.render(Fixture.report(snapshot: Fixture.snapshot(needs: Fixture.needs(label: "Loyer | <b>bureau</b>"))))
        #expect(md.contains("| Loyer \\| &lt;b&gt;bureau&lt;/b&gt; | 350,00\u{00A0}€ par mois | 175,00\u{00A0}€ |"))
    }

    // MARK: templates

    @Test("the built-in templates parse, and ReportFormat.render uses them")
    func builtInTemplates() throws {
        let renderer = try ReportRenderer()
        let r = Fixture.report()
        for format in ReportFormat.allCases {
            #expect(renderer.render(r, as: format) == format.render(r))
        }
        #expect(ReportTemplates.builtInHTML.contains("{{headline}}"))
        // Every value is escaped, but the QR code's SVG (drawn by the app, checked by PaymentBlock).
        #expect(ReportTemplates.builtInHTML.components(separatedBy: "{{{").count == 2)
        #expect(ReportTemplates.builtInHTML.contains("{{{svg}}}"))
        #expect(!ReportTemplates.builtInMarkdown.contains("{{{") && !ReportTemplates.builtInHTML.contains("{{&"))
    }

    @Test("a user's template restyles the report, with values still escaped")
    func overrideTemplates() throws {
        let renderer = try ReportRenderer(templates: ReportTemplates(
            html: "<p lang=\"{{lang}}\">{{author}} · {{#cards}}[{{value}}]{{/cards}} {{missing}}</p>\n",
            markdown: "**{{author}}** {{#thanks}}{{.}};{{/thanks}}\n"))
        var config = Fixture.config()
        config.authorName = "<b>Camille</b>"
        let r = PublicReport(period: Fixture.period, snapshot: Fixture.snapshot(), config: config, now: Fixture.now)
        #expect(renderer.render(r, as: .html)
            == "<p lang=\"fr\">&lt;b&gt;Camille&lt;/b&gt; · [155,00\u{00A0}€][5][76\u{202F}%] </p>\n")
        #expect(renderer.render(r, as: .md) == "**&lt;b&gt;Camille&lt;/b&gt;** Alice Martin;bob;eve;Frank Dupont;\n")
        #expect(renderer.render(r, as: .json) == ReportFormat.json.render(r))
    }

    @Test("an invalid template is refused with the format named")
    func invalidTemplate() {
        #expect(throws: ReportTemplateError.self) { try ReportRenderer(templates: ReportTemplates(markdown: "{{#open}} never closed")) }
        do {
            _ = try ReportRenderer(templates: ReportTemplates(html: "{{/close}}"))
            Issue.record("an unbalanced template was accepted")
        } catch {
            guard case .invalid(let format, _) = error else { return }
            #expect(format == .html)
            #expect(error.description.contains("html report template"))
        }
    }
}
