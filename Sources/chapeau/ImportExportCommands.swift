public import ArgumentParser
import ChapeauApp
import Foundation

extension ImportFormat: ExpressibleByArgument {}
extension ExportFormat: ExpressibleByArgument {}

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import gifts, supporters and pledges from a CSV export, all rows or none.",
        discussion: """
        Formats: generic (what 'chapeau export --format csv' writes: id,date,kind,amount,unit,\
        supporter,channel,campaign,reference,note; needs at least date, amount and unit), \
        helloasso (orders export; paid or validated orders only), liberapay (patrons export: \
        supporters and weekly pledges; or a team ledger: gifts), opencollective (transactions: \
        contributions received, refunds left out), patreon (members: supporters, pledges of \
        active patrons, and each member's last paid charge), bank-fr (French bank statement: \
        credits are gifts, debits are ignored).

        Supporters are matched by handle (liberapay:alice, patreon:12345…) or e-mail, else \
        created. Rows already recorded (same external reference, or same date, amount, supporter \
        and channel) are skipped and counted, so importing a file twice records it once. \
        A bad row stops the import: every bad row is listed with its line and column, and \
        nothing is written (exit 65).
        Examples: chapeau import dons.csv    chapeau import export-helloasso.csv --format helloasso --dry-run
        """)

    @Argument(help: "The CSV file to read.")
    var file: String

    @Option(help: "The file's format.")
    var format: ImportFormat = .generic

    @Flag(help: "Read and check everything, say what would be recorded, write nothing.")
    var dryRun = false

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: JSONFlag

    func run() throws {
        let t = try global.treasurer()
        let progress = ImportProgressLine(label: "Importing \((file as NSString).lastPathComponent)")
        let summary: ImportSummary
        do {
            summary = try t.importFile(file, format: format, dryRun: dryRun, progress: progress.map { p in { p.show($0) } })
            progress?.clear()
        } catch let failure as ImportFailure {
            progress?.clear()
            FileHandle.standardError.write(Data("error: \(failure.description)\n".utf8))
            throw ExitCode(ExitStatus.dataError)
        } catch {
            progress?.clear()
            throw error
        }
        if output.json { try Output.json(summary); return }
        for line in summary.lines { print(line) }
    }
}

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export the ledger: CSV, JSON lines, an hledger or beancount journal, GnuCash CSV, or the public anonymised CSV.",
        discussion: """
        csv: every gift not voided, in the generic CSV that 'chapeau import' reads back. \
        jsonl: every entry, one JSON object a line, voided ones flagged. \
        hledger, beancount, gnucash: the gifts as a treasurer's journal (income:gifts:<channel> \
        to assets:<channel>); 'hledger -f FILE bal' and 'bean-check FILE' agree with Chapeau's totals. \
        These exports are private: they name supporters (files are written with mode 0600).

        --public: the anonymised ledger as CSV (gifts, pledges, needs, expenses, offers), supporters \
        replaced by keyed pseudonyms, with no name, e-mail, note or reference: anyone can recompute \
        a published report from it.

        Cells a spreadsheet would run as a formula (starting with =, +, - or @) are written with a \
        leading '. Writes to standard output unless --output names a file (written atomically).
        Examples: chapeau export --format hledger --output dons.journal    chapeau export --public > public.csv
        """)

    @Option(help: "What to write.")
    var format: ExportFormat = .csv

    @Flag(name: .customLong("public"), help: "Write the anonymised public ledger (CSV).")
    var anonymised = false

    @Option(help: "The file to write (default: standard output).")
    var output: String?

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if anonymised && format != .csv {
            throw ValidationError("--public writes CSV only: drop --format \(format.rawValue)")
        }
    }

    func run() throws {
        let t = try global.treasurer()
        let result = try t.export(format, anonymised: anonymised, to: output)
        if let path = result.path {
            FileHandle.standardError.write(Data("Wrote \(path)\n".utf8))
        } else {
            FileHandle.standardOutput.write(Data(result.text.utf8))
        }
    }
}

/// The import's progress line on standard error (bytes and rows), only when it is a terminal.
final class ImportProgressLine {
    let label: String
    private var last: UInt64 = 0
    private let start: UInt64
    private var shown = false

    /// Nil when standard error is not a terminal: nothing to show.
    init?(label: String) {
        guard isatty(STDERR_FILENO) == 1 else { return nil }
        self.label = label
        self.start = DispatchTime.now().uptimeNanoseconds
    }

    func show(_ p: ImportProgress) {
        let now = DispatchTime.now().uptimeNanoseconds
        // Short files finish before anything shows; then redraw every quarter second.
        guard now - start > 500_000_000, now - last > 250_000_000 else { return }
        last = now
        shown = true
        let percent = p.totalBytes > 0 ? " \(min(100, p.bytesRead * 100 / p.totalBytes)) %," : ""
        FileHandle.standardError.write(Data("\r\(label):\(percent) \(p.rows) rows\u{1B}[K".utf8))
    }

    func clear() {
        guard shown else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
