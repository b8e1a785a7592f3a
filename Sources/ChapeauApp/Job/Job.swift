import ChapeauCore
import ChapeauReports
internal import ChapeauStore
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
    /// The day the overdue instalments were last looked for (with the ledger as of `lastSeq`;
    /// those announced are kept in the ledger, one row each):
    /// which instalments are overdue depends on the entries and the day only, so a run with no
    /// new entry on the same day has nothing new to find.
    var overdueCheckedOn: String?

    static let key = "job.state"
}

/// What one run did, printed and recorded in the ledger database.
public struct JobReport: Codable, Sendable {
    public struct Target: Codable, Sendable {
        public var kind: String
        public var destination: String
        public var sent: Int
        /// The failure, or a summary of them when there are several.
        public var error: String?
        /// Every failure, one sentence each, when there are several (one `error:` line each).
        public var failures: [String]?

        mutating func setFailures(_ all: [String]) {
            switch all.count {
            case 0: error = nil; failures = nil
            case 1: error = all[0]; failures = nil
            default: error = "\(all.count) failures, the first: \(all[0])"; failures = all
            }
        }
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
    /// Supporters erased by `[privacy] retention_years` in this run (their handles); nil when none.
    public var erased: [String]?
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
        // 0. `[privacy] retention_years`: supporters inactive too long are erased, amounts kept.
        if workspace.config.privacy.retentionYears != nil {
            let erased = try Treasurer(workspace: workspace, now: now).applyRetention()
            if !erased.isEmpty { report.erased = erased }
        }
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
        // Only what is due is built, from one read of the ledger, with the live period and the
        // closed years whose yearly report is not kept yet (funding.json, the index's year lines).
        let current = reporting.currentPeriod
        let years = try reporting.closedYearsToBuild()
        var built = try reporting.reports(due + years + [current], revised: { site.isPublished($0.id) })
        let live = built.removeLast()
        let yearly = Array(built.suffix(years.count))
        built.removeLast(years.count)
        // Read once for the index's year lines and funding.json's history.
        let closedYears = try reporting.keptYears(prebuilt: yearly)
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
        try reporting.writeSite(site, live: ReportSummary(live), to: outputDir, renderer: renderer,
                                years: Reporting.summaries(closedYears))
        try reporting.writeFunding(live: live, to: outputDir, history: reporting.funding(closedYears))

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
        var announced: [(pledge: String, due: String)] = []
        if !(changes.isEmpty && seenUpTo == state.lastSeq && state.overdueCheckedOn == today.description) {
            // Since the last look, only time can have made an instalment overdue, unless an
            // entry could have (a void takes a payment back, a pledge or its end moves the
            // schedule): then every instalment is looked at again. Otherwise only those due
            // since that day (the earlier ones were looked at then and were paid, or announced).
            let everything = changes.contains { [.void, .pledge, .pledgeEnd].contains($0.ref.type) }
            let since = everything ? nil : state.overdueCheckedOn.flatMap { Day(iso: $0) }
            let found = try store.overdueInstalments(today: today, since: since)
                .flatMap { p in p.due.map { (pledge: p.pledge.description, due: $0.description) } }
            let known = try store.announcedOverdue(found)
            for (i, inst) in found.enumerated() where !known.contains(i) {
                announced.append(inst)
                let key = "\(inst.pledge)@\(inst.due)"
                state.pending.append(Notice(event: "pledge.overdue", id: "pledge.overdue:\(key)", pledge: inst.pledge, due: inst.due))
            }
            state.overdueCheckedOn = today.description
        }
        report.notices = state.pending.count

        // 5. Deliver to every target; a failed one keeps its work for the next run. Files first,
        //    then notices: a notice about a report goes out only once every file target holds
        //    that report's files (a reader who follows its link finds the report).
        // Read only when a target takes them: the reports folder as its own directory target
        // (the default) has them already.
        let same = { (path: String) in
            URL(fileURLWithPath: workspace.resolve(path)).standardizedFileURL == URL(fileURLWithPath: outputDir).standardizedFileURL
        }
        let needsFiles = workspace.config.publish.contains { t in
            t.kind == .http || (t.kind == .directory && !same(t.path ?? "Reports"))
        }
        let files = needsFiles ? try publicFiles(in: outputDir) : []
        var outcomes: [Int: JobReport.Target] = [:]
        var undelivered = Set<String>()
        for (index, target) in workspace.config.publish.enumerated() where target.kind != .webhook {
            let key = "\(index):\(target.kind.rawValue):\(target.path ?? target.url ?? "")"
            var outcome = JobReport.Target(kind: target.kind.rawValue, destination: target.path ?? target.url ?? "", sent: 0)
            switch target.kind {
            case .directory:
                let dest = workspace.resolve(target.path ?? "Reports")
                if same(target.path ?? "Reports") {
                    outcome.destination += " (the reports folder itself: up to date)"
                }
                outcome.error = copy(files, from: outputDir, to: dest, sent: &outcome.sent)
                if outcome.error != nil { undelivered.formUnion(files.map(\.path)) }
            case .http:
                var delivered = state.delivered[key] ?? [:]
                let failures = await put(files, from: outputDir, target: target, delivered: &delivered, sent: &outcome.sent)
                outcome.setFailures(failures)
                state.delivered[key] = delivered
                undelivered.formUnion(files.filter { delivered[$0.path] != Digest.sha256($0.data) }.map(\.path))
            case .webhook:
                break
            }
            outcomes[index] = outcome
        }
        for (index, target) in workspace.config.publish.enumerated() where target.kind == .webhook {
            var outcome = JobReport.Target(kind: target.kind.rawValue, destination: target.url ?? "", sent: 0)
            let held = { (notice: Notice) -> Bool in
                guard let period = notice.period else { return false }
                return undelivered.contains { $0.hasPrefix(period + "/") }
            }
            outcome.error = await post(&state.pending, target: target, holding: held, sent: &outcome.sent)
            outcomes[index] = outcome
        }
        report.targets = workspace.config.publish.indices.compactMap { outcomes[$0] }
        if !workspace.config.publish.contains(where: { $0.kind == .webhook }) { state.pending = [] }

        state.lastSeq = seenUpTo
        try store.savePublications(try site.publications(),
                                   meta: (JobState.key, String(decoding: try JSONEncoder.sorted.encode(state), as: UTF8.self)),
                                   announced: announced)
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

    /// PUTs every file the target does not hold yet, each one attempted even when another
    /// fails (a file the server answers with an error does not keep the others back); a server
    /// that cannot be reached, or a refused redirect, stops the target there. A PUT answered 409 (RFC 4918: its folder does not exist) makes
    /// the folders with MKCOL, from the base URL down, and is tried again. Returns one sentence
    /// per failure; `delivered` holds what the target has received.
    func put(_ files: [(path: String, data: Data)], from source: String, target: ChapeauConfig.Publish,
             delivered: inout [String: String], sent: inout Int) async -> [String] {
        guard let base = target.url.flatMap(URL.init(string:)) else { return ["no url"] }
        var headers = ["Content-Type": "application/octet-stream"]
        let credentials = credentials(target)
        if let problem = credentials.problem { return [problem] }
        if let authorization = credentials.authorization { headers["Authorization"] = authorization }
        let pending = files.filter { delivered[$0.path] != Digest.sha256($0.data) }
        var failures: [String] = []
        var madeFolders = Set<String>()
        for (position, f) in pending.enumerated() {
            guard PathName.isContained(f.path) else {
                failures.append("'\(Origin.printable(f.path))' is not a file name inside the output folder: not sent")
                continue
            }
            var h = headers
            h["Content-Type"] = MediaType.of(fileName: (f.path as NSString).lastPathComponent)
            let url = base.appendingPathComponent(f.path)
            var result = await HTTP.sendRetrying("PUT", url, headers: h, body: f.data)
            if case .failure(.answered(409, _)) = result {
                if let problem = await makeFolders(for: f.path, under: base, headers: headers, made: &madeFolders) {
                    failures.append(problem)
                    continue
                }
                result = await HTTP.sendRetrying("PUT", url, headers: h, body: f.data)
            }
            switch result {
            case .success:
                delivered[f.path] = Digest.sha256(f.data)
                sent += 1
            case .failure(let e) where e.stopsTarget:
                // The server is not there, or sends every request elsewhere: the rest would fare the same.
                let left = pending.count - position - 1
                failures.append(e.description + (left > 0 ? " (\(left) more file\(left == 1 ? "" : "s") not attempted)" : ""))
                return failures
            case .failure(let e):
                failures.append(e.description)
            }
        }
        return failures
    }

    /// MKCOL of the base URL and of each folder of `path` below it, top down; a folder that
    /// exists already (405, or one made earlier in this run) is fine. Nil, or why not.
    func makeFolders(for path: String, under base: URL, headers: [String: String], made: inout Set<String>) async -> String? {
        var folder = base
        var chain = [base]
        for component in (path as NSString).deletingLastPathComponent.split(separator: "/") {
            folder = folder.appendingPathComponent(String(component), isDirectory: true)
            chain.append(folder)
        }
        var h = headers
        h.removeValue(forKey: "Content-Type")
        for url in chain {
            var text = url.absoluteString
            if !text.hasSuffix("/") { text += "/" }
            guard !made.contains(text), let collection = URL(string: text) else { continue }
            switch await HTTP.send("MKCOL", collection, headers: h, body: Data()) {
            case .success(let reply) where (200..<300).contains(reply.status) || reply.status == 405:
                made.insert(text)
            case .success(let reply):
                return "MKCOL \(RedirectPolicy.shown(collection)) answered \(reply.status): the folder for \(Origin.printable(path)) could not be made"
            case .failure(let e):
                return e.description
            }
        }
        return nil
    }

    /// The `Authorization` header of an http target (nil: none), or why nothing may be sent.
    func credentials(_ target: ChapeauConfig.Publish) -> (authorization: String?, problem: String?) {
        // Checked when the config is read too; here again for a config made in code.
        if let problem = ChapeauConfig.Publish.credentialProblem(url: target.url ?? "", sendsCredentials: target.sendsCredentials) {
            return (nil, "url \(problem): nothing was sent")
        }
        if let name = target.tokenEnv {
            guard let token = environment[name], !token.isEmpty else {
                return (nil, "the environment variable \(name) (token_env) is not set: nothing was sent")
            }
            guard Self.isHeaderSafe(token) else {
                return (nil, "the environment variable \(name) (token_env) holds a space or a control character: nothing was sent")
            }
            return ("Bearer \(token)", nil)
        }
        if let userName = target.usernameEnv, let passwordName = target.passwordEnv {
            for (name, key) in [(userName, "username_env"), (passwordName, "password_env")] where (environment[name] ?? "").isEmpty {
                return (nil, "the environment variable \(name) (\(key)) is not set: nothing was sent")
            }
            let user = environment[userName] ?? "", password = environment[passwordName] ?? ""
            // RFC 7617: the user name cannot hold a colon; neither may hold a control character.
            guard !user.contains(":"), !(user + password).unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
                return (nil, "the environment variable \(userName) (username_env) holds a colon, or it or \(passwordName) (password_env) a control character: nothing was sent")
            }
            return ("Basic " + Data("\(user):\(password)".utf8).base64EncodedString(), nil)
        }
        return (nil, nil)
    }

    /// POSTs the pending notices in order, but those `holding` keeps back (a report not yet
    /// on every file target), which stay pending for the next run.
    func post(_ pending: inout [Notice], target: ChapeauConfig.Publish, holding: (Notice) -> Bool,
              sent: inout Int) async -> String? {
        guard let url = target.url.flatMap(URL.init(string:)) else { return "no url" }
        guard let name = target.secretEnv, let secret = environment[name], !secret.isEmpty else {
            return "the environment variable \(target.secretEnv ?? "secret_env") is not set: webhooks are never sent unsigned"
        }
        if let problem = ChapeauConfig.Publish.credentialProblem(url: target.url ?? "", sendsCredentials: false) {
            return "url \(problem): nothing was sent"
        }
        var kept: [Notice] = []
        defer { pending = kept + pending }
        while let notice = pending.first {
            if holding(notice) {
                kept.append(pending.removeFirst())
                continue
            }
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
