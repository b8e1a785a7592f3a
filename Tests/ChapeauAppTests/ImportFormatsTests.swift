import ChapeauCore
import ChapeauStore
import Foundation
import Testing
@testable import ChapeauApp

/// Every built-in format, read from a fixture in the real layout (provenance in
/// Tests/Fixtures/import/README.md), recognised without --format, against the gifts computed
/// by hand from the fixture.
@Suite("Import formats: real layouts, detection, hand-computed gifts")
struct ImportFormatsTests {
    typealias W = ImportWorkspace

    struct Case: Sendable, CustomTestStringConvertible {
        let file: String
        /// The format detection must find.
        let format: String
        /// Gifts recorded: reference (or day when the format gives none), amount in minor units, unit.
        let gifts: [String]
        /// Rows per class, besides the gifts.
        let classes: [RowClass: Int]
        var testDescription: String { file }
    }

    /// The two gifts of every bank statement of the fixtures: two people's transfers. Platform
    /// payouts, the transfer from the savings account, the merchant's refund and the card
    /// payment are not gifts.
    static let bankGifts = ["2025-02-19 5000 EUR", "2025-02-21 3500 EUR"]

    static let cases: [Case] = [
        Case(file: "paypal-en.csv", format: "paypal",
             gifts: ["paypal:1AB23456CD7890123 5000 EUR", "paypal:2BC34567DE8901234 120000 EUR", "paypal:3CD45678EF9012345 2500 USD",
                     "paypal:2MN34567PQ8901234 1000 EUR"],
             classes: [.refund: 2, .payout: 1, .ignored: 5]),
        Case(file: "paypal-fr.csv", format: "paypal",
             gifts: ["paypal:1AB23456CD7890123 5000 EUR", "paypal:2BC34567DE8901234 120000 EUR", "paypal:3CD45678EF9012345 2500 USD",
                     "paypal:2MN34567PQ8901234 1000 EUR"],
             classes: [.refund: 2, .payout: 1, .ignored: 6]),
        Case(file: "stripe-balance.csv", format: "stripe",
             gifts: ["stripe:ch_3QaA1b2C3d4E5f6G0aaaaa 5000 EUR", "stripe:ch_3QaB2c3D4e5F6g7H0bbbbb 2745 EUR",
                     "stripe:ch_3QaF6g7H8i9J0k1L0fffff 1500 EUR"],
             classes: [.refund: 2, .payout: 1, .ignored: 1]),
        Case(file: "stripe-payments.csv", format: "stripe",
             gifts: ["stripe:ch_3QaA1b2C3d4E5f6G0aaaaa 5000 EUR", "stripe:ch_3QaB2c3D4e5F6g7H0bbbbb 3000 USD",
                     "stripe:ch_3QaF6g7H8i9J0k1L0fffff 1500 EUR", "stripe:ch_3QaH8i9J0k1L2m3N0hhhhh 600 EUR"],
             classes: [.refund: 1, .ignored: 1]),
        Case(file: "kofi.csv", format: "kofi",
             gifts: ["kofi:11111111-aaaa-4bbb-8ccc-000000000001 500 EUR", "kofi:11111111-aaaa-4bbb-8ccc-000000000002 1500 GBP",
                     "kofi:11111111-aaaa-4bbb-8ccc-000000000003 300 EUR", "kofi:11111111-aaaa-4bbb-8ccc-000000000006 1000 EUR"],
             classes: [.ignored: 3]),
        Case(file: "tipeee.csv", format: "tipeee",
             gifts: ["tipeee:TIP-000101 500 EUR", "tipeee:TIP-000102 2000 EUR", "tipeee:TIP-000103 200 EUR", "tipeee:TIP-000105 500 EUR"],
             classes: [.refund: 1, .ignored: 1]),
        Case(file: "leetchi.csv", format: "leetchi",
             gifts: ["leetchi:LTC-9001 3000 EUR", "leetchi:LTC-9002 5000 EUR", "leetchi:LTC-9003 1000 EUR", "leetchi:LTC-9005 120000 EUR"],
             classes: [.refund: 1]),
        Case(file: "helloasso-payments.csv", format: "helloasso",
             gifts: ["helloasso:payment:52001 2500 EUR", "helloasso:payment:52002 1000 EUR", "helloasso:payment:52006 150000 EUR"],
             classes: [.refund: 1, .ignored: 2]),
        Case(file: "opencollective-2025.csv", format: "opencollective",
             gifts: ["opencollective:a1b2c3d4 5000 USD", "opencollective:b8c9d0e1 10000 USD"],
             classes: [.refund: 2, .expense: 1, .ignored: 3]),
        Case(file: "patreon-2023.csv", format: "patreon",
             gifts: ["patreon:90000001:2025-02-01 500 EUR", "patreon:90000005:2025-01-15 12000 EUR"],
             classes: [.refund: 1, .ignored: 3]),
        Case(file: "bank-creditagricole.csv", format: "bank-creditagricole", gifts: bankGifts,
             classes: [.payout: 2, .transfer: 1, .expense: 1]),
        Case(file: "bank-societegenerale.csv", format: "bank-societegenerale", gifts: bankGifts,
             classes: [.payout: 5, .transfer: 1, .refund: 1, .expense: 1]),
        Case(file: "bank-bnp.csv", format: "bank-bnp", gifts: bankGifts, classes: [.payout: 2, .transfer: 1, .expense: 1]),
        Case(file: "bank-labanquepostale.csv", format: "bank-labanquepostale", gifts: bankGifts,
             classes: [.payout: 5, .transfer: 1, .refund: 1, .expense: 1]),
        Case(file: "bank-boursobank.csv", format: "bank-boursobank", gifts: bankGifts,
             classes: [.payout: 5, .transfer: 2, .refund: 1, .expense: 1]),
        Case(file: "bank-creditmutuel.csv", format: "bank-creditmutuel", gifts: bankGifts,
             classes: [.payout: 5, .transfer: 1, .refund: 1, .expense: 1]),
        Case(file: "bank-caisseepargne.csv", format: "bank-bpce", gifts: bankGifts,
             classes: [.payout: 2, .transfer: 1, .refund: 1, .expense: 1]),
        Case(file: "bank-lcl.csv", format: "bank-lcl", gifts: bankGifts, classes: [.payout: 1, .transfer: 1, .refund: 1, .expense: 1]),
        Case(file: "bank-qonto.csv", format: "bank-qonto",
             gifts: ["qonto:0f1e2d3c-0000-4000-8000-000000000005 5000 EUR", "qonto:0f1e2d3c-0000-4000-8000-000000000007 3500 EUR"], classes: [.payout: 4, .refund: 1, .expense: 1, .ignored: 1]),
        Case(file: "bank-shine.csv", format: "bank-shine", gifts: ["shine:7a1b2c3d-0004 5000 EUR", "shine:7a1b2c3d-0005 3500 EUR"], classes: [.payout: 2, .transfer: 1, .expense: 1]),
    ]

    static func describe(_ g: Gift) -> String {
        "\(g.reference ?? g.day.description) \(g.amount.minor) \(g.amount.unit.code)"
    }

    @Test("Recognised without --format; only the real gifts recorded; every other row in its class", arguments: cases)
    func fixture(_ c: Case) throws {
        let w = try ImportWorkspace()
        let s = try w.importFile(W.fixture(c.file), nil)
        #expect(s.format == c.format)
        let gifts = try w.gifts().map { Self.describe($0.gift) }
        #expect(gifts.sorted() == c.gifts.sorted())
        var expected = c.classes
        expected[.gift] = c.gifts.count
        #expect(s.classes.filter { $0.value > 0 } == expected)
        #expect(s.review.count == s.rows)
        #expect(s.gifts == c.gifts.count)
        #expect(try w.store.verify().isIntact)
    }

    @Test("Importing any fixture twice records nothing the second time", arguments: cases)
    func twice(_ c: Case) throws {
        let w = try ImportWorkspace()
        try w.importFile(W.fixture(c.file), nil)
        let count = try w.entries().count
        let again = try w.importFile(W.fixture(c.file), nil)
        #expect(try w.entries().count == count)
        #expect(again.gifts == 0 && again.supporters == 0 && again.pledges == 0 && again.voided == 0)
    }

    @Test("The same file named with --format reads the same as detected", arguments: cases)
    func named(_ c: Case) throws {
        let w = try ImportWorkspace()
        let s = try w.importFile(W.fixture(c.file), c.format, dryRun: true)
        #expect(s.gifts == c.gifts.count)
        #expect(try w.entries().isEmpty)
    }
}

@Suite("Import classification: payouts, own accounts, refunds, payment references, platform pledges")
struct ImportClassificationTests {
    typealias W = ImportWorkspace

    @Test("A bank statement: payouts of PayPal, HelloAsso, Stripe and Leetchi, an own transfer, a card refund: only two gifts")
    func realisticStatement() throws {
        let w = try ImportWorkspace()
        let s = try w.importFile(W.fixture("bank-societegenerale.csv"), nil)
        let byLine = Dictionary(uniqueKeysWithValues: s.review.map { ($0.line, $0) })
        // Line 1 is the account, line 2 blank, line 3 the header: rows start on line 4.
        #expect(byLine[4]?.result == .payout)      // Stripe carrying Liberapay donations
        #expect(byLine[5]?.result == .transfer)    // from the savings account
        #expect(byLine[6]?.result == .refund)      // AVOIR CARTE
        #expect(byLine[7]?.result == .gift)        // M. Leroy
        #expect(byLine[8]?.result == .payout)      // Mangopay paying out a Leetchi pot
        #expect(byLine[8]?.reason?.contains("Leetchi") == true)
        #expect(s.review.filter { $0.result == .expense }.allSatisfy { ($0.amountMinor ?? 0) < 0 })
        #expect(W.totals(try w.gifts().map(\.gift)) == ["EUR": "85.00"])
        #expect(try w.gifts().allSatisfy { $0.gift.channel == "bank" })
    }

    @Test("own_accounts names an account by IBAN: money from it is a transfer, not a gift")
    func ownAccountsByIBAN() throws {
        let w = try ImportWorkspace(config: """
            [import]
            own_accounts = ["FR93 3000 4000 0398 7654 3210 112"]
            """)
        let s = try w.importFile(W.fixture("bank-shine.csv"), nil)
        #expect(s.review.first { $0.amountMinor == 50000 }?.result == .transfer)
        #expect(s.review.first { $0.amountMinor == 50000 }?.reason?.contains("own_accounts") == true)
    }

    @Test("Config rules come first: a label made a gift's class, or a debit an expense of a category")
    func configRules() throws {
        let w = try ImportWorkspace(config: """
            [import]
            [[import.rules]]
            label = "LIBERAPAY.COM"
            class = "ignored"
            reason = "already imported from Liberapay"

            [[import.rules]]
            label = "MONOPRIX"
            sign = "debit"
            class = "expense"
            category = "fournitures"
            """)
        let s = try w.importFile(W.fixture("bank-creditmutuel.csv"), nil, expenses: true)
        #expect(s.review.first { $0.amountMinor == 3840 }?.reason == "already imported from Liberapay")
        let expenses = try w.entries().compactMap { e -> Expense? in
            if case .expense(let x) = e.body { return x }
            return nil
        }
        #expect(expenses.map(\.category) == ["fournitures"])
        #expect(expenses.map(\.amount.minor) == [4567])
        #expect(s.expensesRecorded == 1)
        let again = try w.importFile(W.fixture("bank-creditmutuel.csv"), nil, expenses: true)
        #expect(again.expensesRecorded == 0)
    }

    @Test("A refund in a later file voids the gift an earlier import recorded; the reports no longer count it")
    func refundLater() throws {
        let w = try ImportWorkspace()
        let header = "\u{FEFF}\"Date\",\"Time\",\"TimeZone\",\"Name\",\"Type\",\"Status\",\"Currency\",\"Gross\",\"Fee\",\"Net\",\"From Email Address\",\"Transaction ID\",\"Item Title\",\"Reference Txn ID\",\"Balance Impact\"\n"
        let gift = try w.file("january.csv", header
            + "\"10/01/2026\",\"10:00:00\",\"CET\",\"Ada L\",\"Donation Payment\",\"Completed\",\"EUR\",\"40.00\",\"-1.50\",\"38.50\",\"ada@example.org\",\"AAA111\",\"\",\"\",\"Credit\"\n")
        let refund = try w.file("february.csv", header
            + "\"02/02/2026\",\"09:00:00\",\"CET\",\"Ada L\",\"Payment Refund\",\"Completed\",\"EUR\",\"-40.00\",\"1.20\",\"-38.80\",\"ada@example.org\",\"BBB222\",\"\",\"AAA111\",\"Debit\"\n")
        #expect(try w.importFile(gift, nil).gifts == 1)
        let s = try w.importFile(refund, nil)
        #expect(s.voided == 1)
        #expect(s.classes[.refund] == 1)
        #expect(try w.gifts().isEmpty)
        let void = try #require(try w.entries().first { $0.ref.type == .void })
        guard case .void(let v) = void.body else { Issue.record("not a void"); return }
        #expect(v.reason == "refunded: paypal:AAA111")
        // Once more: nothing new.
        #expect(try w.importFile(refund, nil).voided == 0)
    }

    @Test("A refund listed above the payment it refunds (newest first) keeps that payment from being a gift")
    func refundAboveInSameFile() throws {
        let w = try ImportWorkspace()
        let path = try w.file("stripe.csv", """
            id,Type,Source,Amount,Fee,Net,Currency,Created (UTC),Available On (UTC),Description
            txn_2,refund,ch_1,-20.00,0.00,-20.00,eur,2026-02-03 10:00,2026-02-03 10:00,REFUND FOR CHARGE
            txn_1,charge,ch_1,20.00,0.60,19.40,eur,2026-02-01 10:00,2026-02-08 00:00,Don

            """)
        let s = try w.importFile(path, nil)
        #expect(s.gifts == 0)
        #expect(s.classes[.refund] == 2)
        #expect(try w.entries().isEmpty)
    }

    @Test("A supporter's payment reference in a bank label makes the credit their gift, fulfilling the matching pledge")
    func paymentReference() throws {
        let w = try ImportWorkspace()
        let ref = try w.treasurer.addSupporter(handle: "leroy", name: "Paul Leroy", email: nil, visibility: .public)
        _ = try w.treasurer.addPledge(amount: "35", unit: nil, every: .month, from: "leroy", start: "2026-09-01", end: nil)
        let rf = CreditorReference.forSupporter(number: ref.number)
        #expect(CreditorReference.isValid(rf))
        let path = try w.file("releve.csv", """
            Date;Libellé;Débit;Crédit
            03/11/2026;VIR SEPA RECU /DE M. LEROY PAUL /MOTIF \(CreditorReference.printable(rf));;35,00
            04/11/2026;VIR SEPA RECU /DE MME X /MOTIF SOUTIEN;;20,00

            """)
        let s = try w.importFile(path, nil)
        #expect(s.review.first?.reason == "payment reference \(rf)")
        let gifts = try w.gifts()
        #expect(gifts.map(\.handle) == ["leroy", nil])
        #expect(gifts[0].gift.pledge?.description == "p-1")
        #expect(gifts[1].gift.pledge == nil)
    }

    @Test("Pledges from a platform's snapshot are never overdue; a declined patron's pledge ends")
    func platformPledges() throws {
        let w = try ImportWorkspace()
        try w.importFile(W.fixture("liberapay-patrons-all.csv"), nil)
        try w.importFile(W.fixture("patreon.csv"), nil)
        let standings = try w.store.pledgeStandings(today: W.day("2026-11-20"))
        #expect(!standings.isEmpty)
        #expect(standings.allSatisfy { $0.pledge.channel == "liberapay" || $0.pledge.channel == "patreon" })
        #expect(try w.treasurer.overdue().isEmpty)
        #expect(standings.flatMap(\.instalments).contains { $0.state == .platform })
        // Next month's export: the patron whose payment lapsed is now declined.
        let lapsed = try String(contentsOfFile: W.fixture("patreon.csv"), encoding: .utf8)
            .replacingOccurrences(of: "Active patron", with: "Declined patron")
        let next = try w.file("patreon-december.csv", lapsed)
        let s = try w.importFile(next, nil)
        #expect(s.pledgesEnded == 2)
        #expect(try w.store.pledgeStandings(today: W.day("2026-11-20")).filter { $0.pledge.channel == "patreon" }.allSatisfy { $0.endedOn != nil })
    }

    @Test("A Liberapay team ledger counts only what the author received; a reversed payment is a refund")
    func liberapayTeam() throws {
        let ledger = """
            id,date,currency,amount,reversed_amount,payer_username,recipient_username
            901,2026-10-01,EUR,10.00,,alice,camille
            902,2026-10-01,EUR,10.00,,alice,dominique
            903,2026-10-08,EUR,5.00,5.00,bob,camille
            904,2026-10-08,EUR,8.00,3.00,bob,camille

            """
        let unset = try ImportWorkspace()
        let path = try unset.file("team.csv", ledger)
        #expect {
            try unset.importFile(path, "liberapay")
        } throws: { e in
            (e as? ImportFailure)?.problems.first?.message.contains("[import] liberapay_username") == true
        }
        let w = try ImportWorkspace(config: "[import]\nliberapay_username = \"camille\"")
        let s = try w.importFile(try w.file("team.csv", ledger), "liberapay")
        #expect(s.classes[.ignored] == 1)
        #expect(s.classes[.refund] == 1)
        #expect(try w.gifts().map { "\($0.gift.reference ?? "") \($0.gift.amount.minor)" } == ["liberapay:901 1000", "liberapay:904 500"])
    }

    @Test("HelloAsso: a payment already imported from the orders export is not recorded twice")
    func helloAssoBothExports() throws {
        let w = try ImportWorkspace()
        let orders = try w.file("orders.csv", """
            Référence commande;Date de la commande;Statut de la commande;Nom payeur;Prénom payeur;Email payeur;Moyen de paiement;Montant tarif
            91001;03/02/2025 10:15;Validé;Martin;Alice;alice.martin@example.org;Carte bancaire;25,00

            """)
        #expect(try w.importFile(orders, nil).gifts == 1)
        let s = try w.importFile(W.fixture("helloasso-payments.csv"), nil)
        #expect(s.gifts == 2)
        #expect(s.classes[.duplicate] == 1)
    }
}

@Suite("Import profiles: a user's format, and refusals that name the line")
struct ImportProfileTests {
    typealias W = ImportWorkspace

    static let profile = """
        title = "a statement of the Banque du Village"
        kind = "bank"
        separator = "|"
        decimal = ","
        dates = ["dd.mm.yyyy"]
        header_search = 5
        reference_prefix = "village"

        [columns]
        date = "Jour"
        amount = ["Somme", "Montant"]
        label = "Motif"
        reference = "No"

        [[rules]]
        label = "COTISATION"
        class = "ignored"
        reason = "a membership fee"
        """

    @Test("Config/import/NAME.toml adds a format that import formats lists and detection finds")
    func userProfile() throws {
        let w = try ImportWorkspace(files: ["Config/import/village.toml": Self.profile])
        let names = try w.treasurer.importCatalogue().names
        #expect(names.contains("village"))
        let path = try w.file("village.txt", """
            Banque du Village — compte 42
            No|Jour|Motif|Somme
            A1|02.11.2026|DON DE LUCIE|25,00
            A2|03.11.2026|COTISATION ANNUELLE|30,00
            A3|04.11.2026|FRAIS|-2,50

            """)
        let s = try w.importFile(path, nil)
        #expect(s.format == "village")
        #expect(s.classes == [.gift: 1, .ignored: 1, .expense: 1])
        #expect(try w.gifts().map { $0.gift.reference } == ["village:A1"])
    }

    @Test("A profile with an unknown key or a bad value is refused naming the file and the key")
    func badProfile() throws {
        let bad = Self.profile.replacingOccurrences(of: "decimal = \",\"", with: "decimals = \",\"")
        let w = try ImportWorkspace(files: ["Config/import/village.toml": bad])
        #expect {
            try w.treasurer.importCatalogue()
        } throws: { e in
            let d = String(describing: e)
            return d.contains("village.toml") && d.contains("decimals") && d.contains("unknown key")
        }
        let clash = try ImportWorkspace(files: ["Config/import/paypal.toml": Self.profile])
        #expect(throws: ConfigError.self) { try clash.treasurer.importCatalogue() }
    }

    @Test("A bad row names the file's own line, counting the lines above the header, and the column")
    func badRowLine() throws {
        let w = try ImportWorkspace()
        let path = try w.file("releve.csv", """
            Compte courant n° 123;;;
            Période du 01/11/2026 au 15/11/2026;;;

            Date;Libellé;Débit;Crédit
            02/11/2026;VIR SEPA DON;;50,00
            31/11/2026;VIR SEPA DON;;20,00
            05/11/2026;VIR SEPA DON;;12,5x

            """)
        #expect {
            try w.importFile(path, "bank-fr")
        } throws: { e in
            guard let f = e as? ImportFailure else { return false }
            return f.problems.map(\.line) == [6, 7] && f.problems[0].columnName == "Date" && f.problems[1].columnName == "Crédit"
        }
        #expect(try w.entries().isEmpty)
    }

    @Test("A header that is not understood: the line taken for the header and the columns found")
    func headerNotUnderstood() throws {
        let w = try ImportWorkspace()
        let path = try w.file("odd.csv", "When;What;How much\n02/11/2026;x;3\n")
        #expect {
            try w.importFile(path, "bank-qonto")
        } throws: { e in
            let d = String(describing: e)
            return d.contains("odd.csv:1:") && d.contains("'When', 'What', 'How much'")
        }
    }
}
