import Foundation
import Testing
@testable import ChapeauFooter

@Suite("Auditing republished copies")
struct AuditTests {
    static let supportURL = "https://example.org/soutenir"

    static var paragraph: String {
        get throws { try Fixtures.rendered(.text).tail }
    }

    /// A page republishing the article, with `footer` as the footer's markup.
    static func page(_ footer: String) -> String {
        """
        <!DOCTYPE html>
        <html><head><title>Reprise</title><style>p { color: red }</style>
        <script>var footer = "Vous pouvez copier";</script></head>
        <body><nav>Accueil</nav><article><h1>Des jardins partagés</h1>
        <p>Le texte repris, entier.</p>
        \(footer)
        </article><footer>© Le site qui republie</footer></body></html>
        """
    }

    @Test("htmlToText drops scripts, styles, the head and comments, and breaks lines at blocks")
    func htmlToText() {
        let html = """
            <html><head><title>T</title><style>.a{}</style></head><body>
            <script type="text/javascript">if (a < b) { x = "<p>no</p>"; }</script>
            <!-- a comment <p>hidden</p> -->
            <h1>Un&nbsp;titre</h1><p>Premier   <em>para</em>graphe,
            sur deux lignes.</p><p>Tom&amp;Jerry &lt;3 &#233;t&#xE9; &laquo;ok&raquo; &bogus; caf&eacute;</p>
            <ul><li>un</li><li>deux<br>trois</li></ul></body></html>
            """
        #expect(Audit.htmlToText(html) == """
            Un\u{A0}titre
            Premier paragraphe, sur deux lignes.
            Tom&Jerry <3 été «ok» &bogus; café
            un
            deux
            trois
            """)
    }

    @Test("normalise folds spaces, quotes, apostrophes and French spacing")
    func normalise() {
        #expect(Audit.normalise("  «\u{A0}Libre\u{202F}» ,\n\tl’article\u{A0}: “oui” !  ") == "\"Libre\" , l'article: \"oui\"!")
        #expect(Audit.normalise("\"Libre\" , l'article : \"oui\" !") == "\"Libre\" , l'article: \"oui\"!")
        #expect(Audit.normalise("cafe\u{301} — in\u{AD}visible…") == "café - invisible...")
    }

    @Test("Present when the paragraph is reproduced, re-wrapped and re-encoded")
    func present() throws {
        let paragraph = try Self.paragraph
        let rewrapped = paragraph
            .replacingOccurrences(of: "\u{A0}", with: "&nbsp;")
            .replacingOccurrences(of: "’", with: "'")
            .replacingOccurrences(of: "é", with: "&eacute;")
            .replacingOccurrences(of: ", ", with: ",\n    ")
            .replacingOccurrences(of: "https://example.org/soutenir.",
                                  with: "<a href=\"https://example.org/soutenir/\">example.org/soutenir</a>.")
        let finding = Audit.compare(expected: paragraph, supportURL: Self.supportURL,
                                    page: Self.page("<p class=\"note\"><small>\(rewrapped)</small></p>"))
        #expect(finding == AuditFinding(paragraph: .present, supportLinkPresent: true))
        #expect(finding.isCompliant)
    }

    @Test("The stamped HTML footer, as published, is present")
    func stampedHTMLIsPresent() throws {
        let html = try Footer.stamp(Self.page(""), kind: .html, rendered: Fixtures.rendered(.html))
        let finding = Audit.compare(expected: try Self.paragraph, supportURL: Self.supportURL, page: html)
        #expect(finding.isCompliant)
        let fromHTML = Audit.compare(expected: try Fixtures.rendered(.html).tail, supportURL: Self.supportURL, page: html)
        #expect(fromHTML.paragraph == .present)
    }

    @Test("A paragraph with < and & in its values matches the page that escapes them")
    func escapedValues() throws {
        var context = Fixtures.context
        context.articleTitle = "Tom & <Jerry>"
        let paragraph = try Fixtures.rendered(.text, context: context).tail
        let html = try Footer.stamp(Self.page(""), kind: .html, rendered: Fixtures.rendered(.html, context: context))
        #expect(Audit.compare(expected: paragraph, supportURL: Self.supportURL, page: html).paragraph == .present)
    }

    @Test("Altered when a sentence is changed, naming the difference")
    func alteredSentence() throws {
        let paragraph = try Self.paragraph
        let changed = paragraph.replacingOccurrences(of: "sans publicité ni abonnement",
                                                     with: "grâce à nos annonceurs")
        #expect(changed != paragraph)
        let finding = Audit.compare(expected: paragraph, supportURL: Self.supportURL, page: Self.page("<p>\(changed)</p>"))
        guard case let .altered(differences) = finding.paragraph else {
            Issue.record("expected altered, got \(finding.paragraph)")
            return
        }
        #expect(differences == ["sentence 2: “sans publicité ni abonnement.” was changed to “grâce à nos annonceurs.”"])
        #expect(finding.supportLinkPresent)
        #expect(!finding.isCompliant)
    }

    @Test("Altered when a sentence is cut, naming the missing sentence")
    func alteredCut() throws {
        let paragraph = try Self.paragraph
        let cut = paragraph.replacingOccurrences(of: "Licence CC BY-SA 4.0. ", with: "")
        let finding = Audit.compare(expected: paragraph, supportURL: Self.supportURL, page: Self.page("<p>\(cut)</p>"))
        #expect(finding.paragraph == .altered(differences: ["sentence 7 is missing: “Licence CC BY-SA 4.0.”"]))
    }

    @Test("Altered when words are added inside the paragraph")
    func alteredAddition() throws {
        let paragraph = try Self.paragraph
        let padded = paragraph.replacingOccurrences(of: "Pour participer", with: "Vraiment, pour participer")
        let finding = Audit.compare(expected: paragraph, supportURL: Self.supportURL, page: Self.page("<p>\(padded)</p>"))
        #expect(finding.paragraph == .altered(differences: ["between sentences 3 and 4: “Vraiment,” was added"]))
    }

    @Test("Missing when the page has no footer, or something else entirely")
    func missing() throws {
        let paragraph = try Self.paragraph
        let bare = Audit.compare(expected: paragraph, supportURL: Self.supportURL, page: Self.page(""))
        #expect(bare == AuditFinding(paragraph: .missing, supportLinkPresent: false))
        let other = Audit.compare(expected: paragraph, supportURL: Self.supportURL,
                                  page: Self.page("<p>Ce texte est libre. Soutenez-nous sur https://autre.example/dons.</p>"))
        #expect(other.paragraph == .missing)
        #expect(Audit.compare(expected: paragraph, supportURL: Self.supportURL, page: "").paragraph == .missing)
    }

    @Test("The support link counts in an href or in the text, with or without scheme or trailing slash",
          arguments: [
              (#"<a href="https://example.org/soutenir">give</a>"#, true),
              (#"<a class=x href='http://www.example.org/soutenir/?utm_source=blog#top'>give</a>"#, true),
              (#"<A HREF="HTTPS://EXAMPLE.ORG/soutenir">give</A>"#, true),
              ("Donnez sur example.org/soutenir, merci.", true),
              (#"<a href="https://example.org/soutenir-autre">x</a>"#, false),
              (#"<a href="https://example.org/">example.org</a>"#, false),
              (#"<img src="https://example.org/soutenir">"#, false),
          ])
    func supportLink(html: String, expected: Bool) {
        #expect(Audit.supportLinkPresent(Self.supportURL, in: html) == expected)
    }

    @Test("An empty support URL is never found")
    func emptySupportURL() {
        #expect(!Audit.supportLinkPresent("", in: #"<a href="">x</a>"#))
    }
}
