import ArgumentParser
import ChapeauApp
import Foundation

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "The scheduled job: publish everything due, and nothing twice.",
        discussion: """
        Publishes the report of every closed period not yet published (catching up after any \
        downtime), publishes a revision when entries recorded since the last run fall in a published \
        period, refreshes the live page, index.html, feed.atom, latest.json and badge.svg, re-stamps \
        the article folders of [footer] articles, announces new and overdue pledges to webhooks, \
        delivers to every [[publish]] target, and records the run in the ledger database.
        Exits 0 when everything due was done; 75 when another run holds the lock or a target failed \
        (the failure is recorded and retried at the next run). See 'chapeau schedule print'.
        """)

    @OptionGroup var clock: NowOption
    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: JSONFlag

    func run() async throws {
        let report = try await global.session(now: clock.now).job().run()
        if output.json { try Output.json(report) } else { Self.printSummary(report) }
        for t in report.targets where t.error != nil {
            for failure in t.failures ?? [t.error ?? ""] {
                FileHandle.standardError.write(Data("error: \(ErrorLine.make("\(t.kind) target \(t.destination) failed: \(failure); it will be retried at the next run"))\n".utf8))
            }
        }
        for p in report.articleProblems { FileHandle.standardError.write(Data("error: \(p)\n".utf8)) }
        if report.targets.contains(where: { $0.error != nil }) { throw ExitCode(ExitStatus.busy) }
        if !report.articleProblems.isEmpty { throw ExitCode(ExitStatus.dataError) }
    }

    static func printSummary(_ r: JobReport) {
        print("chapeau run as of \(r.now)")
        print(r.published.isEmpty ? "  no new closed period to publish" : "  published \(r.published.count) report\(r.published.count == 1 ? "" : "s"): \(list(r.published))")
        if !r.revised.isEmpty { print("  revised \(r.revised.count): \(list(r.revised)) (entries were recorded in them since the last run)") }
        if let live = r.live { print("  refreshed the live page \(live), index.html, feed.atom, latest.json, badge.svg") }
        if let erased = r.erased { print("  erased \(erased.count) supporter\(erased.count == 1 ? "" : "s") inactive for longer than [privacy] retention_years: \(list(erased))") }
        if r.articlesStamped + r.articlesUpdated > 0 { print("  articles: \(r.articlesStamped) stamped, \(r.articlesUpdated) updated") }
        for t in r.targets {
            let done = t.destination.hasSuffix("up to date)") ? "" : ": \(t.error == nil ? "\(t.sent) sent" : "FAILED")"
            print("  \(t.kind) \(t.destination)\(done)")
        }
    }

    static func list(_ ids: [String]) -> String {
        ids.count <= 6 ? ids.joined(separator: ", ") : "\(ids.prefix(3).joined(separator: ", ")) … \(ids.suffix(2).joined(separator: ", "))"
    }
}

struct ScheduleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedule", abstract: "Run the job on a schedule.", subcommands: [Print.self])

    struct Print: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "print",
            abstract: "Print a systemd service and timer, or a crontab line, that call 'chapeau run', and how to install them.")
        @Flag(help: "A systemd service and timer (hourly).") var systemd = false
        @Flag(help: "A crontab line (hourly).") var cron = false
        @OptionGroup var global: GlobalOptions

        func validate() throws {
            guard systemd != cron else { throw ValidationError("choose one of --systemd or --cron") }
        }

        func run() throws {
            let ws = try global.workspace()
            print(Schedule.text(systemd: systemd, workspace: ws, executable: Schedule.executablePath()))
        }
    }
}

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Create a showcase workspace: 18 months of an author's ledger, articles, and every report.",
        discussion: "The history is generated from a fixed seed; with the default --now the result is the same every time.")

    @Argument(help: "The folder to create (default: chapeau-demo).") var directory: String = "chapeau-demo"
    @Option(help: "The time to build as of (default: 2026-11-20T09:00:00Z).") var now: String = "2026-11-20T09:00:00Z"

    func run() async throws {
        guard let date = Timestamp.parse(now, in: TimeZone(identifier: "Europe/Paris") ?? .current) else {
            throw AppError.usage("'\(now)' is not a time: write 2026-11-20T09:00:00Z")
        }
        let r = try await Demo.create(at: directory, now: date)
        print("A demo workspace is ready in \(r.root):")
        print("  \(r.supporters) supporters, \(r.gifts) gifts over 18 months, pledges, offers, needs, expenses, a void;")
        print("  \(r.job.published.count) semi-monthly reports published, \(r.job.articlesStamped) articles stamped.")
        if let last = r.lastClosed { print("Open the last closed report on a phone or in a browser: \(r.root)/Reports/\(last)/index.html") }
        print("The feed: \(r.root)/Reports/feed.atom — a stamped article: \(r.root)/content/posts/2026-09-communs.md")
        print("Then try: cd \(directory) && chapeau report list && chapeau pledge overdue && chapeau verify")
    }
}
