import Crypto
import Foundation
import Testing

@Suite("The scheduled job, end to end")
struct JobEndToEndTests {
    /// A workspace with semi-monthly reports, gifts over three months and a pledge.
    func workspace(publish: String? = nil) throws -> CLI {
        let c = try CLI()
        let path = c.dir.appendingPathComponent("Config/chapeau.toml")
        var config = try String(contentsOf: path, encoding: .utf8)
            .replacingOccurrences(of: "cadence = \"monthly\"", with: "cadence = \"semi-monthly\"")
        if let publish, let range = config.range(of: "[[publish]]") {
            config = String(config[..<range.lowerBound]) + publish
        }
        try Data(config.utf8).write(to: path)
        for s in [["supporter", "add", "marie", "--visibility", "public", "--name", "Marie D."],
                  ["gift", "add", "10", "--from", "marie", "--date", "2026-08-03"],
                  ["gift", "add", "20", "--date", "2026-09-20"],
                  ["pledge", "add", "5", "--every", "month", "--from", "marie", "--start", "2026-09-01"],
                  ["gift", "add", "30", "--date", "2026-10-10"]] {
            let r = c.run(s)
            guard r.code == 0 else { throw CLIError.setup("\(s): \(r.err)") }
        }
        return c
    }

    func feedEntries(_ c: CLI) throws -> Int {
        try String(contentsOf: c.dir.appendingPathComponent("Reports/feed.atom"), encoding: .utf8)
            .components(separatedBy: "<entry>").count - 1
    }

    @Test("Two runs publish once; a gap of several periods is caught up; a late entry revises")
    func publishesOnceAndCatchesUp() throws {
        let c = try workspace()
        // One giver a period here: with min_group 1 their name is on the wall of thanks (at the
        // default 3, a name beside a one-giver total is never shown).
        try c.editConfig("min_group = 3", "min_group = 1")
        let first = try #require(try c.json("run", "--now", "2026-10-20T08:00:00Z", "--json") as? [String: Any])
        #expect(first["published"] as? [String] == ["2026-08-H1", "2026-08-H2", "2026-09-H1", "2026-09-H2", "2026-10-H1"])
        let again = try #require(try c.json("run", "--now", "2026-10-20T09:00:00Z", "--json") as? [String: Any])
        #expect((again["published"] as? [String])?.isEmpty == true)
        #expect((again["revised"] as? [String])?.isEmpty == true)
        #expect(try feedEntries(c) == 5)
        // Down for six weeks: every closed period in between is published, once.
        let late = try #require(try c.json("run", "--now", "2026-12-02T08:00:00Z", "--json") as? [String: Any])
        #expect(late["published"] as? [String] == ["2026-10-H2", "2026-11-H1", "2026-11-H2"])
        #expect(try feedEntries(c) == 8)
        // An entry dated in a published period: a revision, marked as such.
        c.run("gift", "add", "7", "--date", "2026-09-03")
        let revised = try #require(try c.json("run", "--now", "2026-12-02T09:00:00Z", "--json") as? [String: Any])
        #expect(revised["revised"] as? [String] == ["2026-09-H1"])
        #expect((revised["published"] as? [String])?.isEmpty == true)
        let report = try String(contentsOf: c.dir.appendingPathComponent("Reports/2026-09-H1/report.json"), encoding: .utf8)
        #expect(report.contains("\"revised\":true") || report.contains("\"revised\": true"))
        #expect(FileManager.default.fileExists(atPath: c.dir.appendingPathComponent("Reports/2026-12-H1/index.html").path))
        // A new supporter changes no published figure; an erasure takes a name off every wall of thanks.
        c.run("supporter", "add", "newcomer")
        let quiet = try #require(try c.json("run", "--now", "2026-12-02T10:00:00Z", "--json") as? [String: Any])
        #expect((quiet["revised"] as? [String])?.isEmpty == true)
        let august = c.dir.appendingPathComponent("Reports/2026-08-H1/index.html")
        #expect(try String(contentsOf: august, encoding: .utf8).contains("Marie D."))
        c.run("supporter", "erase", "marie")
        let erased = try #require(try c.json("run", "--now", "2026-12-02T11:00:00Z", "--json") as? [String: Any])
        #expect((erased["revised"] as? [String])?.count == 8)
        #expect(try !String(contentsOf: august, encoding: .utf8).contains("Marie D."))
        #expect(c.run("verify").code == 0)
    }

    @Test("Two concurrent runs publish each period once")
    func concurrentRuns() async throws {
        let c = try workspace()
        let results = await withTaskGroup(of: CLI.Result.self) { group in
            for _ in 0..<2 { group.addTask { c.run("run", "--now", "2026-12-02T08:00:00Z", "--json") } }
            var all: [CLI.Result] = []
            for await r in group { all.append(r) }
            return all
        }
        #expect(results.allSatisfy { $0.code == 0 || $0.code == 75 }, "\(results.map(\.err))")
        var published: [String] = []
        for r in results where r.code == 0 {
            let json = try #require(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
            published += json["published"] as? [String] ?? []
        }
        for r in results where r.code == 75 { #expect(r.err.contains("another 'chapeau run' is in progress")) }
        #expect(published.sorted() == ["2026-08-H1", "2026-08-H2", "2026-09-H1", "2026-09-H2", "2026-10-H1", "2026-10-H2", "2026-11-H1", "2026-11-H2"])
        #expect(try feedEntries(c) == 8)
    }

    @Test("An http target receives every file with the token; when it is down the run fails and the next one delivers")
    func httpTarget() async throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        let c = try workspace(publish: """
            [[publish]]
            kind = "http"
            url = "\(server.baseURL)/dav/reports/"
            token_env = "CHAPEAU_TEST_TOKEN"
            """)
        c.env["CHAPEAU_TEST_TOKEN"] = "s3cret-token"
        let r = c.run("run", "--now", "2026-10-20T08:00:00Z")
        #expect(r.code == 0, "\(r.err)")
        let puts = server.requests.filter { $0.method == "PUT" }
        let paths = Set(puts.map(\.path))
        for p in ["/dav/reports/index.html", "/dav/reports/feed.atom", "/dav/reports/latest.json", "/dav/reports/badge.svg",
                  "/dav/reports/2026-09-H2/index.html", "/dav/reports/2026-09-H2/report.json"] {
            #expect(paths.contains(p), "\(p) not received")
        }
        #expect(puts.allSatisfy { $0.headers["authorization"] == "Bearer s3cret-token" })
        let onDisk = try String(contentsOf: c.dir.appendingPathComponent("Reports/2026-09-H2/report.json"), encoding: .utf8)
        #expect(puts.first { $0.path == "/dav/reports/2026-09-H2/report.json" }?.body == Data(onDisk.utf8))
        #expect(!r.out.contains("s3cret-token") && !r.err.contains("s3cret-token"))

        // Nothing changed: nothing is sent again.
        let before = server.requests.count
        #expect(c.run("run", "--now", "2026-10-20T08:00:00Z").code == 0)
        #expect(server.requests.filter { $0.method == "PUT" }.count - puts.count <= 4)  // only the live files that changed
        _ = before

        // The server goes down: the run reports it and exits 75; the next run delivers.
        server.stop()
        let down = c.run("run", "--now", "2026-11-02T08:00:00Z")
        #expect(down.code == 75)
        #expect(down.err.contains("error: http target"))
        let revived = try TestHTTPServer()
        defer { revived.stop() }
        let path = c.dir.appendingPathComponent("Config/chapeau.toml")
        let config = try String(contentsOf: path, encoding: .utf8).replacingOccurrences(of: server.baseURL, with: revived.baseURL)
        try Data(config.utf8).write(to: path)
        let up = c.run("run", "--now", "2026-11-02T09:00:00Z")
        #expect(up.code == 0, "\(up.err)")
        #expect(Set(revived.requests.map(\.path)).contains("/dav/reports/2026-10-H2/index.html"))
    }

    @Test("Webhook notices are signed with HMAC-SHA256 and carry no personal data")
    func webhooks() throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        let c = try workspace(publish: """
            [[publish]]
            kind = "directory"
            path = "Reports"

            [[publish]]
            kind = "webhook"
            url = "\(server.baseURL)/hook"
            secret_env = "CHAPEAU_TEST_HOOK"
            """)
        let unsigned = c.run("run", "--now", "2026-10-20T08:00:00Z")
        #expect(unsigned.code == 75)
        #expect(unsigned.err.contains("CHAPEAU_TEST_HOOK"))
        #expect(server.requests.isEmpty)
        c.env["CHAPEAU_TEST_HOOK"] = "hook-secret-42"
        #expect(c.run("run", "--now", "2026-10-20T08:00:00Z").code == 0)
        let posts = server.requests.filter { $0.method == "POST" }
        let events = posts.compactMap { $0.headers["x-chapeau-event"] }
        #expect(events.filter { $0 == "report.published" }.count == 5)
        #expect(events.contains("pledge.created"))
        #expect(events.contains("pledge.overdue"))
        for p in posts {
            let ts = try #require(p.headers["x-chapeau-timestamp"])
            let sig = try #require(p.headers["x-chapeau-signature"])
            var message = Data("\(ts).".utf8)
            message.append(p.body)
            let mac = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: Data("hook-secret-42".utf8)))
            #expect(sig == "sha256=" + Data(mac).map { String(format: "%02x", $0) }.joined())
            let body = String(decoding: p.body, as: UTF8.self)
            #expect(!body.contains("marie") && !body.contains("Marie") && !body.contains("hook-secret"))
        }
        // Delivered once: a second run sends nothing new.
        #expect(c.run("run", "--now", "2026-10-20T09:00:00Z").code == 0)
        #expect(server.requests.filter { $0.method == "POST" }.count == posts.count)
        // Later, with no new entry, the instalments fallen due since are announced: a run that
        // skips the search on a day it already searched must search again on a new day.
        let overdueBefore = events.filter { $0 == "pledge.overdue" }.count
        #expect(c.run("run", "--now", "2026-12-21T09:00:00Z").code == 0)
        let overdueAfter = server.requests.filter { $0.method == "POST" && $0.headers["x-chapeau-event"] == "pledge.overdue" }.count
        #expect(overdueAfter > overdueBefore, "\(overdueBefore) → \(overdueAfter)")
        #expect(c.run("run", "--now", "2026-12-21T10:00:00Z").code == 0)
        #expect(server.requests.filter { $0.method == "POST" && $0.headers["x-chapeau-event"] == "pledge.overdue" }.count == overdueAfter)
    }

    @Test("A void that takes back an instalment's payment makes it overdue again, however long ago it fell due")
    func voidReopensAnOldInstalment() throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        let c = try workspace(publish: """
            [[publish]]
            kind = "webhook"
            url = "\(server.baseURL)/hook"
            secret_env = "CHAPEAU_TEST_HOOK"
            """)
        c.env["CHAPEAU_TEST_HOOK"] = "hook-secret-42"
        #expect(c.run("gift", "add", "5", "--from", "marie", "--pledge", "p-1", "--date", "2026-09-02").code == 0)
        func overdue() -> [String] {
            server.requests.filter { $0.method == "POST" && $0.headers["x-chapeau-event"] == "pledge.overdue" }
                .compactMap { (try? JSONSerialization.jsonObject(with: $0.body) as? [String: Any])?["due"] as? String }.sorted()
        }
        #expect(c.run("run", "--now", "2026-10-20T08:00:00Z").code == 0)
        #expect(overdue() == ["2026-10-01"], "September is paid")
        // The next day, the September payment is voided: September is overdue again.
        #expect(c.run("void", "g-4", "--reason", "chargeback").code == 0)
        #expect(c.run("run", "--now", "2026-10-21T08:00:00Z").code == 0)
        #expect(overdue() == ["2026-09-01", "2026-10-01"])
    }

    @Test func schedulePrint() throws {
        let c = try CLI()
        let systemd = c.run("schedule", "print", "--systemd")
        #expect(systemd.code == 0)
        #expect(systemd.out.contains("ExecStart="))
        #expect(systemd.out.contains(" run --config \"\(c.dir.path)/Config/chapeau.toml\"") || systemd.out.contains("run --config \"/"))
        #expect(systemd.out.contains("OnCalendar=hourly"))
        #expect(systemd.out.contains("systemctl --user enable --now chapeau.timer"))
        let cron = c.run("schedule", "print", "--cron")
        #expect(cron.out.contains("17 * * * * cd "))
        #expect(c.run("schedule", "print").code == 64)
    }

    @Test("chapeau demo builds an 18-month showcase, every report published and articles stamped")
    func demo() throws {
        let c = try CLI(initialise: false)
        let r = c.run("demo", "showcase")
        #expect(r.code == 0, "\(r.err)")
        #expect(r.out.contains("Reports/2026-11-H1/index.html"))
        c.env["CHAPEAU_CONFIG"] = c.dir.appendingPathComponent("showcase/Config/chapeau.toml").path
        #expect(c.run("verify").code == 0)
        let list = try #require(try c.json("report", "list", "--json", "--now", "2026-11-20T09:00:00Z") as? [[String: Any]])
        #expect(list.count >= 36)
        let article = try String(contentsOf: c.dir.appendingPathComponent("showcase/content/posts/2026-09-communs.md"), encoding: .utf8)
        #expect(article.contains("chapeau:footer v1 begin"))
        let overdue = c.run("pledge", "overdue")
        #expect(overdue.out.contains("overdue"))
        // The same seed and --now give the same entries and figures (chain heads differ: personal
        // data is digested with a random salt, so that an erased name cannot be guessed back).
        let again = c.run("demo", "showcase-2")
        #expect(again.code == 0)
        c.env["CHAPEAU_CONFIG"] = c.dir.appendingPathComponent("showcase-2/Config/chapeau.toml").path
        let second = c.run("report", "list", "--json", "--now", "2026-11-20T09:00:00Z").out
        let secondGifts = c.run("list", "gifts", "--json").out
        c.env["CHAPEAU_CONFIG"] = c.dir.appendingPathComponent("showcase/Config/chapeau.toml").path
        #expect(c.run("report", "list", "--json", "--now", "2026-11-20T09:00:00Z").out == second)
        #expect(c.run("list", "gifts", "--json").out == secondGifts)
    }
}
