import Foundation
import Testing
@testable import ChapeauFooter

/// Real articles from public sites (Tests/Fixtures/realworld/articles, provenance alongside).
enum RealWorld {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/realworld/articles/corpus")

    static func text(_ name: String) throws -> String {
        let data = try Data(contentsOf: corpus.appendingPathComponent(name))
        guard let text = String(validating: data, as: UTF8.self) else { throw Unreadable(name: name) }
        return text
    }

    struct Unreadable: Error { let name: String }

    static let rendered = RenderedFooter(head: "HEAD LINE", tail: "FOOTER PARAGRAPH")

    /// The text before the head block's begin marker.
    static func beforeHead(_ stamped: String, kind: FileKind = .markdown) -> String? {
        let marker = kind.markerSyntax.beginLine(.head)
        return stamped.range(of: marker).map { String(stamped[..<$0.lowerBound]) }
    }
}

@Suite("Real articles: metadata, titles and where the head goes")
struct RealWorldPlacementTests {
    @Test("Pelican metadata lines (title:, slug:, no ---) are metadata: the head goes after them, the title is read")
    func pelicanMetadata() throws {
        let text = try RealWorld.text("pelican/notmyidea-prix-libre.md")
        let info = DocumentInfo(parsing: text, kind: .markdown)
        #expect(info.title == "Prix libre et conscient & culpabilisation")
        #expect(info.slug == "prix-libre-et-conscient")
        let stamped = try Footer.stamp(text, kind: .markdown, rendered: RealWorld.rendered)
        #expect(stamped.hasPrefix("title: Prix libre et conscient & culpabilisation\nslug: prix-libre-et-conscient\n\n"))
        let before = try #require(RealWorld.beforeHead(stamped))
        #expect(before.contains("slug: prix-libre-et-conscient"))
        #expect(try Footer.remove(stamped, kind: .markdown) == text)
    }

    @Test("A paragraph that opens with 'Word: …' is not metadata")
    func notMetadata() {
        let text = "Note: this is a paragraph.\nIt goes on.\n\nMore.\n"
        #expect(FrontMatter.locate(in: Array(text.utf8)) == nil)
        #expect(DocumentInfo(parsing: text, kind: .markdown).title == nil)
    }

    @Test("Text: a title underlined on the next line keeps its underline; the head goes after both")
    func underlinedTextTitle() throws {
        for underline in ["===", "---", "=========="] {
            let text = "Hat\n\(underline)\n\nThe text of the article.\n"
            let stamped = try Footer.stamp(text, kind: .text, rendered: RealWorld.rendered)
            #expect(stamped.hasPrefix("Hat\n\(underline)\n\n-- chapeau:head v1 begin --\nHEAD LINE\n"), "\(stamped)")
        }
        // A real title page whose first line is not underlined: the head after the first line.
        let book = try RealWorld.text("text/charles-blanchard-preface.txt")
        let stamped = try Footer.stamp(book, kind: .text, rendered: RealWorld.rendered)
        #expect(stamped.hasPrefix("\u{0C}PRÉFACE\n\n-- chapeau:head v1 begin --"))
    }

    @Test("Zola <!-- more -->: the head goes right after the separator, out of the summary")
    func moreSeparator() throws {
        let text = try RealWorld.text("zola/lafor-ge-hls.md")
        let stamped = try Footer.stamp(text, kind: .markdown, rendered: RealWorld.rendered)
        let before = try #require(RealWorld.beforeHead(stamped))
        #expect(before.hasSuffix("Comment fonctionne le streaming vidéo avec HLS ?\n\n<!-- more -->\n\n"))
    }

    @Test("Jekyll <!--more--> after several paragraphs: the head after it")
    func jekyllMore() throws {
        let text = try RealWorld.text("jekyll/betagouv-simuler-impact-loi.md")
        let stamped = try Footer.stamp(text, kind: .markdown, rendered: RealWorld.rendered)
        let before = try #require(RealWorld.beforeHead(stamped))
        #expect(before.hasSuffix("<!--more-->\n\n") || before.hasSuffix("<!--more-->\r\n\r\n"))
    }

    @Test("Without a separator, the head goes after the first paragraph: excerpts show the article",
          arguments: [
            ("jekyll/dirtyf-empathie-une-force.md", "Refouler ses émotions en permanence"),
            ("hugo/spf13-cross-compiling-go.md", nil),
            ("gatsby/gatsby-new-beginnings.md", nil),
            ("pelican/notmyidea-routine.md", nil),
            ("newsletter/data-is-plural-2023-01-04.md", nil),
          ] as [(String, String?)])
    func afterFirstParagraph(name: String, opening: String?) throws {
        let text = try RealWorld.text(name)
        let stamped = try Footer.stamp(text, kind: .markdown, rendered: RealWorld.rendered)
        let before = try #require(RealWorld.beforeHead(stamped))
        let bytes = Array(text.utf8)
        let body = FrontMatter.locate(in: bytes)?.end ?? bytes.contentStart
        let afterTitle = MarkdownHeading.leadingTitle(in: bytes, from: body)?.end ?? body
        let bodyBefore = String(decoding: Array(before.utf8)[afterTitle...], as: UTF8.self)
        // The first block of text is there, before the head; nothing but it and blank lines.
        #expect(!bodyBefore.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "\(name)")
        #expect(bodyBefore.hasSuffix("\n\n") || bodyBefore.hasSuffix("\r\n\r\n"), "\(name): \(bodyBefore.suffix(80))")
        if let opening { #expect(bodyBefore.contains(opening)) }
        #expect(try Footer.remove(stamped, kind: .markdown) == text)
    }
}

@Suite("Real pages: which article, and never inside a comment or a block")
struct RealWorldHTMLTests {
    @Test("Reader comments marked up as <article> do not receive the footer")
    func commentsAsArticles() throws {
        let text = try RealWorld.text("edge/notmyidea-comments-as-articles.html")
        let stamped = try Footer.stamp(text, kind: .html, rendered: RealWorld.rendered)
        let footer = try #require(stamped.range(of: "<!-- chapeau:footer v1 begin -->"))
        let comments = try #require(stamped.range(of: "<section id=\"comments\">"))
        #expect(footer.lowerBound < comments.lowerBound)
        let head = try #require(stamped.range(of: "<!-- chapeau:head v1 begin -->"))
        let article = try #require(stamped.range(of: "<article>"))
        #expect(article.upperBound < head.lowerBound && head.lowerBound < footer.lowerBound)
        #expect(try Footer.remove(stamped, kind: .html) == text)
    }

    @Test("A commented-out <article> is ignored: nothing is inserted inside an HTML comment")
    func commentedOutArticle() throws {
        let text = try RealWorld.text("edge/notmyidea-commented-out-article.html")
        let stamped = try Footer.stamp(text, kind: .html, rendered: RealWorld.rendered)
        #expect(stamped.contains("<!-- <article>old layout</article> -->\n<article>\n"))
        let head = try #require(stamped.range(of: "<!-- chapeau:head v1 begin -->"))
        let realArticle = try #require(stamped.range(of: "-->\n<article>\n"))
        #expect(realArticle.upperBound <= head.lowerBound)
        // Every marker line is a whole comment of its own: none falls inside another comment.
        let layout = HTMLLayout(Array(stamped.utf8))
        for marker in ["<!-- chapeau:head v1 begin -->", "<!-- chapeau:footer v1 begin -->"] {
            let range = try #require(stamped.utf8.firstRange(of: marker.utf8))
            let offset = stamped.utf8.distance(from: stamped.utf8.startIndex, to: range.lowerBound)
            #expect(layout.comments.contains { $0.lowerBound == offset })
        }
    }

    @Test("Gutenberg: the head is not inside a heading block, and both parts are blocks of their own")
    func gutenberg() throws {
        let text = try RealWorld.text("wordpress/wptt-text-category-blocks.html")
        let rendered = RenderedFooter(head: "<p class=\"chapeau-head\">HEAD</p>", tail: "<aside><p>FOOTER</p></aside>")
        let stamped = try Footer.stamp(text, kind: .html, rendered: rendered)
        #expect(stamped.hasPrefix("""
            <!-- wp:paragraph -->
            <p>This test post was generated using the block theme Emptytheme in WordPress 6.1.1.</p>
            <!-- /wp:paragraph -->

            <!-- chapeau:head v1 begin -->
            <!-- wp:html -->
            <p class="chapeau-head">HEAD</p>
            <!-- /wp:html -->
            <!-- chapeau:head v1 end -->

            """))
        #expect(stamped.contains("<!-- wp:html -->\n<aside><p>FOOTER</p></aside>\n<!-- /wp:html -->\n<!-- chapeau:footer v1 end -->"))
        // No part opens between a block's opening and closing comment.
        let layout = HTMLLayout(Array(try Footer.remove(stamped, kind: .html).utf8))
        #expect(layout.isGutenberg)
        #expect(try Footer.remove(stamped, kind: .html) == text)
    }

    @Test("A heading block is never split when the fragment opens with it")
    func gutenbergHeadingFirst() throws {
        let text = "<!-- wp:heading {\"level\":1} -->\n<h1>Title</h1>\n<!-- /wp:heading -->\n\n"
            + "<!-- wp:paragraph -->\n<p>First.</p>\n<!-- /wp:paragraph -->\n"
        let stamped = try Footer.stamp(text, kind: .html, rendered: RealWorld.rendered)
        #expect(stamped.hasPrefix(
            "<!-- wp:heading {\"level\":1} -->\n<h1>Title</h1>\n<!-- /wp:heading -->\n\n<!-- wp:paragraph -->\n"
            + "<p>First.</p>\n<!-- /wp:paragraph -->\n\n<!-- chapeau:head v1 begin -->\n<!-- wp:html -->\nHEAD LINE\n"))
    }

    @Test("A Pelican page: head after the article's first paragraph, footer before its </article>")
    func pelicanPage() throws {
        let text = try RealWorld.text("pelican/notmyidea-prix-libre-et-conscient.html")
        let stamped = try Footer.stamp(text, kind: .html, rendered: RealWorld.rendered)
        let before = try #require(RealWorld.beforeHead(stamped, kind: .html))
        #expect(before.hasSuffix("conscient&nbsp;».</p>\n\n"), "\(before.suffix(120))")
        #expect(stamped.contains("<!-- chapeau:footer v1 end -->\n</article>"))
    }
}
