import Foundation
import GRDB
import Testing

/// The site files (`index.html`, `feed.atom`, `latest.json`, `badge.svg`) have one owner: the
/// record of what has been published, kept in the ledger. `chapeau run` adds to it; `report
/// build` and `run` both write the site from it, so neither undoes the other.
@Suite("The site files, written from what has been published")
struct SiteOwnerEndToEndTests {
    let jobs = JobEndToEndTests()

    func site(_ c: CLI, _ name: String) throws -> Data {
        try Data(contentsOf: c.dir.appendingPathComponent("Reports/\(name)"))
    }

    func feed(_ c: CLI) throws -> String { String(decoding: try site(c, "feed.atom"), as: UTF8.self) }

    /// The `<updated>` of every feed entry, in feed order.
    func entryTimes(_ c: CLI) throws -> [String] {
        try feed(c).components(separatedBy: "<entry>").dropFirst().compactMap { entry in
            guard let a = entry.range(of: "<updated>"), let b = entry.range(of: "</updated>") else { return nil }
            return String(entry[a.upperBound..<b.lowerBound])
        }
    }

    /// The rows of the `published` table, as an auditor reads them.
    func published(_ c: CLI) throws -> [String: (first: String, revisedAt: String?, revision: Int)] {
        let q = try DatabaseQueue(path: c.ledger)
        defer { try? q.close() }
        return try q.read { db in
            var out: [String: (String, String?, Int)] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT period, first_published_at, revised_at, revision FROM published") {
                out[row[0]] = (row[1], row[2], row[3])
            }
            return out
        }
    }

    @Test("report build after run changes no byte of feed.atom or index.html, revision marks included")
    func reportBuildAfterRun() throws {
        let c = try jobs.workspace()
        #expect(c.run("run", "--now", "2026-10-20T08:00:00Z").code == 0)
        // A late entry: the next run revises 2026-09-H2 and marks it.
        #expect(c.run("gift", "add", "7", "--date", "2026-09-25").code == 0)
        let revising = try #require(try c.json("run", "--now", "2026-10-21T08:00:00Z", "--json") as? [String: Any])
        #expect(revising["revised"] as? [String] == ["2026-09-H2"])
        let feed = try site(c, "feed.atom"), index = try site(c, "index.html")
        #expect(String(decoding: feed, as: UTF8.self).contains("(revised)") || String(decoding: feed, as: UTF8.self).contains("(révisé)"))

        // Later the same day, by hand: the revised period, the last closed one, one never published.
        for args in [["report", "build", "2026-09-H2", "--now", "2026-10-21T15:00:00Z"],
                     ["report", "build", "--now", "2026-10-22T09:00:00Z"],
                     ["report", "build", "2026-09", "--now", "2026-10-22T10:00:00Z"]] {
            let r = c.run(args)
            #expect(r.code == 0, "\(args): \(r.err)")
            #expect(try site(c, "feed.atom") == feed, "\(args) changed feed.atom")
            #expect(try site(c, "index.html") == index, "\(args) changed index.html")
        }
        // The revised period's own page keeps its mark when built by hand.
        let page = try String(contentsOf: c.dir.appendingPathComponent("Reports/2026-09-H2/report.json"), encoding: .utf8)
        #expect(page.contains("\"revised\":true") || page.contains("\"revised\": true"))
        // The period built by hand but never published by the job is not in the feed.
        let text = try self.feed(c)
        #expect(!text.contains(":2026-09<") && !text.contains("/2026-09/"))
        // And the next run, with nothing new, leaves them as they are too.
        #expect(c.run("run", "--now", "2026-10-23T08:00:00Z").code == 0)
        #expect(try site(c, "feed.atom") == feed)
        #expect(try site(c, "index.html") == index)
    }

    @Test("run after report build publishes nothing twice, and report build invents no publication time")
    func runAfterReportBuild() throws {
        let c = try jobs.workspace()
        #expect(c.run("report", "build", "2026-09-H2", "--now", "2026-10-20T07:00:00Z").code == 0)
        // Nothing has been published by the job yet: the feed has no entry, whatever report build wrote.
        #expect(try entryTimes(c).isEmpty)
        #expect(try published(c).isEmpty)

        let first = try #require(try c.json("run", "--now", "2026-10-20T08:00:00Z", "--json") as? [String: Any])
        #expect(first["published"] as? [String] == ["2026-08-H1", "2026-08-H2", "2026-09-H1", "2026-09-H2", "2026-10-H1"])
        let times = try entryTimes(c)
        #expect(times.count == 5)
        #expect(Set(times).count == 1, "every entry is dated by the run that published it: \(times)")
        let record = try published(c)
        #expect(record.count == 5)
        #expect(record.values.allSatisfy { $0.revision == 0 && $0.revisedAt == nil && $0.first == "2026-10-20T08:00:00Z" })

        #expect(c.run("report", "build", "--now", "2026-10-20T09:00:00Z").code == 0)
        let again = try #require(try c.json("run", "--now", "2026-10-20T10:00:00Z", "--json") as? [String: Any])
        #expect((again["published"] as? [String])?.isEmpty == true)
        #expect((again["revised"] as? [String])?.isEmpty == true)
        #expect(try entryTimes(c) == times)
        #expect(try published(c).mapValues { "\($0.first) \($0.revisedAt ?? "-") \($0.revision)" }
                == record.mapValues { "\($0.first) \($0.revisedAt ?? "-") \($0.revision)" })
    }

    @Test("A revision keeps the first publication time and counts the revisions")
    func revisionsAreCounted() throws {
        let c = try jobs.workspace()
        #expect(c.run("run", "--now", "2026-10-20T08:00:00Z").code == 0)
        for (day, now) in [("2026-09-03", "2026-10-21T08:00:00Z"), ("2026-09-04", "2026-10-22T08:00:00Z")] {
            #expect(c.run("gift", "add", "7", "--date", day).code == 0)
            #expect(c.run("run", "--now", now).code == 0)
        }
        let row = try #require(try published(c)["2026-09-H1"])
        #expect(row.first == "2026-10-20T08:00:00Z")
        #expect(row.revisedAt == "2026-10-22T08:00:00Z")
        #expect(row.revision == 2)
        #expect(try feed(c).contains("2026-10-22T"), "the entry's updated is the revision's time")
    }
}
