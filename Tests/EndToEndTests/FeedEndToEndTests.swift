import Foundation
import Testing

/// The published Atom feed as a feed reader reads it: feedparser (PyPI), through
/// `Tests/Fixtures/feed/read_feed.py`. A missing feedparser is a failure with the command that
/// installs it (`.ci/run` and `make test` install it), never a silent skip.
enum FeedReader {
    static let script = CLI.packageRoot.appendingPathComponent("Tests/Fixtures/feed/read_feed.py").path

    struct Link: Decodable, Equatable { let rel: String?; let href: String? }
    struct Entry: Decodable { let id: String?; let title: String?; let link: String?; let links: [Link]; let published: Int?; let updated: Int? }
    struct Head: Decodable { let id: String?; let title: String?; let updated: Int?; let links: [Link] }
    struct Feed: Decodable { let bozo: Bool; let bozo_exception: String; let version: String; let feed: Head; let entries: [Entry] }

    /// `Reports/feed.atom` of a workspace as feedparser understands it, served at `servedAt`.
    static func read(_ c: CLI, servedAt: String? = nil) throws -> Feed {
        guard let python = ExternalTool.find("python3") else {
            Issue.record("python3 is not on PATH, so the feed was not read by a real feed parser: install python3 and feedparser")
            throw CLIError.setup("no python3")
        }
        let feed = c.dir.appendingPathComponent("Reports/feed.atom").path
        let r = try ExternalTool.run(python, [script, feed] + (servedAt.map { [$0] } ?? []), in: c.dir)
        if r.code == 3 {
            Issue.record("feedparser is not installed, so the feed was not read by a real feed parser: python3 -m pip install feedparser")
            throw CLIError.setup("no feedparser")
        }
        guard r.code == 0 else { throw CLIError.setup("read_feed.py exited \(r.code): \(r.err)") }
        return try JSONDecoder().decode(Feed.self, from: Data(r.out.utf8))
    }

    /// Seconds since 1970 of an ISO 8601 time.
    static func seconds(_ iso: String) -> Int {
        Int(ISO8601DateFormatter().date(from: iso)?.timeIntervalSince1970 ?? -1)
    }
}

@Suite("The Atom feed, read by a real feed parser")
struct FeedEndToEndTests {
    /// Semi-monthly reports, gifts from August to October, no base_url.
    func workspace() throws -> CLI {
        let c = try CLI()
        try setConfig(c) { $0.replacingOccurrences(of: "cadence = \"monthly\"", with: "cadence = \"semi-monthly\"") }
        for s in [["gift", "add", "10", "--date", "2026-08-03"], ["gift", "add", "20", "--date", "2026-09-20"],
                  ["gift", "add", "30", "--date", "2026-10-10"]] {
            let r = c.run(s)
            guard r.code == 0 else { throw CLIError.setup("\(s): \(r.err)") }
        }
        return c
    }

    func setConfig(_ c: CLI, _ change: (String) -> String) throws {
        let path = c.dir.appendingPathComponent("Config/chapeau.toml")
        try Data(change(try String(contentsOf: path, encoding: .utf8)).utf8).write(to: path)
    }

    func setBaseURL(_ c: CLI, _ url: String) throws {
        try setConfig(c) { text in
            var lines = text.components(separatedBy: "\n").filter { !$0.hasPrefix("base_url = ") }
            if let i = lines.firstIndex(where: { $0.hasPrefix("carry_over = ") }) { lines.insert("base_url = \"\(url)\"", at: i + 1) }
            return lines.joined(separator: "\n")
        }
    }

    func run(_ c: CLI, _ now: String) throws {
        let r = c.run("run", "--now", now)
        guard r.code == 0 else { throw CLIError.setup("run --now \(now) exited \(r.code): \(r.err)") }
    }

    /// Period id → entry, from each entry's link.
    func byPeriod(_ feed: FeedReader.Feed) -> [String: FeedReader.Entry] {
        var out: [String: FeedReader.Entry] = [:]
        for e in feed.entries {
            guard let link = e.link else { continue }
            let parts = link.split(separator: "/")
            if parts.count >= 2 { out[String(parts[parts.count - 2])] = e }
        }
        return out
    }

    @Test("ids never change when base_url is set or moved; updated is each report's first publication or revision")
    func stableIDsAndTimes() throws {
        let c = try workspace()
        // A catch-up: five closed periods published by one run.
        try run(c, "2026-10-20T08:00:00Z")
        let served = "https://reports.example.net/camille/feed.atom"
        let first = try FeedReader.read(c, servedAt: served)
        #expect(!first.bozo, "feedparser found the feed malformed: \(first.bozo_exception)")
        #expect(first.version == "atom10")
        let feedID = try #require(first.feed.id)
        #expect(feedID.hasPrefix("urn:uuid:") && feedID.count == 45, "\(feedID)")
        // Without base_url, links are relative to where the feed is served, and a reader resolves them there.
        #expect(first.feed.links.contains(FeedReader.Link(rel: "self", href: served)))
        #expect(first.feed.links.contains(FeedReader.Link(rel: "payment", href: "https://example.org/soutenir")))
        #expect(first.feed.links.contains(FeedReader.Link(rel: "alternate", href: "https://reports.example.net/camille/index.html")))
        let entries = byPeriod(first)
        #expect(entries.keys.sorted() == ["2026-08-H1", "2026-08-H2", "2026-09-H1", "2026-09-H2", "2026-10-H1"])
        #expect(entries["2026-10-H1"]?.link == "https://reports.example.net/camille/2026-10-H1/index.html")
        let ids = first.entries.compactMap(\.id)
        #expect(Set(ids).count == 5 && ids.allSatisfy { $0.hasPrefix("urn:uuid:") && $0 != feedID }, "\(ids)")
        let catchUp = FeedReader.seconds("2026-10-20T08:00:00Z")
        for e in first.entries {
            #expect(e.updated == catchUp && e.published == catchUp, "\(e.title ?? "?"): published by the catch-up run")
        }

        // The next period closes: its entry is dated by the run that publishes it, the others keep theirs.
        try run(c, "2026-11-02T08:00:00Z")
        // A late gift revises September's first half: its updated moves, its published and id stay.
        let late = c.run("gift", "add", "7", "--date", "2026-09-03")
        #expect(late.code == 0, "\(late.err)")
        try run(c, "2026-11-02T09:00:00Z")
        let second = byPeriod(try FeedReader.read(c, servedAt: served))
        #expect(second["2026-10-H2"]?.updated == FeedReader.seconds("2026-11-02T08:00:00Z"))
        #expect(second["2026-10-H2"]?.published == FeedReader.seconds("2026-11-02T08:00:00Z"))
        #expect(second["2026-09-H1"]?.updated == FeedReader.seconds("2026-11-02T09:00:00Z"))
        #expect(second["2026-09-H1"]?.published == catchUp)
        #expect(second["2026-08-H1"]?.updated == catchUp)
        for (period, e) in entries { #expect(second[period]?.id == e.id, "the id of \(period) changed with a new period or a revision") }

        // base_url set for the first time, then moved: links become absolute there, ids stay.
        for base in ["https://example.org/reports", "https://dons.example.com/transparence/"] {
            try setBaseURL(c, base)
            try run(c, "2026-11-02T10:00:00Z")
            let moved = try FeedReader.read(c)   // no serving address: links must be absolute by themselves
            #expect(!moved.bozo, "\(moved.bozo_exception)")
            #expect(moved.feed.id == feedID, "the feed's id changed with base_url = \(base)")
            let root = base.hasSuffix("/") ? base : base + "/"
            #expect(moved.feed.links.contains(FeedReader.Link(rel: "self", href: root + "feed.atom")))
            let now = byPeriod(moved)
            #expect(now.count == 6)
            for (period, e) in second {
                #expect(now[period]?.id == e.id, "the id of \(period) changed with base_url = \(base)")
                #expect(now[period]?.link == "\(root)\(period)/index.html")
                #expect(now[period]?.updated == e.updated, "rewriting the site is not a new version of \(period)")
            }
            let text = try String(contentsOf: c.dir.appendingPathComponent("Reports/feed.atom"), encoding: .utf8)
            #expect(!text.contains("xml:base"), "with base_url every link is absolute")
        }
    }

    @Test("two workspaces never share an id, even with the same author and periods")
    func distinctWorkspaces() throws {
        let a = try workspace(), b = try workspace()
        try run(a, "2026-10-20T08:00:00Z")
        try run(b, "2026-10-20T08:00:00Z")
        let fa = try FeedReader.read(a), fb = try FeedReader.read(b)
        #expect(fa.feed.id != fb.feed.id)
        #expect(Set(fa.entries.compactMap(\.id)).isDisjoint(with: fb.entries.compactMap(\.id)))
        // And a workspace's ids survive a backup restored elsewhere: they live in the ledger.
        let copy = a.dir.appendingPathComponent("data/copy.sqlite").path
        #expect(a.run("backup", copy).code == 0)
        let c = try CLI()
        try setConfig(c) { $0.replacingOccurrences(of: "cadence = \"monthly\"", with: "cadence = \"semi-monthly\"") }
        try FileManager.default.removeItem(atPath: c.ledger)
        try FileManager.default.copyItem(atPath: copy, toPath: c.ledger)
        try run(c, "2026-10-20T09:00:00Z")
        let fc = try FeedReader.read(c)
        #expect(fc.feed.id == fa.feed.id)
        #expect(fc.entries.compactMap(\.id).sorted() == fa.entries.compactMap(\.id).sorted())
    }
}
