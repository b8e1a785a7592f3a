public import Foundation
import ChapeauFooter
import Dispatch
import Synchronization
public import ChapeauReports

/// Where one article stands after `footer stamp`, `check` or `remove`.
public enum ArticleStatus: String, Sendable, CaseIterable, Codable {
    /// stamp: the footer was added (in a dry run: would be).
    case stamped
    /// stamp: an earlier footer was replaced (other wording or figures).
    case updated
    /// remove: the footer was taken out.
    case removed
    /// stamp, check: the footer is there and up to date; nothing written.
    case current
    /// check: no footer.
    case missing
    /// check: a footer with other wording or figures.
    case stale
    /// remove: there was no footer to take out.
    case unstamped
    /// The article opted out (`chapeau: off`); left as it is.
    case disabled
    /// Not valid UTF-8 text: skipped, never touched.
    case notUTF8 = "not-utf8"
    /// Its markers are broken (a begin without end…): refused, untouched; `message` says where.
    case malformed
    /// Could not be read or written; `message` says why.
    case failed
    /// stamp, check: not an article (a template, an MDX file, a folder of templates); `message` says which.
    case skipped
    /// Matched by an exclude pattern (`--exclude`, `[footer] exclude`): left alone, folder and all.
    case excluded
}

/// The outcome of one `footer` command over article trees.
public struct FooterRun: Sendable, Equatable {
    public struct Item: Sendable, Equatable {
        /// The path as the user gave it, then the names walked.
        public let path: String
        public let status: ArticleStatus
        /// For `malformed`, `failed` and `notUTF8`: one sentence naming the file.
        public let message: String?
    }

    public var items: [Item] = []
    /// Files that are not articles, skipped.
    public var otherFiles = 0
    /// Symbolic links not followed because they leave the given tree.
    public var notFollowed: [String] = []
    /// True for `stamp --dry-run`: nothing was written.
    public var dryRun = false

    public func count(_ status: ArticleStatus) -> Int { items.count { $0.status == status } }

    /// The files `footer check` lists: missing, stale or malformed footers.
    public var needingAttention: [Item] {
        items.filter { [.missing, .stale, .malformed].contains($0.status) }
    }

    /// The files that could not be processed (one `error:` line each).
    public var failures: [Item] {
        items.filter { $0.status == .failed || $0.status == .malformed }
    }

    /// The exit code: that of the first failure (65 broken markers, 74 I/O), else for `check`
    /// 1 when a footer is missing, stale or malformed, else 0.
    public func exitStatus(isCheck: Bool) -> Int32 {
        if isCheck {
            if items.contains(where: { $0.status == .failed }) { return ExitStatus.ioError }
            return needingAttention.isEmpty ? ExitStatus.ok : ExitStatus.problemsFound
        }
        switch failures.first?.status {
        case .malformed: return ExitStatus.dataError
        case .failed: return ExitStatus.ioError
        default: return ExitStatus.ok
        }
    }
}

/// Stamps, checks and removes the footer in article trees: the use case behind `chapeau footer`
/// and the job's re-stamping of `[footer] articles`.
///
/// Reads each file's bytes, hands the text to ChapeauFooter, and writes back atomically (a
/// temporary file renamed over it, permissions kept) only when a byte changes, so a second run
/// changes no byte and no modification time. Line endings and a byte-order mark are kept by the
/// text functions; a file that is not UTF-8 is never touched.
public struct FooterStamper: Sendable {
    let setup: FooterSetup

    /// A stamper whose footers quote `live`, the current period's report (nil: no figures).
    /// The job passes the live report it has just built from the ledger it holds open.
    public init(workspace: Workspace, options: FooterOptions = FooterOptions(), live: PublicReport?,
                currentDirectory: String = FileManager.default.currentDirectoryPath) throws {
        setup = try FooterSetup(workspace: workspace, options: options, live: live, currentDirectory: currentDirectory)
    }

    /// A stamper quoting the live report of the period holding `now`, computed from the ledger
    /// as `report build` computes it; without figures while the ledger does not exist yet.
    public init(workspace: Workspace, options: FooterOptions = FooterOptions(), now: Date,
                currentDirectory: String = FileManager.default.currentDirectoryPath) throws {
        try self.init(session: Session(workspace: workspace, now: now, environment: [:]), options: options,
                      currentDirectory: currentDirectory)
    }

    /// A stamper quoting the live report of the session's period, from the ledger the session
    /// holds; without figures while the ledger does not exist yet.
    public init(session: Session, options: FooterOptions = FooterOptions(),
                currentDirectory: String = FileManager.default.currentDirectoryPath) throws {
        let live = session.hasLedger ? try session.reporting().live() : nil
        try self.init(workspace: session.workspace, options: options, live: live, currentDirectory: currentDirectory)
    }

    /// What `footer print` writes: the head line and the paragraph for a text that is no file,
    /// in the format of `kind`, with the current figures; `short`: a plain-text line for a social
    /// post, at most 280 characters with the support link.
    public func printable(kind: String, title: String?, url: String?, language: ReportLanguage?, short: Bool) -> String {
        if short { return setup.short(url: url, language: language) }
        let fileKind: FileKind = switch kind {
        case "html": .html
        case "text", "txt": .text
        default: .markdown
        }
        return setup.printable(kind: fileKind, title: title, url: url, language: language)
    }

    /// Stamps every article under `paths`; with `dryRun`, says what would change and writes nothing.
    /// `progress` is called with (files done, files in all) as the run goes.
    ///
    /// With `remembering` (the default), files found current by an earlier run and untouched
    /// since, under the same footer, are not read again (see `StampRecord`); the record is
    /// brought up to date at the end of a run that writes.
    public func stamp(_ paths: [String], excluding: [ExcludePattern] = [], dryRun: Bool = false, remembering: Bool = true,
                      progress: ((Int, Int) -> Void)? = nil) -> FooterRun {
        let setup = setup
        let recordPath = remembering ? setup.recordPath : nil
        let record = recordPath.map { StampRecord.load(path: $0, fingerprint: setup.fingerprint) }
        var (run, outcomes) = Self.each(paths, skippingTemplates: true, excluding: setup.excluding + excluding, record: record,
                                        progress: progress) { file, text in
            if file.isWordPressExport { return Self.stampExport(setup, file, text, dryRun: dryRun) }
            if let template = Self.templateStep(file, text) { return template }
            let info = DocumentInfo(parsing: text, kind: file.kind)
            if info.disabled { return Step(.disabled) }
            let rendered = setup.render(file, info: info)
            do throws(FooterError) {
                let (stamped, wasStamped) = try Footer.stampEnabled(text, kind: file.kind, rendered: rendered)
                if Self.sameBytes(stamped, text) { return Step(.current) }
                return Step(wasStamped ? .updated : .stamped, write: dryRun ? nil : stamped)
            } catch {
                return Step(.malformed, message: error.message(for: file.path))
            }
        }
        run.dryRun = dryRun
        if !dryRun, let recordPath, var record {
            for (key, entry) in outcomes { record.set(key, entry) }
            record.forget(under: paths.compactMap(FileSystem.realPath),
                          keeping: Set(outcomes.map { String($0.key.prefix { $0 != "\t" }) }))
            // The record only saves work: a run whose record cannot be written is still complete,
            // and the next one reads every file again.
            if record.changed { try? record.save(path: recordPath) }
        }
        outcomes.removeAll()
        return run
    }

    /// Whether two texts hold the same bytes (not merely equal strings: a canonically equivalent
    /// text is another file).
    static func sameBytes(_ a: String, _ b: String) -> Bool {
        var a = a
        return a.withUTF8 { x in sameBytes(x, b) }
    }

    static func sameBytes(_ a: [UInt8], _ b: String) -> Bool {
        a.withUnsafeBufferPointer { sameBytes($0, b) }
    }

    private static func sameBytes(_ x: UnsafeBufferPointer<UInt8>, _ b: String) -> Bool {
        var b = b
        return b.withUTF8 { y in
            guard x.count == y.count else { return false }
            guard let p = x.baseAddress, let q = y.baseAddress else { return true }
            return memcmp(p, q, x.count) == 0
        }
    }

    /// Whether every article under `paths` carries the footer stamping would give it.
    public func check(_ paths: [String], excluding: [ExcludePattern] = [], progress: ((Int, Int) -> Void)? = nil) -> FooterRun {
        let setup = setup
        return Self.each(paths, skippingTemplates: true, excluding: setup.excluding + excluding,
                         progress: progress) { file, text -> Step in
            if let template = Self.templateStep(file, text) { return template }
            let info = DocumentInfo(parsing: text, kind: file.kind)
            if info.disabled { return Step(.disabled) }
            let status = file.isWordPressExport
                ? WXR.check(text, rendered: { Self.exportFooter(setup, $0) })
                : Footer.check(text, kind: file.kind, rendered: setup.render(file, info: info))
            switch status {
            case .current: return Step(.current)
            case .missing: return Step(.missing)
            case .stale: return Step(.stale)
            case .disabled: return Step(.disabled)
            case .malformed(let error): return Step(.malformed, message: error.message(for: file.path))
            }
        }.run
    }

    /// Takes the footer out of every article under `paths`, restoring each exactly as it was
    /// before stamping (also in articles that opted out since). Needs no workspace.
    public static func remove(_ paths: [String], excluding: [ExcludePattern] = [], progress: ((Int, Int) -> Void)? = nil) -> FooterRun {
        each(paths, excluding: excluding, progress: progress) { file, text in
            do throws(FooterError) {
                let removed = file.isWordPressExport ? try WXR.remove(text) : try Footer.remove(text, kind: file.kind)
                if sameBytes(removed, text) { return Step(.unstamped) }
                return Step(.removed, write: removed)
            } catch {
                return Step(.malformed, message: error.message(for: file.path))
            }
        }.run
    }

    // MARK: - The walk

    /// What to do with one article's text: its status, the new text to write (nil: write
    /// nothing), and a message.
    struct Step: Sendable {
        let status: ArticleStatus
        /// The new content, as UTF-8 bytes.
        let newBytes: [UInt8]?
        let message: String?

        init(_ status: ArticleStatus, write newBytes: [UInt8]? = nil, message: String? = nil) {
            self.status = status
            self.newBytes = newBytes
            self.message = message
        }

        init(_ status: ArticleStatus, write newText: String?, message: String? = nil) {
            self.init(status, write: newText.map { Array($0.utf8) }, message: message)
        }
    }

    /// The footer of one post of a WordPress export, as HTML.
    private static func exportFooter(_ setup: FooterSetup, _ post: WXR.Post) -> RenderedFooter {
        let info = DocumentInfo(title: post.title, url: post.link, lang: post.language)
        return setup.render(kind: .html, info: info, url: post.link.flatMap { setup.articleURLs.absolute($0) })
    }

    private static func stampExport(_ setup: FooterSetup, _ file: ArticleTree.File, _ text: String, dryRun: Bool) -> Step {
        do throws(FooterError) {
            let wasStamped = WXR.posts(text).isEmpty ? false : try WXR.remove(text) != text
            let stamped = try WXR.stamp(text, rendered: { exportFooter(setup, $0) })
            if sameBytes(stamped, text) { return Step(.current) }
            return Step(wasStamped ? .updated : .stamped, write: dryRun ? nil : stamped)
        } catch {
            return Step(.malformed, message: error.message(for: file.path))
        }
    }

    /// An HTML file holding template syntax (Liquid or Jinja `{% … %}`, Go, Handlebars or
    /// Nunjucks `{{ … }}`) is a layout, not an article: skipped and named, never stamped. A file
    /// stamped earlier is still un-stamped by `remove`.
    static func templateStep(_ file: ArticleTree.File, _ text: String) -> Step? {
        guard file.kind == .html, TemplateSyntax.isTemplate(text.utf8) else { return nil }
        return Step(.skipped, message: "\(file.path): a template (it holds {% %} or {{ }} tags), not an article: skipped")
    }

    /// Runs `body` on every article under `paths`, on every core, in batches; the items come in
    /// the walk's order and `progress` is called between batches, so the output does not depend
    /// on how the work was shared. With a `record`, files it knows unchanged are not read; the
    /// outcomes say, by record key, what to remember of each file processed (nil: nothing).
    private static func each(_ paths: [String], skippingTemplates: Bool = false, excluding: [ExcludePattern] = [],
                             record: StampRecord? = nil, progress: ((Int, Int) -> Void)?,
                             _ body: @escaping @Sendable (ArticleTree.File, String) -> Step)
        -> (run: FooterRun, outcomes: [(key: String, entry: StampRecord.Entry?)]) {
        let tree = ArticleTree(walking: paths, skippingTemplates: skippingTemplates, excluding: excluding)
        var run = FooterRun(otherFiles: tree.otherFiles, notFollowed: tree.notFollowed)
        for skipped in tree.skipped {
            run.items.append(.init(path: skipped.path, status: .skipped, message: "\(skipped.path): \(skipped.message)"))
        }
        for excluded in tree.excluded {
            run.items.append(.init(path: excluded.path, status: .excluded, message: "\(excluded.path): \(excluded.message)"))
        }
        for problem in tree.problems {
            run.items.append(.init(path: problem.path, status: .failed,
                                   message: "cannot read \(problem.path): \(problem.message)"))
        }
        let files = tree.files
        let outcomes = Parallel.map(files.count, progress: progress) { index in
            process(files[index], record: record, body)
        }
        run.items += outcomes.map(\.item)
        return (run, outcomes.map { (StampRecord.key(realPath: $0.realPath, treeRoot: $0.treeRoot), $0.remember) })
    }

    /// What became of one file, and what to remember of it.
    struct Outcome: Sendable {
        let item: FooterRun.Item
        let realPath: String
        let treeRoot: String
        let remember: StampRecord.Entry?
    }

    private static func process(_ file: ArticleTree.File, record: StampRecord?,
                                _ body: (ArticleTree.File, String) -> Step) -> Outcome {
        func outcome(_ status: ArticleStatus, _ message: String? = nil, remember state: FileState? = nil) -> Outcome {
            let entry = state.flatMap { StampRecord.remembered.contains(status) ? StampRecord.Entry(state: $0, status: status) : nil }
            return Outcome(item: .init(path: file.path, status: status, message: message), realPath: file.realPath,
                           treeRoot: file.treeRoot, remember: entry)
        }
        if let record, let known = record.entry(StampRecord.key(realPath: file.realPath, treeRoot: file.treeRoot)),
           FileState.of(file.realPath) == known.state {
            return outcome(known.status, remember: known.state)
        }
        let bytes: [UInt8]
        let state: FileState
        switch ArticleIO.contents(file.realPath) {
        case .success(let read): (bytes, state) = read
        case .failure: return outcome(.failed, "cannot read \(file.path): check its permissions")
        }
        // A NUL byte is valid UTF-8 but no article holds one: a binary file is never stamped.
        let binary = bytes.withUnsafeBufferPointer { buffer in buffer.baseAddress.map { memchr($0, 0, buffer.count) != nil } ?? false }
        guard !binary, let text = String(validating: bytes, as: UTF8.self) else {
            return outcome(.notUTF8, "\(file.path) is not UTF-8 text\(binary ? " (a binary file?)" : ""): skipped, left untouched")
        }
        let step = body(file, text)
        guard let newBytes = step.newBytes else { return outcome(step.status, step.message, remember: state) }
        switch ArticleIO.replace(file.realPath, with: newBytes, mode: state.mode) {
        case .success(let written):
            // Stamping what was just stamped changes nothing: the file is current as written.
            return Outcome(item: .init(path: file.path, status: step.status, message: step.message), realPath: file.realPath,
                           treeRoot: file.treeRoot, remember: StampRecord.Entry(state: written, status: .current))
        case .failure(let error):
            return outcome(.failed, "cannot write \(file.path): \(error.reason)")
        }
    }
}

/// Work shared over every core.
enum Parallel {
    /// `work(i)` for every i in 0..<count, in that order, computed on every core by slices of
    /// `slice`; `progress` is told (done, count) before each batch of `batch` and at the end.
    static func map<T: Sendable>(_ count: Int, batch: Int = 1024, slice: Int = 16, progress: ((Int, Int) -> Void)?,
                                 _ work: @Sendable (Int) -> T) -> [T] {
        var results: [T] = []
        results.reserveCapacity(count)
        var start = 0
        while start < count {
            progress?(start, count)
            let (low, end) = (start, Swift.min(count, start + batch))
            let slices = (end - low + slice - 1) / slice
            let parts = Mutex<[[T]]>(Array(repeating: [], count: slices))
            DispatchQueue.concurrentPerform(iterations: slices) { index in
                let from = low + index * slice
                let part = (from..<Swift.min(end, from + slice)).map(work)
                parts.withLock { $0[index] = part }
            }
            parts.withLock { for part in $0 { results += part } }
            start = end
        }
        progress?(count, count)
        return results
    }
}

/// Template tags in a page: `{%` … `%}` or `{{` … `}}`, as layouts hold and articles do not.
enum TemplateSyntax {
    static func isTemplate(_ bytes: String.UTF8View) -> Bool {
        var previous: UInt8 = 0
        var open: UInt8?
        for byte in bytes {
            if let kind = open {
                if previous == kind && byte == 0x7D { return true }
            } else if previous == 0x7B, byte == 0x25 || byte == 0x7B {
                open = byte == 0x25 ? 0x25 : 0x7D
            }
            previous = byte
        }
        return false
    }
}
