import ArgumentParser
import ChapeauApp
import Foundation

extension GlobalOptions {
    func paperwork() throws -> Paperwork {
        let ws = try workspace()
        return try Paperwork(workspace: ws, now: try Clock.now(environment: ProcessInfo.processInfo.environment, timeZone: ws.timeZone))
    }
}

struct StatementCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "statement",
        abstract: "Write the yearly statement of what you received, or a supporter's attestation de soutien.",
        discussion: """
        Without --supporter: your own yearly statement, for your tax return or your accounts: \
        received per unit, per channel and per month, gifts voided (refunds, corrections), \
        expenses, and the offers delivered with their estimated value, kept apart from money \
        (for an association: the contributions volontaires en nature, accounts 86 and 87). \
        With --supporter: that supporter's attestation de soutien for the year (their gifts, \
        dates, channels and total per unit), which says plainly that it is not a tax receipt. \
        With --all-supporters: one attestation for every supporter who gave that year or whose \
        offer was delivered in it.
        PDF, JSON and CSV, written with mode 0600 in DIR (default Statements/YEAR/ in the \
        workspace); never in a folder that is published.
        Example: chapeau statement --year 2026 --supporter marie
        """)
    @Option(help: "The calendar year (e.g. 2026).") var year: Int
    @Option(help: "A supporter's handle: write their attestation de soutien.") var supporter: String?
    @Flag(help: "Write the attestation de soutien of every supporter who gave that year.") var allSupporters = false
    @Option(help: "The folder to write in (default Statements/YEAR/).") var output: String?
    @OptionGroup var global: GlobalOptions
    @OptionGroup var json: JSONFlag

    func validate() throws {
        if allSupporters && supporter != nil { throw ValidationError("give --supporter HANDLE or --all-supporters, not both") }
    }

    func run() throws {
        let paperwork = try global.paperwork()
        let written = allSupporters ? try paperwork.writeAttestations(year: year, output: output)
                                    : try paperwork.writeStatement(year: year, supporter: supporter, output: output)
        if json.json { try Output.json(written) } else { print(written.line) }
    }
}

struct ReceiptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "receipt",
        abstract: "Issue, cancel and list tax receipts (reçus fiscaux, Cerfa n° 11580 model): associations only.",
        discussion: """
        Only an association ([author] kind = "association") may issue reçus fiscaux; an \
        individual is refused and pointed at 'chapeau statement --supporter'. Receipts are \
        entries of the ledger, chained like every entry: numbered YEAR-NNNN without gaps, \
        never reused.
        """,
        subcommands: [Issue.self, Cancel.self, List.self, Summary.self])

    struct Issue: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "issue",
            abstract: "Issue one receipt per supporter for the gifts of a year in the ledger's currency.",
            discussion: """
            Each receipt states every mention of the Cerfa n° 11580 model and the amount in \
            figures and in French words. Issuing again for a supporter and year gives the same \
            number and a document marked DUPLICATA, each in its own file (recu-N-duplicata, then \
            -duplicata-2, …). A supporter without a name or postal address \
            is skipped and named (exit 65) while the others are issued. PDF and JSON, mode 0600, \
            in DIR (default Receipts/YEAR/).
            Example: chapeau receipt issue --year 2026
            """)
        @Option(help: "The year of the gifts (e.g. 2026).") var year: Int
        @Option(help: "Only this supporter's receipt.") var supporter: String?
        @Option(help: "The folder to write in (default Receipts/YEAR/).") var output: String?
        @OptionGroup var global: GlobalOptions
        @OptionGroup var json: JSONFlag

        func run() throws {
            let result = try global.paperwork().issueReceipts(year: year, supporter: supporter, output: output)
            if json.json { try Output.json(result) } else { result.lines.forEach { print($0) } }
            if !result.skipped.isEmpty {
                FileHandle.standardError.write(Data("error: \(result.skipped.count) supporter\(result.skipped.count == 1 ? "" : "s") skipped: \(result.skipped.map(\.supporter).joined(separator: ", ")) (see above why)\n".utf8))
                throw ExitCode(ExitStatus.dataError)
            }
        }
    }

    struct Cancel: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "cancel",
            abstract: "Cancel a receipt: a cancellation is appended; its number stays used.",
            discussion: "Example: chapeau receipt cancel 2026-0003 --reason \"issued to the wrong donor\"")
        @Argument(help: "The receipt's number, YEAR-NNNN.") var number: String
        @Option(parsing: .unconditional, help: "Why it is cancelled.") var reason: String
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let ref = try global.paperwork().cancelReceipt(number: number, reason: reason)
            print("\(ref)  receipt \(number) cancelled")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list",
            abstract: "List receipts: number, supporter, amount, status; flags one whose gifts changed since issue.")
        @Option(help: "Only this year's receipts.") var year: Int?
        @OptionGroup var global: GlobalOptions
        @OptionGroup var json: JSONFlag

        func run() throws {
            let rows = try global.paperwork().listReceipts(year: year)
            if json.json { try Output.json(rows); return }
            if rows.isEmpty { print("No receipts yet: issue them with 'chapeau receipt issue --year YEAR'.") }
            rows.forEach { print($0.line) }
        }
    }

    struct Summary: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "summary",
            abstract: "The yearly figures to declare to the tax office: number and total of receipts, cancelled ones excluded.")
        @Option(help: "The year (e.g. 2026).") var year: Int
        @OptionGroup var global: GlobalOptions
        @OptionGroup var json: JSONFlag

        func run() throws {
            let s = try global.paperwork().receiptSummary(year: year)
            if json.json { try Output.json(s) } else { s.lines.forEach { print($0) } }
        }
    }
}

extension SupporterCommand {
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "export",
            abstract: "Write a zip with everything the ledger holds about one supporter (their copy of their data).",
            discussion: """
            supporter.json (personal data, visibility, payment reference, and the pseudonym under \
            which they appear in the public ledger), entries.csv and entries.jsonl (their gifts, \
            pledges, offers, voids and receipts, each with its entry number and hash) and a \
            README.txt. Nothing about anyone else. Written with mode 0600.
            Example: chapeau supporter export marie --output marie.zip
            """)
        @Argument(help: "The supporter's handle, or their id (s-12).") var handle: String
        @Option(help: "The zip file to write.") var output: String
        @OptionGroup var global: GlobalOptions
        @OptionGroup var json: JSONFlag

        func run() throws {
            let result = try global.treasurer().exportSupporter(handle, output: output)
            if json.json { try Output.json(result) } else { print(result.line) }
        }
    }
}

/// `supporter list --stale`.
enum StaleList {
    static func print(global: GlobalOptions, json: Bool) throws {
        let rows = try global.treasurer().staleSupporters()
        if json { try Output.json(rows); return }
        if rows.isEmpty { Swift.print("No supporter to erase."); return }
        rows.forEach { Swift.print($0.line) }
    }
}
