import Foundation
import Testing
@testable import ChapeauFooter

/// Copies as republishing sites really make them: re-wrapped by their templates, with reader
/// comments, cut short.
@Suite("Auditing copies as sites make them")
struct AuditCopyTests {
    static let supportURL = AuditTests.supportURL

    /// The stamped HTML footer of the real Pelican page, as the republishing site re-wraps it:
    /// a line break and indentation around every inline link and after every sentence.
    static func rewrapped() throws -> String {
        let page = try RealWorld.text("pelican/notmyidea-prix-libre-et-conscient.html")
        let stamped = try Footer.stamp(page, kind: .html, rendered: Fixtures.rendered(.html))
        return stamped
            .replacingOccurrences(of: "<a ", with: "\n        <a\n          ")
            .replacingOccurrences(of: "</a>", with: "</a\n        >\n      ")
            .replacingOccurrences(of: ". ", with: ".\n      ")
            .replacingOccurrences(of: "\u{A0}", with: "&nbsp;\n      ")
    }

    @Test("A copy whose site re-wrapped the paragraph's lines, around its links too, is present")
    func rewrappedIsPresent() throws {
        let page = try Self.rewrapped()
        #expect(page.contains("<a\n          href=\"https://example.org/soutenir\">"))
        let finding = Audit.compare(expected: try AuditTests.paragraph, supportURL: Self.supportURL, page: page)
        #expect(finding.paragraph == .present)
        #expect(finding.supportLinkPresent)
    }

    @Test("A support link pasted by a reader in a comment is not the paragraph's link")
    func linkInReaderComment() throws {
        let paragraph = try AuditTests.paragraph
        // The copy keeps the paragraph but drops its link; a reader pastes it in a comment.
        let unlinked = paragraph.replacingOccurrences(of: " https://example.org/soutenir.", with: " notre page.")
        #expect(unlinked != paragraph)
        let comments = try RealWorld.text("edge/notmyidea-comments-as-articles.html")
            .replacingOccurrences(of: "<p>Je partage.</p>",
                                  with: "<p>Je partage : <a href=\"https://example.org/soutenir\">https://example.org/soutenir</a></p>")
            .replacingOccurrences(of: "</article>\n<section id=\"comments\">", with: "<p>\(unlinked)</p>\n</article>\n<section id=\"comments\">")
        #expect(comments.contains(unlinked))
        let finding = Audit.compare(expected: paragraph, supportURL: Self.supportURL, page: comments)
        #expect(!finding.supportLinkPresent)
        #expect(!finding.isCompliant)
    }

    @Test("A copy cut after its first sentence is altered, and says where it stops")
    func cutAfterFirstSentence() throws {
        let paragraph = try AuditTests.paragraph
        let firstSentence = try #require(paragraph.components(separatedBy: ". ").first) + "."
        let finding = Audit.compare(expected: paragraph, supportURL: Self.supportURL,
                                    page: AuditTests.page("<p>\(firstSentence)</p>"))
        guard case let .altered(differences) = finding.paragraph else {
            Issue.record("expected altered, got \(finding.paragraph)")
            return
        }
        #expect(differences.count == 1)
        #expect(differences.first?.hasPrefix("the copy stops after sentence 1") == true, "\(differences)")
    }
}

@Suite("Auditing the link to the original text")
struct AuditAttributionTests {
    static func lead() throws -> String {
        var context = Fixtures.context
        context.articleTitle = ""
        context.articleURL = Audit.articleURLSentinel
        return try #require(Audit.attributionLead(try Fixtures.rendered(.text, context: context).tail))
    }

    /// The paragraph as the audit expects it: what does not change from one article or period
    /// to the next (no title, article link, figures or report).
    static func expected() throws -> String {
        let context = FooterContext(authorName: Fixtures.context.authorName, supportURL: Fixtures.context.supportURL,
                                    language: "fr")
        return try Fixtures.template().render(context, for: .text).tail
    }

    static func stampedPage() throws -> String {
        try Footer.stamp(AuditTests.page(""), kind: .html, rendered: Fixtures.rendered(.html))
    }

    @Test("The lead of the attribution sentence is read from the template")
    func lead() throws {
        #expect(try Self.lead() == "Texte original\u{A0}:")
    }

    @Test("A faithful copy keeps the link to the original: present")
    func faithful() throws {
        let finding = Audit.compare(expected: try Self.expected(), supportURL: AuditTests.supportURL,
                                    page: try Self.stampedPage(), attribution: try Self.lead())
        #expect(finding.paragraph == .present)
    }

    @Test("A copy that drops only the attribution link is altered, saying so")
    func droppedLink() throws {
        let page = try Self.stampedPage()
        let link = #"<a href="https://example.org/jardins">https://example.org/jardins</a>"#
        #expect(page.contains(link))
        let unlinked = page.replacingOccurrences(of: ", " + link, with: "")
        let finding = Audit.compare(expected: try Self.expected(), supportURL: AuditTests.supportURL,
                                    page: unlinked, attribution: try Self.lead())
        guard case let .altered(differences) = finding.paragraph else {
            Issue.record("expected altered, got \(finding.paragraph)")
            return
        }
        #expect(differences.count == 1 && differences[0].hasPrefix("the link to the original text is missing"), "\(differences)")
        // The same copy without the attribution sentence at all.
        let cut = try #require(page.range(of: "Texte original"))
        let end = try #require(page.range(of: "</p>", range: cut.upperBound..<page.endIndex))
        let dropped = page.replacingCharacters(in: cut.lowerBound..<end.lowerBound, with: "")
        let second = Audit.compare(expected: try Self.expected(), supportURL: AuditTests.supportURL,
                                   page: dropped, attribution: try Self.lead())
        #expect(second.paragraph == .altered(differences: [
            "the sentence that links to the original text (“Texte original:” …) is missing",
        ]), "\(second.paragraph)")
    }
}
