import ChapeauCore
import ChapeauStore
import Foundation
import Testing
@testable import ChapeauApp

@Suite("Importing platform and bank exports")
struct ImportPresetTests {
    typealias W = ImportWorkspace

    @Test("Generic CSV: gifts with handles (new ones created), notes across lines, neutralised cells read back")
    func generic() throws {
        let w = try ImportWorkspace()
        _ = try w.treasurer.addSupporter(handle: "marie", name: nil, email: nil, visibility: .public)
        let s = try w.importFile(W.fixture("generic.csv"))
        #expect((s.rows, s.gifts, s.supporters, s.duplicates) == (4, 4, 1, 0))
        let gifts = try w.gifts()
        #expect(gifts.map(\.handle) == ["marie", "bob", nil, "marie"])
        #expect(gifts[0].gift.reference == "PAYPAL-7731")
        #expect(gifts[1].gift.amount == Money(minor: 3, unit: w.unit("PTJ")))
        #expect(gifts[2].gift.note == "virement\nsur deux lignes, avec une virgule")
        #expect(gifts[2].gift.campaign == "rentrée")
        #expect(gifts[3].gift.note == "=1+1")
        #expect(W.totals(gifts.map(\.gift)) == ["EUR": "1267.06", "PTJ": "3"])
        #expect(try w.supporters().first { $0.handle == "bob" }?.visibility == .pseudonym)
    }

    @Test("HelloAsso: paid and validated orders only, payers anonymous under a digest of their e-mail, items of one order apart")
    func helloasso() throws {
        let w = try ImportWorkspace()
        let s = try w.importFile(W.fixture("helloasso.csv"), "helloasso")
        #expect((s.rows, s.gifts, s.supporters) == (6, 4, 3))
        #expect(s.ignored == ["not paid": 1, "zero amount": 1])
        let gifts = try w.gifts()
        #expect(gifts.map(\.gift.reference) == ["helloasso:10481", "helloasso:10482", "helloasso:10482/2", "helloasso:10485"])
        #expect(gifts.map(\.gift.day.description) == ["2026-11-03", "2026-11-04", "2026-11-04", "2026-11-07"])
        #expect(W.totals(gifts.map(\.gift)) == ["EUR": "1040.00"])
        #expect(gifts.allSatisfy { $0.gift.channel == "helloasso" })
        let lea = try #require(try w.supporters().first { $0.email == "lea.durand@example.org" })
        #expect(lea.name == "Léa Durand")
        #expect(lea.visibility == .anonymous)
        #expect(!lea.handle.contains("lea"))
        #expect(lea.handle.hasPrefix("helloasso:"))
    }

    @Test("Liberapay patrons: supporters with their own visibility and weekly pledges; secret patrons stay unnamed")
    func liberapayPatrons() throws {
        let w = try ImportWorkspace()
        let s = try w.importFile(W.fixture("liberapay-patrons.csv"), "liberapay")
        #expect((s.rows, s.gifts, s.supporters, s.pledges) == (4, 0, 3, 4))
        let people = try w.supporters()
        #expect(people.map(\.handle) == ["liberapay:alice", "liberapay:bernard", "liberapay:chen"])
        #expect(people.map(\.visibility) == [.public, .pseudonym, .public])
        #expect(people[0].name == "Alice Liddell")
        let pledges = try w.pledges()
        #expect(pledges.allSatisfy { $0.every == .week })
        #expect(pledges.map(\.amount.description) == ["1.00 EUR", "0.25 EUR", "2.50 EUR", "0.50 USD"])
        #expect(pledges[2].supporter == nil)
        #expect(pledges[0].start == W.day("2026-03-02"))
    }

    @Test("Liberapay team ledger: gifts from the patrons imported before, matched by handle")
    func liberapayLedger() throws {
        let w = try ImportWorkspace()
        try w.importFile(W.fixture("liberapay-patrons.csv"), "liberapay")
        let s = try w.importFile(W.fixture("liberapay-ledger.csv"), "liberapay")
        #expect((s.gifts, s.supporters) == (3, 0))
        let gifts = try w.gifts()
        #expect(gifts.map(\.handle) == ["liberapay:alice", "liberapay:bernard", nil])
        #expect(gifts.map(\.gift.reference) == ["liberapay:88121", "liberapay:88307", "liberapay:88512"])
    }

    @Test("Open Collective: contribution credits only; a refunded contribution is no gift; fees ignored; times placed in the workspace's time zone")
    func opencollective() throws {
        let w = try ImportWorkspace()
        let s = try w.importFile(W.fixture("opencollective.csv"), "opencollective")
        #expect((s.rows, s.gifts, s.supporters) == (6, 2, 2))
        #expect(s.classes == [.gift: 2, .refund: 2, .expense: 1, .ignored: 1])
        #expect(s.ignored == ["a fee, not a gift": 1])
        let gifts = try w.gifts()
        #expect(gifts.map(\.gift.reference) == ["opencollective:a1b2c3d4", "opencollective:f6a7b8c9"])
        // 23:30 UTC on Oct 31 is Nov 1 in Paris: the refunded contribution's row says so.
        #expect(s.review.first { $0.line == 4 }?.date == "2026-11-01")
        #expect(s.review.first { $0.line == 4 }?.result == .refund)
        #expect(W.totals(gifts.map(\.gift)) == ["EUR": "10.00", "USD": "20.00"])
        let people = try w.supporters()
        #expect(people.map(\.visibility) == [.pseudonym, .pseudonym])
        #expect(try w.entries().allSatisfy { $0.ref.type != .expense })
    }

    @Test("Patreon: active patrons' pledges, last paid charges as gifts fulfilling them, free members ignored")
    func patreon() throws {
        let w = try ImportWorkspace()
        let s = try w.importFile(W.fixture("patreon.csv"), "patreon")
        #expect((s.rows, s.gifts, s.supporters, s.pledges) == (5, 3, 3, 2))
        #expect(s.ignored == ["no pledge": 1, "a declined patron: their pledge ends": 1])
        let pledges = try w.pledges()
        #expect(pledges.allSatisfy { $0.channel == "patreon" })
        #expect(pledges.map(\.every) == [.month, .year])
        #expect(pledges.map(\.start.description) == ["2026-05-01", "2026-02-14"])
        let gifts = try w.gifts()
        #expect(gifts.map(\.gift.reference) == ["patreon:71234501:2026-11-01", "patreon:71234502:2026-02-14", "patreon:71234504:2026-08-01"])
        #expect(gifts.map { $0.gift.pledge?.description } == ["p-1", "p-2", nil])
        #expect(try w.supporters().allSatisfy { $0.visibility == .anonymous && $0.email != nil })
    }

    @Test("French bank statement: credits are gifts, debits expenses (not recorded without --expenses), lines above the header skipped, Windows-1252 read")
    func bank() throws {
        let w = try ImportWorkspace()
        let s = try w.importFile(W.fixture("bank-fr.csv"), "bank-fr")
        #expect((s.rows, s.gifts, s.supporters) == (5, 3, 0))
        #expect(s.classes[.expense] == 2)
        #expect(s.review.filter { $0.result == .expense }.allSatisfy { ($0.amountMinor ?? 0) < 0 })
        let gifts = try w.gifts()
        #expect(gifts.map(\.gift.amount.decimalString) == ["50.00", "1234.56", "30.00"])
        #expect(gifts.allSatisfy { $0.gift.channel == "bank" && $0.handle == nil })
        #expect(gifts[0].gift.note == "VIR SEPA MME MARIE DUPONT SOUTIEN")
        try w.importFile(W.fixture("bank-fr-latin1.csv"), "bank-fr")
        #expect(try w.gifts().last?.gift.note == "VIR M. FRANÇOIS")
    }

    @Test("Importing any fixture a second time records nothing and counts what it skipped", arguments: [
        ("generic.csv", "generic"), ("helloasso.csv", "helloasso"), ("liberapay-patrons.csv", "liberapay"),
        ("liberapay-ledger.csv", "liberapay"), ("opencollective.csv", "opencollective"), ("patreon.csv", "patreon"),
        ("bank-fr.csv", "bank-fr"),
    ])
    func reimport(_ name: String, _ format: String) throws {
        let w = try ImportWorkspace()
        let first = try w.importFile(W.fixture(name), format)
        let count = try w.entries().count
        let second = try w.importFile(W.fixture(name), format)
        #expect(try w.entries().count == count)
        #expect((second.gifts, second.pledges, second.supporters) == (0, 0, 0))
        #expect(second.duplicates == first.gifts + first.pledges)
        #expect(first.gifts + first.pledges > 0)
    }

    @Test("A dry run counts exactly what the import would do, and writes nothing")
    func dryRun() throws {
        let w = try ImportWorkspace()
        let dry = try w.importFile(W.fixture("patreon.csv"), "patreon", dryRun: true)
        #expect(try w.entries().isEmpty)
        #expect(dry.dryRun)
        let real = try w.importFile(W.fixture("patreon.csv"), "patreon")
        #expect((dry.gifts, dry.pledges, dry.supporters, dry.totals) == (real.gifts, real.pledges, real.supporters, real.totals))
    }

    @Test("Every bad row is listed with its line and column, and the ledger is left as it was")
    func badRows() throws {
        let w = try ImportWorkspace()
        _ = try w.treasurer.addSupporter(handle: "marie", name: nil, email: nil, visibility: .pseudonym)
        let before = try w.store.chainHead()
        do {
            try w.importFile(W.fixture("generic-bad.csv"))
            Issue.record("bad rows were imported")
        } catch let failure as ImportFailure {
            #expect(failure.badRows == 4)
            #expect(failure.problems.map(\.line) == [3, 4, 5, 7])
            #expect(failure.problems.map(\.columnName) == ["date", "amount", "unit", "supporter"])
            #expect(failure.problems.map(\.column) == [2, 4, 5, 6])
            #expect(failure.problems[1].description.hasSuffix("generic-bad.csv:4: column 4 (amount): '12.345' has more than 2 decimals, the most EUR allows"))
            #expect(failure.summary.hasPrefix("4 bad rows in "))
        }
        #expect(try w.store.chainHead() == before)
    }

    @Test("Rows with the wrong number of fields, a kind other than gift, or a future date are bad rows")
    func structuralProblems() throws {
        let w = try ImportWorkspace()
        let path = try w.file("odd.csv", """
            date,amount,unit,kind
            2026-11-01,5,EUR
            2026-11-02,5,EUR,pledge
            2027-01-01,5,EUR,gift
            2026-11-03,5,EUR,gift,extra
            2026-11-04,5,EUR,gift,,

            """)
        do {
            try w.importFile(path)
            Issue.record("bad rows were imported")
        } catch let failure as ImportFailure {
            #expect(failure.problems.map(\.line) == [2, 3, 4, 5])
            #expect(failure.problems[0].message.contains("3 fields where the header has 4"))
            #expect(failure.problems[1].message.contains("kind 'pledge'"))
            #expect(failure.problems[2].message.contains("in the future"))
        }
        #expect(try w.entries().isEmpty)
    }

    @Test("A CSV error stops reading where it is, naming the line the broken quote opens on")
    func syntaxError() throws {
        let w = try ImportWorkspace()
        let path = try w.file("broken.csv", "date,amount,unit,note\n2026-11-01,5,EUR,\"ok\"\n2026-11-02,5,EUR,\"never closed\n2026-11-03,5,EUR,\n")
        do {
            try w.importFile(path)
            Issue.record("a broken file was imported")
        } catch let failure as ImportFailure {
            #expect(failure.problems.map(\.line) == [3])
            #expect(failure.problems.first?.columnName == "note")
        }
        #expect(try w.entries().isEmpty)
    }

    @Test("A header without the needed columns names them, and hints at the format the file looks like")
    func wrongFormat() throws {
        let w = try ImportWorkspace()
        #expect {
            try w.importFile(W.fixture("helloasso.csv"))
        } throws: { error in
            let m = (error as? AppError)?.description ?? ""
            return m.contains(":1: the header has no column 'date', 'amount', 'unit'") && m.contains("use --format helloasso")
        }
        #expect {
            try w.importFile(W.fixture("patreon.csv"), "opencollective")
        } throws: { error in
            ((error as? AppError)?.description ?? "").contains("use --format patreon")
        }
        let empty = try w.file("empty.csv", "\n\n")
        #expect(throws: AppError.invalid("\(empty) is empty: there is no header line to read")) { try w.importFile(empty) }
    }

    @Test("Duplicates: same reference, or same day, amount, supporter and channel, matched one to one")
    func duplicates() throws {
        let w = try ImportWorkspace()
        _ = try w.treasurer.addGift(.init(amount: "5", date: "2026-11-01", channel: "cash"))
        _ = try w.treasurer.addGift(.init(amount: "7", date: "2026-11-02", channel: "bank", reference: "R-1"))
        let path = try w.file("dups.csv", """
            date,amount,unit,channel,reference
            2026-11-01,5,EUR,cash,
            2026-11-01,5,EUR,cash,
            2026-11-02,7,EUR,bank,
            2026-11-09,9,EUR,bank,R-1
            2026-11-10,4,EUR,bank,R-2
            2026-11-10,4,EUR,bank,R-2
            2026-11-01,5,EUR,bank,

            """)
        let s = try w.importFile(path)
        // Row 2 matches the 5 € cash gift, row 3 is a second one; row 4 matches the referenced
        // gift by day, amount and channel; row 5 its reference; row 7 repeats row 6's.
        #expect((s.gifts, s.duplicates) == (3, 4))
        #expect(try w.gifts().map(\.gift.amount.decimalString) == ["5.00", "7.00", "5.00", "4.00", "5.00"])
    }

    @Test("A supporter is matched by e-mail when the handle is new")
    func matchByEmail() throws {
        let w = try ImportWorkspace()
        _ = try w.treasurer.addSupporter(handle: "lea", name: "Léa", email: "Lea.Durand@example.org", visibility: .public)
        let s = try w.importFile(W.fixture("helloasso.csv"), "helloasso")
        #expect(s.supporters == 2)
        #expect(try w.gifts().first?.handle == "lea")
    }

    @Test("A supporter is matched by the e-mail a later update gave them, not by the one it replaced")
    func matchByUpdatedEmail() throws {
        let w = try ImportWorkspace()
        _ = try w.treasurer.addSupporter(handle: "lea", name: "Léa", email: "lea@old.example", visibility: .public)
        let ref = try #require(try w.treasurer.updateSupporter(handle: "lea", name: nil, email: "Lea.Durand@example.org", address: nil))
        #expect(ref.type == .supporterUpdate)
        let s = try w.importFile(W.fixture("helloasso.csv"), "helloasso")
        #expect(s.supporters == 2)
        #expect(try w.gifts().first?.handle == "lea")
    }
}
