import Foundation
import Testing
@testable import ChapeauFooter

/// A small footer whose exact bytes are easy to read in expectations.
private let small = RenderedFooter(head: "HEAD", tail: "TAIL")
private let smallLater = RenderedFooter(head: "HEAD", tail: "TAIL 2")

@Suite("Stamping, checking and removing the footer")
struct StampTests {
    // MARK: Placement

    @Test("Marker-like text that stamping would put on a line of its own is refused, not written",
          arguments: ["<!-- chapeau:footer v1 begin --></body>", "<body><!-- chapeau:footer v1 end --></body>"])
    func markerSplitByInsertion(_ text: String) {
        // Found by the property-based fuzzing: the stamped text read as a broken block.
        #expect(throws: FooterError.self) { try Footer.stamp(text, kind: .html, rendered: small) }
        // A marker word elsewhere on a line stays ordinary text.
        let quoted = "<body><p>see <!-- chapeau:footer v1 begin --> in the docs</p></body>"
        #expect((try? Footer.stamp(quoted, kind: .html, rendered: small)).flatMap { try? Footer.remove($0, kind: .html) } == quoted)
    }

    @Test("Markdown: head after front matter, title heading and first paragraph, tail at the end")
    func markdownPlacement() throws {
        let text = "---\ntitle: T\n---\n# T\n\nFirst.\n\nBody.\n"
        #expect(try Footer.stamp(text, kind: .markdown, rendered: small) == """
            ---
            title: T
            ---
            # T

            First.

            <!-- chapeau:head v1 begin -->
            HEAD
            <!-- chapeau:head v1 end -->

            Body.

            <!-- chapeau:footer v1 begin -->
            TAIL
            <!-- chapeau:footer v1 end -->

            """)
    }

    @Test("Markdown without a leading heading: head after the first paragraph")
    func markdownWithoutHeading() throws {
        let text = "+++\nlang = \"fr\"\n+++\nBody.\n\n# Later heading\n"
        let stamped = try Footer.stamp(text, kind: .markdown, rendered: small)
        #expect(stamped.hasPrefix("+++\nlang = \"fr\"\n+++\nBody.\n\n<!-- chapeau:head v1 begin -->\nHEAD\n"
            + "<!-- chapeau:head v1 end -->\n\n# Later heading\n"))
    }

    @Test("Markdown with neither a title nor a paragraph: head at the start, after the byte-order mark")
    func markdownBare() throws {
        let stamped = try Footer.stamp("\u{FEFF}- item\n", kind: .markdown, rendered: small)
        #expect(stamped.hasPrefix("\u{FEFF}\n<!-- chapeau:head v1 begin -->\nHEAD\n<!-- chapeau:head v1 end -->\n- item\n"))
    }

    @Test("Markdown: a fenced block, a shortcode pair or a list is not the first paragraph")
    func markdownFirstParagraphSkipsBlocks() throws {
        let text = "# T\n\n```\ncode\n\nmore code\n```\n\n{{< notice >}}\n\nInside.\n\n{{< /notice >}}\n\n- a\n- b\n\nFirst.\n\nLast.\n"
        let stamped = try Footer.stamp(text, kind: .markdown, rendered: small)
        #expect(stamped.contains("\nFirst.\n\n<!-- chapeau:head v1 begin -->\nHEAD\n<!-- chapeau:head v1 end -->\n\nLast.\n"))
    }

    @Test("HTML: both parts in the article holding the <h1>, head after its first paragraph, tail before its </article>")
    func htmlArticle() throws {
        let text = """
            <html>
            <head><title>T</title></head>
            <body>
              <article>
                <h1>T</h1>
                <p>First.</p>
                <p>Body.</p>
              </article>
              <aside><article><h2>Other</h2></article></aside>
            </body>
            </html>

            """
        #expect(try Footer.stamp(text, kind: .html, rendered: small) == """
            <html>
            <head><title>T</title></head>
            <body>
              <article>
                <h1>T</h1>
                <p>First.</p>

            <!-- chapeau:head v1 begin -->
            HEAD
            <!-- chapeau:head v1 end -->
                <p>Body.</p>

            <!-- chapeau:footer v1 begin -->
            TAIL
            <!-- chapeau:footer v1 end -->
              </article>
              <aside><article><h2>Other</h2></article></aside>
            </body>
            </html>

            """)
    }

    @Test("HTML without article: tail before </body>, head after <body…> when there is no <h1>")
    func htmlBody() throws {
        let text = "<html><body class=\"post\">\n<div>Body.</div>\n</BODY></html>"
        #expect(try Footer.stamp(text, kind: .html, rendered: small) == """
            <html><body class="post">

            <!-- chapeau:head v1 begin -->
            HEAD
            <!-- chapeau:head v1 end -->
            <div>Body.</div>

            <!-- chapeau:footer v1 begin -->
            TAIL
            <!-- chapeau:footer v1 end -->
            </BODY></html>
            """)
    }

    @Test("HTML on one line: blocks on lines of their own around the tags")
    func htmlMinified() throws {
        let text = "<body><h1>T</h1><p>x</p><p>y</p></body>"
        #expect(try Footer.stamp(text, kind: .html, rendered: small) == "<body><h1>T</h1><p>x</p>\n"
            + "<!-- chapeau:head v1 begin -->\nHEAD\n<!-- chapeau:head v1 end -->\n<p>y</p>\n"
            + "<!-- chapeau:footer v1 begin -->\nTAIL\n<!-- chapeau:footer v1 end -->\n</body>")
    }

    @Test("An HTML fragment: head at the start, tail at the end, final newline marked as added")
    func htmlFragment() throws {
        let text = "<div>x</div>"
        let stamped = try Footer.stamp(text, kind: .html, rendered: small)
        #expect(stamped == "\n<!-- chapeau:head v1 begin -->\nHEAD\n<!-- chapeau:head v1 end -->\n<div>x</div>\n\n"
            + "<!-- chapeau:footer v1 begin eof-newline-added -->\nTAIL\n<!-- chapeau:footer v1 end -->\n")
        #expect(try Footer.remove(stamped, kind: .html) == text)
    }

    @Test("Text: head after the first line, tail at the end")
    func textPlacement() throws {
        #expect(try Footer.stamp("Titre\nCorps.\n", kind: .text, rendered: small) == """
            Titre

            -- chapeau:head v1 begin --
            HEAD
            -- chapeau:head v1 end --
            Corps.

            -- chapeau:footer v1 begin --
            TAIL
            -- chapeau:footer v1 end --

            """)
    }

    @Test("Without a head, only the footer is stamped", arguments: FileKind.allCases)
    func footerOnly(kind: FileKind) throws {
        let stamped = try Footer.stamp("Title\n\nBody\n", kind: kind, rendered: RenderedFooter(head: "  ", tail: "TAIL"))
        #expect(!stamped.contains("chapeau:head"))
        #expect(stamped.hasSuffix("Body\n\n\(kind.markerSyntax.beginLine(.footer))\nTAIL\n\(kind.markerSyntax.endLine(.footer))\n"))
    }

    // MARK: Idempotence, replacement, line endings

    @Test("Stamping twice changes no byte", arguments: FileKind.allCases)
    func idempotent(kind: FileKind) throws {
        let rendered = try Fixtures.rendered(kind)
        let once = try Footer.stamp("# Titre\n\nCorps.\n", kind: kind, rendered: rendered)
        #expect(Array(try Footer.stamp(once, kind: kind, rendered: rendered).utf8) == Array(once.utf8))
    }

    @Test("New figures replace the block, never add one", arguments: FileKind.allCases)
    func replaces(kind: FileKind) throws {
        let text = "# Titre\n\nCorps.\n"
        let first = try Footer.stamp(text, kind: kind, rendered: Fixtures.rendered(kind))
        let later = try Fixtures.rendered(kind, context: Fixtures.laterContext)
        let second = try Footer.stamp(first, kind: kind, rendered: later)
        #expect(second == (try Footer.stamp(text, kind: kind, rendered: later)))
        #expect(second.components(separatedBy: "chapeau:footer v1 begin").count == 2)
        #expect(second.contains("1 870,00 €"))
        #expect(!second.contains("1 234,56 €"))
    }

    @Test("A block of another marker version is recognised and replaced", arguments: FileKind.allCases)
    func otherVersion(kind: FileKind) throws {
        let syntax = kind.markerSyntax
        let old = "Title\n\nBody\n\n\(syntax.opening) chapeau:footer v0 begin \(syntax.closing)\nOld words\n"
            + "\(syntax.opening) chapeau:footer v0 end \(syntax.closing)\n"
        let stamped = try Footer.stamp(old, kind: kind, rendered: small)
        #expect(!stamped.contains("Old words"))
        #expect(!stamped.contains("v0"))
        #expect(stamped.hasSuffix("Body\n\n\(syntax.beginLine(.footer))\nTAIL\n\(syntax.endLine(.footer))\n"))
    }

    @Test("CRLF files get CRLF blocks; a byte-order mark stays first", arguments: FileKind.allCases)
    func crlf(kind: FileKind) throws {
        let text = "\u{FEFF}Titre\r\n\r\nCorps.\r\nFin."
        let stamped = try Footer.stamp(text, kind: kind, rendered: Fixtures.rendered(kind))
        let bytes = Array(stamped.utf8)
        #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]))
        for (offset, byte) in bytes.enumerated() where byte == 0x0A {
            #expect(offset > 0 && bytes[offset - 1] == 0x0D, "bare LF at byte \(offset)")
        }
        #expect(stamped.contains("\(kind.markerSyntax.beginLine(.footer, flags: ["eof-newline-added"]))\r\n"))
        #expect(Array(try Footer.remove(stamped, kind: kind).utf8) == Array(text.utf8))
    }

    @Test("Remove restores the exact bytes, newline at the end or not", arguments: FileKind.allCases)
    func removeRestores(kind: FileKind) throws {
        for text in ["", "\u{FEFF}", "x", "x\n", "x\n\n", "\n", "Titre\r\nCorps", "# T", "# T\n"] {
            let stamped = try Footer.stamp(text, kind: kind, rendered: small)
            #expect(Array(try Footer.remove(stamped, kind: kind).utf8) == Array(text.utf8), "\(text.debugDescription)")
        }
    }

    @Test("Remove leaves an unstamped text alone", arguments: FileKind.allCases)
    func removeUnstamped(kind: FileKind) throws {
        let text = "Titre\n\nCorps qui cite «\u{A0}participation libre\u{A0}».\n"
        #expect(try Footer.remove(text, kind: kind) == text)
        #expect(try !Footer.isStamped(text, kind: kind))
    }

    @Test("Rendered lines that would read as markers are defused")
    func defusedContent() throws {
        let rendered = RenderedFooter(tail: "Hello\n-- chapeau:footer v1 end --\nBye")
        let stamped = try Footer.stamp("Text\n", kind: .text, rendered: rendered)
        #expect(stamped.contains("-- chapeau :footer v1 end --"))
        #expect(Footer.check(stamped, kind: .text, rendered: rendered) == .current)
        #expect(try Footer.remove(stamped, kind: .text) == "Text\n")
    }

    // MARK: Check

    @Test("Check: current after stamping, stale with other figures, missing before", arguments: FileKind.allCases)
    func check(kind: FileKind) throws {
        let text = "# Titre\n\nCorps.\n"
        let rendered = try Fixtures.rendered(kind)
        let later = try Fixtures.rendered(kind, context: Fixtures.laterContext)
        let stamped = try Footer.stamp(text, kind: kind, rendered: rendered)
        #expect(Footer.check(text, kind: kind, rendered: rendered) == .missing)
        #expect(Footer.check(stamped, kind: kind, rendered: rendered) == .current)
        #expect(Footer.check(stamped, kind: kind, rendered: later) == .stale)
        #expect(Footer.check(stamped, kind: kind, rendered: later).needsAttention)
        #expect(!Footer.check(stamped, kind: kind, rendered: rendered).needsAttention)
    }

    @Test("Check: a block moved or a head lost by hand is stale")
    func staleByHand() throws {
        let stamped = try Footer.stamp("# T\n\nBody.\n", kind: .markdown, rendered: small)
        let headless = try Footer.stamp("# T\n\nBody.\n", kind: .markdown, rendered: RenderedFooter(tail: "TAIL"))
        #expect(Footer.check(headless, kind: .markdown, rendered: small) == .stale)
        let moved = stamped.replacingOccurrences(of: "Body.\n", with: "") + "Body.\n"
        #expect(Footer.check(moved, kind: .markdown, rendered: small) == .stale)
    }

    @Test("Check compares bytes: a footer stamped in decomposed Unicode is stale")
    func checkComparesBytes() throws {
        let composed = RenderedFooter(tail: "Participation libre, \u{E9}t\u{E9}")
        let decomposed = RenderedFooter(tail: "Participation libre, e\u{301}te\u{301}")
        let stamped = try Footer.stamp("Texte\n", kind: .text, rendered: decomposed)
        #expect(Footer.check(stamped, kind: .text, rendered: decomposed) == .current)
        #expect(Footer.check(stamped, kind: .text, rendered: composed) == .stale)
    }

    @Test("An article that opted out is neither stamped nor reported")
    func optedOut() throws {
        let text = "---\nchapeau: off\n---\nBody\n"
        #expect(try Footer.stamp(text, kind: .markdown, rendered: small) == text)
        #expect(Footer.check(text, kind: .markdown, rendered: small) == .disabled)
        #expect(!Footer.check(text, kind: .markdown, rendered: small).needsAttention)
    }

    // MARK: Broken markers

    @Test("A begin marker without an end marker is an error naming the line", arguments: FileKind.allCases)
    func unclosed(kind: FileKind) throws {
        let text = "Title\n\n\(kind.markerSyntax.beginLine(.footer))\nTAIL\n"
        let error = FooterError.unclosedBlock(part: .footer, line: 3)
        #expect(throws: error) { try Footer.stamp(text, kind: kind, rendered: small) }
        #expect(throws: error) { try Footer.remove(text, kind: kind) }
        #expect(Footer.check(text, kind: kind, rendered: small) == .malformed(error))
        #expect(error.description == "the text has a chapeau:footer begin marker at line 3 but no end marker; "
            + "fix or remove it by hand")
        #expect(error.message(for: "content/a.md").hasPrefix("content/a.md has a chapeau:footer begin marker at line 3"))
    }

    @Test("An end marker without a begin marker is an error")
    func unopened() {
        let text = "Title\n<!-- chapeau:head v1 end -->\n"
        #expect(throws: FooterError.unopenedBlock(part: .head, line: 2)) { try Footer.remove(text, kind: .html) }
        #expect(FooterError.unopenedBlock(part: .head, line: 2).description.contains("no begin marker before it"))
    }

    @Test("A second begin before the end is an unclosed first block")
    func nested() {
        let text = "<!-- chapeau:footer v1 begin -->\n<!-- chapeau:footer v1 begin -->\n<!-- chapeau:footer v1 end -->\n"
        #expect(throws: FooterError.unclosedBlock(part: .footer, line: 1)) { try Footer.remove(text, kind: .markdown) }
    }

    @Test("Two footer blocks are an error naming both lines")
    func duplicate() throws {
        let block = try Footer.stamp("", kind: .text, rendered: RenderedFooter(tail: "TAIL"))
        let text = "A\n" + block + "B\n" + block
        #expect(throws: FooterError.duplicateBlock(part: .footer, firstLine: 3, secondLine: 8)) {
            try Footer.stamp(text, kind: .text, rendered: small)
        }
        #expect(FooterError.duplicateBlock(part: .footer, firstLine: 3, secondLine: 8).description
            == "the text has two chapeau:footer blocks, at lines 3 and 8; keep one and remove the other by hand")
    }
}
