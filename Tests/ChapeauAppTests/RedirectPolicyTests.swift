import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
@testable import ChapeauApp

/// The rules every hop of a redirect passes (pure: no connection is made here).
@Suite("Redirect policy, origins and where a token may go")
struct RedirectPolicyTests {
    static let publishing = RedirectPolicy(crossOrigin: .refuse)
    static let audit = RedirectPolicy(crossOrigin: .withoutCredentials)

    func request(_ url: String, method: String = "PUT", token: Bool = true) -> HTTPRequest {
        var r = HTTPRequest(url: URL(string: url) ?? URL(fileURLWithPath: "/"))
        r.httpMethod = method
        r.httpBody = Data("body".utf8)
        if token {
            r.setValue("Bearer t0ken", forHTTPHeaderField: "Authorization")
            r.setValue("session=1", forHTTPHeaderField: "Cookie")
        }
        return r
    }

    func next(_ policy: RedirectPolicy, from: String, to location: String, status: Int = 307, method: String = "PUT",
              hop: Int = 0) -> Result<HTTPRequest, RedirectPolicy.Refusal> {
        let r = request(from, method: method)
        return policy.next(original: r.url, request: r, status: status, location: location, hop: hop)
    }

    @Test("https → http is refused, in both modes, even to the same host", arguments: [publishing, audit])
    func httpsToHttp(policy: RedirectPolicy) throws {
        for location in ["http://dav.example.org/x", "http://dav.example.org:443/x", "http://elsewhere.example/x"] {
            guard case .failure(let refusal) = next(policy, from: "https://dav.example.org/dav/x", to: location, method: "GET") else {
                Issue.record("\(location) was followed")
                continue
            }
            #expect(refusal.message.contains("from https to http"), "\(refusal)")
        }
    }

    @Test("Same origin: followed with the token, the body and the method; a relative Location is resolved")
    func sameOrigin() throws {
        for location in ["/new/x", "http://127.0.0.1:8080/new/x", "HTTP://127.0.0.1:8080/new/x"] {
            let followed = try next(Self.publishing, from: "http://127.0.0.1:8080/dav/x", to: location).get()
            #expect(followed.url.absoluteString.hasSuffix("/new/x") == true)
            #expect(followed.value(forHTTPHeaderField: "Authorization") == "Bearer t0ken")
            #expect(followed.httpMethod == "PUT" && followed.httpBody == Data("body".utf8))
        }
        // The default port is the same port.
        func origin(_ text: String) -> Origin? { URL(string: text).flatMap(Origin.init) }
        #expect(origin("https://h.example/") != nil && origin("https://h.example/") == origin("https://H.example:443/a"))
        #expect(origin("http://h.example/") != origin("https://h.example/"))
    }

    @Test("Another host, port or scheme: publishing refuses, naming the origin; the audit follows without credentials")
    func crossOrigin() throws {
        for location in ["http://127.0.0.2:8080/x", "http://127.0.0.1:8081/x", "https://127.0.0.1:8080/x", "//evil.example/x"] {
            guard case .failure(let refusal) = next(Self.publishing, from: "http://127.0.0.1:8080/dav/x", to: location) else {
                Issue.record("\(location) was followed by a publishing request")
                continue
            }
            #expect(refusal.message.contains("to another origin"), "\(refusal)")
            #expect(!refusal.message.contains("t0ken"))
            let followed = try next(Self.audit, from: "http://127.0.0.1:8080/page", to: location, status: 302, method: "GET").get()
            for header in ["Authorization", "Proxy-Authorization", "Cookie"] {
                #expect(followed.value(forHTTPHeaderField: header) == nil, "\(header) kept for \(location)")
            }
        }
        // user:password in the new URL is dropped too when the origin changes.
        let withUser = try next(Self.audit, from: "http://127.0.0.1:8080/p", to: "http://u:pw@127.0.0.2/p", status: 302, method: "GET").get()
        #expect(withUser.url.absoluteString == "http://127.0.0.2/p")
    }

    @Test("A PUT or POST is only redirected by 307 and 308; a non-http scheme and too many hops are refused")
    func methodsSchemesAndLimits() throws {
        for status in [301, 302, 303] {
            for method in ["PUT", "POST"] {
                guard case .failure(let refusal) = next(Self.publishing, from: "http://127.0.0.1/a", to: "/b", status: status, method: method) else {
                    Issue.record("\(method) followed a \(status)")
                    continue
                }
                #expect(refusal.message.contains("only 307 and 308"))
            }
        }
        #expect((try? next(Self.publishing, from: "http://127.0.0.1/a", to: "/b", status: 308).get()) != nil)
        #expect((try? next(Self.audit, from: "http://127.0.0.1/a", to: "/b", status: 303, method: "GET").get())?.httpMethod == "GET")
        for location in ["file:///etc/passwd", "ftp://127.0.0.1/x", "javascript:alert(1)"] {
            #expect((try? next(Self.audit, from: "http://127.0.0.1/a", to: location, status: 302, method: "GET").get()) == nil, "\(location)")
        }
        guard case .failure(let tooMany) = next(Self.audit, from: "http://127.0.0.1/a", to: "/b", status: 302, method: "GET", hop: 5) else {
            Issue.record("a sixth redirect was followed")
            return
        }
        #expect(tooMany.message == "too many redirects (more than 5)")
    }

    @Test("Loopback hosts are 127.0.0.0/8, ::1 and localhost; nothing else",
          arguments: [("127.0.0.1", true), ("127.255.3.9", true), ("::1", true), ("[::1]", true), ("0:0:0:0:0:0:0:1", true),
                      ("localhost", true), ("LocalHost", true), ("128.0.0.1", false), ("10.0.0.1", false), ("0.0.0.0", false),
                      ("127.1", false), ("localhost.example.org", false), ("127.0.0.1.nip.io", false), ("::ffff:127.0.0.1", false),
                      ("::2", false), ("example.org", false), ("", false)])
    func loopback(host: String, expected: Bool) {
        #expect(Origin.isLoopback(host: host) == expected)
    }

    static func config(_ url: String, token: Bool = true, kind: String = "http") -> String {
        """
        [author]
        name = "A"
        support_url = "https://example.org/give"

        [[publish]]
        kind = "\(kind)"
        url = "\(url)"
        \(token ? "token_env = \"CHAPEAU_TOKEN\"" : "")
        \(kind == "webhook" ? "secret_env = \"CHAPEAU_HOOK\"" : "")
        """
    }

    @Test("A token over plain http to a host that is not loopback is refused when the config is read, naming the key",
          arguments: ["http://dav.example.org/reports/", "http://192.0.2.10/dav/", "http://127.0.0.1.example.org/", "http://[2001:db8::1]/x"])
    func tokenInClearRefused(url: String) {
        // Parsing only: no connection is attempted, whatever the address.
        #expect(throws: ConfigError.self) { try ChapeauConfig.parse(Self.config(url)) }
        do {
            _ = try ChapeauConfig.parse(Self.config(url))
        } catch {
            #expect(error.key == "publish[1].url")
            #expect(error.message.contains("token_env") && error.message.contains("https"), "\(error)")
        }
    }

    @Test("A token goes over https, or plain http to loopback; plain http without a token is the user's choice")
    func tokenAccepted() throws {
        for url in ["https://dav.example.org/reports/", "http://127.0.0.1:8080/dav/", "http://127.0.0.2/dav/", "http://localhost/dav/", "http://[::1]:9/dav/"] {
            #expect((try? ChapeauConfig.parse(Self.config(url))) != nil, "\(url)")
        }
        #expect((try? ChapeauConfig.parse(Self.config("http://dav.example.org/reports/", token: false))) != nil)
    }

    @Test("Credentials written in a target's URL are refused, without repeating them", arguments: ["http", "webhook"])
    func userInfoRefused(kind: String) {
        do {
            _ = try ChapeauConfig.parse(Self.config("https://me:pa55word-77@dav.example.org/dav/", token: false, kind: kind))
            Issue.record("accepted")
        } catch {
            #expect(error.key == "publish[1].url")
            #expect(!error.description.contains("pa55word-77"), "\(error)")
        }
    }

    @Test("A token that would break its header line is not sent", arguments: ["a\r\nX-Evil: 1", "two words", "tab\there", "é"])
    func tokenHeaderSafety(token: String) {
        #expect(!Job.isHeaderSafe(token))
        #expect(Job.isHeaderSafe("abc.DEF-123_~+/="))
    }
}
