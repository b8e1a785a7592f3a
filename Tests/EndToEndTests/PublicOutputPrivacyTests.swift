import ChapeauCore
import Foundation
import Testing

/// Every public output Chapeau makes, from one ledger full of private data, scanned byte by byte.
@Suite("Every public output, every byte: no private datum, no secret, no live markup or formula")
struct PublicOutputPrivacyTests {
    static let token = "tok-Zq8-never-print-me-5521"
    static let hookSecret = "hook-Xv3-never-print-me-7730"

    /// What never leaves the ledger: contacts, notes, the names of pseudonymous and anonymous
    /// supporters (a pseudonym shows its handle only), erased ones.
    static let privateData = ["xss-7731@example.org", "mustache-5512@example.org", "anon-4410@example.org", "erased-6620@example.org",
                              "formula-8841@example.org", "@example.org", "note-privee", "hidden-handle-9921", "Anonyme Secretname",
                              "Erased Secretname", "erased-handle-3319", "HYPERLINK"]

    @Test("Reports, feed, badge, latest.json, the public export, footers and webhook bodies hold nothing private")
    func everyOutput() throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        let cli = try ReportEndToEndTests().hostileLedger()
        for s in [["supporter", "add", "formula-handle", "--name", "=HYPERLINK(\"http://x\")", "--email", "formula-8841@example.org"],
                  ["gift", "add", "8 €", "--from", "formula-handle", "--date", "2026-11-12", "--note", "@SUM(note-privee-5587)",
                   "--channel", "+cash", "--campaign=-rentrée"],
                  ["pledge", "add", "5 €", "--every", "month", "--from", "hidden-handle-9921", "--start", "2026-10-01"],
                  // A campaign sharing fixed costs and an offer answering a need: their sections are scanned too.
                  ["campaign", "add", "fete-2026", "--name", "Fête <img src=x onerror=alert(5)>", "--fixed-costs", "90 €",
                   "--participants", "3", "--start", "2026-11-01"],
                  ["gift", "add", "30 €", "--from", "formula-handle", "--date", "2026-11-13", "--campaign", "fete-2026",
                   "--note", "note-privee-campagne"],
                  ["gift", "add", "4 PTJ", "--from", "hidden-handle-9921", "--date", "2026-11-13", "--campaign", "fete-2026"],
                  ["offer", "add", "=Un lit <img src=x onerror=alert(6)>", "--kind", "lodging", "--from", "hidden-handle-9921",
                   "--date", "2026-11-11", "--need", "n-1"]] {
            let r = cli.run(s)
            #expect(r.code == 0, "\(s): \(r.err)")
        }
        let configURL = cli.dir.appendingPathComponent("Config/chapeau.toml")
        let config = try String(contentsOf: configURL, encoding: .utf8)
            .replacingOccurrences(of: "articles = []", with: "articles = [\"posts\"]")
            // The bank transfer without fees: the author's account is public, the supporters' references are not.
            .replacingOccurrences(of: "# iban = \"FR76", with: "iban = \"FR76")
            + """

            [[publish]]
            kind = "directory"
            path = "Published"

            [[publish]]
            kind = "http"
            url = "\(server.baseURL)/dav/"
            token_env = "CHAPEAU_TEST_TOKEN"

            [[publish]]
            kind = "webhook"
            url = "\(server.baseURL)/hook"
            secret_env = "CHAPEAU_TEST_HOOK"

            """
        try Data(config.utf8).write(to: configURL)
        let posts = cli.dir.appendingPathComponent("posts")
        try FileManager.default.createDirectory(at: posts, withIntermediateDirectories: true)
        try Data("# Un article\n\nDu texte libre.\n".utf8).write(to: posts.appendingPathComponent("article.md"))
        try Data("<html><body><article><h1>Un article</h1><p>Texte.</p></article></body></html>\n".utf8)
            .write(to: posts.appendingPathComponent("article.html"))
        cli.env["CHAPEAU_TEST_TOKEN"] = Self.token
        cli.env["CHAPEAU_TEST_HOOK"] = Self.hookSecret

        var outputs: [CLI.Result] = []
        func step(_ args: String...) {
            let r = cli.run(args)
            #expect(r.code == 0, "\(args): \(r.err)")
            outputs.append(r)
        }
        step("run", "--now", "2026-12-02T08:00:00Z")
        step("report", "build", "2026-11", "--format", "html,md,json,csv", "--output", "Built", "--now", "2026-12-02T08:00:00Z")
        step("export", "--public", "--output", "public.csv")
        step("export", "--public", "--format", "jsonl", "--output", "public.jsonl")
        step("export", "--format", "csv", "--output", "private.csv")
        step("backup", "backup.sqlite")
        step("footer", "stamp", "posts")
        step("run", "--now", "2026-12-02T09:00:00Z", "--json")
        // A failing target prints its error: still no secret in it.
        server.stop()
        let failing = cli.run("run", "--now", "2026-12-20T08:00:00Z")
        #expect(failing.code == 75)
        outputs.append(failing)

        // The public files, as published and as received over HTTP and by the webhook.
        var scanned: [(name: String, bytes: Data)] = []
        for folder in ["Reports", "Published", "Built", "posts"] {
            for f in try publicFiles(under: cli.dir.appendingPathComponent(folder)) { scanned.append((f.path, Data(f.text.utf8))) }
        }
        scanned.append(("public.csv", try Data(contentsOf: cli.dir.appendingPathComponent("public.csv"))))
        scanned.append(("public.jsonl", try Data(contentsOf: cli.dir.appendingPathComponent("public.jsonl"))))
        for r in server.requests { scanned.append(("\(r.method) \(r.path)", r.body)) }
        let hooks = server.requests.filter { $0.path == "/hook" }
        #expect(hooks.count >= 3, "webhook bodies received: \(hooks.count)")
        #expect(server.requests.contains { $0.path == "/dav/latest.json" } && server.requests.contains { $0.path == "/dav/badge.svg" })
        for name in ["feed.atom", "badge.svg", "latest.json", "funding.json", "2026-11/index.html", "2026-11/report.md", "2026-11/report.json", "2026-11/report.csv"] {
            #expect(scanned.contains { $0.name.hasSuffix("Reports/" + name) }, "Reports/\(name) not published")
        }
        #expect(scanned.count > 30)
        let november = try #require(scanned.first { $0.name.hasSuffix("Reports/2026-11/report.json") })
        let figures = String(decoding: november.bytes, as: UTF8.self)
        #expect(figures.contains("\"campaigns\"") && figures.contains("\"need_offers\""), "the new sections are not in the report")
        #expect(scanned.contains { $0.name.hasSuffix("Reports/2026-11/index.html") && String(decoding: $0.bytes, as: UTF8.self).contains("FR76 3000 6000 0112 3456 7890 189") },
                 "the report shows no IBAN")
        let references = (1...20).map { CreditorReference.forSupporter(number: Int64($0)) }
        for (name, bytes) in scanned {
            let text = String(decoding: bytes, as: UTF8.self)
            for secret in Self.privateData + references + references.map(CreditorReference.printable) + [Self.token, Self.hookSecret] {
                #expect(!text.contains(secret), "\(secret) in \(name)")
            }
            if name.hasSuffix(".html") || name.hasSuffix(".atom") || name.hasSuffix(".svg") || name.hasSuffix(".md") {
                for markup in ["<script>alert(1)</script>", "<b>bank</b>", "<img src=x", "<i>du</i>"] {
                    #expect(!text.contains(markup), "live \(markup) in \(name)")
                }
            }
            if name.hasSuffix(".csv") { Self.expectNoFormula(text, name) }
        }
        // Secrets never reach standard output, standard error, or the runs recorded in the ledger.
        for r in outputs {
            for secret in [Self.token, Self.hookSecret] {
                #expect(!r.out.contains(secret) && !r.err.contains(secret), "a secret printed: \(r.out) \(r.err)")
            }
        }
        for file in try FileManager.default.contentsOfDirectory(atPath: cli.dir.appendingPathComponent("data").path) {
            let bytes = try Data(contentsOf: cli.dir.appendingPathComponent("data/\(file)"))
            for secret in [Self.token, Self.hookSecret] {
                #expect(bytes.range(of: Data(secret.utf8)) == nil, "\(secret) stored in data/\(file)")
            }
        }
        // The private export neutralises formulas too; it, the ledger and its backup are for the owner only.
        Self.expectNoFormula(try String(contentsOf: cli.dir.appendingPathComponent("private.csv"), encoding: .utf8), "private.csv")
        for file in ["data/ledger.sqlite", "backup.sqlite", "private.csv"] {
            let mode = try FileManager.default.attributesOfItem(atPath: cli.dir.appendingPathComponent(file).path)[.posixPermissions] as? Int
            #expect(mode == 0o600, "\(file) has mode \(String(mode ?? 0, radix: 8))")
        }
    }

    @Test("The token and the webhook secret stay out of every error path: redirects, refusals, echoing servers, bad tokens, config refusals")
    func secretsInErrorPaths() throws {
        let configured = try TestHTTPServer()
        defer { configured.stop() }
        let other = try TestHTTPServer(host: "127.0.0.2")
        defer { other.stop() }
        let elsewhere = other.baseURL
        let c = try JobEndToEndTests().workspace(publish: """
            [[publish]]
            kind = "http"
            url = "\(configured.baseURL)/dav/"
            token_env = "CHAPEAU_TEST_TOKEN"

            [[publish]]
            kind = "webhook"
            url = "\(configured.baseURL)/hook"
            secret_env = "CHAPEAU_TEST_HOOK"
            """)
        c.env["CHAPEAU_TEST_TOKEN"] = Self.token
        c.env["CHAPEAU_TEST_HOOK"] = Self.hookSecret
        var outputs: [CLI.Result] = []
        func failing(_ args: String..., code: Int32 = 75) {
            let r = c.run(args)
            #expect(r.code == code, "\(args): \(r.code) \(r.err)")
            outputs.append(r)
        }
        // 1. Every PUT and POST redirected to another origin.
        configured.respond { .redirect(to: elsewhere + $0.path, status: 307) }
        failing("run", "--now", "2026-10-20T08:00:00Z")
        failing("run", "--now", "2026-10-20T08:30:00Z", "--json")
        // 2. A server that echoes what it received in its refusals.
        configured.respond { request in
            let echoed = request.headers.map { "\($0.key): \($0.value)" }.joined(separator: "\n")
            return .text(echoed, status: request.method == "PUT" ? 401 : 500)
        }
        failing("run", "--now", "2026-10-20T09:00:00Z", "--json")
        // 3. A token that would add headers of its own.
        c.env["CHAPEAU_TEST_TOKEN"] = Self.token + "\r\nX-Injected: 1"
        configured.respond(nil)
        failing("run", "--now", "2026-10-20T10:00:00Z")
        #expect(!configured.requests.contains { $0.headers["x-injected"] != nil })
        c.env["CHAPEAU_TEST_TOKEN"] = Self.token
        // 4. The config refused (a token over plain http to a remote host): read, never used.
        let configURL = c.dir.appendingPathComponent("Config/chapeau.toml")
        let good = try String(contentsOf: configURL, encoding: .utf8)
        try Data(good.replacingOccurrences(of: "url = \"\(configured.baseURL)/dav/\"", with: "url = \"http://dav.example.org/dav/\"").utf8)
            .write(to: configURL)
        failing("list", code: 65)
        #expect(outputs.last?.err.contains("publish[1].url") == true, "\(outputs.last?.err ?? "")")
        try Data(good.utf8).write(to: configURL)

        #expect(outputs.count == 5)
        for r in outputs {
            for secret in [Self.token, Self.hookSecret] {
                #expect(!r.out.contains(secret) && !r.err.contains(secret), "a secret printed: \(r.out) \(r.err)")
            }
        }
        // The second origin never saw a credential or a signed notice.
        #expect(other.requests.isEmpty, "\(other.requests.map { "\($0.method) \($0.path)" })")
        for file in try FileManager.default.contentsOfDirectory(atPath: c.dir.appendingPathComponent("data").path) {
            let bytes = try Data(contentsOf: c.dir.appendingPathComponent("data/\(file)"))
            for secret in [Self.token, Self.hookSecret] {
                #expect(bytes.range(of: Data(secret.utf8)) == nil, "\(secret) stored in data/\(file)")
            }
        }
        for name in try FileManager.default.subpathsOfDirectory(atPath: c.dir.appendingPathComponent("Reports").path) {
            let bytes = (try? Data(contentsOf: c.dir.appendingPathComponent("Reports/\(name)"))) ?? Data()
            #expect(bytes.range(of: Data(Self.token.utf8)) == nil && bytes.range(of: Data(Self.hookSecret.utf8)) == nil, "Reports/\(name)")
        }
    }

    /// No CSV cell starts with what a spreadsheet runs as a formula (quoted or not).
    static func expectNoFormula(_ text: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        var reader = CSVCells(text)
        while let cell = reader.next() {
            #expect(!["=", "+", "-", "@"].contains(cell.first.map(String.init) ?? ""), "formula cell \(cell.debugDescription) in \(name)",
                    sourceLocation: sourceLocation)
        }
    }
}

/// The cells of a CSV text, unquoted (RFC 4180), to look at what a spreadsheet would see.
struct CSVCells {
    private var chars: [Character]
    private var i = 0

    init(_ text: String) { chars = Array(text) }

    mutating func next() -> String? {
        guard i < chars.count else { return nil }
        var cell = ""
        if chars[i] == "\"" {
            i += 1
            while i < chars.count {
                if chars[i] == "\"" {
                    if i + 1 < chars.count, chars[i + 1] == "\"" { cell.append("\""); i += 2; continue }
                    i += 1
                    break
                }
                cell.append(chars[i]); i += 1
            }
        }
        while i < chars.count, chars[i] != ",", chars[i] != "\n", chars[i] != "\r\n" { cell.append(chars[i]); i += 1 }
        i += 1
        return cell
    }
}
