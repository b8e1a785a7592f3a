public import ArgumentParser
import ChapeauApp
import Foundation

extension ExportFormat: ExpressibleByArgument {}

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import bank statements and platform exports: every row classified, only gifts recorded, all rows or none.",
        discussion: """
        Without --format, the format is recognised from the file's content ('chapeau import formats' \
        lists every format and what it expects; Config/import/NAME.toml adds one).

        Every row becomes exactly one of: gift (recorded), payout (a platform paying out money \
        whose gifts come from its own export: PayPal, Stripe, HelloAsso, Leetchi/Mangopay, \
        Liberapay, Ko-fi, Tipeee, Patreon, Open Collective), transfer (between the author's own \
        accounts: [import] own_accounts), refund (never a gift; voids the gift it refunds when \
        that is recorded), expense (a debit: recorded only with --expenses), ignored (with the \
        reason), duplicate (already recorded). Rules of the config ([[import.rules]]) come first. \
        A bank credit whose label holds a supporter's payment reference (RF…, see 'chapeau \
        supporter show') is that supporter's gift.

        Importing the same file twice records it once. A bad row stops the import: every bad row \
        is listed with its line (counting any lines above the header) and column, and nothing is \
        written (exit 65). --dry-run prints every row with its line, date, amount, unit, class and \
        reason; --json prints the same as JSON. One summary line always ends the import.
        Options of 'chapeau import FILE…' (see 'chapeau import files --help'): --format NAME, \
        --dry-run, --json, --expenses, --config PATH.
        Examples: chapeau import releve.ofx
                  chapeau import paypal.csv stripe.csv --dry-run
                  chapeau import formats
        """,
        subcommands: [ImportFilesCommand.self, ImportFormatsCommand.self],
        defaultSubcommand: ImportFilesCommand.self)
}

struct ImportFilesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "files",
        abstract: "Import files (the default: 'chapeau import FILE…').")

    @Argument(help: "The files to read: CSV exports, OFX or camt.053 statements.")
    var files: [String] = []

    @Option(help: "The files' format (see 'chapeau import formats'); recognised from the content when left out.")
    var format: String?

    @Flag(help: "Read and classify everything, print every row and what it would be, write nothing.")
    var dryRun = false

    @Flag(help: "Record the debits classified as expenses.")
    var expenses = false

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: JSONFlag

    func validate() throws {
        if files.isEmpty { throw ValidationError("name at least one file to import (or 'chapeau import formats' to list what it reads)") }
    }

    func run() throws {
        let t = try global.treasurer()
        let label = files.count == 1 ? (files[0] as NSString).lastPathComponent : "\(files.count) files"
        let progress = ProgressLine(label: "Importing \(label)")
        let summaries: [ImportSummary]
        do {
            summaries = try t.importFiles(files, options: ImportOptions(format: format, dryRun: dryRun, expenses: expenses,
                                                                         review: dryRun || output.json),
                                          progress: progress.enabled ? { p in progress.show(p) } : nil)
            progress.finish()
        } catch let failure as ImportFailure {
            progress.finish()
            FileHandle.standardError.write(Data("error: \(failure.description)\n".utf8))
            throw ExitCode(ExitStatus.dataError)
        } catch {
            progress.finish()
            throw error
        }
        if output.json {
            if summaries.count == 1 { try Output.json(summaries[0]) } else { try Output.json(summaries) }
            return
        }
        for s in summaries {
            if dryRun {
                print("\(s.file) (\(s.format)):")
                print("    line  date                  amount  class      reason")
                for row in s.review { print(row.text) }
            }
            print(s.line)
        }
    }
}

struct ImportFormatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "formats",
        abstract: "List every format 'chapeau import' reads, with what each expects.",
        discussion: "Built-in formats first, then the workspace's Config/import/*.toml profiles.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: JSONFlag

    struct Row: Encodable {
        let name, kind, title, expects, origin: String
    }

    func run() throws {
        let t = try global.treasurer()
        let formats = try t.importCatalogue().formats
        if output.json {
            try Output.json(formats.map { Row(name: $0.name, kind: $0.kind, title: $0.title, expects: $0.expects, origin: $0.origin) })
            return
        }
        for f in formats {
            print("\(f.name.padding(toLength: 20, withPad: " ", startingAt: 0)) \(f.kind.padding(toLength: 9, withPad: " ", startingAt: 0)) \(f.title)"
                  + (f.origin == "built-in" ? "" : " (\(f.origin))"))
            if !f.expects.isEmpty { print("    \(f.expects)") }
        }
    }
}

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export the ledger: CSV, JSON lines, an hledger or beancount journal, GnuCash CSV, or the public anonymised ledger.",
        discussion: """
        csv: every gift not voided, in the generic CSV that 'chapeau import' reads back. \
        jsonl: every entry, one JSON object a line, voided ones flagged. \
        hledger, beancount, gnucash: the gifts as a treasurer's journal (income:gifts:<channel> \
        to assets:<channel>); 'hledger -f FILE check -s' (strict: accounts and commodities declared) \
        and 'bean-check FILE' accept them, and their balances agree with Chapeau's totals. The gnucash \
        CSV names GnuCash's own column types (Transfer Account on every line, each unit its own \
        Transaction Commodity and accounts: create a complementary unit such as PTJ once in GnuCash's \
        Security Editor before importing). \
        These exports are private: they name supporters (files are written with mode 0600).

        --public: the anonymised ledger as CSV, or JSON Lines with --format jsonl (gifts, pledges, \
        needs, expenses, offers), supporters replaced by keyed pseudonyms, with no name, e-mail, \
        note or reference: anyone can recompute a published report from it with \
        'chapeau verify --public FILE --report report.json', whichever of the two formats FILE is.

        Cells a spreadsheet would run as a formula (starting with =, +, - or @) are written with a \
        leading '. Writes to standard output unless --output names a file (written atomically).
        Examples: chapeau export --format hledger --output dons.journal    chapeau export --public > public.csv
                  chapeau export --public --format jsonl --output public.jsonl
        """)

    @Option(help: "What to write.")
    var format: ExportFormat = .csv

    @Flag(name: .customLong("public"), help: "Write the anonymised public ledger (csv or jsonl).")
    var anonymised = false

    @Option(help: "The file to write (default: standard output).")
    var output: String?

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if anonymised && !format.isPublic {
            throw ValidationError("--public writes csv or jsonl only: drop --format \(format.rawValue)")
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

