import Testing
@testable import ChapeauFooter

@Suite("Rendering one template for many articles")
struct FooterRendererTests {
    /// Titles and URLs that put every rule of tidying and escaping to the test.
    static let pieces = [
        "Des jardins", "partagés", "  ", " ", "\t", "\n", "\r\n", "\r", "<b>", "&", "\"", "'", "e\u{301}", "\u{301}",
        "\u{600}", "\u{200D}", "😀", "«\u{A0}", "»", "https://example.org/a?b=1&c=2", "\u{E000}", "\u{E001}",
        "\u{E000}T<\u{E001}", "{{article_title}}", "x", "", "été", "\u{202F}", "\u{2003}",
    ]

    static func randomText(_ random: inout SplitMix64) -> String {
        let count = Int.random(in: 0...5, using: &random)
        return (0..<count).map { _ in pieces[Int.random(in: 0..<pieces.count, using: &random)] }.joined()
    }

    static let userTemplate = """
        {{! chapeau:head }}
          {{#has_title}}“{{article_title}}”{{/has_title}}  by {{author_name}}\u{0020}\u{0020}
        {{! chapeau:footer }}
        {{{article_url}}} and {{& article_url }} and {{ article_url }}

        {{#has_article_url}}Original:   {{article_title}}{{/has_article_url}}
        {{^has_title}}untitled{{/has_title}}
        """

    @Test("Gives exactly what rendering the template gives, for any title and URL",
          arguments: ["presslib-fr", "presslib-en", "user"])
    func sameAsTemplate(name: String) throws {
        let template = name == "user" ? try FooterTemplate(name: "user.mustache", source: Self.userTemplate)
            : try Fixtures.template(name)
        let renderer = FooterRenderer(template)
        #expect(renderer.usesValuesPlainly)
        var random = SplitMix64(seed: 0xF00_7E4)
        for round in 0..<1500 {
            var context = round % 2 == 0 ? Fixtures.context : Fixtures.laterContext
            context.articleTitle = Self.randomText(&random)
            context.articleURL = round % 5 == 0 ? Self.randomText(&random) : "https://example.org/\(round)/"
            context.language = round % 3 == 0 ? "en" : "fr"
            for kind in FileKind.allCases {
                #expect(renderer.render(context, for: kind) == template.render(context, for: kind),
                        "\(name) \(kind) title \(context.articleTitle.debugDescription) url \(context.articleURL.debugDescription)")
            }
        }
    }

    @Test("Articles that differ only in their title and URL share one rendering per kind")
    func shared() throws {
        let template = try Fixtures.template()
        let renderer = FooterRenderer(template)
        for index in 0..<300 {
            var context = Fixtures.context
            context.articleTitle = "Article n° \(index) : « l’été »"
            context.articleURL = "https://example.org/\(index)/?a=1&b=2"
            for kind in FileKind.allCases {
                #expect(renderer.render(context, for: kind) == template.render(context, for: kind))
            }
        }
        #expect(renderer.groupCount == FileKind.allCases.count)
    }

    @Test("Templates that use the title or URL otherwise than as plain tags are rendered in full")
    func otherUses() throws {
        for source in ["{{#article_title}}x{{/article_title}}", "{{article_title.count}}", "{{=<% %>=}}<%article_url%>",
                       "{{uppercased(article_title)}}", "{{{article_title}}"] {
            #expect(!FooterRenderer.usesPlainly(source, names: ["article_title", "article_url"]), "\(source)")
        }
        for source in ["{{article_title}}", "{{ article_url }}", "{{{article_title}}}", "{{&article_url}}",
                       "{{#has_article_url}}{{/has_article_url}}", "no values at all"] {
            #expect(FooterRenderer.usesPlainly(source, names: ["article_title", "article_url"]), "\(source)")
        }
        let template = try FooterTemplate(name: "s.mustache", source: "{{#article_title}}[{{article_title}}]{{/article_title}}")
        let renderer = FooterRenderer(template)
        #expect(!renderer.usesValuesPlainly)
        #expect(renderer.render(FooterContext(articleTitle: "T"), for: .text).tail == "[T]")
    }

    @Test("A stand-in character in another value falls back to a full rendering")
    func standInElsewhere() throws {
        let template = try Fixtures.template()
        var context = Fixtures.context
        context.authorName = "\u{E000}T<\u{E001}"
        #expect(FooterRenderer(template).render(context, for: .html) == template.render(context, for: .html))
    }

    @Test("Tidying bytes gives what tidying characters gives")
    func tidyBytes() {
        var random = SplitMix64(seed: 0x71D7)
        let parts = Self.pieces + [" ", "  ", "\n", "\n\n", "\t", " \u{301}", "\u{600} ", "a", "\r\n\r\n"]
        for _ in 0..<5000 {
            let text = (0..<Int.random(in: 0...12, using: &random))
                .map { _ in parts[Int.random(in: 0..<parts.count, using: &random)] }.joined()
            #expect(FooterTemplate.tidy(text) == FooterTemplate.tidyCharacters(text), "\(text.debugDescription)")
        }
    }
}

@Suite("Byte searches")
struct ByteSearchTests {
    @Test("firstOffset and contains(exactly:) find what a plain scan finds")
    func sameAsPlainScan() {
        var random = SplitMix64(seed: 0xB17E5)
        let alphabet = Array("aAcChH:<!- pé\n".utf8)
        let needles = ["chapeau:", "<!-- wp:", "</article", "<h1", "a", ":", "CH"].map { Array($0.utf8) }
        for _ in 0..<3000 {
            let bytes = (0..<Int.random(in: 0...40, using: &random)).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &random)] }
                + (Bool.random(using: &random) ? Array("xChApEaU:y<!-- WP:".utf8) : [])
            let from = Int.random(in: 0...4, using: &random)
            for needle in needles {
                let plain = bytes.count < needle.count ? nil : (0...(bytes.count - needle.count)).first { index in
                    index >= from && zip(bytes[index...], needle).allSatisfy { ASCII.lowercased($0) == ASCII.lowercased($1) }
                }
                #expect(bytes.firstOffset(of: needle, from: from) == plain, "\(bytes) \(needle)")
                let exact = bytes.count >= needle.count && (0...(bytes.count - needle.count)).contains { Array(bytes[$0..<($0 + needle.count)]) == needle }
                #expect(bytes.contains(exactly: needle, in: 0..<bytes.count) == exact)
            }
        }
    }
}
