import ChapeauCore
import ChapeauStore
import Foundation
import Testing
@testable import ChapeauApp

@Suite("Exporting the ledger")
struct ExportTests {
    typealias W = ImportWorkspace

    /// marie (public, with an e-mail), bob; gifts in EUR, PTJ and hours, one voided, one
    /// with a note and a reference that a spreadsheet would run; a pledge, a need, an
    /// expense and an offer.
    func seeded() throws -> ImportWorkspace {
        let w = try ImportWorkspace()
        let t = w.treasurer
        _ = try t.addSupporter(handle: "marie", name: "Marie Dupont", email: "marie@example.org", visibility: .public)
        _ = try t.addSupporter(handle: "-bob", name: nil, email: nil, visibility: .pseudonym)
        _ = try t.addGift(.init(amount: "12,50 €", from: "marie", date: "2026-11-02", channel: "bank", campaign: "rentrée",
                                reference: "=HYPERLINK(\"http://x\")", note: "merci, à bientôt\n-- M."))
        _ = try t.addGift(.init(amount: "3 PTJ", from: "-bob", date: "2026-11-03", channel: "Crédit Mutuel"))
        _ = try t.addGift(.init(amount: "2.5", unit: "h", date: "2026-11-04"))
        _ = try t.addGift(.init(amount: "99", date: "2026-11-05", channel: "cash"))
        _ = try t.void("g-4", reason: "recorded twice")
        _ = try t.addPledge(amount: "5", unit: nil, every: .month, from: "marie", start: "2026-09-05", end: nil)
        _ = try t.addNeed(label: "Loyer", amount: "350", unit: nil, every: .month, start: "2026-01-01", end: nil)
        _ = try t.addExpense(label: "@Hébergement", amount: "9,99", unit: nil, date: "2026-11-03", category: "hosting")
        _ = try t.addOffer(description: "Relecture", kind: .skill, from: "marie", quantity: "6 h", value: "120", date: "2026-11-06")
        return w
    }

    func lines(_ text: String) -> [String] { text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }

    @Test("CSV: the generic header, gifts not voided, formula cells neutralised, quoted where needed")
    func csv() throws {
        let w = try seeded()
        let text = try w.treasurer.exportText(.csv)
        let rows = lines(text)
        #expect(rows[0] == "id,date,kind,amount,unit,supporter,channel,campaign,reference,note")
        #expect(rows[1] == "g-1,2026-11-02,gift,12.50,EUR,marie,bank,rentrée,\"'=HYPERLINK(\"\"http://x\"\")\",\"merci, à bientôt")
        #expect(rows[2] == "-- M.\"")
        #expect(rows[3] == "g-2,2026-11-03,gift,3,PTJ,'-bob,crédit mutuel,,,")
        #expect(rows[4] == "g-3,2026-11-04,gift,2.5,h,,,,,")
        #expect(rows.count == 6 && rows[5].isEmpty)
        #expect(!text.contains("99"))
    }

    @Test("CSV round trip: what export writes, import reads back into a new ledger as the same gifts")
    func roundTrip() throws {
        let w = try seeded()
        let exported = try w.file("export.csv", try w.treasurer.exportText(.csv))
        let other = try ImportWorkspace()
        let s = try other.importFile(exported)
        #expect(s.gifts == 3)
        let a = try w.gifts(), b = try other.gifts()
        #expect(a.count == b.count)
        for (x, y) in zip(a, b) {
            var gx = x.gift, gy = y.gift
            gx.supporter = nil; gy.supporter = nil
            #expect(gx == gy)
            #expect(x.handle == y.handle)
        }
        // And back into the same ledger: everything is there already.
        let again = try w.importFile(exported)
        #expect((again.gifts, again.duplicates) == (0, 3))
    }

    @Test("JSON lines: every entry as list --json shows it, voided ones flagged")
    func jsonl() throws {
        let w = try seeded()
        let rows = lines(try w.treasurer.exportText(.jsonl)).filter { !$0.isEmpty }
        #expect(try rows.count == w.entries().count)
        let objects = try rows.map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        #expect(Array(objects.map { $0["id"] as? String }.prefix(3)) == ["s-1", "s-2", "g-1"])
        #expect(objects.first { $0["id"] as? String == "g-4" }?["voided"] as? Bool == true)
        #expect(objects.first { $0["id"] as? String == "g-1" }?["amount_minor"] as? Int == 1250)
    }

    @Test("hledger: a transaction per gift, accounts per channel, voided left out, odd commodities quoted")
    func hledger() throws {
        let w = try seeded()
        let text = try w.treasurer.exportText(.hledger)
        #expect(text.contains("decimal-mark .\n"))
        #expect(text.contains("2026-11-02 * marie | gift g-1  ; id:g-1, ref:=HYPERLINK(\"http://x\"), campaign:rentrée\n    assets:bank  12.50 EUR\n    income:gifts:bank  -12.50 EUR\n"))
        #expect(text.contains("    assets:crédit-mutuel  3 PTJ\n"))
        #expect(text.contains("    income:gifts:unspecified  -2.5 h\n"))
        #expect(!text.contains("g-4"))
        #expect(HledgerRenderer.commodity("PTJ") == "PTJ")
        #expect(HledgerRenderer.commodity("h") == "h")
        #expect(HledgerRenderer.commodity("PT2") == "\"PT2\"")
    }

    @Test("beancount: valid commodities, accounts opened, balance assertions holding the totals")
    func beancount() throws {
        let w = try seeded()
        let text = try w.treasurer.exportText(.beancount)
        #expect(text.contains("2026-11-02 commodity HOURS\n  name: \"h\"\n"))
        #expect(text.contains("2026-11-02 open Income:Gifts:Credit-Mutuel\n"))
        #expect(text.contains("2026-11-05 balance Income:Gifts:Bank  -12.500 EUR\n"))
        #expect(text.contains("2026-11-05 balance Income:Gifts:Unspecified  -2.50 HOURS\n"))
        #expect(text.contains("  Assets:Credit-Mutuel  3 PTJ\n"))
        #expect(!text.contains("g-4"))
        let names = BeancountRenderer.commodityNames(w.workspace.units.customUnits + [.eur])
        #expect(names == ["EUR": "EUR", "PTJ": "PTJ", "h": "HOURS"])
        let odd = BeancountRenderer.commodityNames([
            ChapeauCore.Unit(code: "x", decimals: 0, name: "x", isCurrency: false),
            ChapeauCore.Unit(code: "HOURS", decimals: 0, name: "hours", isCurrency: false),
            ChapeauCore.Unit(code: "h", decimals: 1, name: "heures", isCurrency: false),
        ])
        #expect(Set(odd.values).count == 3)
        #expect(odd.values.allSatisfy { $0.count >= 2 && $0.first?.isLetter == true && $0 == $0.uppercased() })
    }

    @Test("GnuCash: GnuCash's column names, a transfer account on every line, each unit its own commodity and accounts")
    func gnucash() throws {
        let w = try seeded()
        let rows = lines(try w.treasurer.exportText(.gnucash))
        #expect(rows[0] == "Date,Num,Description,Transaction Commodity,Account,Deposit,Withdrawal,Transfer Account,Memo")
        // The reference goes to the memo, neutralised as every text cell is.
        #expect(rows[1] == "2026-11-02,g-1,Gift g-1 from marie,EUR,Assets:Bank,12.50,,Income:Gifts:Bank,\"'=HYPERLINK(\"\"http://x\"\")\"")
        #expect(rows[2] == "2026-11-03,g-2,Gift g-2 from -bob,PTJ,Assets:Credit-Mutuel:PTJ,3,,Income:Gifts:Credit-Mutuel:PTJ,")
        #expect(rows[3] == "2026-11-04,g-3,Gift g-3 from anonymous,h,Assets:Unspecified:h,2.5,,Income:Gifts:Unspecified:h,")
    }

    @Test("Public: keyed pseudonyms, stable across exports, and no handle, name, e-mail, note or reference")
    func publicLedger() throws {
        let w = try seeded()
        let first = try w.treasurer.exportText(.csv, anonymised: true)
        let second = try w.treasurer.exportText(.csv, anonymised: true)
        #expect(first == second)
        for secret in ["marie", "Marie", "example.org", "bob", "merci", "HYPERLINK", "recorded twice"] {
            #expect(!first.contains(secret), "the public ledger shows \(secret)")
        }
        let rows = lines(first)
        #expect(rows[0] == "id,date,kind,amount,unit,supporter,channel,campaign,category,link,every,end,status,label,participants")
        let pseudonyms = Set(rows.compactMap { $0.split(separator: ",", omittingEmptySubsequences: false).dropFirst(5).first }
            .filter { $0.hasPrefix("anon-") })
        #expect(pseudonyms.count == 2)
        #expect(rows.contains("e-1,2026-11-03,expense,9.99,EUR,,,,hosting,,,,,'@Hébergement,"))
        let offer = try #require(rows.first { $0.hasPrefix("o-1,") })
        #expect(offer.hasPrefix("o-1,2026-11-06,offer,6.0,h,anon-") && offer.hasSuffix(",,,skill,,,,offered,Relecture,"))
        #expect(!rows.contains { $0.hasPrefix("g-4,") || $0.hasPrefix("s-") || $0.hasPrefix("v-") })
        let key = try #require(try w.store.meta(PseudonymKey.metaKey))
        #expect(key.count == 64)
        // Another ledger has another key: the same supporter id gets another pseudonym.
        let other = try seeded()
        #expect(try other.treasurer.exportText(.csv, anonymised: true) != first)
    }

    @Test("--public writes CSV only")
    func publicIsCSV() throws {
        let w = try seeded()
        #expect(throws: AppError.self) { try w.treasurer.exportText(.hledger, anonymised: true) }
    }

    @Test("With a file, the export is written whole, private ones readable by their owner only")
    func toFile() throws {
        let w = try seeded()
        let path = w.root.appendingPathComponent("out/ledger.csv").path
        #expect(throws: AppError.self) { try w.treasurer.export(.csv, to: path) }  // no such folder
        let file = w.root.appendingPathComponent("ledger.csv").path
        let result = try w.treasurer.export(.csv, to: file)
        #expect(result.path == file)
        #expect(try String(contentsOfFile: file, encoding: .utf8) == result.text)
        #expect(try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int == 0o600)
        let pub = w.root.appendingPathComponent("public.csv").path
        _ = try w.treasurer.export(.csv, anonymised: true, to: pub)
        #expect(try FileManager.default.attributesOfItem(atPath: pub)[.posixPermissions] as? Int == 0o644)
        #expect(try FileManager.default.contentsOfDirectory(atPath: w.root.path).allSatisfy { !$0.hasSuffix(".tmp") })
    }
}
