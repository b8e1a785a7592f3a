import Foundation
import Testing

/// A real WebDAV server, WsgiDAV (PyPI `wsgidav` on `cheroot`, installed by `.ci/run`), started
/// by the test on 127.0.0.1 on a free port (`Tests/Fixtures/webdav/serve.py`) and stopped after.
/// Where it is missing the test is skipped, except under CI, where that is a failure.
final class WebDAVServer: @unchecked Sendable {
    static let script = CLI.packageRoot.appendingPathComponent("Tests/Fixtures/webdav/serve.py")

    /// python3 when it can import wsgidav and cheroot.
    static let python: String? = {
        guard let python = ExternalTool.find("python3"),
              let r = try? ExternalTool.run(python, ["-c", "import wsgidav, cheroot"], in: URL(fileURLWithPath: "/")),
              r.code == 0 else { return nil }
        return python
    }()

    let root: URL
    let port: Int
    private let process: Process
    var url: String { "http://127.0.0.1:\(port)/dav" }

    init(python: String, user: String, password: String) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("chapeau-dav-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [Self.script.path, root.path, user, password]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // The first line is the port it bound; nothing else is read.
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        guard let text = String(data: line, encoding: .utf8)?.split(separator: "\n").first, let port = Int(text) else {
            process.terminate()
            throw CLIError.setup("the WebDAV server did not start")
        }
        self.port = port
    }

    func stop() {
        // SIGKILL: a child of the test process inherits its blocked signals, SIGTERM among them.
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: root)
    }
}

@Suite("Publishing to a real WebDAV server")
struct WebDAVEndToEndTests {
    @Test("Basic authentication, folders made with MKCOL, every file attempted, notices only for what was published",
          .enabled(if: WebDAVServer.python != nil || ExternalTool.onCI,
                   "WsgiDAV is not installed here: python3 -m pip install wsgidav cheroot (CI installs it)"))
    func publishesToWsgiDAV() throws {
        let python = try #require(WebDAVServer.python, "CI must have WsgiDAV: .ci/run installs it")
        let dav = try WebDAVServer(python: python, user: "camille", password: "app pass: wörd")
        defer { dav.stop() }
        let hook = try TestHTTPServer()
        defer { hook.stop() }
        let c = try JobEndToEndTests().workspace(publish: """
            [[publish]]
            kind = "http"
            url = "\(dav.url)/site/reports/"
            username_env = "CHAPEAU_DAV_USER"
            password_env = "CHAPEAU_DAV_PASSWORD"

            [[publish]]
            kind = "webhook"
            url = "\(hook.baseURL)/hook"
            secret_env = "CHAPEAU_TEST_HOOK"
            """)
        c.env["CHAPEAU_TEST_HOOK"] = "hook-secret"
        c.env["CHAPEAU_DAV_USER"] = "camille"
        // The folder `site` exists on the server; `reports` and the period folders do not.
        try FileManager.default.createDirectory(at: dav.root.appendingPathComponent("site"), withIntermediateDirectories: true)
        let blocker = dav.root.appendingPathComponent("site/reports/2026-09-H2")

        // A wrong password: refused by the server (401), nothing written, no notice; exit 75.
        c.env["CHAPEAU_DAV_PASSWORD"] = "wrong"
        let refused = c.run("run", "--now", "2026-10-20T08:00:00Z")
        #expect(refused.code == 75)
        #expect(refused.err.contains("error: http target") && refused.err.contains("401"), "\(refused.err)")
        #expect(!refused.err.contains("wrong"))
        let reportNotices = hook.requests.filter { ($0.headers["x-chapeau-event"] ?? "").hasPrefix("report.") }
        #expect(reportNotices.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: dav.root.appendingPathComponent("site/reports/index.html").path))

        #expect(!FileManager.default.fileExists(atPath: dav.root.appendingPathComponent("site/reports").path))

        // A file where the folder of one period should go: that period's files cannot be published.
        try FileManager.default.createDirectory(at: blocker.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("in the way".utf8).write(to: blocker)
        c.env["CHAPEAU_DAV_PASSWORD"] = "app pass: wörd"
        let blocked = c.run("run", "--now", "2026-10-20T09:00:00Z")
        #expect(blocked.code == 75)
        // One error line per file that could not be published, and only those.
        let errorLines = blocked.err.split(separator: "\n").filter { $0.hasPrefix("error: ") }
        #expect(errorLines.count == 4, "\(blocked.err)")
        #expect(errorLines.allSatisfy { $0.contains("/2026-09-H2/") })
        // Every other file was published, the ones after the failures included.
        let reports = c.dir.appendingPathComponent("Reports")
        for file in ["index.html", "feed.atom", "latest.json", "badge.svg", "2026-08-H1/report.json", "2026-10-H1/index.html",
                     "2026-10-H2/report.md"] {
            let served = FileManager.default.contents(atPath: dav.root.appendingPathComponent("site/reports/\(file)").path)
            #expect(served != nil && served == FileManager.default.contents(atPath: reports.appendingPathComponent(file).path),
                    "\(file) not published as built")
        }
        // Notices went out for the reports the server holds, not for the one it does not.
        func announced() -> [String] {
            hook.requests.filter { $0.headers["x-chapeau-event"] == "report.published" }.compactMap {
                (try? JSONSerialization.jsonObject(with: $0.body) as? [String: Any])?["period"] as? String
            }
        }
        #expect(announced().sorted() == ["2026-08-H1", "2026-08-H2", "2026-09-H1", "2026-10-H1"])

        // The way is cleared: the next run publishes the rest and only then announces it.
        try FileManager.default.removeItem(at: blocker)
        let cleared = c.run("run", "--now", "2026-10-20T10:00:00Z")
        #expect(cleared.code == 0, "\(cleared.err)")
        #expect(FileManager.default.contents(atPath: dav.root.appendingPathComponent("site/reports/2026-09-H2/report.json").path)
                == FileManager.default.contents(atPath: reports.appendingPathComponent("2026-09-H2/report.json").path))
        #expect(announced().sorted() == ["2026-08-H1", "2026-08-H2", "2026-09-H1", "2026-09-H2", "2026-10-H1"])
    }

    @Test("Basic authentication is configured with both keys, never with a token, never in clear to another host")
    func basicConfigIsChecked() throws {
        let c = try CLI()
        let path = c.dir.appendingPathComponent("Config/chapeau.toml")
        let base = try String(contentsOf: path, encoding: .utf8)
        let start = try #require(base.range(of: "[[publish]]"))
        func check(_ publish: String, names key: String) throws {
            try Data((String(base[..<start.lowerBound]) + publish).utf8).write(to: path)
            let r = c.run("run", "--now", "2026-10-20T08:00:00Z")
            #expect(r.code != 0 && r.code != 75)
            #expect(r.err.hasPrefix("error: ") && r.err.contains(key), "\(r.err)")
            #expect(r.err.split(separator: "\n").count == 1)
        }
        try check("[[publish]]\nkind = \"http\"\nurl = \"https://dav.example.org/r/\"\nusername_env = \"U\"\n", names: "publish[1].password_env")
        try check("[[publish]]\nkind = \"http\"\nurl = \"https://dav.example.org/r/\"\npassword_env = \"P\"\n", names: "publish[1].username_env")
        try check("[[publish]]\nkind = \"http\"\nurl = \"https://dav.example.org/r/\"\ntoken_env = \"T\"\nusername_env = \"U\"\npassword_env = \"P\"\n",
                  names: "publish[1].token_env")
        try check("[[publish]]\nkind = \"http\"\nurl = \"http://dav.example.org/r/\"\nusername_env = \"U\"\npassword_env = \"P\"\n",
                  names: "publish[1].url")
        try check("[[publish]]\nkind = \"webhook\"\nurl = \"https://h.example.org/\"\nsecret_env = \"S\"\nusername_env = \"U\"\npassword_env = \"P\"\n",
                  names: "publish[1].username_env")
    }
}
