import CCurl
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The one HTTP client of Chapeau: what the job sends (reports, webhooks) and what the footer
/// audit fetches go through it. libcurl, loaded at the first request (see the CCurl target),
/// with TLS verification on, no cookie or credential store, no redirect ever followed by
/// libcurl itself: `following` applies a `RedirectPolicy` hop by hop, so that credentials never
/// follow a redirect to another origin.
enum HTTPClient {
    /// How one exchange is bounded.
    struct Limits: Sendable {
        /// Seconds without a byte before giving up.
        var timeout: TimeInterval
        /// The whole exchange, in seconds.
        var resourceTimeout: TimeInterval
        /// Bytes of body read at most (nil: no limit); a larger body ends the exchange.
        var maxBytes: Int?
        /// Headers sent with every request of the exchange (User-Agent, Accept).
        var headers: [String: String] = [:]
    }

    /// What came back from one exchange.
    struct Exchange: Sendable {
        var response: HTTPResponse?
        var body = Data()
        /// A transport error (DNS, connection, TLS, timeout).
        var error: (any Error)?
        /// Set when the client itself stopped the exchange: the body was over `maxBytes`.
        var tooLarge: String?
    }

    /// Why `following` ended without a final answer.
    enum Failure: Error, Sendable {
        case transport(any Error, URL)
        case tooLarge(String)
        case noResponse(URL)
        case refused(String)
    }

    /// `request`, following the redirects `policy` allows: the final answer (any status that
    /// is not a followed redirect), its body and the URL it came from.
    static func following(_ request: HTTPRequest, policy: RedirectPolicy,
                          limits: Limits) async -> Result<(HTTPResponse, Data, URL), Failure> {
        let original = request.url
        var request = request
        var hop = 0
        while true {
            let exchange = await once(request, limits: limits)
            let current = request.url
            if let tooLarge = exchange.tooLarge { return .failure(.tooLarge(tooLarge)) }
            if let error = exchange.error { return .failure(.transport(error, current)) }
            guard let response = exchange.response else { return .failure(.noResponse(current)) }
            guard RedirectPolicy.isRedirect(response.statusCode) else { return .success((response, exchange.body, current)) }
            switch policy.next(original: original, request: request, status: response.statusCode,
                               location: response.value(forHTTPHeaderField: "Location"), hop: hop) {
            case .success(let next):
                request = next
                hop += 1
            case .failure(let refusal):
                return .failure(.refused(refusal.message))
            }
        }
    }

    /// One exchange, no redirect followed (a 3xx comes back as the answer), on a thread of its
    /// own: libcurl's easy interface blocks.
    static func once(_ request: HTTPRequest, limits: Limits) async -> Exchange {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread { continuation.resume(returning: perform(request, limits: limits)) }
        }
    }

    static func perform(_ request: HTTPRequest, limits: Limits) -> Exchange {
        var lines = limits.headers.sorted { $0.key < $1.key }
            .filter { request.value(forHTTPHeaderField: $0.key) == nil }.map { "\($0.key): \($0.value)" }
        lines += request.headerFields.map { "\($0.name): \($0.value)" }
        // A body without a type of its own is not announced as a form.
        if request.httpBody != nil, request.value(forHTTPHeaderField: "Content-Type") == nil { lines.append("Content-Type:") }
        let method = (request.httpMethod ?? "GET").uppercased()
        var result = ccurl_result()
        let timeoutMs = Int(max(1, min(limits.resourceTimeout, request.timeoutInterval * 3)) * 1000)
        let stall = Int(max(1, min(limits.timeout, request.timeoutInterval)))
        // An empty body is still a body (a PUT of an empty file): one byte of storage, length 0.
        let storage = request.httpBody.map { $0.isEmpty ? Data([0]) : $0 }
        let length = request.httpBody?.count ?? 0
        let code: Int32 = lines.withCStrings { pointers in
            storage.withUnsafeOptionalBytes { body in
                ccurl_perform(method, request.url.absoluteString, pointers, pointers.count, body, length, timeoutMs, stall,
                              Int64(limits.maxBytes ?? -1), method == "GET" ? 1 : 0, &result)
            }
        }
        defer { ccurl_free(&result) }
        var exchange = Exchange()
        if result.status > 0 {
            let head = result.head.map { String(decoding: UnsafeBufferPointer(start: UnsafeRawPointer($0).assumingMemoryBound(to: UInt8.self), count: result.head_length), as: UTF8.self) } ?? ""
            exchange.response = HTTPResponse(statusCode: Int(result.status), head: head)
        }
        if let body = result.body, result.body_length > 0 {
            exchange.body = Data(bytes: body, count: result.body_length)
        }
        let message = withUnsafeBytes(of: result.error) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        if result.too_large != 0, let max = limits.maxBytes {
            exchange.tooLarge = "too large: more than \(max) bytes"
            exchange.body = Data()
        } else if code == TransportError.fileTooLarge, let max = limits.maxBytes {
            exchange.tooLarge = "too large: more than \(max) bytes announced"
            exchange.body = Data()
        } else if code != 0 {
            exchange.error = TransportError(code: Int(code), message: message)
        }
        return exchange
    }

}

/// A request as Chapeau makes them: method, URL, headers (names compared without case), body.
struct HTTPRequest: Sendable {
    var url: URL
    var httpMethod: String? = "GET"
    var httpBody: Data?
    /// Seconds without a byte before giving up.
    var timeoutInterval: TimeInterval = 60
    private(set) var headerFields: [(name: String, value: String)] = []

    init(url: URL, timeoutInterval: TimeInterval = 60) {
        self.url = url
        self.timeoutInterval = timeoutInterval
    }

    func value(forHTTPHeaderField name: String) -> String? {
        headerFields.last { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    /// Sets a header, replacing any of the same name; nil removes it.
    mutating func setValue(_ value: String?, forHTTPHeaderField name: String) {
        headerFields.removeAll { $0.name.caseInsensitiveCompare(name) == .orderedSame }
        if let value { headerFields.append((name, value)) }
    }
}

/// An answer: its status and its headers (the last value of each name).
struct HTTPResponse: Sendable {
    let statusCode: Int
    private let fields: [String: String]

    init(statusCode: Int, head: String) {
        self.statusCode = statusCode
        var fields: [String: String] = [:]
        for line in head.split(whereSeparator: { $0 == "\r\n" || $0 == "\n" || $0 == "\r" }).dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            fields[name] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        self.fields = fields
    }

    func value(forHTTPHeaderField name: String) -> String? { fields[name.lowercased()] }

    /// The reason phrase of a status, in English (RFC 9110), for messages.
    static func phrase(_ status: Int) -> String {
        switch status {
        case 400: return "bad request"
        case 401: return "unauthorized"
        case 403: return "forbidden"
        case 404: return "not found"
        case 405: return "method not allowed"
        case 409: return "conflict"
        case 410: return "gone"
        case 429: return "too many requests"
        case 500: return "internal server error"
        case 502: return "bad gateway"
        case 503: return "service unavailable"
        case 504: return "gateway timeout"
        default: return ""
        }
    }
}

/// A failure below HTTP (DNS, connection, TLS, timeout), with libcurl's code and message.
struct TransportError: Error, LocalizedError, Sendable {
    let code: Int
    let message: String

    static let unsupportedProtocol = 1, couldNotResolve = 6, couldNotConnect = 7, weirdReply = 8, timedOut = 28
    static let fileTooLarge: Int32 = 63
    static let gotNothing = 52, sendError = 55, receiveError = 56
    /// libcurl's TLS and certificate failures.
    static let tls: Set<Int> = [35, 51, 53, 54, 58, 59, 60, 64, 66, 77, 80, 82, 83, 90, 91, 98]

    var errorDescription: String? { message.isEmpty ? "transfer failed (libcurl error \(code))" : message }
}

extension Optional where Wrapped == Data {
    /// The bytes' address for the length of `body`, or nil for no data at all.
    func withUnsafeOptionalBytes<R>(_ body: (UnsafePointer<UInt8>?) -> R) -> R {
        guard let data = self else { return body(nil) }
        return data.withUnsafeBytes { body($0.bindMemory(to: UInt8.self).baseAddress) }
    }
}

extension Array where Element == String {
    /// The strings as C strings for the length of `body`.
    func withCStrings<R>(_ body: ([UnsafePointer<CChar>?]) -> R) -> R {
        let copies = map { strdup($0) }
        defer { copies.forEach { free($0) } }
        return body(copies.map { $0.map { UnsafePointer($0) } })
    }
}
