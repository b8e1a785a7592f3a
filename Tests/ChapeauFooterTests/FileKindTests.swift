import Testing
@testable import ChapeauFooter

@Suite("File kinds")
struct FileKindTests {
    @Test("Extensions map to kinds, whatever their case", arguments: [
        ("content/posts/a.md", FileKind.markdown), ("A.MARKDOWN", .markdown), ("x/index.html", .html),
        ("page.HTM", .html), ("notes.txt", .text), ("dir.v2/readme.Txt", .text),
    ])
    func kindFromPath(path: String, kind: FileKind) {
        #expect(FileKind.forPath(path) == kind)
    }

    @Test("Other files have no kind", arguments: ["photo.jpg", "Makefile", ".md", "dir.md/file", "md", "a.md.bak"])
    func otherFiles(path: String) {
        #expect(FileKind.forPath(path) == nil)
    }

    @Test("Every kind has extensions that lead back to it", arguments: FileKind.allCases)
    func extensionsRoundTrip(kind: FileKind) {
        #expect(!kind.extensions.isEmpty)
        for ext in kind.extensions {
            #expect(FileKind.forPath("article.\(ext)") == kind)
        }
    }

    @Test("Markdown and HTML use HTML comments, text uses dashed lines")
    func markerLines() {
        #expect(FileKind.markdown.markerSyntax.beginLine(.footer) == "<!-- chapeau:footer v1 begin -->")
        #expect(FileKind.html.markerSyntax.endLine(.footer) == "<!-- chapeau:footer v1 end -->")
        #expect(FileKind.html.markerSyntax.beginLine(.head) == "<!-- chapeau:head v1 begin -->")
        #expect(FileKind.text.markerSyntax.beginLine(.footer) == "-- chapeau:footer v1 begin --")
        #expect(FileKind.text.markerSyntax.endLine(.head) == "-- chapeau:head v1 end --")
    }

    @Test("A marker of any version is recognised; prose that mentions one is not", arguments: FileKind.allCases)
    func markerRecognition(kind: FileKind) {
        let syntax = kind.markerSyntax
        let begin = "\(syntax.opening) chapeau:footer v2 begin eof-newline-added \(syntax.closing)"
        #expect(syntax.parse(begin[...]) == Marker(part: .footer, role: .begin, flags: ["eof-newline-added"]))
        #expect(syntax.parse("  \(syntax.opening) chapeau:head v17 end \(syntax.closing)\t"[...])?.role == .end)
        #expect(syntax.parse("Put \(syntax.beginLine(.footer)) in your file"[...]) == nil)
        #expect(syntax.parse("\(syntax.opening) chapeau:footer vX begin \(syntax.closing)"[...]) == nil)
        #expect(syntax.parse("\(syntax.opening) chapeau:sidebar v1 begin \(syntax.closing)"[...]) == nil)
    }
}
