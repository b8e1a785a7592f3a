import ArgumentParser
import ChapeauApp

struct SupporterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "supporter",
        abstract: "Add, update, show, list or erase supporters.",
        subcommands: [Add.self, Update.self, Show.self, List.self, Erase.self, Export.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add",
            abstract: "Add a supporter under a handle (a stable pseudonym).",
            discussion: """
            Visibility says how reports may name them: public (their name on the wall of thanks), \
            pseudonym (their handle; the default) or anonymous (never named). Name and e-mail stay \
            private and can be erased for good with 'chapeau supporter erase'.
            Example: chapeau supporter add marie --name "Marie Dupont" --email marie@example.org --visibility public
            """)
        @Argument(help: "The handle: a stable pseudonym, no spaces (e.g. marie, reader42).") var handle: String
        @OptionGroup var contact: ContactOptions
        @Option(help: "public, pseudonym or anonymous.") var visibility: Visibility = .pseudonym
        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: JSONFlag

        func run() throws {
            let t = try global.treasurer()
            let ref = try t.addSupporter(handle: handle, name: contact.name, email: contact.email, visibility: visibility, address: contact.address)
            try Output.created(ref, t, json: output.json)
        }
    }

    struct Update: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "update",
            abstract: "Change a supporter's name, e-mail or postal address.",
            discussion: """
            Records the change as a new entry: their first entry is never rewritten, and the \
            change is erased with the rest of their personal data by 'chapeau supporter erase'. \
            Give only what changes; an empty value ("") clears a field. Receipts, attestations \
            and 'supporter show' use the latest values; a public supporter's new name appears \
            on the next reports. The handle and the visibility do not change.
            Example: chapeau supporter update marie --address "12 rue des Lilas, 75011 Paris"
            """)
        @Argument(help: "The supporter's handle.") var handle: String
        @OptionGroup var contact: ContactOptions
        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: JSONFlag

        func run() throws {
            let t = try global.treasurer()
            guard let ref = try t.updateSupporter(handle: handle, name: contact.name, email: contact.email, address: contact.address) else {
                struct Unchanged: Encodable {
                    enum Keys: String, CodingKey { case id, changed }
                    func encode(to encoder: any Encoder) throws {
                        var c = encoder.container(keyedBy: Keys.self)
                        try c.encodeNil(forKey: .id)
                        try c.encode(false, forKey: .changed)
                    }
                }
                if output.json { try Output.json(Unchanged()) } else { print("nothing changed: '\(handle)' already has these details") }
                return
            }
            try Output.created(ref, t, json: output.json)
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show",
            abstract: "Show one supporter: contact, payment reference, what they gave, pledged and offered.",
            discussion: """
            A private view for the treasurer. The payment reference (ISO 11649, RF…) is what they \
            write as the remittance of a bank transfer, so that the bank statement's credit is \
            recorded as their gift on import. An erased supporter is shown by id (s-12): their \
            personal data is gone, their amounts stay.
            Example: chapeau supporter show marie --json
            """)
        @Argument(help: "The supporter's handle, or their id (s-12).") var handle: String
        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: JSONFlag

        func run() throws {
            let card = try global.treasurer().supporterCard(handle)
            if output.json { try Output.json(card) } else { card.lines.forEach { print($0) } }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List supporters (private view: names and e-mails).")
        @Flag(help: "With [privacy] retention_years: who 'chapeau run' erases, and when.") var stale = false
        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: JSONFlag

        func run() throws {
            if stale { try StaleList.print(global: global, json: output.json); return }
            let rows = try global.treasurer().list(kind: .supporters, period: nil)
            if output.json { try Output.json(rows); return }
            if rows.isEmpty { print("No supporters yet: add one with 'chapeau supporter add HANDLE'."); return }
            for r in rows { print(r.line) }
        }
    }

    struct Erase: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "erase",
            abstract: "Remove a supporter's personal data for good; keep the amounts.",
            discussion: """
            Deletes their handle, name, e-mail and the notes of their entries from the ledger file \
            (overwritten, not merely unlinked). Their gifts stay, unnamed, so every published total \
            and the hash chain stay verifiable. This cannot be undone.
            """)
        @Argument(help: "The supporter's handle.") var handle: String
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let t = try global.treasurer()
            let ref = try t.erase(handle: handle)
            print("\(ref)  erased the personal data of '\(handle)'; their amounts stay in the ledger")
        }
    }
}

/// A supporter's private details, as `supporter add` and `supporter update` take them.
struct ContactOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: "Full name (private unless visibility is public).") var name: String?
    @Option(help: "E-mail address (always private).") var email: String?
    @Option(parsing: .unconditional, help: "Postal address, on one line (always private; a tax receipt needs it).") var address: String?
}

struct GiftCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gift", abstract: "Record gifts of money or units.", subcommands: [Add.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add",
            abstract: "Record a gift received.",
            discussion: """
            AMOUNT is read as people write it: 12.50, 12,50, "12,50 €", €12.50, "1 234,56", "EUR 10", \
            "3 PTJ". Without a unit, --unit or the config's currency applies. A gift has no supporter \
            when --from is left out (anonymous cash). Prints the new gift's id (g-…).
            Example: chapeau gift add "12,50 €" --from marie --channel bank --date 2026-11-20
            """)
        @Argument(help: "The amount received.") var amount: String
        @Option(help: "Unit code (EUR, PTJ…) when AMOUNT does not say it.") var unit: String?
        @Option(help: "The supporter's handle (see 'chapeau supporter add').") var from: String?
        @Option(help: "The day received, YYYY-MM-DD (default: today).") var date: String?
        @Option(parsing: .unconditional, help: "How it came: bank, cash, paypal, liberapay, helloasso, leetchi…") var channel: String?
        @Option(parsing: .unconditional, help: "A campaign it belongs to.") var campaign: String?
        @Option(help: "The pledge it fulfils (p-…).") var pledge: String?
        @Option(parsing: .unconditional, help: "The platform's or bank's reference, to avoid importing it twice.") var ref: String?
        @Option(parsing: .unconditional, help: "A private note (never published).") var note: String?
        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: JSONFlag

        func run() throws {
            let t = try global.treasurer()
            let created = try t.addGift(.init(amount: amount, unit: unit, from: from, date: date, channel: channel,
                                               campaign: campaign, pledge: pledge, reference: ref, note: note))
            try Output.created(created, t, json: output.json)
        }
    }
}

struct PledgeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pledge", abstract: "Record recurring pledges, end them, and list overdue instalments.",
        subcommands: [Add.self, End.self, Overdue.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add",
            abstract: "Record a promise of an amount every week, month, quarter or year.",
            discussion: """
            Instalments fall due from --start, every period, until --end (or 'chapeau pledge end'). \
            Gifts recorded with --pledge p-… fulfil them, oldest first.
            Example: chapeau pledge add 5 --every month --from marie --start 2026-01-05
            """)
        @Argument(help: "The amount of each instalment.") var amount: String
        @Option(help: "week, month, quarter or year.") var every: Recurrence
        @Option(help: "Unit code when AMOUNT does not say it.") var unit: String?
        @Option(help: "The supporter's handle.") var from: String?
        @Option(help: "First due day, YYYY-MM-DD (default: today).") var start: String?
        @Option(help: "Last day, YYYY-MM-DD (default: open-ended).") var end: String?
        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: JSONFlag

        func run() throws {
            let t = try global.treasurer()
            let ref = try t.addPledge(amount: amount, unit: unit, every: every, from: from, start: start, end: end)
            try Output.created(ref, t, json: output.json)
        }
    }

    struct End: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "end", abstract: "End a pledge: no instalment falls due after this day.")
        @Argument(help: "The pledge (p-…).") var id: String
        @Option(help: "The last day, YYYY-MM-DD (default: today).") var date: String?
        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: JSONFlag

        func run() throws {
            let t = try global.treasurer()
            let ref = try t.endPledge(id, date: date)
            try Output.created(ref, t, json: output.json)
        }
    }

    struct Overdue: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "overdue",
            abstract: "List pledges with instalments past their day and not (fully) paid.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: JSONFlag

        func run() throws {
            let t = try global.treasurer()
            let late = try t.overdue()
            if output.json { try Output.json(late); return }
            if late.isEmpty { print("No overdue pledge instalments on \(t.today)."); return }
            for p in late { print(p.line) }
        }
    }
}

struct OfferCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "offer",
        abstract: "Record non-monetary offers (time, skills, objects, lodging…) and move them along.",
        discussion: "An offer moves offered → accepted → delivered, or ends declined or withdrawn.",
        subcommands: [Add.self, Move<AcceptStatus>.self, Move<DeliverStatus>.self, Move<DeclineStatus>.self, Move<WithdrawStatus>.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add",
            abstract: "Record an offer.",
            discussion: """
            Example: chapeau offer add "Relecture du prochain livre" --kind skill --from marie --quantity "6 h"
            The description is public in reports once the offer is accepted; keep private details out of it.
            """)
        @Argument(help: "What is offered.") var description: String
        @Option(help: "time, skill, object, lodging, service or other.") var kind: OfferKind
        @Option(help: "The supporter's handle.") var from: String?
        @Option(help: "How much: \"3 h\" (time offers default to hours).") var quantity: String?
        @Option(help: "Estimated value, e.g. \"40 €\".") var value: String?
        @Option(help: "The day offered, YYYY-MM-DD (default: today).") var date: String?
        @Option(help: "The id of the need this offer answers (n-3): reports list it under that need.") var need: String?
        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: JSONFlag

        func run() throws {
            let t = try global.treasurer()
            let ref = try t.addOffer(description: description, kind: kind, from: from, quantity: quantity, value: value, date: date,
                                     need: need)
            try Output.created(ref, t, json: output.json)
        }
    }
}

protocol StatusName { static var status: OfferStatus { get }; static var verb: String { get } }
enum AcceptStatus: StatusName { static let status = OfferStatus.accepted; static let verb = "accept" }
enum DeliverStatus: StatusName { static let status = OfferStatus.delivered; static let verb = "deliver" }
enum DeclineStatus: StatusName { static let status = OfferStatus.declined; static let verb = "decline" }
enum WithdrawStatus: StatusName { static let status = OfferStatus.withdrawn; static let verb = "withdraw" }

/// `offer accept|deliver|decline|withdraw ID`: one command shape, four statuses.
struct Move<S: StatusName>: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: S.verb, abstract: "Mark an offer \(S.status.rawValue).")
    }
    @Argument(help: "The offer (o-…).") var id: String
    @Option(help: "The day, YYYY-MM-DD (default: today).") var date: String?
    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: JSONFlag

    func run() throws {
        let t = try global.treasurer()
        let ref = try t.moveOffer(id, to: S.status, date: date)
        try Output.created(ref, t, json: output.json)
    }
}

struct NeedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "need", abstract: "Declare needs: the budget lines reports measure gifts against.", subcommands: [Add.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add",
            abstract: "Declare a recurring need (rent, bills…).",
            discussion: """
            The sum of needs prorated to a period is that period's goal; reports show how much of it \
            the gifts cover.
            Example: chapeau need add "Loyer du bureau" "350 €" --every month --start 2026-01-01
            """)
        @Argument(help: "What the need is, in public words.") var label: String
        @Argument(help: "The amount per period.") var amount: String
        @Option(help: "week, month, quarter or year.") var every: Recurrence
        @Option(help: "Unit code when AMOUNT does not say it.") var unit: String?
        @Option(help: "From this day, YYYY-MM-DD (default: today).") var start: String?
        @Option(help: "Until this day, YYYY-MM-DD (default: open-ended).") var end: String?
        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: JSONFlag

        func run() throws {
            let t = try global.treasurer()
            let ref = try t.addNeed(label: label, amount: amount, unit: unit, every: every, start: start, end: end)
            try Output.created(ref, t, json: output.json)
        }
    }
}

struct ExpenseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "expense", abstract: "Record what was done with the contributions.", subcommands: [Add.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add",
            abstract: "Record money spent.",
            discussion: "Example: chapeau expense add \"Hébergement du site\" \"9,99 €\" --category hosting --date 2026-11-02")
        @Argument(help: "What was paid, in public words.") var label: String
        @Argument(help: "The amount.") var amount: String
        @Option(help: "Unit code when AMOUNT does not say it.") var unit: String?
        @Option(help: "The day paid, YYYY-MM-DD (default: today).") var date: String?
        @Option(parsing: .unconditional, help: "A category (rent, hosting, travel…).") var category: String?
        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: JSONFlag

        func run() throws {
            let t = try global.treasurer()
            let ref = try t.addExpense(label: label, amount: amount, unit: unit, date: date, category: category)
            try Output.created(ref, t, json: output.json)
        }
    }
}

struct CampaignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "campaign",
        abstract: "Campaigns: group gifts (--campaign SLUG) and share fixed costs among participants.",
        subcommands: [Add.self, Show.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add",
            abstract: "Declare a campaign, optionally with fixed costs to share.",
            discussion: """
            With fixed costs, the report and 'campaign show' give each participant's share (rounded up \
            to the cent, or to the smallest amount of their unit), how much of the costs is covered by \
            gifts in that unit and what was given beyond them.
            Example: chapeau campaign add festival-2026 --name "Festival 2026" --fixed-costs "1 200 €" --participants 40
            """)
        @Argument(help: "1 to 64 of a-z, 0-9 and dashes: what gifts name with --campaign.") var slug: String
        @Option(help: "The campaign's public name.") var name: String
        @Option(help: "From this day, YYYY-MM-DD (default: today).") var start: String?
        @Option(help: "Until this day, YYYY-MM-DD (default: open-ended).") var end: String?
        @Option(name: .customLong("fixed-costs"), help: "The costs to share, e.g. \"1 200 €\".") var fixedCosts: String?
        @Option(help: "Unit code when --fixed-costs does not say it.") var unit: String?
        @Option(help: "Number of participants, 1 or more (default: the distinct supporters who gave to it).") var participants: Int?
        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: JSONFlag

        func run() throws {
            let t = try global.treasurer()
            let ref = try t.addCampaign(slug: slug, name: name, start: start, end: end, fixedCosts: fixedCosts, unit: unit,
                                        participants: participants)
            try Output.created(ref, t, json: output.json)
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show",
            abstract: "A campaign's figures: fixed costs, participants, share, received, covered, beyond.")
        @Argument(help: "The campaign's slug.") var slug: String
        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: JSONFlag

        func run() throws {
            let show = try global.treasurer().showCampaign(slug: slug)
            print(output.json ? show.json : show.text, terminator: "")
        }
    }
}
