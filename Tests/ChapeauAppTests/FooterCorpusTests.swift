import Foundation
import Testing
@testable import ChapeauApp
import ChapeauFooter

/// The 62 real articles of Tests/Fixtures/realworld/articles (provenance alongside), stamped as a
/// tree: what must hold on all of them.
@Suite("The real-world corpus, stamped, checked, re-stamped and removed")
struct FooterCorpusTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/realworld/articles/corpus")

    /// Every corpus file, by path relative to the corpus.
    static func files() throws -> [String: Data] {
        var files: [String: Data] = [:]
        guard let walk = FileManager.default.enumerator(atPath: corpus.path) else { return files }
        for case let relative as String in walk {
            let url = corpus.appendingPathComponent(relative)
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), !isFolder.boolValue {
                files[relative] = try Data(contentsOf: url)
            }
        }
        return files
    }

    static let notUTF8: Set<String> = [
        "text/charles-blanchard-front-matter-cp1252.txt", "edge/feedvalidator-html4-057-utf16.html",
        "edge/feedvalidator-rfc4287-cp1252.html",
    ]
    static let skipped: Set<String> = ["edge/betagouv-layout-blog.html", "astro/astro-using-mdx.mdx"]
    static let optedOut: Set<String> = ["edge/notmyidea-technology-break-chapeau-off.md"]

    @Test("One head and one footer on every eligible file; check passes; a second stamp changes no byte and no mtime; remove restores all")
    func wholeCorpus() throws {
        let originals = try Self.files()
        #expect(originals.count == 62)
        let tree = try FooterTree()
        for (relative, data) in originals { try tree.write("content/" + relative, data) }
        let stamper = try tree.stamper()

        let run = stamper.stamp([tree.path("content")])
        let status = Dictionary(uniqueKeysWithValues: run.items.map {
            (String($0.path.dropFirst(tree.path("content").count + 1)), $0)
        })
        #expect(status.count == 62)
        for (relative, data) in originals {
            let item = try #require(status[relative], "\(relative)")
            if Self.notUTF8.contains(relative) {
                #expect(item.status == .notUTF8, "\(relative)")
                #expect(item.message?.contains(relative) == true)
                #expect(try tree.bytes("content/" + relative) == data, "\(relative) touched")
            } else if Self.skipped.contains(relative) {
                #expect(item.status == .skipped, "\(relative): \(item.status)")
                #expect(item.message?.contains(relative) == true)
                #expect(try tree.bytes("content/" + relative) == data, "\(relative) touched")
            } else if Self.optedOut.contains(relative) {
                #expect(item.status == .disabled, "\(relative)")
            } else {
                #expect(item.status == .stamped, "\(relative): \(item.status) \(item.message ?? "")")
                let text = try tree.text("content/" + relative)
                let marker = relative.hasSuffix(".txt") ? "-- chapeau:" : "<!-- chapeau:"
                #expect(text.components(separatedBy: marker + "head v1 begin").count == 2, "\(relative)")
                #expect(text.components(separatedBy: marker + "footer v1 begin").count == 2, "\(relative)")
                // The attribution link is never a source path.
                let footer = text.components(separatedBy: marker + "footer v1 begin").last ?? ""
                #expect(!footer.contains(".md)") && !footer.contains(".md\"") && !footer.contains(".markdown"),
                        "\(relative)")
            }
        }
        #expect(run.count(.stamped) == 56)

        let check = stamper.check([tree.path("content")])
        #expect(check.needingAttention.isEmpty, "\(check.needingAttention)")
        #expect(check.exitStatus(isCheck: true) == 0)

        let stamped = try originals.keys.map { ($0, try tree.bytes("content/" + $0)) }
        for (relative, _) in stamped { try tree.age("content/" + relative) }
        let again = stamper.stamp([tree.path("content")])
        #expect(again.count(.stamped) == 0 && again.count(.updated) == 0)
        for (relative, data) in stamped {
            #expect(try tree.bytes("content/" + relative) == data, "\(relative) changed")
            #expect(try tree.modified("content/" + relative) == FooterTree.longAgo, "\(relative) rewritten")
        }

        let removed = FooterStamper.remove([tree.path("content")])
        #expect(removed.count(.removed) == 56)
        for (relative, data) in originals {
            #expect(try tree.bytes("content/" + relative) == data, "\(relative) not restored")
        }
    }

    @Test("Stamping a Jekyll site's root: layouts and includes are skipped and named, posts are stamped")
    func jekyllSiteRoot() throws {
        let tree = try FooterTree(footer: "articles = [\"site\"]\n")
        let layout = try Data(contentsOf: Self.corpus.appendingPathComponent("edge/betagouv-layout-blog.html"))
        try tree.write("site/_layouts/blog.html", layout)
        try tree.write("site/_includes/footer.html", "<footer>{{ site.title }}</footer>\n")
        try tree.write("site/_posts/2018-03-05-empathie.md",
                       try Data(contentsOf: Self.corpus.appendingPathComponent("jekyll/dirtyf-empathie-une-force.md")))
        try tree.write("site/blog.mdx", try Data(contentsOf: Self.corpus.appendingPathComponent("astro/astro-using-mdx.mdx")))
        try tree.write("site/page.html", "<html><body>{% for post in site.posts %}<p>{{ post.title }}</p>{% endfor %}</body></html>\n")
        let run = try tree.stamper().stamp([tree.path("site")])
        let skipped = run.items.filter { $0.status == .skipped }.map { ($0.path as NSString).lastPathComponent }
        #expect(Set(skipped) == ["_includes", "_layouts", "blog.mdx", "page.html"])
        #expect(run.items.allSatisfy { $0.status != .skipped || $0.message?.contains($0.path) == true })
        #expect(run.count(.stamped) == 1)
        #expect(try tree.bytes("site/_layouts/blog.html") == layout)
        #expect(try tree.text("site/_posts/2018-03-05-empathie.md")
            .contains("[https://example.org/empathie/](https://example.org/empathie/)"))
    }

    @Test("[footer] head = false: no head line; a head stamped earlier is taken out")
    func headOff() throws {
        let tree = try FooterTree()
        let text = try String(contentsOf: Self.corpus.appendingPathComponent("zola/lafor-ge-hls.md"), encoding: .utf8)
        try tree.write("content/hls.md", text)
        _ = try tree.stamper().stamp([tree.path("content")])
        #expect(try tree.text("content/hls.md").contains("chapeau:head"))
        let headless = try FooterTree(footer: "articles = [\"content\"]\nhead = false\n")
        try headless.write("content/hls.md", try tree.bytes("content/hls.md"))
        let run = try headless.stamper().stamp([headless.path("content")])
        #expect(run.count(.updated) == 1)
        let after = try headless.text("content/hls.md")
        #expect(!after.contains("chapeau:head") && after.contains("chapeau:footer"))
    }

    @Test("A site-relative url: in front matter links to the configured site")
    func siteRelativeURLOnTheSite() throws {
        let tree = try FooterTree()
        try tree.write("content/post.md",
                       try Data(contentsOf: Self.corpus.appendingPathComponent("hugo/zwindler-issue-ouverte-apres-7-ans.md")))
        _ = try tree.stamper().stamp([tree.path("content")])
        let text = try tree.text("content/post.md")
        #expect(text.contains("(https://example.org/2023/11/24/issue-ouverte-apres-7-ans)"))
        let footer = try #require(text.components(separatedBy: "<!-- chapeau:footer v1 begin -->").last)
        #expect(!footer.contains("](/2023/"))
    }
}
