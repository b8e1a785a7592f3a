import Foundation
import Testing
@testable import ChapeauCore
@testable import ChapeauReports

/// The built-in layouts render through `CompiledTemplate`; a replaced layout through swift-mustache.
/// For the built-in ones both must give the same bytes, on every kind of report.
@Suite("The built-in layouts, compiled: the same bytes as Mustache")
struct CompiledTemplateTests {
    /// The built-in templates passed as replacements: the swift-mustache path.
    static let mustache = (try? ReportRenderer(templates: ReportTemplates(html: ReportTemplates.builtInHTML,
                                                                        markdown: ReportTemplates.builtInMarkdown)))

    static func reports() -> [(String, PublicReport)] {
        var out: [(String, PublicReport)] = []
        for language in ReportLanguage.allCases {
            for carry in [false, true] {
                for minGroup in [1, 3, 50] {
                    out.append(("fixture \(language) carry \(carry) min \(minGroup)", Fixture.report(language, carryOver: carry, minGroup: minGroup)))
                }
            }
            out.append(("revised \(language)", Fixture.report(language, revised: true)))
            out.append(("campaigns \(language)", CampaignFixture.report(language)))
            out.append(("live \(language)", PagesTests.report(now: PagesTests.tenthOfNovember, language: language)))
            out.append(("last day \(language)", PagesTests.report(now: PagesTests.fifteenthOfNovember, language: language)))
            out.append(("no first day \(language)", PagesTests.report(firstDay: nil, language: language)))
            out.append(("IBAN \(language)", PaymentBlockTests.report(PaymentBlockTests.config(language))))
            out.append(("IBAN, no BIC, no code \(language)", PaymentBlockTests.report(PaymentBlockTests.config(language, svg: "", bic: nil))))
            // Markup, quotes and Markdown punctuation in every name a report prints.
            let hostile = Fixture.snapshot(supporters: Fixture.supporters(aliceName: "<b>Alice</b> & \"Co\" 'x' *y* [z](u) {{t.summary}}",
                                                                         bobHandle: "b_o|b`"))
            out.append(("hostile \(language)", Fixture.report(language, snapshot: hostile)))
            out.append(("empty \(language)", Fixture.report(language, snapshot: Fixture.snapshot(gifts: [], needs: [], expenses: [], offers: []))))
        }
        // Two years of semi-monthly reports from a random ledger, in one pass.
        let ledger = StreamTests.ledger(seed: 11, gifts: 900)
        let periods = Period.all(.semiMonthly, from: StreamTests.day("2025-01-01"), to: StreamTests.day("2026-11-15"))
        for carry in [false, true] {
            var source = GiftArraySource(ledger.gifts)
            for r in PublicReport.build(periods, context: ledger, gifts: &source, config: StreamTests.config(carryOver: carry), now: StreamTests.now) {
                out.append(("random \(r.period.id) carry \(carry)", r))
            }
        }
        return out
    }

    @Test("HTML and Markdown: compiled and Mustache renders are byte for byte the same")
    func sameBytes() throws {
        let mustache = try #require(Self.mustache)
        let reports = Self.reports()
        #expect(reports.count > 100)
        for (name, report) in reports {
            for format in [ReportFormat.html, .md] {
                let compiled = ReportFormat.render(format)(report)
                let reference = mustache.render(report, as: format)
                let a = Array(compiled.utf8), b = Array(reference.utf8)
                if a != b {
                    let at = zip(a, b).prefix { $0 == $1 }.count
                    let show = { (bytes: [UInt8]) in String(decoding: bytes[max(0, at - 60)..<min(bytes.count, at + 60)], as: UTF8.self) }
                    Issue.record("\(name), \(format): differs at byte \(at) of \(a.count)/\(b.count)\ncompiled: \(show(a))\nmustache: \(show(b))")
                }
                #expect(!compiled.isEmpty)
            }
        }
    }

    @Test("Both built-in layouts compile; what the parser does not read makes no template")
    func parses() {
        #expect(CompiledTemplate(ReportTemplates.builtInHTML) != nil)
        #expect(CompiledTemplate(ReportTemplates.builtInMarkdown) != nil)
        for unread in ["{{> partial}}", "{{=<% %>=}}", "{{#a}}never closed", "{{/a}}", "{{#a}}{{/b}}", "{{name\n}}", "{{$block}}{{/block}}"] {
            #expect(CompiledTemplate(unread) == nil, "\(unread)")
        }
    }

    @Test("A replaced layout is the one used, the other stays built in; a bad replacement is named")
    func replacements() throws {
        let report = Fixture.report()
        let renderer = try ReportRenderer(templates: ReportTemplates(markdown: "Rapport : {{heading}}"))
        #expect(renderer.render(report, as: .md) == "Rapport : " + ReportContext(report, escape: .markdown).heading)
        #expect(renderer.render(report, as: .html) == ReportFormat.html.render(report))
        #expect(throws: ReportTemplateError.self) { try ReportRenderer(templates: ReportTemplates(markdown: "{{#a}}")) }
        do {
            _ = try ReportRenderer(templates: ReportTemplates(markdown: "{{#a}}"))
        } catch {
            #expect(error.description.contains("md report template"))
        }
        do {
            _ = try ReportRenderer(templates: ReportTemplates(index: "{{#a}}"))
            Issue.record("a bad index template was accepted")
        } catch {
            guard case .indexInvalid = error else { Issue.record("\(error)"); return }
            #expect(error.description.contains("index template"))
        }
    }

    struct Row: TemplateFields {
        let label: String
        func field(_ key: Substring) -> TemplateField? { key == "label" ? .text(label) : nil }
    }

    struct Root: TemplateFields {
        func field(_ key: Substring) -> TemplateField? {
            switch key {
            case "rows": return .list([.object(Row(label: "a<b")), .object(Row(label: "c"))])
            case "none": return .list([])
            case "names": return .texts(["x & y", "z"])
            case "yes": return .flag(true)
            case "no": return .flag(false)
            case "title": return .text("T")
            case "empty": return .text("")
            default: return nil
            }
        }
    }

    @Test("Sections, inverted sections, the context stack, {{.}}, raw values and standalone lines")
    func semantics() throws {
        let template = """
        {{#rows}}
          <li>{{label}} in {{title}}</li>
        {{/rows}}
        {{^none}}no rows{{/none}}|{{#none}}never{{/none}}|{{#yes}}Y{{/yes}}{{#no}}N{{/no}}{{^no}}!N{{/no}}
        {{#names}}[{{.}}]{{/names}} {{{names.x}}}{{missing}}{{#missing}}M{{/missing}}{{^missing}}-{{/missing}}
        {{#empty}}E{{/empty}}{{^empty}}not shown{{/empty}} {{! a comment }}{{&title}}
        """
        let compiled = try #require(CompiledTemplate(template))
        #expect(compiled.render(Root()) == "  <li>a&lt;b in T</li>\n  <li>c in T</li>\nno rows||Y!N\n[x &amp; y][z] -\nE T")
    }

    @Test("A mark combined with < or & does not hide it from the escaping")
    func escapesBytes() throws {
        let compiled = try #require(CompiledTemplate("{{title}}"))
        struct One: TemplateFields {
            func field(_ key: Substring) -> TemplateField? { .text("<\u{301}script>&\u{301}") }
        }
        #expect(compiled.render(One()) == "&lt;\u{301}script&gt;&amp;\u{301}")
    }
}

/// Every stored property of every context answers its own name with its own value.
@Suite("The report contexts answer every name reflection finds")
struct ContextFieldsTests {
    static func check(_ fields: any TemplateFields, mirroring value: Any, at path: String) -> [String] {
        var problems: [String] = []
        for child in Mirror(reflecting: value).children {
            guard let label = child.label else { continue }
            let here = path + "." + label
            guard let field = fields.field(Substring(label)) else { problems.append("\(here): not answered"); continue }
            problems += compare(field, child.value, at: here)
        }
        if fields.field("no such name") != nil { problems.append("\(path): answers an unknown name") }
        return problems
    }

    static func compare(_ field: TemplateField, _ value: Any, at path: String) -> [String] {
        switch (field, value) {
        case (.text(let a), let b as String): return a == b ? [] : ["\(path): \(a) ≠ \(b)"]
        case (.text(let a), let b) where Mirror(reflecting: b).displayStyle == .enum: return a == String(describing: b) ? [] : ["\(path): \(a)"]
        case (.flag(let a), let b as Bool): return a == b ? [] : ["\(path): \(a) ≠ \(b)"]
        case (.texts(let a), let b as [String]): return a == b ? [] : ["\(path): texts differ"]
        case (.list(let items), let b as [Any]):
            guard items.count == b.count else { return ["\(path): \(items.count) items, not \(b.count)"] }
            return zip(items, b).enumerated().flatMap { compare($1.0, $1.1, at: "\(path)[\($0)]") }
        case (.object(let o), let b): return check(o, mirroring: b, at: path)
        default: return ["\(path): \(field) for \(type(of: value))"]
        }
    }

    @Test("For every sample report, in both escapings")
    func everyName() {
        for (name, report) in CompiledTemplateTests.reports().prefix(40) {
            for escape in [TextEscaper.html, .markdown] {
                let context = ReportContext(report, escape: escape)
                #expect(Self.check(ReportRoot(context), mirroring: context, at: name) == [])
                #expect(Self.check(context, mirroring: context, at: name) == [])
            }
        }
    }
}
