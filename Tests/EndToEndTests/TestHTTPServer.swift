import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A small, real HTTP/1.1 server on a loopback address (127.0.0.1 unless told another address
/// of 127.0.0.0/8) for tests: started on a free port (bound to port 0, read back with
/// `getsockname`), stopped at the end of each test (`TestHTTPServer.with { … }`, or `stop()` in
/// a `defer`: the serving thread keeps it alive until then).
///
/// - `respond`, when set, answers first (e.g. a redirect for every PUT); nil lets the routes answer.
/// - GET and HEAD are answered from the routes (`route(_:_:)`), else 404.
/// - PUT and POST are recorded and answered 201 / 200, unless a route for that method and path
///   says otherwise. Every request is recorded (method, path, headers, body) in `requests`.
/// - One connection at a time, `Connection: close`, bounded: headers up to 64 KiB, bodies up to
///   16 MiB, 5 s socket timeouts; it never connects anywhere itself.
final class TestHTTPServer: @unchecked Sendable {
    struct Request: Sendable {
        let method: String
        let path: String
        /// Header names in lower case.
        let headers: [String: String]
        let body: Data
    }

    struct Response: Sendable {
        var status: Int
        var headers: [(String, String)] = []
        var body = Data()
        /// Leave out `Content-Length` (the body then ends when the connection closes).
        var omitContentLength = false

        static func html(_ text: String, status: Int = 200) -> Response {
            Response(status: status, headers: [("Content-Type", "text/html; charset=utf-8")], body: Data(text.utf8))
        }

        static func text(_ text: String, status: Int) -> Response {
            Response(status: status, headers: [("Content-Type", "text/plain; charset=utf-8")], body: Data(text.utf8))
        }

        static func redirect(to location: String, status: Int = 302) -> Response {
            Response(status: status, headers: [("Location", location)])
        }
    }

    enum ServerError: Error, CustomStringConvertible {
        case socket(String)
        var description: String { switch self { case .socket(let m): m } }
    }

    let host: String
    let port: UInt16
    var baseURL: String { "http://\(host):\(port)" }

    private let listener: Int32
    private let lock = NSLock()
    private var routes: [String: Response] = [:]
    private var responder: (@Sendable (Request) -> Response?)?
    private var recorded: [Request] = []
    private var stopping = false
    private let finished = DispatchSemaphore(value: 0)

    static let maxHeaderBytes = 64 * 1024
    static let maxBodyBytes = 16 * 1024 * 1024

    /// `host`: a loopback address only (127.0.0.0/8): tests never listen or send anywhere else.
    init(host: String = "127.0.0.1") throws {
        guard host.hasPrefix("127."), inet_addr(host) != INADDR_NONE else { throw ServerError.socket("\(host) is not a 127.0.0.0/8 address") }
        self.host = host
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ServerError.socket("socket: \(String(cString: strerror(errno)))") }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr(host)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 16) == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw ServerError.socket("bind/listen on \(host): \(reason)")
        }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else {
            close(fd)
            throw ServerError.socket("getsockname: \(String(cString: strerror(errno)))")
        }
        listener = fd
        port = UInt16(bigEndian: actual.sin_port)
        Thread.detachNewThread { [self] in
            serve()
        }
    }

    /// Runs `body` with a fresh server, and stops it afterwards whatever happens.
    static func with<T>(_ body: (TestHTTPServer) async throws -> T) async throws -> T {
        let server = try TestHTTPServer()
        defer { server.stop() }
        return try await body(server)
    }

    /// Answers `method path` (path with its query, e.g. `/page?x=1`) with `response`.
    func route(_ path: String, method: String = "GET", _ response: Response) {
        lock.withLock { routes["\(method) \(path)"] = response }
    }

    /// Answers every request `respond` returns a response for (nil: the routes answer).
    func respond(_ responder: (@Sendable (Request) -> Response?)?) {
        lock.withLock { self.responder = responder }
    }

    /// Every request received so far, in order.
    var requests: [Request] { lock.withLock { recorded } }

    /// Stops accepting, waits for the serving thread to end, and closes the socket. Idempotent.
    func stop() {
        let first = lock.withLock { () -> Bool in
            defer { stopping = true }
            return !stopping
        }
        guard first else { return }
        finished.wait()
        close(listener)
    }

    // MARK: - Serving

    private func serve() {
        defer { finished.signal() }
        while !lock.withLock({ stopping }) {
            var poller = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 50) > 0 else { continue }
            let client = accept(listener, nil, nil)
            guard client >= 0 else { continue }
            handle(client)
        }
    }

    private func handle(_ client: Int32) {
        defer { close(client) }
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(client, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        guard let request = readRequest(client) else {
            write(client, Response.text("bad request\n", status: 400), head: false)
            return
        }
        let response = lock.withLock { () -> Response in
            recorded.append(request)
            if let answer = responder?(request) { return answer }
            if let routed = routes["\(request.method) \(request.path)"] { return routed }
            if request.method == "HEAD", let routed = routes["GET \(request.path)"] { return routed }
            switch request.method {
            case "PUT": return Response.text("created\n", status: 201)
            case "POST": return Response.text("ok\n", status: 200)
            default: return Response.text("not found\n", status: 404)
            }
        }
        write(client, response, head: request.method == "HEAD")
    }

    private func readRequest(_ client: Int32) -> Request? {
        var buffer = Data()
        let separator = Data("\r\n\r\n".utf8)
        var headerEnd: Range<Data.Index>?
        while headerEnd == nil {
            guard buffer.count <= Self.maxHeaderBytes, let chunk = receive(client) else { return nil }
            buffer.append(chunk)
            headerEnd = buffer.range(of: separator)
        }
        guard let end = headerEnd,
              let head = String(data: buffer[buffer.startIndex..<end.lowerBound], encoding: .utf8) else { return nil }
        var lines = head.components(separatedBy: "\r\n")
        let requestLine = lines.removeFirst().split(separator: " ")
        guard requestLine.count == 3, requestLine[2].hasPrefix("HTTP/1.") else { return nil }
        var headers: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { return nil }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        if headers["expect"]?.lowercased() == "100-continue" {
            _ = sendAll(client, Data("HTTP/1.1 100 Continue\r\n\r\n".utf8))
        }
        var body = Data(buffer[end.upperBound...])
        if headers["transfer-encoding"]?.lowercased().contains("chunked") == true {
            guard let decoded = readChunked(client, initial: body) else { return nil }
            body = decoded
        } else {
            let length = Int(headers["content-length"] ?? "0") ?? -1
            guard (0...Self.maxBodyBytes).contains(length) else { return nil }
            while body.count < length {
                guard let chunk = receive(client) else { return nil }
                body.append(chunk)
            }
            body = body.prefix(length)
        }
        return Request(method: String(requestLine[0]), path: String(requestLine[1]), headers: headers, body: body)
    }

    /// A chunked body: `size CRLF data CRLF`… up to a zero size.
    private func readChunked(_ client: Int32, initial: Data) -> Data? {
        var pending = initial
        var body = Data()
        let crlf = Data("\r\n".utf8)
        while true {
            while pending.range(of: crlf) == nil {
                guard pending.count <= Self.maxHeaderBytes, let chunk = receive(client) else { return nil }
                pending.append(chunk)
            }
            guard let lineEnd = pending.range(of: crlf),
                  let sizeLine = String(data: pending[pending.startIndex..<lineEnd.lowerBound], encoding: .ascii),
                  let size = Int(sizeLine.split(separator: ";").first.map(String.init) ?? "", radix: 16),
                  size >= 0, body.count + size <= Self.maxBodyBytes
            else { return nil }
            pending = Data(pending[lineEnd.upperBound...])
            if size == 0 { return body }
            while pending.count < size + 2 {
                guard let chunk = receive(client) else { return nil }
                pending.append(chunk)
            }
            body.append(pending.prefix(size))
            pending = Data(pending.dropFirst(size + 2))
        }
    }

    private func receive(_ client: Int32) -> Data? {
        var bytes = [UInt8](repeating: 0, count: 16 * 1024)
        let count = recv(client, &bytes, bytes.count, 0)
        guard count > 0 else { return nil }
        return Data(bytes[0..<count])
    }

    private func write(_ client: Int32, _ response: Response, head: Bool) {
        var text = "HTTP/1.1 \(response.status) \(Self.reason(response.status))\r\n"
        for (name, value) in response.headers { text += "\(name): \(value)\r\n" }
        if !response.omitContentLength { text += "Content-Length: \(response.body.count)\r\n" }
        text += "Connection: close\r\n\r\n"
        guard sendAll(client, Data(text.utf8)), !head else { return }
        _ = sendAll(client, response.body)
        shutdown(client, Int32(SHUT_WR))
    }

    /// Sends everything, or stops quietly when the client has gone (no SIGPIPE).
    private func sendAll(_ client: Int32, _ data: Data) -> Bool {
        data.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else { return true }
            var offset = 0
            while offset < buffer.count {
                let sent = send(client, base + offset, min(buffer.count - offset, 64 * 1024), Int32(MSG_NOSIGNAL))
                guard sent > 0 else { return false }
                offset += sent
            }
            return true
        }
    }

    private static func reason(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 201: "Created"
        case 204: "No Content"
        case 301: "Moved Permanently"
        case 302: "Found"
        case 303: "See Other"
        case 307: "Temporary Redirect"
        case 308: "Permanent Redirect"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 404: "Not Found"
        case 500: "Internal Server Error"
        case 503: "Service Unavailable"
        default: "Status"
        }
    }
}
