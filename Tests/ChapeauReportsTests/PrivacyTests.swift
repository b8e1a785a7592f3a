import ChapeauCore
import ChapeauReports
import Foundation
import Testing

/// What must never be published, and ledger text that tries to become markup.
@Suite("Privacy and escaping")
struct PrivacyTests {
    static let script = "<script>alert(1)</script>"
    static let mustache = "{{mustache}}"
    static let iframe = "<iframe src=\"javascript:alert(3)\">"
    static let formula = "=HYPERLINK(\"http://evil.example\")"

    /// Public names, labels and descriptions written by someone hostile.
    static func hostileReport(_ language: ReportLanguage) -> PublicReport {
        let snapshot = Fixture.snapshot(
            supporters: Fixture.supporters(aliceName: script, bobHandle: mustache),
            gifts: Fixture.gifts(channel: formula, campaign: "<b>hiver</b>"),
            needs: Fixture.needs(label: "<script>alert(2)</script>"),
            expenses: Fixture.expenses(category: "{{#x}}y{{/x}}"),
            offers: Fixture.offers(description: iframe))
        var config = Fixture.config(language)
        config.authorName = "Camille <img src=x onerror=alert(4)>"
        return PublicReport(period: Fixture.period, snapshot: snapshot, config: config, now: Fixture.now)
    }

    static let markup = ["<script", "</script>", "<iframe", "<img", "<b>"]

    @Test("HTML, Markdown and JSON never carry ledger text as raw markup", arguments: [ReportFormat.html, .md, .json])
    func markupEscaped(format: ReportFormat) {
        for language in ReportLanguage.allCases {
            let text = format.render(Self.hostileReport(language))
            for m in Self.markup { #expect(!text.contains(m), "\(format) (\(language)) contains raw \(m)") }
            #expect(!text.contains("onerror=alert(4)>"))
        }
    }

    @Test("escaped values are still there, readable, and were never run as templates",
          arguments: ReportLanguage.allCases)
    func valuesStillThere(language: ReportLanguage) {
        let r = Self.hostileReport(language)
        #expect(r.thanks.contains(Self.script) && r.thanks.contains(Self.mustache))
        let html = ReportFormat.html.render(r)
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("<li>{{mustache}}</li>"))          // printed as text, not rendered
        #expect(html.contains("{{#x}}y{{/x}}"))
        let md = ReportFormat.md.render(r)
        #expect(md.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(md.contains("\\{\\{mustache\\}\\}"))
        #expect(!md.contains(Self.mustache))                   // a site generator will not run it either
        let json = ReportFormat.json.render(r)
        #expect(json.contains("\"\\u003cscript\\u003ealert(1)\\u003c/script\\u003e\""))
        #expect(json.contains("\"{{mustache}}\""))
    }

    @Test("CSV holds figures: no names; formula cells neutralised", arguments: ReportLanguage.allCases)
    func csv(language: ReportLanguage) {
        let csv = ReportFormat.csv.render(Self.hostileReport(language))
        #expect(!csv.contains(Self.script) && !csv.contains(Self.mustache) && !csv.contains("Camille"))
        #expect(csv.contains("by_channel,EUR,\"'=HYPERLINK(\"\"http://evil.example\"\")\",20.00"))
        for line in csv.split(separator: "\n") {
            for cell in line.split(separator: ",", omittingEmptySubsequences: false) {
                let bare = cell.hasPrefix("\"") ? cell.dropFirst() : cell
                if let first = bare.first, "=+@".contains(first) { Issue.record("formula cell left as is: \(line)") }
            }
        }
    }

    @Test("anonymous and erased supporters are never named, even if the snapshot names them",
          arguments: FormatAndLanguage.all)
    func neverNamed(_ c: FormatAndLanguage) {
        var supporters = Fixture.supporters()
        // A faulty snapshot that gives the anonymous supporter a wall name anyway.
        supporters[Fixture.carol]?.wallName = "Carol Secret"
        let text = c.format.render(Fixture.report(c.language, snapshot: Fixture.snapshot(supporters: supporters)))
        for hidden in ["Carol", "carol-secret", "Dave", "dave", "gina"] {
            #expect(!text.contains(hidden), "\(c.testDescription) names \(hidden)")
        }
        #expect(text.contains("Alice Martin") || c.format == .csv)
    }

    @Test("no e-mail, note, supporter id or per-person amount in any output", arguments: FormatAndLanguage.all)
    func nothingPrivate(_ c: FormatAndLanguage) {
        let text = c.format.render(goldenReport(c.language))
        #expect(!text.contains("@example.org"))
        #expect(!text.contains("private note"))
        #expect(text.range(of: #"\b[sg]-[0-9]+\b"#, options: .regularExpression) == nil)
        // Alice gave 20.00 + 3 PTJ: her name is never next to an amount.
        if let line = text.split(separator: "\n").first(where: { $0.contains("Alice Martin") }) {
            #expect(!line.contains("20,00") && !line.contains("20.00") && !line.contains("€20"))
        }
    }
}
