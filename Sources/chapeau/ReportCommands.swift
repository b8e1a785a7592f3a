import ArgumentParser
import ChapeauApp
import ChapeauCore
import ChapeauReports
import Foundation

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Build and list the public transparency reports.",
        discussion: """
        A report says what came in, from how many people, against which needs, what was done \
        with it and what was offered besides money. It never shows an e-mail, a private note, an \
        anonymous supporter or an amount per person.
        """,
        subcommands: [Build.self, List.self])

    /// `--now`: the clock (which periods are closed, the generation time on the report).
    struct NowOption: ParsableArguments {
        @Option(help: ArgumentHelp("The time to build as of: 2026-12-01T08:00:00Z or 2026-12-01 (default: now).", valueName: "timestamp"))
        var now: String?
    }

    static func reporting(_ global: GlobalOptions, now: String?) throws -> Reporting {
        let ws = try global.workspace()
        let clock = try Clock.now(option: now, environment: ProcessInfo.processInfo.environment, timeZone: ws.timeZone)
        return Reporting(workspace: ws, store: try ws.openLedger(), now: clock)
    }

    struct Build: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "build",
            abstract: "Build a period's report (and refresh index.html, feed.atom, latest.json, badge.svg).",
            discussion: """
            PERIOD is any period id of any cadence: 2026-11, 2026-11-H1, 2026-W47, 2026-Q4, 2026. \
            Without it, the last closed period of the configured cadence. Files go to \
            DIR/<PERIOD>/index.html, report.md, report.json, report.csv (DIR: --output, else \
            [reports] output). The site files are written from what 'chapeau run' has \
            published: a period built here but not yet published by the job gets its files, not a \
            feed entry. The same ledger and --now give the same bytes. Layouts can be \
            overridden with Config/templates/report.html.mustache and report.md.mustache.
            Example: chapeau report build 2026-11 --format html,json --now 2026-12-01
            """)
        @Argument(help: "The period to report on.") var period: String?
        @Option(help: "Formats, comma-separated: html, md, json, csv (default: [reports] formats).") var format: String?
        @Option(help: "The folder to write into (default: [reports] output).") var output: String?
        @OptionGroup var clock: NowOption
        @OptionGroup var global: GlobalOptions

        func validate() throws {
            if let format {
                for f in format.split(separator: ",") where ReportFormat(rawValue: f.trimmingCharacters(in: .whitespaces)) == nil {
                    throw ValidationError("'\(f)' is not a report format: use html, md, json or csv")
                }
            }
        }

        func run() throws {
            let r = try ReportCommand.reporting(global, now: clock.now)
            let formats = format.map { $0.split(separator: ",").compactMap { ReportFormat(rawValue: $0.trimmingCharacters(in: .whitespaces)) } }
            let out = output.map { $0.hasPrefix("/") ? $0 : FileManager.default.currentDirectoryPath + "/" + $0 }
            let period = try r.period(self.period)
            let written = try r.build(periodID: period.id, formats: formats, output: out)
            print("Built the report for \(period.id) (\(period.start) – \(period.end)):")
            for path in written { print("  \(path)") }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list",
            abstract: "List every period of the configured cadence with its headline figures.")
        @OptionGroup var clock: NowOption
        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: JSONFlag

        func run() throws {
            let r = try ReportCommand.reporting(global, now: clock.now)
            let rows = try r.list()
            if output.json {
                struct Row: Encodable {
                    let period: String; let start: String; let end: String; let closed: Bool
                    let gifts: Int; let supporters: Int; let received: [SummaryAmount]; let coverage: String?
                }
                try Output.json(rows.map {
                    Row(period: $0.periodID, start: $0.start.description, end: $0.end.description, closed: $0.closed,
                        gifts: $0.gifts, supporters: $0.supporters, received: $0.received, coverage: $0.coverage?.decimalString)
                })
                return
            }
            if rows.isEmpty { print("No dated entries yet: record gifts, needs or expenses first."); return }
            for s in rows {
                let received = s.received.map { $0.money.description }.joined(separator: " + ")
                let coverage = s.coverage.map { " — needs covered \($0.percent) %" } ?? ""
                print("\(s.periodID.padding(toLength: 11, withPad: " ", startingAt: 0)) \(s.closed ? "closed" : "live  ")  \(plural(s.gifts, "gift")) from \(plural(s.supporters, "supporter"))\(received.isEmpty ? "" : ": " + received)\(coverage)")
            }
        }
    }
}

func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
