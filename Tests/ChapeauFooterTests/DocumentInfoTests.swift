import Testing
@testable import ChapeauFooter

@Suite("What an article says about itself")
struct DocumentInfoTests {
    @Test("YAML front matter: title, url, lang, quoted or not")
    func yamlFrontMatter() {
        let text = """
            ---
            title: "Des jardins: partagés"
            url: https://example.org/jardins # canonical
            lang: 'en'
            tags: [a, b]
            ---
            # Another heading

            Body.
            """
        let info = DocumentInfo(parsing: text, kind: .markdown)
        #expect(info == DocumentInfo(title: "Des jardins: partagés", url: "https://example.org/jardins", lang: "en"))
    }

    @Test("TOML front matter after a byte-order mark, with CRLF line endings")
    func tomlFrontMatter() {
        let text = "\u{FEFF}+++\r\ntitle = \"Les \\\"communs\\\"\"\r\nurl = 'https://example.org/c'\r\n"
            + "lang = \"fr\"\r\n+++\r\nBody\r\n"
        let info = DocumentInfo(parsing: text, kind: .markdown)
        #expect(info.title == "Les \"communs\"")
        #expect(info.url == "https://example.org/c")
        #expect(info.lang == "fr")
        #expect(!info.disabled)
    }

    @Test("chapeau: off, false or no opts out", arguments: [
        "---\nchapeau: off\n---\nText\n", "---\nchapeau: \"false\"\n---\n", "+++\nchapeau = false\n+++\n",
        "---\nChapeau: No\n---\n",
    ])
    func optOut(text: String) {
        #expect(DocumentInfo(parsing: text, kind: .markdown).disabled)
    }

    @Test("chapeau: on, or no key, keeps the article stamped", arguments: [
        "---\nchapeau: on\n---\n", "---\ntitle: x\n---\n", "chapeau: off\n", "---\nchapeau: off\n",
    ])
    func optIn(text: String) {
        #expect(!DocumentInfo(parsing: text, kind: .markdown).disabled)
    }

    @Test("Without a front-matter title, the first level-1 heading, outside code blocks")
    func markdownHeadingTitle() {
        let atx = "Intro line\n\n```\n# not a title\n```\n## Sub\n# The *real* title ##\n"
        #expect(DocumentInfo(parsing: atx, kind: .markdown).title == "The *real* title")
        let setext = "---\nlang: fr\n---\nUn titre souligné\n=================\n\nTexte.\n"
        #expect(DocumentInfo(parsing: setext, kind: .markdown).title == "Un titre souligné")
        #expect(DocumentInfo(parsing: "#hashtag is no heading\n", kind: .markdown).title == nil)
    }

    @Test("HTML: <title> first, entities decoded; lang and canonical URL from the markup")
    func htmlTitle() {
        let html = """
            <!DOCTYPE html><html lang="fr-FR"><head><TITLE>L&rsquo;&eacute;t&eacute;
              &amp; nous</TITLE><link rel="canonical" href="https://example.org/ete?a=1&amp;b=2">
            </head><body><h1>Ignored</h1></body></html>
            """
        let info = DocumentInfo(parsing: html, kind: .html)
        #expect(info.title == "L’été & nous")
        #expect(info.lang == "fr-FR")
        #expect(info.url == "https://example.org/ete?a=1&b=2")
        #expect(!info.disabled)
    }

    @Test("HTML without <title>: the first <h1>, tags stripped; a meta tag opts out")
    func htmlHeading() {
        let html = #"<meta name="chapeau" content="off"><article><h1 class="t">Le <em>grand</em> soir</h1></article>"#
        let info = DocumentInfo(parsing: html, kind: .html)
        #expect(info.title == "Le grand soir")
        #expect(info.disabled)
    }

    @Test("Text: the first line is the title when it is not blank")
    func textTitle() {
        #expect(DocumentInfo(parsing: "\u{FEFF}  Mon titre \r\nCorps\r\n", kind: .text).title == "Mon titre")
        #expect(DocumentInfo(parsing: "\nCorps\n", kind: .text).title == nil)
        #expect(DocumentInfo(parsing: "", kind: .text) == DocumentInfo())
    }
}
