import PropertyBased
import Synchronization
import Testing
@testable import ChapeauFooter

/// Arbitrary text, not only articles: the stamper's laws hold on anything it accepts, and what
/// it refuses (markers broken by hand) it refuses with an error, never a crash.
@Suite("Stamping arbitrary text under property-based fuzzing")
struct StampFuzzTests {
    /// Pieces that matter to the stamper (line ends, markers, front matter, HTML closing tags,
    /// byte-order mark) among ordinary and odd characters.
    static let pieces: [String] = [
        "a", "é", " ", "\n", "\r\n", "\r", "\t", "\u{FEFF}", "\u{0}", "\u{202E}", "😀", "e\u{301}", "---", "+++", "#",
        "<!--", "-->", "--", " chapeau:footer v1 begin ", " chapeau:footer v1 end ", " chapeau:head v1 begin ",
        "</body>", "</article>", "<body>", "<html>", "{{x}}", "(*)",
    ]
    static let text = Gen<String?>.element(of: pieces).map { $0 ?? "" }.array(of: 0...40).map { $0.joined() }

    @Test("stamp is idempotent and remove(stamp(x)) == x on arbitrary text, for every kind", arguments: FileKind.allCases)
    func laws(kind: FileKind) async throws {
        let rendered = try Fixtures.rendered(kind)
        let refused = Mutex(0)
        await propertyCheck(count: 700, input: Self.text) { text in
            let stamped: String
            do {
                stamped = try Footer.stamp(text, kind: kind, rendered: rendered)
            } catch {
                refused.withLock { $0 += 1 }
                return
            }
            #expect((try? Footer.stamp(stamped, kind: kind, rendered: rendered)).map { Array($0.utf8) } == Array(stamped.utf8), "\(text.debugDescription)")
            #expect((try? Footer.remove(stamped, kind: kind)).map { Array($0.utf8) } == Array(text.utf8), "\(text.debugDescription)")
            let status = Footer.check(stamped, kind: kind, rendered: rendered)
            #expect(status == .current || status == .disabled, "\(text.debugDescription): \(status)")
        }
        // Most texts are accepted: the laws were checked, not skipped.
        #expect(refused.withLock { $0 } < 350)
    }
}
