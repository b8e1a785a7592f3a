import Crypto
public import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// One HTTP exchange through URLSession (libcurl on Linux), TLS verification on.
enum HTTP {
    struct Reply: Sendable { let status: Int; let body: Data }

    static func send(_ method: String, _ url: URL, headers: [String: String], body: Data,
                     timeout: TimeInterval = 20) async -> Result<Reply, PublishError> {
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
        request.httpMethod = method
        for (k, v) in headers { request.setValue(v, forHTTPHeaderField: k) }
        request.httpBody = body
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout * 3
        let session = URLSession(configuration: configuration)
        defer { session.finishTasksAndInvalidate() }
        return await withCheckedContinuation { continuation in
            session.dataTask(with: request) { data, response, error in
                if let error {
                    continuation.resume(returning: .failure(.unreachable("\(url.absoluteString): \(error.localizedDescription)")))
                } else if let http = response as? HTTPURLResponse {
                    continuation.resume(returning: .success(Reply(status: http.statusCode, body: data ?? Data())))
                } else {
                    continuation.resume(returning: .failure(.unreachable("\(url.absoluteString): no HTTP response")))
                }
            }.resume()
        }
    }

    /// Sends with retries and back-off (0.5 s, 1 s, 2 s) on network errors and 5xx answers;
    /// a 4xx answer is final.
    static func sendRetrying(_ method: String, _ url: URL, headers: [String: String], body: Data,
                             attempts: Int = 3, backoff: TimeInterval = 0.5) async -> Result<Reply, PublishError> {
        var last: PublishError = .unreachable(url.absoluteString)
        for attempt in 0..<max(1, attempts) {
            if attempt > 0 { try? await Task.sleep(nanoseconds: UInt64(backoff * Double(1 << (attempt - 1)) * 1e9)) }
            switch await send(method, url, headers: headers, body: body) {
            case .success(let reply) where (200..<300).contains(reply.status):
                return .success(reply)
            case .success(let reply):
                last = .refused("\(method) \(url.absoluteString) answered \(reply.status)")
                if reply.status < 500 { return .failure(last) }
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
    case missingSecret(String)
    case io(String)

    public var description: String {
        switch self {
        case .unreachable(let m): return "unreachable: \(m)"
        case .refused(let m): return m
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
