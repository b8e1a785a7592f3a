import Foundation
import Testing

/// Every command that turns data into a path, given hostile values: nothing is written, copied
/// or published outside its folder.
@Suite("Paths made from data stay in their folder")
struct PathEscapeTests {
    /// Every file and folder under `dir`, relative.
    func tree(_ dir: URL) -> Set<String> {
        Set((FileManager.default.enumerator(atPath: dir.path)?.allObjects as? [String] ?? []).filter { !$0.hasPrefix(".") && !$0.contains("/.") })
    }

    @Test("report build: a period that is not a period id is refused in one line naming it; nothing is written",
          arguments: ["../x", "/etc", "/etc/passwd", "2026-11/../../x", "..", "a\u{1}b", "2026-11\u{1B}[2J"])
    func reportBuild(period: String) throws {
        let c = try CLI()
        let before = tree(c.dir)
        let r = c.run("report", "build", period, "--now", "2026-12-02T08:00:00Z")
        // (A NUL cannot travel in argv; PathNameTests covers it where names are joined.)
        Hostile.expectRefused(r, "report build \(period.debugDescription)", codes: [65],
                              naming: [Hostile.shown(period, 40)])
        #expect(tree(c.dir) == before, "written: \(tree(c.dir).subtracting(before))")
        #expect(!FileManager.default.fileExists(atPath: c.dir.deletingLastPathComponent().appendingPathComponent("x").path))
    }

    @Test("Handles and campaigns such as ../x or /etc are data, never paths: run, report build, supporter show, export write only their own files")
    func handlesAndCampaigns() throws {
        let c = try CLI()
        let outside = c.dir.deletingLastPathComponent()
        for s in [["supporter", "add", "../escape-h1", "--visibility", "public"],
                  ["supporter", "add", "/tmp/escape-h2", "--visibility", "pseudonym"],
                  ["gift", "add", "5", "--from", "../escape-h1", "--date", "2026-11-03", "--campaign", "../../escape-c1"],
                  ["gift", "add", "7", "--from", "/tmp/escape-h2", "--date", "2026-11-04", "--campaign", "/tmp/escape-c2"]] {
            let r = c.run(s)
            #expect(r.code == 0, "\(s): \(r.err)")
        }
        for s in [["run", "--now", "2026-12-02T08:00:00Z"],
                  ["report", "build", "2026-11", "--now", "2026-12-02T08:00:00Z"],
                  ["supporter", "show", "../escape-h1"],
                  ["export", "--public", "--output", "public.csv"]] {
            let r = c.run(s)
            #expect(r.code == 0, "\(s): \(r.err)")
        }
        for name in tree(c.dir) { #expect(!name.contains("escape"), "a file named from data: \(name)") }
        for name in ["escape-h1", "escape-h2", "escape-c1", "escape-c2"] {
            #expect(!FileManager.default.fileExists(atPath: outside.appendingPathComponent(name).path))
            #expect(!FileManager.default.fileExists(atPath: "/tmp/\(name)"))
        }
    }

    @Test("run publishes neither a symbolic link out of the reports folder nor a name with control characters")
    func publishedFilesStayInside() throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        let c = try JobEndToEndTests().workspace(publish: """
            [[publish]]
            kind = "directory"
            path = "Published"

            [[publish]]
            kind = "http"
            url = "\(server.baseURL)/dav/"
            """)
        let secret = c.dir.appendingPathComponent("private-9931.txt")
        try Data("private-9931\n".utf8).write(to: secret)
        let reports = c.dir.appendingPathComponent("Reports")
        try FileManager.default.createSymbolicLink(atPath: reports.appendingPathComponent("leak.txt").path, withDestinationPath: secret.path)
        try FileManager.default.createSymbolicLink(atPath: reports.appendingPathComponent("up").path, withDestinationPath: c.dir.path)
        try Data("x".utf8).write(to: reports.appendingPathComponent("evil\nname.html"))
        let r = c.run("run", "--now", "2026-10-20T08:00:00Z")
        #expect(r.code == 0, "\(r.err)")
        #expect(server.requests.contains { $0.path == "/dav/index.html" })
        for request in server.requests {
            #expect(!request.path.contains("leak") && !request.path.contains("up/") && !request.path.contains("evil"), "\(request.path)")
            #expect(request.body.range(of: Data("private-9931".utf8)) == nil, "\(request.path)")
        }
        let published = tree(c.dir.appendingPathComponent("Published"))
        #expect(published.contains("index.html"))
        #expect(!published.contains { $0.contains("leak") || $0.hasPrefix("up") || $0.contains("evil") }, "\(published)")
    }
}
