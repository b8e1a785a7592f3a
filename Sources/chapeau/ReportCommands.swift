import ArgumentParser
import ChapeauApp
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

    static func reporting(_ global: GlobalOptions, now: String?) throws -> Reporting {
        try global.session(now: now).reporting()
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
            overridden with Config/templates/report.html.mustache, report.md.mustache and \
            index.html.mustache.
            Example: chapeau report build 2026-11 --format html,json --now 2026-12-01
            """)
        @Argument(help: "The period to report on.") var period: String?
        @Option(help: "Formats, comma-separated: html, md, json, csv (default: [reports] formats).") var format: String?
        @Option(help: "The folder to write into (default: [reports] output).") var output: String?
        @OptionGroup var clock: NowOption
        @OptionGroup var global: GlobalOptions

        func validate() throws {
            if let format {
                if let f = Reporting.unknownFormat(in: format) {
                    throw ValidationError("'\(f)' is not a report format: use html, md, json or csv")
                }
            }
        }

        func run() throws {
            let r = try ReportCommand.reporting(global, now: clock.now)
            let formats = format.map(Reporting.formats)
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
            if output.json { try Output.json(rows); return }
            if rows.isEmpty { print("No dated entries yet: record gifts, needs or expenses first."); return }
            for row in rows { print(row.line) }
        }
    }
}
