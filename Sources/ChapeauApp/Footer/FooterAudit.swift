public import Foundation
import ChapeauFooter
import Synchronization

/// How far `footer audit` goes for one page before giving up.
public struct AuditLimits: Sendable, Equatable {
    /// Seconds without a byte before a fetch gives up; the whole fetch gets twice as long.
    public var timeout: TimeInterval
    /// Redirects followed at most.
    public var maxRedirects: Int
    /// Bytes of page read at most; a larger page is refused.
    public var maxBytes: Int

    public init(timeout: TimeInterval = 15, maxRedirects: Int = 5, maxBytes: Int = 5 * 1024 * 1024) {
        self.timeout = timeout
        self.maxRedirects = maxRedirects
        self.maxBytes = maxBytes
    }
}

/// What `footer audit` found at one URL.
public struct AuditResult: Sendable, Equatable {
    public enum Status: String, Sendable, Codable {
        /// The footer paragraph is reproduced (give or take wrapping, entities, quotes, spaces).
        case present
        /// It is there but changed: `differences` say how.
        case altered
        /// It is not there.
        case missing
        /// The page could not be fetched: `reason` says why.
        case unreachable
    }

    public let url: String
    public let status: Status
    /// Whether the page links to (or writes) the support URL; nil when unreachable.
    public let supportLink: Bool?
    /// For `altered`: one sentence per difference.
    public let differences: [String]
    /// For `unreachable`: why (DNS, connection, TLS, HTTP status, size, redirects…).
    public let reason: String?
    /// Where the page was found after redirects, when it differs from `url`.
    public let finalURL: String?

    /// A copy complies when the paragraph is present and the support link too.
    public var isCompliant: Bool { status == .present && supportLink == true }
}

/// Audits republished copies: fetches each page, reduces it to text and looks for the footer
/// paragraph and the support link. Never throws per URL: a page that cannot be fetched is
/// `unreachable`, with the reason.
public struct FooterAuditor: Sendable {
    let setup: FooterSetup
    let limits: AuditLimits

    public init(workspace: Workspace, limits: AuditLimits = AuditLimits()) throws {
        setup = try FooterSetup(workspace: workspace, options: FooterOptions(), live: nil)
        self.limits = limits
    }

    /// Every URL's result, in the order given; a few pages are fetched at a time.
    public func audit(_ urls: [String], parallel: Int = 4) async -> [AuditResult] {
        var results = [AuditResult?](repeating: nil, count: urls.count)
        await withTaskGroup(of: (Int, AuditResult).self) { group in
            var next = 0
            func launch() {
                guard next < urls.count else { return }
                let index = next
                next += 1
                group.addTask { (index, await audit(urls[index])) }
            }
            for _ in 0..<max(1, parallel) { launch() }
            while let (index, result) = await group.next() {
                results[index] = result
                launch()
            }
        }
        return results.compactMap(\.self)
    }

    /// One URL's result.
    public func audit(_ url: String) async -> AuditResult {
        guard let address = URL(string: url.trimmingCharacters(in: .whitespaces)),
              let scheme = address.scheme?.lowercased(), scheme == "http" || scheme == "https",
              address.host?.isEmpty == false
        else {
            return AuditResult(url: url, status: .unreachable, supportLink: nil, differences: [],
                               reason: "not an http(s) URL", finalURL: nil)
        }
        switch await PageFetcher.fetch(address, limits: limits) {
        case let .failure(reason):
            return AuditResult(url: url, status: .unreachable, supportLink: nil, differences: [], reason: reason,
                               finalURL: nil)
        case let .page(text, finalURL):
            return judge(url: url, page: text, finalURL: finalURL.absoluteString == address.absoluteString
                         ? nil : finalURL.absoluteString)
        }
    }

    /// The verdict on a page's HTML: the best match among the expected paragraphs (both
    /// languages for the built-in templates).
    func judge(url: String, page: String, finalURL: String? = nil) -> AuditResult {
        var best: AuditFinding?
        for (language, paragraph) in setup.auditParagraphs() {
            let finding = Audit.compare(expected: paragraph, supportURL: setup.supportURL, page: page,
                                        attribution: setup.auditAttribution(language))
            if best.map({ Self.rank(finding.paragraph) < Self.rank($0.paragraph) }) ?? true { best = finding }
        }
        let finding = best ?? AuditFinding(paragraph: .missing, supportLinkPresent: false)
        let (status, differences): (AuditResult.Status, [String]) = switch finding.paragraph {
        case .present: (.present, [])
        case .altered(let differences): (.altered, differences)
        case .missing: (.missing, [])
        }
        return AuditResult(url: url, status: status, supportLink: finding.supportLinkPresent,
                           differences: differences, reason: nil, finalURL: finalURL)
    }

    /// Present first, then altered with the fewest differences, then missing.
    private static func rank(_ paragraph: AuditFinding.Paragraph) -> Int {
        switch paragraph {
        case .present: 0
        case .altered(let differences): 1 + differences.count
        case .missing: Int.max
        }
    }

    /// The URLs of a `--urls` file: one per line; blank lines and lines starting with `#` are skipped.
    public static func urls(fromFile path: String) throws -> [String] {
        guard let data = FileManager.default.contents(atPath: path) else {
            let exists = FileManager.default.fileExists(atPath: path)
            throw AppError.io(exists ? "cannot read \(path): check its permissions" : "no file at \(path) (--urls)")
        }
        let text = String(decoding: data, as: UTF8.self)
        return text.split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
    }
}

/// One GET through the one HTTP client, within the limits: a timeout, a number of redirects
/// and a size; the page decoded as text.
enum PageFetcher {
    enum Outcome: Sendable {
        case page(String, finalURL: URL)
        case failure(String)
    }

    /// Redirects are followed here, hop by hop: to any http(s) origin, without credentials once
    /// the origin changes, never from https to http, at most `limits.maxRedirects`.
    static func fetch(_ url: URL, limits: AuditLimits) async -> Outcome {
        let policy = RedirectPolicy(crossOrigin: .withoutCredentials, maxRedirects: limits.maxRedirects)
        var request = HTTPRequest(url: url, timeoutInterval: limits.timeout)
        request.httpMethod = "GET"
        let http = HTTPClient.Limits(timeout: limits.timeout, resourceTimeout: limits.timeout * 2, maxBytes: limits.maxBytes,
                                     headers: ["User-Agent": "chapeau-footer-audit/0.1",
                                               "Accept": "text/html, text/plain;q=0.8, */*;q=0.1"])
        switch await HTTPClient.following(request, policy: policy, limits: http) {
        case .success(let (response, body, current)):
            guard (200..<300).contains(response.statusCode) else {
                let phrase = HTTPResponse.phrase(response.statusCode)
                return .failure("HTTP \(response.statusCode)\(phrase.isEmpty ? "" : " " + phrase)")
            }
            return .page(decode(body, contentType: response.value(forHTTPHeaderField: "Content-Type")), finalURL: current)
        case .failure(.tooLarge(let why)): return .failure("page \(why)")
        case .failure(.transport(let error, let at)): return .failure(describe(error, url: at, limits: limits))
        case .failure(.noResponse): return .failure("no HTTP response")
        case .failure(.refused(let message)): return .failure(message)
        }
    }

    /// The body as text: the charset the server names when it is a Latin one, else UTF-8
    /// (Windows-1252 when the bytes are not UTF-8).
    static func decode(_ body: Data, contentType: String?) -> String {
        let charset = contentType?.lowercased().components(separatedBy: "charset=").dropFirst().first?
            .trimmingCharacters(in: CharacterSet(charactersIn: "\"' ;"))
        if let charset, ["iso-8859-1", "latin1", "iso-8859-15", "windows-1252", "cp1252"].contains(charset),
           let text = String(data: body, encoding: .windowsCP1252) {
            return text
        }
        if let text = String(validating: body, as: UTF8.self) { return text }
        return String(data: body, encoding: .windowsCP1252) ?? String(decoding: body, as: UTF8.self)
    }

    /// A transport error as a reason a reader understands.
    static func describe(_ error: any Error, url: URL, limits: AuditLimits) -> String {
        let host = url.host ?? url.absoluteString
        guard let failure = error as? TransportError else { return "\(error.localizedDescription)" }
        let detail = Origin.printable(failure.errorDescription ?? "")
        switch failure.code {
        case TransportError.timedOut: return "timed out (no answer within \(Int(limits.timeout)) s)"
        case TransportError.couldNotResolve: return "DNS lookup failed: no host \(host)"
        case TransportError.couldNotConnect: return "could not connect to \(host)\(url.port.map { " port \($0)" } ?? ""): connection refused"
        case TransportError.sendError, TransportError.receiveError, TransportError.gotNothing:
            return "the connection to \(host) was lost (\(detail))"
        case TransportError.weirdReply: return "\(host) sent a response that is not valid HTTP"
        case TransportError.unsupportedProtocol: return "unsupported URL"
        case let code where TransportError.tls.contains(code): return "TLS failed with \(host): \(detail)"
        default: return "\(detail) (transfer error \(failure.code))"
        }
    }
}
