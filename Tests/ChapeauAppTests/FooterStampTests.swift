import Foundation
import Testing
@testable import ChapeauApp
import ChapeauCore
import ChapeauReports

@Suite("Stamping article trees")
struct FooterStampTests {
    /// One article of every kind, and the marker line each should carry.
    static let kinds: [(path: String, text: String, marker: String)] = [
        ("content/a.md", "---\ntitle: Des jardins\n---\n\nLe texte.\n", "<!-- chapeau:footer v1 begin -->"),
        ("content/b.markdown", "+++\ntitle = \"Des outils\"\n+++\n\n# Des outils\n\nLe texte.\n", "<!-- chapeau:footer v1 begin -->"),
        ("content/sub/c.html", "<html><body><article><h1>T</h1><p>x</p></article></body></html>\n", "<!-- chapeau:footer v1 begin -->"),
        ("content/sub/d.htm", "<html><body><p>x</p></body></html>", "<!-- chapeau:footer v1 begin -->"),
        ("content/e.txt", "Un titre\n\nLe texte.\n", "-- chapeau:footer v1 begin --"),
    ]

    func treeWithEveryKind() throws -> FooterTree {
        let tree = try FooterTree()
        for file in Self.kinds { try tree.write(file.path, file.text) }
        try tree.write("content/photo.png", Data([0x89, 0x50, 0x4E, 0x47]))
        try tree.write("content/README", "no extension\n")
        try tree.write("content/sub/data.json", "{}\n")
        try tree.write("content/.git/HEAD", "ref: refs/heads/main\n")
        return tree
    }

    @Test("Every kind of article is stamped; other files are skipped and counted; dot folders are ignored")
    func stampsEveryKind() throws {
        let tree = try treeWithEveryKind()
        let run = try tree.stamper().stamp([tree.path("content")])
        #expect(run.items.count == Self.kinds.count)
        #expect(run.items.allSatisfy { $0.status == .stamped }, "\(run.items)")
        #expect(run.otherFiles == 3)
        #expect(run.exitStatus(isCheck: false) == 0)
        for file in Self.kinds {
            let text = try tree.text(file.path)
            #expect(text.contains(file.marker), "\(file.path)")
            #expect(text.contains("Jeanne Martin"), "\(file.path)")
        }
        #expect(try tree.text("content/a.md").contains("[https://example.org/a/](https://example.org/a/)"))
        #expect(try tree.text("content/sub/c.html").contains(#"<a href="https://example.org/sub/c.html">"#))
        // Without figures (no ledger yet) the link goes to the reports' index.
        #expect(try tree.text("content/e.txt").contains("https://example.org/rapports/index.html"))
    }

    @Test("With figures, the footer links to the last closed period's report page")
    func linksToTheLastClosedReport() throws {
        let tree = try treeWithEveryKind()
        let live = try FooterProgressTests.live(received: 12345, needs: nil)
        #expect(live.period.id == "2026-11")
        _ = try tree.stamper(live: live).stamp([tree.path("content")])
        #expect(try tree.text("content/e.txt").contains("https://example.org/rapports/2026-10/index.html"))
    }

    @Test("A second stamp changes no byte and no modification time")
    func idempotent() throws {
        let tree = try treeWithEveryKind()
        let stamper = try tree.stamper()
        _ = stamper.stamp([tree.path("content")])
        let first = try Self.kinds.map { try tree.bytes($0.path) }
        for file in Self.kinds { try tree.age(file.path) }
        let second = stamper.stamp([tree.path("content")])
        #expect(second.items.allSatisfy { $0.status == .current }, "\(second.items)")
        #expect(try Self.kinds.map { try tree.bytes($0.path) } == first)
        for file in Self.kinds {
            #expect(try tree.modified(file.path) == FooterTree.longAgo, "\(file.path)")
        }
    }

    @Test("remove restores every file byte for byte, whatever its shape")
    func removeRestores() throws {
        let tree = try FooterTree()
        let originals: [(String, Data)] = [
            ("content/no-newline.md", Data("# Titre\n\nSans fin de ligne".utf8)),
            ("content/crlf-bom.md", Data([0xEF, 0xBB, 0xBF] + Array("---\r\ntitle: T\r\n---\r\n\r\nTexte.\r\n".utf8))),
            ("content/empty.txt", Data()),
            ("content/front-only.md", Data("---\nlang: en\n---\n".utf8)),
            ("content/page.html", Data("<html>\n  <body>\n    <p>x</p>\n  </body>\n</html>\n".utf8)),
        ]
        for (path, data) in originals { try tree.write(path, data) }
        let stamped = try tree.stamper().stamp([tree.path("content")])
        #expect(stamped.items.allSatisfy { $0.status == .stamped }, "\(stamped.items)")
        for (path, data) in originals { #expect(try tree.bytes(path) != data, "\(path)") }

        let removed = FooterStamper.remove([tree.path("content")])
        #expect(removed.items.allSatisfy { $0.status == .removed }, "\(removed.items)")
        for (path, data) in originals { #expect(try tree.bytes(path) == data, "\(path)") }
        let again = FooterStamper.remove([tree.path("content")])
        #expect(again.items.allSatisfy { $0.status == .unstamped })
    }

    @Test("Permissions are kept", arguments: [0o600, 0o640, 0o755, 0o444])
    func permissionsKept(_ mode: Int) throws {
        let tree = try FooterTree()
        try tree.write("content/a.md", "# Titre\n\nTexte.\n")
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: tree.path("content/a.md"))
        let run = try tree.stamper().stamp([tree.path("content")])
        #expect(run.items.first?.status == .stamped)
        #expect(try tree.permissions("content/a.md") == mode)
        _ = FooterStamper.remove([tree.path("content")])
        #expect(try tree.permissions("content/a.md") == mode)
        #expect(try tree.text("content/a.md") == "# Titre\n\nTexte.\n")
    }

    @Test("CRLF line endings and a UTF-8 byte-order mark are kept")
    func crlfAndBOM() throws {
        let tree = try FooterTree()
        let original = [UInt8]([0xEF, 0xBB, 0xBF]) + Array("# Titre\r\n\r\nLe texte.\r\n".utf8)
        try tree.write("content/a.md", Data(original))
        _ = try tree.stamper().stamp([tree.path("content")])
        let stamped = [UInt8](try tree.bytes("content/a.md"))
        #expect(stamped.starts(with: [0xEF, 0xBB, 0xBF]))
        #expect(stamped.count > original.count)
        let bareLineFeeds = stamped.indices.filter { stamped[$0] == 0x0A && ($0 == 0 || stamped[$0 - 1] != 0x0D) }
        #expect(bareLineFeeds.isEmpty)
        #expect(String(decoding: stamped, as: UTF8.self).contains("# Titre\r\n\r\nLe texte.\r\n\r\n<!-- chapeau:head v1 begin -->\r\n"))
    }

    @Test("A file that is not UTF-8 is skipped with a message and never touched")
    func invalidUTF8() throws {
        let tree = try FooterTree()
        let latin1 = Data([0x23, 0x20, 0x43, 0x61, 0x66, 0xE9, 0x0A, 0x0A, 0xFF, 0xFE, 0x0A])
        try tree.write("content/latin1.md", latin1)
        try tree.write("content/ok.md", "# Ok\n")
        try tree.age("content/latin1.md")
        let run = try tree.stamper().stamp([tree.path("content")])
        #expect(run.statusByName == ["latin1.md": .notUTF8, "ok.md": .stamped])
        let item = try #require(run.items.first { $0.status == .notUTF8 })
        #expect(item.message == "\(tree.path("content/latin1.md")) is not UTF-8 text: skipped, left untouched")
        #expect(run.exitStatus(isCheck: false) == 0)
        #expect(try tree.bytes("content/latin1.md") == latin1)
        #expect(try tree.modified("content/latin1.md") == FooterTree.longAgo)
        #expect(FooterStamper.remove([tree.path("content")]).statusByName["latin1.md"] == .notUTF8)
        #expect(try tree.bytes("content/latin1.md") == latin1)
    }

    @Test("Articles that opt out are left alone")
    func optOut() throws {
        let tree = try FooterTree()
        let markdown = "---\ntitle: Privé\nchapeau: off\n---\n\nTexte.\n"
        let html = "<html><head><meta name=\"chapeau\" content=\"off\"></head><body><p>x</p></body></html>\n"
        try tree.write("content/off.md", markdown)
        try tree.write("content/off.html", html)
        let stamper = try tree.stamper()
        #expect(stamper.stamp([tree.path("content")]).statusByName == ["off.md": .disabled, "off.html": .disabled])
        #expect(try tree.text("content/off.md") == markdown)
        #expect(try tree.text("content/off.html") == html)
        let check = stamper.check([tree.path("content")])
        #expect(check.needingAttention.isEmpty)
        #expect(check.exitStatus(isCheck: true) == 0)
    }

    @Test("A begin marker without an end marker is refused, naming the file, which stays untouched")
    func beginWithoutEnd() throws {
        let tree = try FooterTree()
        let broken = "# Titre\n\nTexte.\n\n<!-- chapeau:footer v1 begin -->\n(*) Un vieux pied de page.\n"
        try tree.write("content/broken.md", broken)
        try tree.write("content/fine.md", "# Bien\n")
        try tree.age("content/broken.md")
        let run = try tree.stamper().stamp([tree.path("content")])
        #expect(run.statusByName == ["broken.md": .malformed, "fine.md": .stamped])
        #expect(run.failures.map(\.message) == [
            "\(tree.path("content/broken.md")) has a chapeau:footer begin marker at line 5 but no end marker; fix or remove it by hand",
        ])
        #expect(run.exitStatus(isCheck: false) == ExitStatus.dataError)
        #expect(try tree.text("content/broken.md") == broken)
        #expect(try tree.modified("content/broken.md") == FooterTree.longAgo)
        let check = try tree.stamper().check([tree.path("content")])
        #expect(check.statusByName["broken.md"] == .malformed)
        #expect(check.exitStatus(isCheck: true) == ExitStatus.problemsFound)
    }

    @Test("Symbolic links leaving the tree are not followed; links inside it are, once, and stay links")
    func symbolicLinks() throws {
        let tree = try FooterTree()
        let secret = "# Ailleurs\n\nHors de l'arbre.\n"
        try tree.write("outside/secret.md", secret)
        try tree.write("content/real.md", "# Réel\n")
        let fm = FileManager.default
        try fm.createSymbolicLink(atPath: tree.path("content/link.md"), withDestinationPath: "../outside/secret.md")
        try fm.createSymbolicLink(atPath: tree.path("content/dirlink"), withDestinationPath: tree.path("outside"))
        try fm.createSymbolicLink(atPath: tree.path("content/alias.md"), withDestinationPath: "real.md")
        try fm.createSymbolicLink(atPath: tree.path("content/loop"), withDestinationPath: ".")
        try fm.createSymbolicLink(atPath: tree.path("content/dangling.md"), withDestinationPath: "nowhere.md")

        let run = try tree.stamper().stamp([tree.path("content")])
        #expect(run.notFollowed == ["dangling.md", "dirlink", "link.md"].map { tree.path("content/\($0)") })
        #expect(run.items.map(\.path) == [tree.path("content/real.md")])
        #expect(run.items.first?.status == .stamped)
        #expect(try tree.text("outside/secret.md") == secret)
        #expect(try tree.text("content/real.md").contains("chapeau:footer v1 begin"))
        #expect(try fm.destinationOfSymbolicLink(atPath: tree.path("content/alias.md")) == "real.md")
    }

    @Test("Given paths that do not exist are reported, the others processed")
    func missingPath() throws {
        let tree = try FooterTree()
        try tree.write("content/a.md", "# A\n")
        let run = try tree.stamper().stamp([tree.path("nowhere"), tree.path("content/a.md")])
        #expect(run.items.map(\.status) == [.failed, .stamped])
        #expect(run.items.first?.message == "cannot read \(tree.path("nowhere")): no such file or folder")
        #expect(run.exitStatus(isCheck: false) == ExitStatus.ioError)
    }

    @Test("A dry run says what would change and writes nothing")
    func dryRun() throws {
        let tree = try FooterTree()
        try tree.write("content/a.md", "# A\n")
        let run = try tree.stamper().stamp([tree.path("content")], dryRun: true)
        #expect(run.dryRun)
        #expect(run.items.map(\.status) == [.stamped])
        #expect(try tree.text("content/a.md") == "# A\n")
    }

    @Test("check: missing, then current, then stale when the figures change")
    func check() throws {
        let tree = try FooterTree()
        try tree.write("content/a.md", "# A\n")
        let november = try FooterProgressTests.live(received: 1000, needs: 35000)
        let stamper = try tree.stamper(live: november)
        #expect(stamper.check([tree.path("content")]).items.map(\.status) == [.missing])
        _ = stamper.stamp([tree.path("content")])
        #expect(stamper.check([tree.path("content")]).items.map(\.status) == [.current])
        let later = try tree.stamper(live: try FooterProgressTests.live(received: 2500, needs: 35000))
        let stale = later.check([tree.path("content")])
        #expect(stale.items.map(\.status) == [.stale])
        #expect(stale.exitStatus(isCheck: true) == ExitStatus.problemsFound)
        #expect(later.stamp([tree.path("content")]).items.map(\.status) == [.updated])
        #expect(try tree.text("content/a.md").contains("25,00\u{A0}€ reçus"))
    }
}
