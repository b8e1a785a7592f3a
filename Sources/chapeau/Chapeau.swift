import ArgumentParser
import ChapeauApp
import Foundation

struct Chapeau: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chapeau",
        abstract: "Pass the hat, openly: a free-participation donation tracker.",
        discussion: """
        You give your texts away and pass the hat afterwards. Chapeau keeps an append-only, \
        hash-chained ledger of what comes in (gifts, pledges, complementary currencies, offers of \
        time, skills and objects), what you need and what you spend, and publishes transparency \
        reports that never name anyone who asked not to be named.

        Start here:
          chapeau init                       create Config/, Reports/ and data/ in this folder
          chapeau supporter add marie --name "Marie D." --visibility public
          chapeau gift add "12,50 €" --from marie --channel bank
          chapeau list --period 2026-11
          chapeau verify                     check that nobody edited the ledger behind your back

        Exit codes: 0 ok, 1 a check found problems, 64 usage error, 65 invalid data, \
        74 I/O error, 75 busy (try again).
        """,
        version: "0.1.0",
        subcommands: [
            InitCommand.self, SupporterCommand.self, GiftCommand.self, PledgeCommand.self, OfferCommand.self,
            NeedCommand.self, ExpenseCommand.self, VoidCommand.self, ListCommand.self, VerifyCommand.self,
            BackupCommand.self, ReportCommand.self, FooterCommand.self, RunCommand.self, ScheduleCommand.self, DemoCommand.self, ImportCommand.self, ExportCommand.self,
            QRCommand.self, CampaignCommand.self, StatementCommand.self, ReceiptCommand.self,
        ])
}

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a workspace: Config/chapeau.toml, Reports/ and an empty ledger in data/.",
        discussion: """
        The workspace is the folder that holds Config/. Edit Config/chapeau.toml afterwards: \
        every key is documented in it. Refuses to overwrite an existing config.
        """)

    @Argument(help: "The folder to initialise (created if needed).")
    var directory: String = "."

    @Option(parsing: .unconditional, help: "The author's name, written into the config.")
    var author: String?

    func run() throws {
        let result = try Scaffold.initialise(at: directory, authorName: author)
        print("Initialised a Chapeau workspace in \(result.root)")
        for c in result.created { print("  created \(c)") }
        print("Next: edit Config/chapeau.toml (author, support_url), then 'chapeau supporter add' and 'chapeau gift add'.")
    }
}

struct VoidCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "void",
        abstract: "Cancel an entry by appending a void: history is never edited.",
        discussion: """
        The voided entry stays in the ledger, flagged, and reports and exports leave it out. \
        To correct an amount, void the entry and record it again.
        Example: chapeau void g-12 --reason "recorded twice"
        """)

    @Argument(help: "The entry to cancel: g-12, p-3, o-7, n-2, e-5…")
    var id: String

    @Option(parsing: .unconditional, help: "Why the entry is cancelled (kept in the ledger).")
    var reason: String

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: JSONFlag

    func run() throws {
        let t = try global.treasurer()
        let ref = try t.void(id, reason: reason)
        try Output.created(ref, t, json: output.json)
    }
}

struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the ledger's entries, voided ones flagged.",
        discussion: """
        Without a kind, lists every gift, pledge, offer, need, expense and void in journal order. \
        This is the treasurer's private view: it shows names, e-mails and notes.
        Examples: chapeau list gifts --period 2026-11    chapeau list --json
        """)

    @Argument(help: "What to list: gifts, pledges, offers, needs, expenses or supporters.")
    var kind: ListKind?

    @Option(help: "Only entries dated in this period: 2026-11, 2026-11-H1, 2026-W47, 2026-Q4, 2026.")
    var period: String?

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: JSONFlag

    func run() throws {
        let t = try global.treasurer()
        let rows = try t.list(kind: kind, period: period)
        if output.json { try Output.json(rows); return }
        if rows.isEmpty { print("No entries\(period.map { " in \($0)" } ?? "") yet."); return }
        for r in rows { print(r.line) }
    }
}

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Recompute the hash chain: detect any entry changed, removed or inserted behind Chapeau's back.",
        discussion: """
        Exits 0 when the ledger is intact, 1 listing every problem found, naming the entry. \
        It also checks the totals kept as entries are appended (per day, per supporter and \
        year, per pledge) against the journal; --rebuild-totals makes them again from the \
        journal when the journal itself is intact.
        With --public FILE --report REPORT.json, anyone (no workspace needed) recomputes a published \
        report from the anonymised ledger of 'chapeau export --public' (CSV or JSON Lines) and checks its figures; the \
        wall of thanks and the estimated value of offers are not in the public ledger, by design.
        """)

    @Option(name: .customLong("public"), help: ArgumentHelp("An anonymised ledger from 'chapeau export --public' (CSV or JSON Lines).", valueName: "file"))
    var publicLedger: String?

    @Option(help: ArgumentHelp("A published report.json to recompute (with --public).", valueName: "file"))
    var report: String?

    @Flag(help: "Make the kept totals again from the journal (when the journal is intact), then verify.")
    var rebuildTotals = false

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: JSONFlag

    func validate() throws {
        if (publicLedger == nil) != (report == nil) { throw ValidationError("--public and --report go together") }
        if rebuildTotals && publicLedger != nil { throw ValidationError("--rebuild-totals works on the workspace's ledger, not with --public") }
    }

    func run() throws {
        if let publicLedger, let report { return try verifyPublic(publicLedger, report) }
        let t = try global.treasurer()
        let report = rebuildTotals ? try t.rebuildTotals() : try t.verify()
        if output.json { try Output.json(report) } else { report.lines.forEach { print($0) } }
        if !report.intact { throw ExitCode(ExitStatus.problemsFound) }
    }
}

extension VerifyCommand {
    func verifyPublic(_ file: String, _ report: String) throws {
        // The workspace's units when there is one; a reader without one gets them from the file.
        let units = try? global.workspace().units
        let outcome = try PublicVerification.verify(publicLedger: file, report: report, units: units)
        if output.json {
            struct Out: Encodable { let period: String; let holds: Bool; let compared: [String]; let mismatches: [String] }
            try Output.json(Out(period: outcome.period, holds: outcome.holds, compared: outcome.compared, mismatches: outcome.mismatches))
        } else if outcome.holds {
            print("Report \(outcome.period) holds: recomputed from \(file), its \(outcome.compared.joined(separator: ", ")) match.")
        } else {
            print("Report \(outcome.period) does NOT hold: recomputed from \(file), these differ: \(outcome.mismatches.joined(separator: ", "))")
        }
        if !outcome.holds { throw ExitCode(ExitStatus.problemsFound) }
    }
}

struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy the ledger to a new file with SQLite's online backup (safe while others write).",
        discussion: "The copy is created with mode 0600 and appears complete or not at all. Refuses to overwrite a file.")

    @Argument(help: "The new file to write.")
    var file: String

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let t = try global.treasurer()
        try t.backup(to: file)
        print("Backed up \(t.ledgerPath) to \(file)")
    }
}
