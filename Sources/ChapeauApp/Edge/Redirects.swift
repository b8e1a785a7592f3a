import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The origin of an http(s) URL (RFC 6454): scheme, host and port, the port made explicit.
/// Credentials and signed notices belong to one origin and never follow a redirect out of it.
struct Origin: Equatable, Sendable, CustomStringConvertible {
    let scheme: String
    let host: String
    let port: Int

    init?(_ url: URL) {
        guard let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = url.host?.lowercased(), !host.isEmpty else { return nil }
        self.scheme = scheme
        self.host = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        self.port = url.port ?? (scheme == "https" ? 443 : 80)
    }

    var description: String {
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return "\(scheme)://\(Self.printable(shownHost)):\(port)"
    }

    /// A loopback host: `localhost`, 127.0.0.0/8 (dotted quad) or `::1`. Nothing else, not even
    /// a name that resolves there: what is checked is what the configuration says.
    var isLoopback: Bool { Self.isLoopback(host: host) }

    static func isLoopback(host raw: String) -> Bool {
        var host = raw.lowercased()
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        if host == "localhost" { return true }
        var v4 = in_addr()
        if inet_pton(AF_INET, host, &v4) == 1 {
            return UInt32(bigEndian: v4.s_addr) >> 24 == 127
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, host, &v6) == 1 {
            return withUnsafeBytes(of: &v6) { bytes in bytes.dropLast().allSatisfy { $0 == 0 } && bytes.last == 1 }
        }
        return false
    }

    /// Text from a server, as an error line may show it: no control character, bounded.
    static func printable(_ text: String, limit: Int = 200) -> String {
        let cleaned = text.unicodeScalars.map { s -> String in
            s.properties.generalCategory == .control || s.properties.generalCategory == .format
                ? "\\u{\(String(s.value, radix: 16, uppercase: true))}" : String(s)
        }.joined()
        return cleaned.count > limit ? String(cleaned.prefix(limit)) + "…" : cleaned
    }
}

/// Which redirects a request may follow. Chapeau follows redirects itself, one hop at a time,
/// so that every hop passes these rules (libcurl is told never to follow one on its own).
///
/// - A redirect to a scheme other than http(s), from https to http, or past the limit is refused.
/// - To the same origin: followed, headers and body as they were.
/// - To another origin: `.refuse` stops there (publishing and webhooks: the token or the
///   signed notice stays with the configured origin); `.withoutCredentials` follows it with
///   `Authorization`, `Proxy-Authorization`, `Cookie` and any user:password of the URL removed
///   (the footer audit, which fetches pages).
/// - A request with a body (PUT, POST) is only followed through 307 and 308, which keep the
///   method and the body; a 301, 302 or 303 would turn it into a GET and lose what was sent.
struct RedirectPolicy: Sendable, Equatable {
    enum CrossOrigin: Sendable, Equatable { case refuse, withoutCredentials }

    var crossOrigin: CrossOrigin
    var maxRedirects: Int

    init(crossOrigin: CrossOrigin, maxRedirects: Int = 5) {
        self.crossOrigin = crossOrigin
        self.maxRedirects = maxRedirects
    }

    static let credentialHeaders = ["Authorization", "Proxy-Authorization", "Cookie"]

    /// Why a redirect was not followed, as one sentence.
    struct Refusal: Error, Equatable, Sendable, CustomStringConvertible {
        let message: String
        var description: String { message }
    }

    /// The request for the next hop, or why there is none. `original` is the first URL asked
    /// for (the configured one), `request` the hop that was answered with `status` and `location`,
    /// `hop` the number of redirects followed before this one.
    func next(original: URL, request: HTTPRequest, status: Int, location: String?, hop: Int) -> Result<HTTPRequest, Refusal> {
        let method = (request.httpMethod ?? "GET").uppercased()
        let from = request.url
        func refuse(_ why: String) -> Result<HTTPRequest, Refusal> {
            .failure(Refusal(message: "\(method) \(Self.shown(from)) was redirected (\(status)) \(why)"))
        }
        guard let location, !location.isEmpty,
              let target = URL(string: location.trimmingCharacters(in: .whitespaces), relativeTo: from)?.absoluteURL else {
            return refuse("without a usable Location")
        }
        guard hop < maxRedirects else {
            return .failure(Refusal(message: "too many redirects (more than \(maxRedirects))"))
        }
        guard let to = Origin(target) else {
            return refuse("to \(Origin.printable(target.scheme.map { "\($0):" } ?? location, limit: 40)), not an http(s) URL: refused")
        }
        let fromScheme = from.scheme?.lowercased(), originalScheme = original.scheme?.lowercased()
        if to.scheme == "http" && (fromScheme == "https" || originalScheme == "https") {
            return refuse("from https to http (\(to)): refused, it would leave TLS")
        }
        var next = request
        next.url = target
        if !["GET", "HEAD"].contains(method) {
            guard status == 307 || status == 308 else {
                return refuse("with a status that would turn it into a GET and drop its body: only 307 and 308 are followed for a \(method)")
            }
        }
        if to != Origin(original) {
            switch crossOrigin {
            case .refuse:
                return refuse("to another origin, \(to): refused, what it carries is only sent to \(Origin(original).map(\.description) ?? "the configured origin"); configure the URL that answers")
            case .withoutCredentials:
                for name in Self.credentialHeaders { next.setValue(nil, forHTTPHeaderField: name) }
                if var components = URLComponents(url: target, resolvingAgainstBaseURL: false),
                   components.user != nil || components.password != nil {
                    components.user = nil
                    components.password = nil
                    next.url = components.url ?? target
                }
            }
        }
        return .success(next)
    }

    /// A URL as messages show it: without user or password, without control characters.
    static func shown(_ url: URL) -> String {
        guard var components = URLComponents(url: url, resolvingAgainstBaseURL: false) else { return Origin.printable(url.absoluteString) }
        components.user = nil
        components.password = nil
        return Origin.printable(components.url?.absoluteString ?? url.absoluteString)
    }

    /// Redirect statuses Chapeau considers; 300, 304 and 305 are answers, not redirects.
    static func isRedirect(_ status: Int) -> Bool { [301, 302, 303, 307, 308].contains(status) }
}
