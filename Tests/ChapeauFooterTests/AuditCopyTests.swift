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
