import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

@Suite("chapeau footer, end to end")
struct FooterEndToEndTests {
    static let articles: [(String, String)] = [
        ("content/a.md", "---\ntitle: Des jardins partagés\n---\n\nLe texte.\n"),
        ("content/sub/b.html", "<!DOCTYPE html>\n<html lang=\"fr\"><body>\n<article>\n<h1>Titre</h1>\n<p>Texte.</p>\n</article>\n</body></html>\n"),
        ("content/c.txt", "Un titre\n\nUn texte en clair.\n"),
    ]

    func workspaceWithArticles() throws -> FooterCLI {
        let cli = try FooterCLI()
        for (path, text) in Self.articles { try cli.write(path, text) }
        try cli.write("content/photo.png", "not an article")
        return cli
    }

    func statuses(_ json: String) throws -> [String: String] {
        let files = try FooterCLI.object(json)["files"] as? [[String: Any]] ?? []
        var out: [String: String] = [:]
        for file in files {
            if let path = file["path"] as? String, let status = file["status"] as? String {
                out[(path as NSString).lastPathComponent] = status
            }
        }
        return out
    }

    @Test("check exits 1 listing missing then stale footers; stamp fixes them; a second stamp changes nothing; remove restores")
    func stampCheckRemove() throws {
        let cli = try workspaceWithArticles()
        let content = cli.path("content")

        let missing = cli.run(["footer", "check", content])
        #expect(missing.code == 1, "\(missing.err)")
        for (path, _) in Self.articles {
            #expect(missing.out.contains("missing      \(cli.path(path))"), "\(missing.out)")
        }
        #expect(missing.out.contains("1 other file skipped"))
        let missingJSON = cli.run(["footer", "check", content, "--json"])
        #expect(missingJSON.code == 1)
        #expect(try statuses(missingJSON.out) == ["a.md": "missing", "b.html": "missing", "c.txt": "missing"])
        #expect(try FooterCLI.object(missingJSON.out)["other_files"] as? Int == 1)

        let stamped = cli.run(["footer", "stamp", content])
        #expect(stamped.code == 0, "\(stamped.err)")
        #expect(stamped.out.contains("3 stamped"), "\(stamped.out)")
        let first = try Self.articles.map { try cli.read($0.0) }
        #expect(first[0].contains("<!-- chapeau:footer v1 begin -->"))
        #expect(first[0].contains("Pour novembre 2026, 0,00\u{A0}€ reçus."), "\(first[0])")
        #expect(first[1].contains("<aside class=\"chapeau-footer\""))
        #expect(first[2].contains("-- chapeau:footer v1 begin --"))

        let current = cli.run(["footer", "check", content])
        #expect(current.code == 0, "\(current.out)\(current.err)")
        let again = cli.run(["footer", "stamp", content])
        #expect(again.code == 0)
        #expect(again.out.contains("0 stamped, 0 updated, 3 already current"), "\(again.out)")
        #expect(try Self.articles.map { try cli.read($0.0) } == first)

        // A gift in the period changes the figures: every footer is stale.
        #expect(cli.run(["gift", "add", "12,50 €"]).code == 0)
        let stale = cli.run(["footer", "check", content, "--json"])
        #expect(stale.code == 1)
        #expect(try statuses(stale.out) == ["a.md": "stale", "b.html": "stale", "c.txt": "stale"])
        let dryRun = cli.run(["footer", "stamp", content, "--dry-run"])
        #expect(dryRun.code == 0)
        #expect(dryRun.out.contains("would update"), "\(dryRun.out)")
        #expect(try Self.articles.map { try cli.read($0.0) } == first)
        let updated = cli.run(["footer", "stamp", content])
        #expect(updated.out.contains("3 updated"), "\(updated.out)")
        #expect(try cli.read("content/a.md").contains("12,50\u{A0}€ reçus"))

        let removed = cli.run(["footer", "remove", content])
        #expect(removed.code == 0, "\(removed.err)")
        #expect(removed.out.contains("3 removed"))
        #expect(try Self.articles.map { try cli.read($0.0) } == Self.articles.map(\.1))
    }

    @Test("--exclude and [footer] exclude: names, globs and paths left alone by stamp, check and remove; a pattern matching nothing refused")
    func exclude() throws {
        let cli = try workspaceWithArticles()
        try cli.write("content/drafts/d.md", "# Brouillon\n\nPas encore.\n")
        try cli.write("content/e.draft.md", "# Brouillon\n\nNon plus.\n")
        let content = cli.path("content")
        let draftsBefore = try cli.read("content/drafts/d.md")
        let stamped = cli.run(["footer", "stamp", content, "--exclude", "drafts", "--exclude", "*.draft.md", "--exclude", "sub/*"])
        #expect(stamped.code == 0, "\(stamped.err)")
        #expect(stamped.out.contains("excluded     \(cli.path("content/drafts")): matches 'drafts'"), "\(stamped.out)")
        #expect(stamped.out.contains("excluded     \(cli.path("content/e.draft.md")): matches '*.draft.md'"))
        #expect(stamped.out.contains("excluded     \(cli.path("content/sub/b.html")): matches 'sub/*'"))
        #expect(stamped.out.contains("2 stamped") && stamped.out.contains("3 excluded"), "\(stamped.out)")
        #expect(try cli.read("content/drafts/d.md") == draftsBefore)
        #expect(!(try cli.read("content/sub/b.html")).contains("chapeau:footer"))
        // check leaves the excluded out of its count: the two stamped articles are all it sees.
        let check = cli.run(["footer", "check", content, "--exclude", "drafts", "--exclude", "*.draft.md", "--exclude", "sub"])
        #expect(check.code == 0 && check.out.contains("2 of 2 articles carry a current footer"), "\(check.out)")
        #expect(cli.run(["footer", "check", content]).code == 1)   // without them, three are missing
        // The config's patterns hold for every command of the workspace, the job's stamping included.
        let configURL = URL(fileURLWithPath: cli.configPath)
        let config = try String(contentsOf: configURL, encoding: .utf8)
        #expect(config.contains("exclude = []"))
        try Data(config.replacingOccurrences(of: "exclude = []", with: "exclude = [\"drafts\", \"*.draft.md\", \"sub\"]").utf8)
            .write(to: configURL)
        #expect(cli.run(["footer", "check", content]).code == 0)
        // remove takes exclusions too; what it skipped keeps its footer.
        let removed = cli.run(["footer", "remove", content, "--exclude", "a.md"])
        #expect(removed.code == 0 && removed.out.contains("1 removed"), "\(removed.out)")
        #expect((try cli.read("content/a.md")).contains("chapeau:footer"))
        let bad = cli.run(["footer", "stamp", content, "--exclude", "/"])
        #expect(bad.code == 64 && bad.err.hasPrefix("error: --exclude '/' matches nothing"), "\(bad.err)")
        try Data(config.replacingOccurrences(of: "exclude = []", with: "exclude = [\"//\"]").utf8).write(to: configURL)
        let badConfig = cli.run(["footer", "stamp", content])
        #expect(badConfig.code != 0 && badConfig.err.contains("footer.exclude") && badConfig.err.contains("'//'"), "\(badConfig.err)")
    }

    @Test("A file with a begin marker and no end marker is refused (65) with its name; the others are stamped")
    func brokenMarkers() throws {
        let cli = try workspaceWithArticles()
        let broken = "# Titre\n\n<!-- chapeau:footer v1 begin -->\nun bout de pied de page\n"
        try cli.write("content/broken.md", broken)
        let result = cli.run(["footer", "stamp", cli.path("content")])
        #expect(result.code == 65)
        #expect(result.err.contains("error: \(cli.path("content/broken.md")) has a chapeau:footer begin marker at line 3 but no end marker"),
                "\(result.err)")
        #expect(result.err.split(separator: "\n").count == 1)
        #expect(try cli.read("content/broken.md") == broken)
        #expect(try cli.read("content/a.md").contains("chapeau:footer v1 begin"))

        let check = cli.run(["footer", "check", cli.path("content"), "--json"])
        #expect(check.code == 1)
        #expect(try statuses(check.out)["broken.md"] == "malformed")
        let remove = cli.run(["footer", "remove", cli.path("content")])
        #expect(remove.code == 65)
        #expect(try cli.read("content/broken.md") == broken)
    }

    @Test("Usage errors exit 64 with one error line")
    func usage() throws {
        let cli = try workspaceWithArticles()
        let cases: [([String], String)] = [
            (["footer", "stamp"], "error:"),
            (["footer", "stamp", cli.path("content"), "--lang", "de"], "error:"),
            (["footer", "stamp", cli.path("content"), "--template", "no-such-template"], "--template no-such-template"),
            (["footer", "audit"], "give at least one URL"),
        ]
        for (args, says) in cases {
            let result = cli.run(args)
            #expect(result.code == 64, "\(args): \(result.code) \(result.err)")
            #expect(result.err.hasPrefix("error:") && result.err.contains(says), "\(args): \(result.err)")
        }
        let missingPath = cli.run(["footer", "check", cli.path("nowhere")])
        #expect(missingPath.code == 74)
        #expect(missingPath.err.contains("error: cannot read \(cli.path("nowhere")): no such file or folder"))
    }

    // MARK: - Audit

    /// The footer paragraph as stamped in a text article: what a republisher copies.
    func paragraph(_ cli: FooterCLI) throws -> String {
        try cli.write("content/c.txt", "Un titre\n\nUn texte en clair.\n")
        let stamp = cli.run(["footer", "stamp", cli.path("content/c.txt")])
        guard stamp.code == 0 else { throw FooterCLI.SetupError.failed("stamp: \(stamp.err)") }
        let lines = try cli.read("content/c.txt").components(separatedBy: "\n")
        guard let begin = lines.firstIndex(of: "-- chapeau:footer v1 begin --"),
              let end = lines.firstIndex(of: "-- chapeau:footer v1 end --"), begin < end
        else { throw FooterCLI.SetupError.failed("no footer block") }
        return lines[(begin + 1)..<end].joined(separator: "\n")
    }

    static func page(_ body: String) -> String {
        """
        <!DOCTYPE html>
        <html><head><title>Reprise</title><script>var x = "<p>nope</p>";</script></head>
        <body><nav>Accueil · Articles</nav><article><h1>Des jardins partagés</h1>
        <p>Le texte repris en entier.</p>
        \(body)
        </article></body></html>
        """
    }

    /// The paragraph as a CMS would serve it: re-wrapped, with entities.
    static func rewrapped(_ paragraph: String) -> String {
        var words = paragraph.split(separator: " ").map(String.init)
        for index in words.indices where index % 7 == 6 { words[index] += "\n    " }
        return words.joined(separator: " ")
            .replacingOccurrences(of: "’", with: "&rsquo;")
            .replacingOccurrences(of: "à", with: "&agrave;")
            .replacingOccurrences(of: "\u{A0}", with: "&nbsp;")
            .replacingOccurrences(of: "«", with: "&laquo;")
    }

    @Test("audit: present, altered, missing, unreachable (404, closed port, TLS, too large, redirect loop), redirects followed")
    func audit() async throws {
        let cli = try FooterCLI()
        let paragraph = try paragraph(cli)
        #expect(paragraph.contains("https://example.org/soutenir"))
        let closedPort = try await TestHTTPServer.with { $0.port }

        try await TestHTTPServer.with { server in
            let altered = paragraph.replacingOccurrences(of: "vit de ce que", with: "survit grâce à ce que")
            #expect(altered != paragraph)
            server.route("/present", .html(Self.page("<p class=\"pied\">\(Self.rewrapped(paragraph))</p>")))
            server.route("/altered", .html(Self.page("<p>\(altered)</p>")))
            server.route("/missing", .html(Self.page("<p>Reproduit sans le paragraphe.</p>")))
            // Typewriter quotes and apostrophes instead of « » and ’: still the same paragraph.
            let straight = paragraph.replacingOccurrences(of: "’", with: "'")
                .replacingOccurrences(of: "«\u{A0}", with: "\"").replacingOccurrences(of: "\u{A0}»", with: "\"")
            server.route("/straight", .html(Self.page("<p>\(straight)</p>")))
            // The same words, but the money goes elsewhere.
            let diverted = paragraph.replacingOccurrences(of: "https://example.org/soutenir", with: "https://elsewhere.example/pay")
            server.route("/wrong-link", .html(Self.page("<p>\(diverted)</p>")))
            server.route("/old", .redirect(to: "/present"))
            server.route("/loop", .redirect(to: "/loop"))
            server.route("/gone", .text("gone\n", status: 404))
            let big = Data(repeating: UInt8(ascii: "a"), count: 5 * 1024 * 1024 + 1)
            server.route("/big", .init(status: 200, headers: [("Content-Type", "text/html")], body: big))
            server.route("/big-unannounced", .init(status: 200, headers: [("Content-Type", "text/html")], body: big,
                                                   omitContentLength: true))
            let base = server.baseURL
            try "# copies to check\n\n\(base)/missing\n".write(to: cli.dir.appendingPathComponent("copies.txt"),
                                                              atomically: true, encoding: .utf8)

            let only = cli.run(["footer", "audit", "\(base)/present"])
            #expect(only.code == 0, "\(only.out)\(only.err)")
            #expect(only.out.contains("present      \(base)/present  (support link: yes)"), "\(only.out)")

            let tls = base.replacingOccurrences(of: "http://", with: "https://") + "/present"
            let urls = ["present", "altered", "old", "loop", "gone", "big", "big-unannounced"].map { "\(base)/\($0)" }
                + ["http://127.0.0.1:\(closedPort)/page", tls]
            let result = cli.run(["footer", "audit"] + urls + ["--urls", "copies.txt", "--json"])
            #expect(result.code == 1, "\(result.err)")
            let rows = try FooterCLI.object(result.out)["urls"] as? [[String: Any]] ?? []
            var byURL: [String: [String: Any]] = [:]
            for row in rows { if let url = row["url"] as? String { byURL[url] = row } }
            #expect(rows.count == 10)

            let present = byURL["\(base)/present"] ?? [:]
            #expect(present["status"] as? String == "present")
            #expect(present["support_link"] as? Bool == true)
            #expect(present["compliant"] as? Bool == true)

            let changed = byURL["\(base)/altered"] ?? [:]
            #expect(changed["status"] as? String == "altered")
            let differences = changed["differences"] as? [String] ?? []
            #expect(differences.contains { $0.contains("survit") }, "\(differences)")
            #expect(changed["compliant"] as? Bool == false)

            #expect(byURL["\(base)/missing"]?["status"] as? String == "missing")
            let redirected = byURL["\(base)/old"] ?? [:]
            #expect(redirected["status"] as? String == "present")
            #expect(redirected["final_url"] as? String == "\(base)/present")

            let loop = byURL["\(base)/loop"] ?? [:]
            #expect(loop["status"] as? String == "unreachable")
            #expect((loop["reason"] as? String ?? "").contains("too many redirects (more than 5)"), "\(loop)")
            let plainAsTLS = byURL[tls] ?? [:]
            #expect(plainAsTLS["status"] as? String == "unreachable")
            #expect((plainAsTLS["reason"] as? String ?? "").contains("TLS"), "\(plainAsTLS)")

            let gone = byURL["\(base)/gone"] ?? [:]
            #expect(gone["status"] as? String == "unreachable")
            #expect((gone["reason"] as? String ?? "").contains("HTTP 404"), "\(gone)")
            let closed = byURL["http://127.0.0.1:\(closedPort)/page"] ?? [:]
            #expect(closed["status"] as? String == "unreachable")
            #expect((closed["reason"] as? String ?? "").contains("could not connect"), "\(closed)")
            for path in ["big", "big-unannounced"] {
                let refused = byURL["\(base)/\(path)"] ?? [:]
                #expect(refused["status"] as? String == "unreachable")
                #expect((refused["reason"] as? String ?? "").contains("too large"), "\(refused)")
            }
            #expect(try FooterCLI.object(result.out)["compliant"] as? Int == 2)

            let text = cli.run(["footer", "audit", "\(base)/altered", "\(base)/gone"])
            #expect(text.code == 1)
            #expect(text.out.contains("altered      \(base)/altered"), "\(text.out)")
            #expect(text.out.contains("survit"))
            #expect(text.out.contains("unreachable  \(base)/gone: HTTP 404"), "\(text.out)")
            #expect(text.out.contains("0 of 2 copies comply; 2 do not."))
            #expect(server.requests.allSatisfy { $0.method == "GET" })

            let more = cli.run(["footer", "audit", "\(base)/straight", "\(base)/wrong-link", "--json"])
            #expect(more.code == 1)
            var found: [String: [String: Any]] = [:]
            for row in try FooterCLI.object(more.out)["urls"] as? [[String: Any]] ?? [] {
                if let url = row["url"] as? String { found[url] = row }
            }
            #expect(found["\(base)/straight"]?["status"] as? String == "present", "\(found)")
            #expect(found["\(base)/straight"]?["compliant"] as? Bool == true)
            #expect(found["\(base)/wrong-link"]?["support_link"] as? Bool == false, "\(found)")
            #expect(found["\(base)/wrong-link"]?["compliant"] as? Bool == false)
        }
    }

    @Test("The test server records PUT and POST requests with their headers and bodies")
    func serverRecordsUploads() async throws {
        try await TestHTTPServer.with { server in
            server.route("/hook", method: "POST", .text("accepted\n", status: 202))
            guard let putURL = URL(string: "\(server.baseURL)/reports/latest.json"),
                  let postURL = URL(string: "\(server.baseURL)/hook") else { return }
            var put = URLRequest(url: putURL)
            put.httpMethod = "PUT"
            put.setValue("Bearer t0k3n", forHTTPHeaderField: "Authorization")
            put.httpBody = Data(repeating: UInt8(ascii: "x"), count: 4000)
            var post = URLRequest(url: postURL)
            post.httpMethod = "POST"
            post.httpBody = Data("{\"event\":\"report\"}".utf8)
            let putStatus = try await Self.status(of: put)
            let postStatus = try await Self.status(of: post)
            #expect(putStatus == 201)
            #expect(postStatus == 202)
            let requests = server.requests
            #expect(requests.map(\.method) == ["PUT", "POST"])
            #expect(requests.first?.path == "/reports/latest.json")
            #expect(requests.first?.headers["authorization"] == "Bearer t0k3n")
            #expect(requests.first?.body.count == 4000)
            #expect(requests.last.map { String(decoding: $0.body, as: UTF8.self) } == "{\"event\":\"report\"}")
        }
    }

    /// The status code of a request sent with URLSession (libcurl), as the publishing code will.
    static func status(of request: URLRequest) async throws -> Int {
        let (_, response) = try await URLSession.shared.data(for: request)
        return (response as? HTTPURLResponse)?.statusCode ?? -1
    }
}

@Suite("chapeau footer print, for texts that are not files")
struct FooterPrintEndToEndTests {
    @Test("print: the head line and the paragraph with the figures, in md, html and text, with the title and link given")
    func printFormats() throws {
        let cli = try FooterCLI()
        let url = "https://example.org/jardins/"
        let md = cli.run(["footer", "print", "--title", "Des jardins", "--url", url])
        #expect(md.code == 0, "\(md.err)")
        #expect(md.out.hasPrefix("_Ce texte est un article en participation libre (\\*)_\n\n(\\*) Vous pouvez copier"))
        #expect(md.out.contains("[https://example.org/soutenir](https://example.org/soutenir)"))
        #expect(md.out.contains("«\u{A0}Des jardins\u{A0}», [\(url)](\(url))"))
        #expect(md.out.contains("0,00\u{A0}€ reçus"))
        let html = cli.run(["footer", "print", "--format", "html", "--lang", "en"])
        #expect(html.code == 0)
        #expect(html.out.contains("<aside class=\"chapeau-footer\" id=\"chapeau-footer\" lang=\"en\">"))
        #expect(html.out.contains("<a href=\"https://example.org/soutenir\">"))
        let text = cli.run(["footer", "print", "--format", "text"])
        #expect(text.code == 0)
        #expect(!text.out.contains("<") && !text.out.contains("](") && text.out.contains("https://example.org/soutenir"))
        // Nothing was written anywhere: printing is for pasting.
        #expect(!FileManager.default.fileExists(atPath: cli.path("content")))
    }

    @Test("print --short: at most 280 characters with the support link, in both languages", arguments: ["fr", "en"])
    func short(lang: String) throws {
        let cli = try FooterCLI()
        for url in [nil, "https://example.org/2026/11/un-titre-plutot-long-pour-voir-si-le-lien-tient-encore/"] as [String?] {
            let result = cli.run(["footer", "print", "--short", "--lang", lang] + (url.map { ["--url", $0] } ?? []))
            #expect(result.code == 0, "\(result.err)")
            let line = result.out.trimmingCharacters(in: .newlines)
            #expect(line.count <= 280, "\(line.count): \(line)")
            #expect(!line.contains("\n"))
            #expect(line.contains("https://example.org/soutenir"))
            #expect(line.contains(lang == "fr" ? "reçus" : "received"))
        }
    }

    @Test("print refuses an address that is not one, and an unknown format, with one error line (exit 64)",
          arguments: [["--url", "example.org/x"], ["--format", "pdf"]])
    func badInput(args: [String]) throws {
        let cli = try FooterCLI()
        let result = cli.run(["footer", "print"] + args)
        #expect(result.code == 64)
        #expect(result.out.isEmpty)
        let errors = result.err.split(separator: "\n").filter { $0.hasPrefix("error:") }
        #expect(errors.count == 1 && errors[0].contains(args[1]), "\(result.err)")
    }
}
