import Foundation
import Testing

/// Redirects on the way to a publication target, a webhook or an audited page: credentials and
/// signed notices stay with the configured origin. Two real servers on loopback, as the
/// attacker's setup was: the configured one answers with a redirect to the other.
@Suite("Redirects: the token and the signature never follow a redirect to another origin")
struct RedirectEndToEndTests {
    static let token = "tok-redirect-7hq-never-elsewhere"
    static let secret = "hook-redirect-2kx-never-elsewhere"

    /// The second origin: another port on 127.0.0.1, or another loopback address.
    static let otherHosts = ["127.0.0.1", "127.0.0.2"]

    func workspace(_ publish: String) throws -> CLI {
        let c = try JobEndToEndTests().workspace(publish: publish)
        c.env["CHAPEAU_TEST_TOKEN"] = Self.token
        c.env["CHAPEAU_TEST_HOOK"] = Self.secret
        return c
    }

    @Test("A PUT redirected to another origin is refused: the second server never sees the token; the next run delivers",
          arguments: otherHosts)
    func crossOriginPut(otherHost: String) throws {
        let configured = try TestHTTPServer()
        defer { configured.stop() }
        let other = try TestHTTPServer(host: otherHost)
        defer { other.stop() }
        #expect(other.baseURL != configured.baseURL)
        let elsewhere = other.baseURL
        configured.respond { request in
            request.method == "PUT" ? .redirect(to: elsewhere + request.path, status: 307) : nil
        }
        let c = try workspace("""
            [[publish]]
            kind = "http"
            url = "\(configured.baseURL)/dav/"
            token_env = "CHAPEAU_TEST_TOKEN"
            """)
        let r = c.run("run", "--now", "2026-10-20T08:00:00Z")
        #expect(r.code == 75, "\(r.err)")
        let lines = r.err.split(separator: "\n")
        #expect(lines.count == 1 && lines[0].hasPrefix("error: http target"), "\(r.err)")
        #expect(r.err.contains("redirected (307) to another origin, \(elsewhere)"), "\(r.err)")
        #expect(r.err.contains("it will be retried at the next run"))
        // The token went to the configured origin only, and the second one received nothing.
        #expect(configured.requests.contains { $0.method == "PUT" && $0.headers["authorization"] == "Bearer \(Self.token)" })
        #expect(other.requests.allSatisfy { $0.headers["authorization"] == nil }, "\(other.requests.map(\.headers))")
        #expect(other.requests.isEmpty)
        #expect(!r.out.contains(Self.token) && !r.err.contains(Self.token))

        // Nothing was marked delivered: once the server stops redirecting, the next run sends everything.
        configured.respond(nil)
        let again = c.run("run", "--now", "2026-10-20T09:00:00Z")
        #expect(again.code == 0, "\(again.err)")
        let received = Set(configured.requests.filter { $0.method == "PUT" && !($0.headers["authorization"] ?? "").isEmpty }.map(\.path))
        #expect(received.contains("/dav/2026-09-H2/report.json") && received.contains("/dav/index.html"), "\(received)")
        #expect(other.requests.isEmpty)
    }

    @Test("A PUT redirected within its origin (307) is followed with its token and its body")
    func sameOriginPut() throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        server.respond { request in
            request.method == "PUT" && request.path.hasPrefix("/old/")
                ? .redirect(to: "/new/" + request.path.dropFirst("/old/".count), status: 307) : nil
        }
        let c = try workspace("""
            [[publish]]
            kind = "http"
            url = "\(server.baseURL)/old/"
            token_env = "CHAPEAU_TEST_TOKEN"
            """)
        let r = c.run("run", "--now", "2026-10-20T08:00:00Z")
        #expect(r.code == 0, "\(r.err)")
        let moved = server.requests.filter { $0.method == "PUT" && $0.path.hasPrefix("/new/") }
        #expect(moved.count == server.requests.filter { $0.path.hasPrefix("/old/") }.count)
        #expect(moved.allSatisfy { $0.headers["authorization"] == "Bearer \(Self.token)" })
        let onDisk = try Data(contentsOf: c.dir.appendingPathComponent("Reports/2026-09-H2/report.json"))
        #expect(moved.first { $0.path == "/new/2026-09-H2/report.json" }?.body == onDisk, "the redirected PUT lost its body")
    }

    @Test("A PUT answered 302 or 303 is refused: it would become a GET and lose the file", arguments: [302, 303])
    func methodChangingRedirect(status: Int) throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        server.respond { request in request.method == "PUT" ? .redirect(to: "/elsewhere", status: status) : nil }
        let c = try workspace("""
            [[publish]]
            kind = "http"
            url = "\(server.baseURL)/dav/"
            token_env = "CHAPEAU_TEST_TOKEN"
            """)
        let r = c.run("run", "--now", "2026-10-20T08:00:00Z")
        #expect(r.code == 75)
        #expect(r.err.contains("only 307 and 308 are followed for a PUT"), "\(r.err)")
        #expect(!server.requests.contains { $0.path == "/elsewhere" })
    }

    @Test("A webhook redirected to another origin is refused: the second server gets no notice and no signature",
          arguments: otherHosts)
    func crossOriginWebhook(otherHost: String) throws {
        let configured = try TestHTTPServer()
        defer { configured.stop() }
        let other = try TestHTTPServer(host: otherHost)
        defer { other.stop() }
        let elsewhere = other.baseURL
        configured.respond { request in request.method == "POST" ? .redirect(to: elsewhere + "/hook", status: 307) : nil }
        let c = try workspace("""
            [[publish]]
            kind = "webhook"
            url = "\(configured.baseURL)/hook"
            secret_env = "CHAPEAU_TEST_HOOK"
            """)
        let r = c.run("run", "--now", "2026-10-20T08:00:00Z")
        #expect(r.code == 75)
        #expect(r.err.hasPrefix("error: webhook target") && r.err.contains("to another origin, \(elsewhere)"), "\(r.err)")
        #expect(other.requests.isEmpty)
        // Within its origin, a 307 is followed and the notice arrives signed.
        configured.respond { request in request.method == "POST" && request.path == "/hook" ? .redirect(to: "/hook2", status: 307) : nil }
        let again = c.run("run", "--now", "2026-10-20T09:00:00Z")
        #expect(again.code == 0, "\(again.err)")
        let delivered = configured.requests.filter { $0.path == "/hook2" }
        #expect(!delivered.isEmpty && delivered.allSatisfy { ($0.headers["x-chapeau-signature"] ?? "").hasPrefix("sha256=") && !$0.body.isEmpty })
        #expect(other.requests.isEmpty)
    }

    @Test("The audit follows a page to another origin without credentials, and refuses a redirect to another scheme")
    func auditRedirects() throws {
        let first = try TestHTTPServer()
        defer { first.stop() }
        let second = try TestHTTPServer(host: "127.0.0.2")
        defer { second.stop() }
        let c = try CLI()
        second.route("/copy", .html("<html><body><p>A copy, without the footer.</p></body></html>"))
        first.route("/moved", .redirect(to: second.baseURL + "/copy", status: 301))
        first.route("/file", .redirect(to: "file:///etc/passwd", status: 302))
        let r = c.run("footer", "audit", "--json", first.baseURL + "/moved", first.baseURL + "/file")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any], "\(r.out) \(r.err)")
        let results = object["urls"] as? [[String: Any]] ?? []
        let byURL = Dictionary(uniqueKeysWithValues: results.compactMap { d in (d["url"] as? String).map { ($0, d) } })
        let moved = try #require(byURL[first.baseURL + "/moved"])
        #expect(moved["status"] as? String == "missing", "\(moved)")
        #expect(moved["final_url"] as? String == second.baseURL + "/copy")
        #expect(second.requests.count == 1 && second.requests.allSatisfy { $0.headers["authorization"] == nil && $0.headers["cookie"] == nil })
        let file = try #require(byURL[first.baseURL + "/file"])
        #expect(file["status"] as? String == "unreachable")
        #expect((file["reason"] as? String ?? "").contains("not an http(s) URL"), "\(file)")
    }
}
