import Testing
@testable import ChapeauFooter

@Suite("Footer templates")
struct FooterTemplateTests {
    @Test("Both built-ins exist, with a head line, and are found by language")
    func builtIns() throws {
        #expect(FooterTemplate.builtInNames == ["presslib-fr", "presslib-en"])
        for name in FooterTemplate.builtInNames {
            let template = try Fixtures.template(name)
            #expect(template.name == name)
            #expect(template.hasHead)
        }
        #expect(FooterTemplate.builtIn(named: "presslib-de") == nil)
        #expect(FooterTemplate.builtIn(language: "en-GB")?.name == "presslib-en")
        #expect(FooterTemplate.builtIn(language: "fr")?.name == "presslib-fr")
        #expect(FooterTemplate.builtIn(language: "")?.name == "presslib-fr")
    }

    @Test("The French built-in says what presslib' says, in its own words, with every figure")
    func frenchWording() throws {
        let rendered = try Fixtures.rendered(.text)
        #expect(rendered.head == "Ce texte est un article en participation libre (*)")
        for phrase in ["republier librement ce texte", "que ce paragraphe l’accompagne", "Jeanne Martin",
                       "participation libre", "Pour participer\u{A0}: https://example.org/soutenir.",
                       "Pour novembre 2026, 1 234,56 € reçus sur 2 000,00 € de besoins déclarés (couverts à 62 %).",
                       "https://example.org/rapports/2026-11/", "Licence CC BY-SA 4.0.",
                       "«\u{A0}Des jardins partagés\u{A0}», https://example.org/jardins."] {
            #expect(rendered.tail.contains(phrase), "missing: \(phrase)")
        }
    }

    @Test("The English built-in renders the same facts")
    func englishWording() throws {
        var context = Fixtures.context
        context.language = "en"
        let rendered = try Fixtures.rendered(.text, context: context, template: "presslib-en")
        #expect(rendered.head == "This text is a free-participation article (*)")
        for phrase in ["republish this text", "this paragraph goes with it", "free participation",
                       "To take part: https://example.org/soutenir.", "(62 % covered)",
                       "https://example.org/rapports/2026-11/"] {
            #expect(rendered.tail.contains(phrase), "missing: \(phrase)")
        }
    }

    @Test("Empty values leave no trace: no 'nil', no dangling sentence", arguments: FileKind.allCases)
    func emptyValues(kind: FileKind) throws {
        let context = FooterContext(authorName: "Jeanne", supportURL: "https://example.org/s", language: "fr")
        let rendered = try Fixtures.rendered(kind, context: context)
        #expect(!rendered.tail.contains("nil"))
        #expect(!rendered.tail.contains("reçus"))
        #expect(!rendered.tail.contains("bilan"))
        #expect(!rendered.tail.contains("Texte original"))
        #expect(!rendered.tail.contains("  "))
    }

    @Test("Values are escaped for Markdown and HTML, written as they are in text")
    func escaping() throws {
        var context = Fixtures.context
        context.articleTitle = "Tom & <Jerry>"
        let html = try Fixtures.rendered(.html, context: context)
        #expect(html.tail.contains("Tom &amp; &lt;Jerry&gt;"))
        #expect(html.tail.contains(#"<a href="https://example.org/soutenir">"#))
        let markdown = try Fixtures.rendered(.markdown, context: context)
        #expect(markdown.tail.contains("Tom &amp; &lt;Jerry&gt;"))
        #expect(markdown.tail.contains("[https://example.org/soutenir](https://example.org/soutenir)"))
        let text = try Fixtures.rendered(.text, context: context)
        #expect(text.tail.contains("Tom & <Jerry>"))
        #expect(!text.tail.contains("&amp;"))
    }

    @Test("A user template: head and footer parts split by comment lines, flags for kinds")
    func userTemplate() throws {
        let source = """
            {{! my footer }}
            {{! chapeau:head }}
            Free text {{#markdown}}(md){{/markdown}}{{#text}}(txt){{/text}}
            {{! chapeau:footer }}
            Support {{author_name}}:   {{support_url}}{{#has_report}} — report {{report_url}}{{/has_report}}.{{^has_report}} No report yet.{{/has_report}}


            {{#has_licence}}{{licence}}{{/has_licence}}
            """
        let template = try FooterTemplate(name: "mine.mustache", source: source)
        let context = FooterContext(authorName: "A", supportURL: "u", licence: "CC0.")
        #expect(template.render(context, for: .markdown) == RenderedFooter(
            head: "Free text (md)", tail: "Support A: u. No report yet.\n\nCC0."))
        #expect(template.render(context, for: .text).head == "Free text (txt)")
    }

    @Test("A template without section lines is all footer, with no head")
    func footerOnly() throws {
        let template = try FooterTemplate(name: "plain", source: "Give at {{support_url}}\r\n")
        #expect(!template.hasHead)
        #expect(template.render(FooterContext(supportURL: "https://x"), for: .text)
            == RenderedFooter(head: nil, tail: "Give at https://x"))
    }

    @Test("Invalid Mustache is refused with the line in the whole file")
    func invalidTemplate() {
        let source = "{{! chapeau:head }}\nHead\n{{! chapeau:footer }}\nLine\n{{#has_report}}unclosed\n"
        #expect(throws: FooterError.self) { try FooterTemplate(name: "bad.mustache", source: source) }
        do throws(FooterError) {
            _ = try FooterTemplate(name: "bad.mustache", source: source)
        } catch {
            guard case let .invalidTemplate(name, line, _, _) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(name == "bad.mustache")
            #expect(line >= 5)
            #expect(error.description.hasPrefix("footer template bad.mustache is not valid Mustache at line"))
        }
    }

    @Test("Tidying trims blank lines and trailing spaces and collapses inner runs of spaces")
    func tidy() {
        #expect(FooterTemplate.tidy("\n\n  a  b \n\n\n\nc\t\n\n") == "  a b\n\nc")
    }

    @Test("The documented values are exactly those a template can use")
    func documentedValues() {
        let names = Set(Fixtures.context.mustacheValues(for: .html).keys)
        #expect(names == [
            "author_name", "support_url", "article_title", "article_url", "licence", "period", "received",
            "needs", "carried_in", "coverage", "report_url", "lang", "has_title", "has_article_url", "has_licence",
            "has_report", "has_lang", "has_progress", "has_needs", "has_carried_in", "has_coverage", "markdown", "html", "text",
            "fr", "en",
        ])
    }
}
