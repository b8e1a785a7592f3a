public import ChapeauCore
import ChapeauReports
public import ChapeauStore
public import Foundation

/// A notice for webhook receivers: no name, no e-mail, no amount per person.
public struct Notice: Codable, Equatable, Sendable {
    /// `report.published`, `report.revised`, `pledge.created`, `pledge.overdue`.
    public var event: String
    /// Unique per event, so a receiver can drop duplicates.
    public var id: String
    public var period: String?
    public var pledge: String?
    public var due: String?
    public var url: String?
}

/// What the job remembers between runs (in the ledger's `meta` table).
struct JobState: Codable {
    /// The last ledger entry seen: entries after it may revise published reports.
    var lastSeq: Int64 = 0
    /// Per target, the SHA-256 of each file it has received (path relative to the output folder).
    var delivered: [String: [String: String]] = [:]
    /// Webhook notices not yet delivered.
    var pending: [Notice] = []
    /// Overdue instalments already announced (`p-3@2026-10-05`).
    var overdueAnnounced: Set<String> = []

    static let key = "job.state"
}

/// What one run did, printed and recorded in the ledger database.
public struct JobReport: Codable, Sendable {
    public struct Target: Codable, Sendable {
        public var kind: String
        public var destination: String
        public var sent: Int
        public var error: String?
    }
    public var now: String
    public var published: [String] = []
    public var revised: [String] = []
    public var live: String?
    public var articlesStamped = 0
    public var articlesUpdated = 0
    public var articleProblems: [String] = []
    public var notices = 0
    public var targets: [Target] = []
    public var ok: Bool { targets.allSatisfy { $0.error == nil } && articleProblems.isEmpty }
}

/// `chapeau run`: everything due, nothing twice. Publishes every closed period not yet
/// published (catching up after downtime), revises the published ones that entries recorded
/// since the last run fall in, refreshes the live page and the site files, re-stamps the
/// article folders, announces new and overdue pledges, delivers to every target, and records
/// the run. A lock makes overlapping runs safe: the second one exits 75.
public struct Job: Sendable {
    public let workspace: Workspace
    public let now: Date
    public let environment: [String: String]

    public init(workspace: Workspace, now: Date, environment: [String: String]) {
        self.workspace = workspace
        self.now = now
        self.environment = environment
    }

    public func run() async throws -> JobReport {
        let lock = try RunLock(path: (workspace.ledgerPath as NSString).deletingLastPathComponent + "/.chapeau-run.lock")
        defer { lock.release() }
        let started = Date()
        let store = try workspace.openLedger()
        let reporting = Reporting(workspace: workspace, store: store, now: now)
        var state = try loadState(store)
        var site = try PublishedSite.load(store)
        var report = JobReport(now: Timestamp.iso(now))
        let today = reporting.today
        let outputDir = workspace.resolve(workspace.config.reports.output)
        let formats = workspace.config.reports.formats.compactMap(ReportFormat.init(rawValue:))
        let renderer = try reporting.renderer()
        let config = reporting.config

        // 1. Closed periods: new ones, and published ones that new entries fall in.
        let seenUpTo = try store.lastSeq()
        let changes = try store.changes(since: state.lastSeq)
        let periods = try reporting.periods()
        let due = periods.filter { period in
            guard period.isClosed(today: today) else { return false }
            guard site.isPublished(period.id) else { return true }
            return changes.contains { c in
                let from = c.from ?? period.start, to = c.to ?? period.end
                return from <= period.end && to >= period.start
            }
        }
        // Only what is due is built, from one read of the ledger, with the live period.
        let current = reporting.currentPeriod
        var built = try reporting.reports(due + [current], revised: { site.isPublished($0.id) })
        let live = built.removeLast()
        try reporting.write(built, formats: formats, to: outputDir, renderer: renderer)
        for r in built {
            let period = r.period
            let isRevision = site.publish(r, at: now)
            let event = isRevision ? "report.revised" : "report.published"
            if isRevision { report.revised.append(period.id) } else { report.published.append(period.id) }
            state.pending.append(Notice(event: event, id: "\(event):\(period.id):\(Timestamp.iso(now))", period: period.id,
                                        url: config.reportURL(periodID: period.id)))
        }

        // 2. The live page and the site files.
        try reporting.write(live, formats: formats, to: outputDir, renderer: renderer)
        report.live = current.id
        try reporting.writeSite(site, live: ReportSummary(live), to: outputDir)

        // 3. Articles keep their footers current, quoting the live report just published (the
        //    ledger is not read again).
        let articles = workspace.config.footer.articles.map(workspace.resolve)
        if !articles.isEmpty {
            let run = try FooterStamper(workspace: workspace, live: live).stamp(articles)
            report.articlesStamped = run.count(.stamped)
            report.articlesUpdated = run.count(.updated)
            report.articleProblems = run.failures.map { $0.message ?? $0.path }
        }

        // 4. Pledges: new ones and newly overdue instalments.
        for c in changes where c.ref.type == .pledge {
            state.pending.append(Notice(event: "pledge.created", id: "pledge.created:\(c.ref)", pledge: c.ref.description))
        }
        try store.forEachPledgeStanding(today: today, handles: false) { standing in
            for inst in standing.overdue {
                let key = "\(standing.id)@\(inst.due)"
                guard !state.overdueAnnounced.contains(key) else { continue }
                state.overdueAnnounced.insert(key)
                state.pending.append(Notice(event: "pledge.overdue", id: "pledge.overdue:\(key)", pledge: standing.id.description,
                                            due: inst.due.description))
            }
        }
        report.notices = state.pending.count

        // 5. Deliver to every target; a failed one keeps its work for the next run.
        let files = try publicFiles(in: outputDir)
        for (index, target) in workspace.config.publish.enumerated() {
            let key = "\(index):\(target.kind.rawValue):\(target.path ?? target.url ?? "")"
            var outcome = JobReport.Target(kind: target.kind.rawValue, destination: target.path ?? target.url ?? "", sent: 0)
            switch target.kind {
            case .directory:
                let dest = workspace.resolve(target.path ?? "Reports")
                if URL(fileURLWithPath: dest).standardizedFileURL == URL(fileURLWithPath: outputDir).standardizedFileURL {
                    outcome.destination += " (the reports folder itself: up to date)"
                }
                outcome.error = copy(files, from: outputDir, to: dest, sent: &outcome.sent)
            case .http:
                var delivered = state.delivered[key] ?? [:]
                outcome.error = await put(files, from: outputDir, target: target, delivered: &delivered, sent: &outcome.sent)
                state.delivered[key] = delivered
            case .webhook:
                outcome.error = await post(&state.pending, target: target, sent: &outcome.sent)
            }
            report.targets.append(outcome)
        }
        if !workspace.config.publish.contains(where: { $0.kind == .webhook }) { state.pending = [] }

        state.lastSeq = seenUpTo
        try store.savePublications(try site.publications(),
                                   meta: (JobState.key, String(decoding: try JSONEncoder.sorted.encode(state), as: UTF8.self)))
        let summary = String(decoding: (try? JSONEncoder.sorted.encode(report)) ?? Data(), as: UTF8.self)
        try store.recordRun(JobRunRecord(startedAt: Timestamp.iso(started), endedAt: Timestamp.iso(Date()),
                                         now: Timestamp.iso(now), ok: report.ok, summary: summary))
        return report
    }

    // MARK: state

    func loadState(_ store: LedgerStore) throws -> JobState {
        guard let text = try store.meta(JobState.key) else { return JobState() }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        do { return try decoder.decode(JobState.self, from: Data(text.utf8)) }
        catch { throw AppError.io("the job's state in the ledger cannot be read (\(error)): it was edited by hand") }
    }

    // MARK: targets

    /// Every generated file under the output folder (relative path → bytes), README and hidden
    /// files aside. Symbolic links are not followed (a link could point anywhere on the machine),
    /// and a name that could not be one file name (a control character, a `\`) is left out:
    /// what is published stays inside the output folder.
    func publicFiles(in dir: String) throws -> [(path: String, data: Data)] {
        var out: [(String, Data)] = []
        guard let walker = FileManager.default.enumerator(atPath: dir) else { return [] }
        while let rel = walker.nextObject() as? String {
            let name = (rel as NSString).lastPathComponent
            if name.hasPrefix(".") || rel == "README.md" { continue }
            guard PathName.isContained(rel) else { continue }
            let full = (dir as NSString).appendingPathComponent(rel)
            if (try? FileManager.default.attributesOfItem(atPath: full)[.type] as? FileAttributeType) == .typeSymbolicLink { continue }
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: full, isDirectory: &isDir), !isDir.boolValue,
                  let data = FileManager.default.contents(atPath: full) else { continue }
            out.append((rel, data))
        }
        return out.sorted { $0.0 < $1.0 }
    }

    func copy(_ files: [(path: String, data: Data)], from source: String, to dir: String, sent: inout Int) -> String? {
        let a = URL(fileURLWithPath: source).standardizedFileURL.path, b = URL(fileURLWithPath: dir).standardizedFileURL.path
        guard a != b else { return nil }
        do {
            for f in files {
                guard PathName.isContained(f.path) else { return "'\(f.path)' is not a file name inside \(b): nothing copied" }
                let dest = (b as NSString).appendingPathComponent(f.path)
                if FileManager.default.contents(atPath: dest) == f.data { continue }
                try FileManager.default.createDirectory(atPath: (dest as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try AtomicFile.write(f.data, to: dest, mode: 0o644)
                sent += 1
            }
            return nil
        } catch { return "\(error)" }
    }

    func put(_ files: [(path: String, data: Data)], from source: String, target: ChapeauConfig.Publish,
             delivered: inout [String: String], sent: inout Int) async -> String? {
        guard let base = target.url.flatMap(URL.init(string:)) else { return "no url" }
        var headers = ["Content-Type": "application/octet-stream"]
        if let name = target.tokenEnv {
            guard let token = environment[name], !token.isEmpty else {
                return "the environment variable \(name) (token_env) is not set: nothing was sent"
            }
            guard Self.isHeaderSafe(token) else {
                return "the environment variable \(name) (token_env) holds a space or a control character: nothing was sent"
            }
            // Checked when the config is read too; here again for a config made in code.
            if let problem = ChapeauConfig.Publish.credentialProblem(url: target.url ?? "", tokenEnv: name) {
                return "url \(problem): nothing was sent"
            }
            headers["Authorization"] = "Bearer \(token)"
        }
        for f in files {
            let digest = Digest.sha256(f.data)
            if delivered[f.path] == digest { continue }
            guard PathName.isContained(f.path) else { return "'\(Origin.printable(f.path))' is not a file name inside the output folder: not sent" }
            var h = headers
            h["Content-Type"] = Self.mediaType(f.path)
            let url = base.appendingPathComponent(f.path)
            switch await HTTP.sendRetrying("PUT", url, headers: h, body: f.data) {
            case .success:
                delivered[f.path] = digest
                sent += 1
            case .failure(let e):
                return e.description
            }
        }
        return nil
    }

    func post(_ pending: inout [Notice], target: ChapeauConfig.Publish, sent: inout Int) async -> String? {
        guard let url = target.url.flatMap(URL.init(string:)) else { return "no url" }
        guard let name = target.secretEnv, let secret = environment[name], !secret.isEmpty else {
            return "the environment variable \(target.secretEnv ?? "secret_env") is not set: webhooks are never sent unsigned"
        }
        if let problem = ChapeauConfig.Publish.credentialProblem(url: target.url ?? "", tokenEnv: nil) {
            return "url \(problem): nothing was sent"
        }
        while let notice = pending.first {
            var body: [String: String] = ["event": notice.event, "id": notice.id, "author": workspace.config.author.name,
                                          "sent_at": Timestamp.iso(now)]
            body["period"] = notice.period
            body["pledge"] = notice.pledge
            body["due"] = notice.due
            body["url"] = notice.url
            guard let data = try? JSONEncoder.sorted.encode(body) else { return "cannot encode a notice" }
            let timestamp = Int(now.timeIntervalSince1970)
            let headers = ["Content-Type": "application/json", "X-Chapeau-Event": notice.event,
                           "X-Chapeau-Timestamp": String(timestamp),
                           "X-Chapeau-Signature": WebhookSignature.sign(body: data, timestamp: timestamp, secret: secret)]
            switch await HTTP.sendRetrying("POST", url, headers: headers, body: data) {
            case .success:
                pending.removeFirst()
                sent += 1
            case .failure(let e):
                return e.description
            }
        }
        return nil
    }

    /// A token as a header value may hold it: visible ASCII, no space, no line break (a line
    /// break would let the variable add headers of its own).
    static func isHeaderSafe(_ token: String) -> Bool {
        token.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F }
    }

    static func mediaType(_ path: String) -> String {
        switch (path as NSString).pathExtension {
        case "html": return "text/html; charset=utf-8"
        case "md": return "text/markdown; charset=utf-8"
        case "json": return "application/json"
        case "csv": return "text/csv; charset=utf-8"
        case "atom": return "application/atom+xml"
        case "svg": return "image/svg+xml"
        default: return "application/octet-stream"
        }
    }
}

/// An exclusive lock on a file, released by the kernel if the process dies: no stale lock.
final class RunLock: @unchecked Sendable {
    private let fd: Int32

    init(path: String) throws {
        fd = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw AppError.io("cannot open the lock \(path): \(String(cString: strerror(errno)))") }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            throw AppError.busy("another 'chapeau run' is in progress (lock \(path)): try again when it is done")
        }
    }

    func release() {
        flock(fd, LOCK_UN)
        close(fd)
    }
}

extension JSONEncoder {
    static var sorted: JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        e.dateEncodingStrategy = .iso8601
        return e
    }
}
