import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Synchronization

/// The one HTTP client of Chapeau: what the job sends (reports, webhooks) and what the footer
/// audit fetches go through it. URLSession (libcurl on Linux) with TLS verification on, no
/// cookie or credential store, no redirect ever followed by URLSession itself: `following`
/// applies a `RedirectPolicy` hop by hop. (Left to itself, URLSession on Linux would follow a
/// redirect with every header of the first request, `Authorization` included, to any host.)
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
        var response: HTTPURLResponse?
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
    static func following(_ request: URLRequest, policy: RedirectPolicy,
                          limits: Limits) async -> Result<(HTTPURLResponse, Data, URL), Failure> {
        let original = request.url ?? URL(fileURLWithPath: "/")
        var request = request
        var hop = 0
        while true {
            let exchange = await once(request, limits: limits)
            let current = request.url ?? original
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

    /// One exchange in a session of its own, no redirect followed (a 3xx comes back as the answer).
    static func once(_ request: URLRequest, limits: Limits) async -> Exchange {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = limits.timeout
        configuration.timeoutIntervalForResource = limits.resourceTimeout
        configuration.urlCache = nil
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.httpCookieStorage = nil
        configuration.urlCredentialStorage = nil
        if !limits.headers.isEmpty { configuration.httpAdditionalHeaders = limits.headers }
        let delegate = ExchangeDelegate(maxBytes: limits.maxBytes)
        let session = URLSession(configuration: configuration, delegate: delegate, delegateQueue: nil)
        defer { session.finishTasksAndInvalidate() }
        return await withCheckedContinuation { continuation in
            delegate.start(session.dataTask(with: request), continuation: continuation)
        }
    }
}

/// The delegate of one exchange (a delegate, not a completion handler, so that URLSession asks
/// it about redirects on every platform): follows no redirect, stops at the size limit, hands a
/// 401 that asks for credentials back as the answer, resumes the caller once.
final class ExchangeDelegate: NSObject, URLSessionDataDelegate, Sendable {
    private struct State {
        var exchange = HTTPClient.Exchange()
        /// The answer of a server that asked for credentials (see the challenge below).
        var challenged: HTTPURLResponse?
        var continuation: CheckedContinuation<HTTPClient.Exchange, Never>?
    }

    private let maxBytes: Int?
    private let state = Mutex(State())

    init(maxBytes: Int?) {
        self.maxBytes = maxBytes
    }

    func start(_ task: URLSessionDataTask, continuation: CheckedContinuation<HTTPClient.Exchange, Never>) {
        state.withLock { $0.continuation = continuation }
        task.resume()
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                    newRequest request: URLRequest, completionHandler: @Sendable @escaping (URLRequest?) -> Void) {
        completionHandler(nil)
    }

    /// A 401 with `WWW-Authenticate` (a WebDAV server asking for Basic) comes here, not as a
    /// response. Chapeau already sent the credentials it has, and keeps none in a store: the 401
    /// is the answer, handed back as such (left to URLSession, the exchange never ends on Linux).
    /// A TLS server-trust challenge keeps the default handling: certificates are verified.
    func urlSession(_ session: URLSession, task: URLSessionTask, didReceive challenge: URLAuthenticationChallenge,
                    completionHandler: @Sendable @escaping (URLSession.AuthChallengeDisposition, URLCredential?) -> Void) {
        guard let refusal = challenge.failureResponse as? HTTPURLResponse, [401, 407].contains(refusal.statusCode) else {
            completionHandler(.performDefaultHandling, nil)
            return
        }
        state.withLock { $0.challenged = refusal }
        completionHandler(.cancelAuthenticationChallenge, nil)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                    completionHandler: @Sendable @escaping (URLSession.ResponseDisposition) -> Void) {
        let maxBytes = maxBytes
        let tooLarge = state.withLock { state -> Bool in
            state.exchange.response = response as? HTTPURLResponse
            guard let maxBytes, response.expectedContentLength > Int64(maxBytes) else { return false }
            if state.exchange.tooLarge == nil {
                state.exchange.tooLarge = "too large: \(response.expectedContentLength) bytes announced, the limit is \(maxBytes)"
            }
            return true
        }
        completionHandler(tooLarge ? .cancel : .allow)
        if tooLarge { dataTask.cancel() }
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        let maxBytes = maxBytes
        let tooLarge = state.withLock { state -> Bool in
            guard state.exchange.tooLarge == nil else { return true }
            state.exchange.body.append(data)
            guard let maxBytes, state.exchange.body.count > maxBytes else { return false }
            state.exchange.tooLarge = "too large: more than \(maxBytes) bytes"
            state.exchange.body = Data()
            return true
        }
        if tooLarge { dataTask.cancel() }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        let (continuation, finished) = state.withLock { state in
            if let challenged = state.challenged {
                state.exchange.response = challenged
                state.exchange.error = nil
            } else {
                if state.exchange.response == nil { state.exchange.response = task.response as? HTTPURLResponse }
                if state.exchange.tooLarge == nil { state.exchange.error = error }
            }
            defer { state.continuation = nil }
            return (state.continuation, state.exchange)
        }
        continuation?.resume(returning: finished)
    }
}
