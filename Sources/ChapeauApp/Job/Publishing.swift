import Crypto
public import Foundation

/// HTTP exchanges through the one client (libcurl), TLS verification on. Redirects are
/// followed here, hop by hop, under a `RedirectPolicy`; libcurl never follows one itself.
enum HTTP {
    struct Reply: Sendable { let status: Int; let body: Data }

    /// One request, following the redirects `policy` allows; a refused redirect is a final
    /// `.refused` failure (it is not retried).
    static func send(_ method: String, _ url: URL, headers: [String: String], body: Data,
                     policy: RedirectPolicy = RedirectPolicy(crossOrigin: .refuse),
                     timeout: TimeInterval = 20) async -> Result<Reply, PublishError> {
        var request = HTTPRequest(url: url, timeoutInterval: timeout)
        request.httpMethod = method
        for (k, v) in headers { request.setValue(v, forHTTPHeaderField: k) }
        request.httpBody = body
        switch await HTTPClient.following(request, policy: policy,
                                          limits: HTTPClient.Limits(timeout: timeout, resourceTimeout: timeout * 3)) {
        case .success(let (response, data, _)):
            return .success(Reply(status: response.statusCode, body: data))
        case .failure(.refused(let message)):
            return .failure(.refused(message))
        case .failure(.transport(let error, let at)):
            return .failure(.unreachable("\(RedirectPolicy.shown(at)): \(Origin.printable(error.localizedDescription))"))
        case .failure(.noResponse(let at)):
            return .failure(.unreachable("\(RedirectPolicy.shown(at)): no HTTP response"))
        case .failure(.tooLarge(let why)):
            return .failure(.unreachable("\(RedirectPolicy.shown(url)): answer \(why)"))
        }
    }

    /// Sends with retries and back-off (0.5 s, 1 s, 2 s) on network errors and 5xx answers;
    /// a 4xx answer, a 3xx that is not followed and a refused redirect are final.
    static func sendRetrying(_ method: String, _ url: URL, headers: [String: String], body: Data,
                             policy: RedirectPolicy = RedirectPolicy(crossOrigin: .refuse),
                             attempts: Int = 3, backoff: TimeInterval = 0.5) async -> Result<Reply, PublishError> {
        var last: PublishError = .unreachable(RedirectPolicy.shown(url))
        for attempt in 0..<max(1, attempts) {
            if attempt > 0 { try? await Task.sleep(nanoseconds: UInt64(backoff * Double(1 << (attempt - 1)) * 1e9)) }
            switch await send(method, url, headers: headers, body: body, policy: policy) {
            case .success(let reply) where (200..<300).contains(reply.status):
                return .success(reply)
            case .success(let reply):
                last = .answered(reply.status, "\(method) \(RedirectPolicy.shown(url)) answered \(reply.status)")
                if reply.status < 500 { return .failure(last) }
            case .failure(.refused(let m)):
                return .failure(.refused(m))
            case .failure(let e):
                last = e
            }
        }
        return .failure(last)
    }
}

public enum PublishError: Error, Equatable, Sendable, CustomStringConvertible {
    case unreachable(String)
    case refused(String)
    /// The server answered with this status, not a 2xx.
    case answered(Int, String)
    case missingSecret(String)
    case io(String)

    /// A failure that every other request to the same target would meet too (no server, a
    /// redirect out of the configured origin, credentials refused), as opposed to an answer
    /// about one file.
    var stopsTarget: Bool {
        switch self {
        case .unreachable, .refused: return true
        case .answered(let status, _): return status == 401 || status == 407  // the credentials are refused
        default: return false
        }
    }

    public var description: String {
        switch self {
        case .unreachable(let m): return "unreachable: \(m)"
        case .refused(let m): return m
        case .answered(_, let m): return m
        case .missingSecret(let m): return m
        case .io(let m): return m
        }
    }
}

/// Webhook signatures: HMAC-SHA256 over `<timestamp>.<body>` with the shared secret, sent as
/// `X-Chapeau-Signature: sha256=<hex>` with `X-Chapeau-Timestamp: <unix seconds>`. A receiver
/// recomputes the HMAC over the timestamp, a dot and the raw body, compares in constant time,
/// and refuses timestamps older than a few minutes (replays).
public enum WebhookSignature {
    public static func sign(body: Data, timestamp: Int, secret: String) -> String {
        var message = Data("\(timestamp).".utf8)
        message.append(body)
        let mac = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: Data(secret.utf8)))
        return "sha256=" + Data(mac).map { String(format: "%02x", $0) }.joined()
    }

    public static func verify(body: Data, timestamp: Int, secret: String, signature: String) -> Bool {
        let expected = sign(body: body, timestamp: timestamp, secret: secret)
        guard expected.utf8.count == signature.utf8.count else { return false }
        return zip(expected.utf8, signature.utf8).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

enum Digest {
    static func sha256(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }
}
