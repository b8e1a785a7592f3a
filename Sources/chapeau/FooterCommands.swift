public import ArgumentParser
import ChapeauApp
import Foundation
import Synchronization

struct FooterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "footer",
        abstract: "Stamp, check and remove the support footer of articles; audit republished copies.",
        discussion: """
        Every article may be republished freely provided its support paragraph (a "presslib-style" \
        footer) goes with it. Chapeau stamps that paragraph at the end of each article, and a short \
        head line after its title, between marker lines, so stamping again replaces it (and its \
        figures) instead of adding another.

        Articles: Markdown (.md, .markdown), HTML (.html, .htm) and text (.txt) files, and the \
        published posts of WordPress export files (.xml); folders are walked recursively, other \
        files are skipped and counted, names starting with a dot are ignored, and symbolic links \
        leading out of the given folder are not followed. Templates are not articles: folders such \
        as _layouts, _includes, layouts and themes, HTML holding {% %} or {{ }} tags, and MDX \
        files are skipped and named. Front matter `chapeau: off` (or <meta name="chapeau" \
        content="off">) leaves an article alone; `lang`, `title`, `url`, `slug`, `permalink` and \
        `canonical_url` are honoured, and so are Pelican-style `key: value` metadata lines. The \
        head line goes after the first paragraph (or after <!--more-->), so that excerpts and \
        feeds show the article; [footer] head = false leaves it out.

        The template is [footer] template in the config (presslib-fr, presslib-en, or a .mustache \
        file); see Config/footers/README.md for writing your own.
        """,
        subcommands: [Stamp.self, Check.self, Remove.self, Print.self, Audit.self])

    struct Print: ParsableCommand {
        enum Format: String, ExpressibleByArgument, CaseIterable { case html, md, text }

        static let configuration = CommandConfiguration(commandName: "print",
            abstract: "Print the footer for a text that is not a file: a newsletter, a WordPress post, a social post.",
            discussion: """
            Writes the head line and the support paragraph, with the current period's figures, to \
            standard output, ready to paste. --title and --url fill in the article's title and \
            link. --short writes one plain-text line of at most 280 characters, support link \
            included, for a social post (the figures and --url are added when they fit).
            Example: chapeau footer print --format html --title "Des jardins" --url https://example.org/jardins/
            """)

        @OptionGroup var choice: TemplateChoice
        @Option(help: "html, md or text.") var format: Format = .md
        @Option(help: "The article's title.") var title: String?
        @Option(help: "The article's address (https://…).") var url: String?
        @Flag(help: "One plain-text line for a social post, at most 280 characters.") var short = false
        @OptionGroup var global: GlobalOptions

        func validate() throws {
            if let url, !(url.hasPrefix("https://") || url.hasPrefix("http://")) || url.contains(" ") {
                throw ValidationError("--url \(url): not an address; give it as https://…")
            }
        }

        func run() throws {
            let stamper = try choice.stamper(global)
            print(stamper.printable(kind: format.rawValue, title: title, url: url, language: choice.lang, short: short),
                  terminator: "")
        }
    }

    struct Stamp: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "stamp",
            abstract: "Stamp or update the footer of every article under the given paths.",
            discussion: """
            Writes a file only when its bytes change, atomically, keeping its permissions, line endings \
            and byte-order mark: a second run changes no byte and no modification time. The footer \
            carries the current period's figures from the ledger (none while there is no ledger). \
            A file that is not UTF-8 text is skipped and left untouched; a file whose markers are \
            broken is refused, untouched, with an error naming it (exit 65).
            With a built-in template, each article gets presslib-fr or presslib-en from its own \
            `lang`, else from --lang, else from the template's name. An article's URL is its front \
            matter `canonical_url`, `url` or `permalink` (a path is taken under [author] site_url), \
            or its canonical link, else site_url followed by [footer] permalink (such as \
            /{year}/{month}/{slug}/), else by the path generators publish: its path under the \
            [footer] articles folder holding it (else the workspace) without extension, `index` \
            meaning its folder, _-prefixed folders and a date prefix left out, `slug` as its name, \
            ending in /. In a WordPress export, each published post's own <link>.
            The workspace remembers the articles it found current (data/footer-stamps, next to \
            the ledger): one untouched since (same inode, size, modification and change time), \
            under the same template, settings and figures, is not read again. A file edited \
            and given back its size and modification time is still read again (its change time \
            moved); on a file system that keeps no change time, pass --read-all. `footer check` \
            never relies on this: it reads every article.
            Example: chapeau footer stamp content/posts --dry-run
            """)

        @Argument(help: "Article files or folders.") var paths: [String]
        @OptionGroup var choice: TemplateChoice
        @Flag(help: "Say what would change; write nothing.") var dryRun = false
        @Flag(help: "Read every article, also those known current and untouched since.") var readAll = false
        @OptionGroup var exclude: ExcludeOption
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let stamper = try choice.stamper(global)
            let progress = ProgressLine(verb: dryRun ? "Checking" : "Stamping")
            let run = stamper.stamp(paths, excluding: try exclude.patterns(), dryRun: dryRun, remembering: !readAll,
                                    progress: progress.update)
            progress.finish()
            FooterOutput.list(run, showing: [.stamped: dryRun ? "would stamp" : "stamped",
                                             .updated: dryRun ? "would update" : "updated",
                                             .disabled: "opted out"])
            FooterOutput.warnings(run)
            var summary = ["\(run.count(.stamped)) \(dryRun ? "to stamp" : "stamped")",
                           "\(run.count(.updated)) \(dryRun ? "to update" : "updated")",
                           "\(run.count(.current)) already current"]
            summary += FooterOutput.skippedCounts(run)
            print(FooterOutput.sentence(summary, run) + (dryRun ? " Dry run: nothing was written." : ""))
            try FooterOutput.exit(run.exitStatus(isCheck: false))
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "check",
            abstract: "Check that every article carries the current footer.",
            discussion: """
            Lists every article whose footer is missing, stale (other wording or figures than \
            stamping would give now) or broken, and exits 1 when there is one; exits 0 when all are \
            current. With --json, prints every article with its status: current, missing, stale, \
            malformed, disabled or not-utf8.
            """)

        @Argument(help: "Article files or folders.") var paths: [String]
        @OptionGroup var choice: TemplateChoice
        @OptionGroup var exclude: ExcludeOption
        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: JSONFlag

        func run() throws {
            let stamper = try choice.stamper(global)
            let progress = ProgressLine(verb: "Checking")
            let run = stamper.check(paths, excluding: try exclude.patterns(), progress: progress.update)
            progress.finish()
            if output.json {
                struct File: Encodable { let path: String; let status: ArticleStatus; let message: String? }
                struct Out: Encodable {
                    let files: [File]; let needs_attention: Int; let other_files: Int; let not_followed: [String]
                }
                try Output.json(Out(files: run.items.map { File(path: $0.path, status: $0.status, message: $0.message) },
                                    needs_attention: run.needingAttention.count, other_files: run.otherFiles,
                                    not_followed: run.notFollowed))
            } else {
                for item in run.needingAttention {
                    print("\(FooterOutput.column(item.status.rawValue))\(item.message ?? item.path)")
                }
                for item in run.items where item.status == .skipped || item.status == .excluded {
                    print(FooterOutput.column(item.status.rawValue) + (item.message ?? item.path))
                }
                FooterOutput.warnings(run, malformedIsError: false)
                let articles = run.items.count - run.count(.failed) - run.count(.skipped) - run.count(.excluded)
                let attention = run.needingAttention.count
                let kinds = [ArticleStatus.missing, .stale, .malformed].filter { run.count($0) > 0 }
                    .map { "\(run.count($0)) \($0.rawValue)" }
                var summary = attention == 0
                    ? ["\(run.count(.current)) of \(articles) article\(articles == 1 ? "" : "s") carry a current footer"]
                    : ["\(attention) of \(articles) article\(articles == 1 ? "" : "s") need stamping "
                        + "(\(kinds.joined(separator: ", ")))", "\(run.count(.current)) current"]
                summary += FooterOutput.skippedCounts(run)
                print(FooterOutput.sentence(summary, run) + (attention > 0 ? " Run 'chapeau footer stamp' to fix them." : ""))
            }
            try FooterOutput.exit(run.exitStatus(isCheck: true))
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "remove",
            abstract: "Take the footer out of every article, restoring each exactly as it was before stamping.",
            discussion: "Also in articles that opted out since they were stamped. Needs no config.")

        @Argument(help: "Article files or folders.") var paths: [String]
        @OptionGroup var exclude: ExcludeOption
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let progress = ProgressLine(verb: "Removing")
            let run = FooterStamper.remove(paths, excluding: try exclude.patterns(), progress: progress.update)
            progress.finish()
            FooterOutput.list(run, showing: [.removed: "removed"])
            FooterOutput.warnings(run)
            let summary = ["\(run.count(.removed)) removed", "\(run.count(.unstamped)) without a footer"]
                + FooterOutput.skippedCounts(run)
            print(FooterOutput.sentence(summary, run))
            try FooterOutput.exit(run.exitStatus(isCheck: false))
        }
    }

    struct Audit: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "audit",
            abstract: "Check that republished copies on the web carry the footer and the support link.",
            discussion: """
            Fetches each page (at most 5 redirects, 5 MiB, 15 s without an answer), reduces it to \
            text and reports per URL: present, altered (saying what differs), missing, or \
            unreachable (with the reason: DNS, connection, TLS, HTTP status…), and whether the \
            support link is there. Re-wrapping, HTML entities, « » vs "", ’ vs ' and no-break spaces \
            do not count as changes; the figures and the title are not compared. The support link \
            counts only where the paragraph is (not in a reader's comment); with [author] site_url, \
            the sentence linking to the original text must keep its link; a copy cut after its \
            first sentences is altered. Exits 1 when a copy does not comply (not present, no \
            support link, or unreachable).
            Example: chapeau footer audit https://example.net/reprise --urls copies.txt
            """)

        @Argument(help: "Addresses of republished copies.") var urls: [String] = []
        @Option(name: .customLong("urls"), help: ArgumentHelp("A file of addresses, one per line (# starts a comment).",
                                                               valueName: "file"))
        var urlsFile: String?
        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: JSONFlag

        func validate() throws {
            if urls.isEmpty && urlsFile == nil { throw ValidationError("give at least one URL, or --urls FILE") }
        }

        func run() throws {
            let workspace = try global.workspace()
            var addresses = urls
            if let urlsFile {
                addresses += try FooterAuditor.urls(fromFile: urlsFile)
            }
            guard !addresses.isEmpty else {
                throw AppError.usage("\(urlsFile ?? "--urls") lists no URL: write one address per line")
            }
            let auditor = try FooterAuditor(workspace: workspace)
            let urls = addresses
            guard let results = AsyncBridge.wait({ await auditor.audit(urls) }) else {
                throw AppError.io("the audit did not finish")
            }
            let compliant = results.count { $0.isCompliant }
            if output.json {
                struct Row: Encodable {
                    let url: String; let status: AuditResult.Status; let support_link: Bool?; let compliant: Bool
                    let differences: [String]; let reason: String?; let final_url: String?
                }
                struct Out: Encodable { let urls: [Row]; let compliant: Int; let non_compliant: Int }
                try Output.json(Out(urls: results.map {
                    Row(url: $0.url, status: $0.status, support_link: $0.supportLink, compliant: $0.isCompliant,
                        differences: $0.differences, reason: $0.reason, final_url: $0.finalURL)
                }, compliant: compliant, non_compliant: results.count - compliant))
            } else {
                for result in results {
                    var line = FooterOutput.column(result.status.rawValue) + result.url
                    if let reason = result.reason { line += ": \(reason)" }
                    if let link = result.supportLink { line += "  (support link: \(link ? "yes" : "NO"))" }
                    if let final = result.finalURL { line += "  → \(final)" }
                    print(line)
                    for difference in result.differences { print(FooterOutput.column("") + "- " + difference) }
                }
                let others = results.count - compliant
                print("\(compliant) of \(results.count) cop\(results.count == 1 ? "y complies" : "ies comply")"
                      + (others > 0 ? "; \(others) do\(others == 1 ? "es" : "") not." : "."))
            }
            if compliant < results.count { throw ExitCode(ExitStatus.problemsFound) }
        }
    }
}

/// `--template` and `--lang`, shared by `stamp` and `check`.
struct TemplateChoice: ParsableArguments {
    @Option(help: ArgumentHelp(
        "A built-in template (presslib-fr, presslib-en) or a .mustache file, instead of the config's.",
        discussion: "A file is read relative to the current folder.", valueName: "name-or-file"))
    var template: String?

    @Option(help: "The language of articles that do not say theirs (fr or en).")
    var lang: ReportLanguage?

    /// A stamper for the workspace, with the current period's figures (the clock is `CHAPEAU_NOW`
    /// or the system's).
    func stamper(_ global: GlobalOptions) throws -> FooterStamper {
        try FooterStamper(session: try global.session(), options: FooterOptions(template: template, language: lang))
    }
}

extension ReportLanguage: ExpressibleByArgument {}

/// How the footer commands print a run.
enum FooterOutput {
    static func column(_ word: String) -> String {
        word.padding(toLength: max(13, word.count + 1), withPad: " ", startingAt: 0)
    }

    /// One line per article whose status is in `showing`, then the links not followed.
    static func list(_ run: FooterRun, showing words: [ArticleStatus: String]) {
        for item in run.items {
            if item.status == .skipped || item.status == .excluded, let message = item.message {
                print(column(item.status.rawValue) + message)
                continue
            }
            guard let word = words[item.status] else { continue }
            print(column(word) + item.path)
        }
        for link in run.notFollowed {
            print(column("not followed") + link + " (symbolic link leading out of the tree, or nowhere)")
        }
    }

    /// `error:` lines for failures and `warning:` lines for files skipped as not UTF-8, on stderr.
    /// A malformed file is a finding of `check` (listed on stdout), an error for the others.
    static func warnings(_ run: FooterRun, malformedIsError: Bool = true) {
        for item in run.items {
            switch item.status {
            case .failed:
                standardError("error: \(item.message ?? item.path)")
            case .malformed where malformedIsError:
                standardError("error: \(item.message ?? item.path)")
            case .notUTF8:
                standardError("warning: \(item.message ?? item.path)")
            default:
                break
            }
        }
    }

    static func skippedCounts(_ run: FooterRun) -> [String] {
        var parts: [String] = []
        if run.count(.disabled) > 0 { parts.append("\(run.count(.disabled)) opted out") }
        if run.count(.notUTF8) > 0 { parts.append("\(run.count(.notUTF8)) not UTF-8 (skipped)") }
        if run.count(.skipped) > 0 { parts.append("\(run.count(.skipped)) templates or MDX (skipped)") }
        if run.count(.excluded) > 0 { parts.append("\(run.count(.excluded)) excluded") }
        let failed = run.failures.count
        if failed > 0 { parts.append("\(failed) failed") }
        return parts
    }

    /// "2 stamped, 1 updated; 3 other files skipped."
    static func sentence(_ parts: [String], _ run: FooterRun) -> String {
        var text = parts.joined(separator: ", ")
        var skipped: [String] = []
        if run.otherFiles > 0 { skipped.append("\(run.otherFiles) other file\(run.otherFiles == 1 ? "" : "s") skipped") }
        if !run.notFollowed.isEmpty {
            skipped.append("\(run.notFollowed.count) symbolic link\(run.notFollowed.count == 1 ? "" : "s") not followed")
        }
        if !skipped.isEmpty { text += "; " + skipped.joined(separator: ", ") }
        return text + "."
    }

    static func exit(_ code: Int32) throws {
        if code != ExitStatus.ok { throw ExitCode(code) }
    }

    static func standardError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}

/// Runs async work to completion from a command's synchronous `run()`, which is how `main.swift`
/// calls commands.
enum AsyncBridge {
    static func wait<T: Sendable>(_ work: @escaping @Sendable () async -> T) -> T? {
        let result = Mutex<T?>(nil)
        let done = DispatchSemaphore(value: 0)
        Task.detached {
            let value = await work()
            result.withLock { $0 = value }
            done.signal()
        }
        done.wait()
        return result.withLock { $0 }
    }
}

/// `--exclude PATTERN`, repeatable: files and folders to leave alone, besides `[footer] exclude`.
struct ExcludeOption: ParsableArguments {
    @Option(name: .customLong("exclude"), help: ArgumentHelp(
        "Leave alone what matches, as in .gitignore: a name or glob (drafts, *.draft.md) or a path under the folder given (posts/2019/*). Repeatable; adds to [footer] exclude.",
        valueName: "pattern"))
    var raw: [String] = []

    func patterns() throws -> [ExcludePattern] {
        try raw.map { text in
            guard let pattern = ExcludePattern(text) else {
                throw ValidationError("--exclude '\(text)' matches nothing: give a name, a glob or a path")
            }
            return pattern
        }
    }
}
