import Foundation
import Testing
@testable import ChapeauApp
import ChapeauReports

/// The record of current articles that lets a second stamp skip what has not changed.
@Suite("Remembering current articles")
struct FooterRecordTests {
    static let articles = [
        "content/a.md": "---\ntitle: Des jardins\n---\n\nLe texte.\n",
        "content/b.md": "# Des outils\n\nUn autre texte.\n",
        "content/sub/c.html": "<html><body><article><h1>T</h1><p>x</p></article></body></html>\n",
        "content/off.md": "---\nchapeau: off\n---\n\nNon.\n",
    ]

    /// A workspace with its state folder (where the record lives) and the articles.
    func tree() throws -> FooterTree {
        let tree = try FooterTree()
        try FileManager.default.createDirectory(atPath: tree.path("data"), withIntermediateDirectories: true)
        for (path, text) in Self.articles { try tree.write(path, text) }
        return tree
    }

    func recordPath(_ tree: FooterTree) -> String { tree.path("data/" + StampRecord.fileName) }

    func record(_ tree: FooterTree, _ stamper: FooterStamper) -> StampRecord {
        StampRecord.load(path: recordPath(tree), fingerprint: stamper.setup.fingerprint)
    }

    /// A tree stamped, then stamped again once every state can be trusted: its record holds every article.
    func stampedTree() throws -> (FooterTree, FooterStamper) {
        let tree = try tree()
        let stamper = try tree.stamper()
        for _ in 0..<2 {
            _ = stamper.stamp([tree.path("content")])
            settle()
        }
        return (tree, stamper)
    }

    /// Past the window within which a recorded state is not trusted.
    func settle() { Thread.sleep(forTimeInterval: Double(StampRecord.racyWindow) / 1e9 + 0.05) }

    @Test("After a stamp, the record holds every article, mode 0600, in the workspace and not in the tree")
    func written() throws {
        let tree = try tree()
        let stamper = try tree.stamper()
        settle()
        let run = stamper.stamp([tree.path("content")])
        #expect(run.count(.stamped) == 3 && run.count(.disabled) == 1)
        settle()
        let attributes = try FileManager.default.attributesOfItem(atPath: recordPath(tree))
        #expect(attributes[.posixPermissions] as? Int == 0o600)
        // Written at the end of the run: the last files may be too recent to trust yet.
        let again = stamper.stamp([tree.path("content")])
        #expect(again.count(.current) == 3 && again.count(.disabled) == 1)
        settle()
        #expect(record(tree, stamper).entries.count == 4)
        // Nothing to change, nothing to write: not even the record.
        let before = FileState.of(recordPath(tree))
        #expect(stamper.stamp([tree.path("content")]).count(.current) == 3)
        #expect(FileState.of(recordPath(tree)) == before)
        let inTree = try FileManager.default.subpathsOfDirectory(atPath: tree.path("content"))
        #expect(!inTree.contains { $0.contains("footer-stamps") })
    }

    @Test("An article the record says is current and untouched is not read: even one forged to lack its footer")
    func unchangedIsNotRead() throws {
        let tree = try tree()
        let stamper = try tree.stamper()
        _ = stamper.stamp([tree.path("content")])
        // Take the footer out behind the record's back, then record that state as current:
        // only a stamp that does not read the file leaves it without footer.
        try tree.write("content/b.md", Self.articles["content/b.md"] ?? "")
        settle()
        var forged = record(tree, stamper)
        let key = StampRecord.key(realPath: try #require(FileSystem.realPath(tree.path("content/b.md"))),
                                  treeRoot: try #require(FileSystem.realPath(tree.path("content"))))
        let state = try #require(FileState.of(tree.path("content/b.md")))
        forged.set(key, .init(state: state, status: .current))
        try forged.save(path: recordPath(tree))
        settle()
        let run = stamper.stamp([tree.path("content")])
        #expect(run.statusByName["b.md"] == .current)
        #expect(try tree.text("content/b.md") == Self.articles["content/b.md"])
        #expect(FileState.of(tree.path("content/b.md")) == state)
        // `footer check` reads every file: the missing footer shows.
        #expect(stamper.check([tree.path("content")]).statusByName["b.md"] == .missing)
        // So does a stamp told to read everything, which puts it back.
        #expect(stamper.stamp([tree.path("content")], remembering: false).statusByName["b.md"] == .stamped)
    }

    @Test("A file edited to the same size and given back its modification time is read again and re-stamped")
    func sameSizeAndTime() throws {
        let (tree, stamper) = try stampedTree()
        let stamped = try tree.text("content/a.md")
        let path = tree.path("content/a.md")
        var before = stat()
        #expect(stat(path, &before) == 0)
        // Same length, inside the footer: only reading the file can tell.
        let edited = stamped.replacingOccurrences(of: "Jeanne Martin", with: "Jeanne Marton")
        #expect(edited != stamped && edited.utf8.count == stamped.utf8.count)
        try tree.write("content/a.md", edited)
        var times = [before.st_atim, before.st_mtim]
        #expect(utimensat(AT_FDCWD, path, &times, 0) == 0)
        let after = try #require(FileState.of(path))
        let recorded = FileState(before)
        #expect(after.size == recorded.size && after.modified == recorded.modified)
        #expect(after.changed != recorded.changed)
        let run = stamper.stamp([tree.path("content")])
        #expect(run.statusByName["a.md"] == .updated)
        #expect(try tree.text("content/a.md") == stamped)
    }

    @Test("New figures or another template re-stamp every article")
    func newFootersRestampAll() throws {
        let tree = try tree()
        _ = try tree.stamper().stamp([tree.path("content")])
        settle()
        #expect(try tree.stamper().stamp([tree.path("content")]).count(.current) == 3)
        settle()
        let live = try FooterProgressTests.live(received: 12345, needs: 200_000)
        let withFigures = try tree.stamper(live: live).stamp([tree.path("content")])
        #expect(withFigures.count(.updated) == 3, "\(withFigures.items)")
        settle()
        let later = try FooterProgressTests.live(received: 23456, needs: 200_000)
        #expect(try tree.stamper(live: later).stamp([tree.path("content")]).count(.updated) == 3)
        settle()
        let english = try tree.stamper(FooterOptions(template: "presslib-en"), live: later).stamp([tree.path("content")])
        #expect(english.count(.updated) == 3)
        #expect(try tree.text("content/b.md").contains("free-participation"))
    }

    @Test("A damaged record counts as empty: every file is read, and the record is written anew",
          arguments: ["truncated", "garbage", "edited", "empty"])
    func damaged(how: String) throws {
        let (tree, stamper) = try stampedTree()
        let path = recordPath(tree)
        let good = try Data(contentsOf: URL(fileURLWithPath: path))
        let damaged: Data = switch how {
        case "truncated": good.prefix(good.count / 2)
        case "garbage": Data((0..<2000).map { UInt8(truncatingIfNeeded: $0 &* 37) })
        case "edited": Data(String(decoding: good, as: UTF8.self).replacingOccurrences(of: " current\t", with: " disabled\t").utf8)
        default: Data()
        }
        try damaged.write(to: URL(fileURLWithPath: path))
        #expect(record(tree, stamper).entries.isEmpty)
        // The forged state again: read, it is re-stamped; were the damaged record trusted, it would not be.
        try tree.write("content/b.md", Self.articles["content/b.md"] ?? "")
        let run = stamper.stamp([tree.path("content")])
        #expect(run.statusByName["b.md"] == .stamped)
        #expect(run.count(.current) == 2 && run.count(.failed) == 0)
        settle()
        #expect(record(tree, stamper).entries.count >= 3)
    }

    @Test("A dry run neither writes the record nor an article")
    func dryRun() throws {
        let tree = try tree()
        let run = try tree.stamper().stamp([tree.path("content")], dryRun: true)
        #expect(run.count(.stamped) == 3)
        #expect(!FileManager.default.fileExists(atPath: recordPath(tree)))
    }

    @Test("Files gone from the tree are forgotten; files stamped from another tree root are told apart")
    func forgetting() throws {
        let tree = try tree()
        let stamper = try tree.stamper()
        _ = stamper.stamp([tree.path("content")])
        settle()
        _ = stamper.stamp([tree.path("content/sub")])
        try FileManager.default.removeItem(atPath: tree.path("content/b.md"))
        _ = stamper.stamp([tree.path("content")])
        settle()
        let keys = record(tree, stamper).entries.keys
        #expect(!keys.contains { $0.hasPrefix(FileSystem.realPath(tree.path("content")).map { $0 + "/b.md" } ?? "-") })
        #expect(keys.contains { $0.hasSuffix("/content/sub") })
    }

    @Test("Many articles stamped on every core come out in the walk's order, with progress in order")
    func parallelOrder() throws {
        let tree = try tree()
        for index in 0..<2100 { try tree.write("content/many/\(index).md", "# Texte \(index)\n\nDu texte.\n") }
        var seen: [Int] = []
        let run = try tree.stamper().stamp([tree.path("content")]) { done, _ in seen.append(done) }
        let names = run.items.map(\.path)
        let walked = ArticleTree(walking: [tree.path("content")], skippingTemplates: true).files.map(\.path)
        #expect(names == walked)
        #expect(seen == [0, 1024, 2048, 2104])
        #expect(run.count(.stamped) == 2103)
    }
}
