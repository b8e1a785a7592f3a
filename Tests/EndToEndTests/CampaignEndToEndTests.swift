import Foundation
import Testing

/// Campaigns with shared fixed costs and offers answering needs, through the built binary, with
/// every figure checked against a sum done by hand.
@Suite("chapeau campaign and offer add --need, end to end")
struct CampaignEndToEndTests {
    /// Four anonymous supporters (so that no report names them); the clock says 2026-11-20
    /// (monthly reports).
    func workspace() throws -> CLI {
        let c = try CLI()
        for h in ["ana", "ben", "cleo", "dan"] {
            let r = c.run("supporter", "add", h, "--visibility", "anonymous")
            guard r.code == 0 else { throw CLIError.setup("supporter add \(h): \(r.err)") }
        }
        return c
    }

    func show(_ c: CLI, _ slug: String) throws -> [String: Any] {
        try #require(try c.json("campaign", "show", slug, "--json") as? [String: Any])
    }

    func received(_ o: [String: Any]) -> [String: Int] {
        Dictionary(uniqueKeysWithValues: (o["received"] as? [[String: Any]] ?? []).compactMap { r in
            (r["unit"] as? String).map { ($0, r["amount_minor"] as? Int ?? -1) }
        })
    }

    @Test("With --participants: the share is the fixed costs ÷ participants rounded up, covered and beyond in euros")
    func declared() throws {
        let c = try workspace()
        let add = c.run("campaign", "add", "fest-2026", "--name", "Festival", "--fixed-costs", "1 000 €", "--participants", "12",
                        "--start", "2026-10-01", "--end", "2026-11-08")
        #expect(add.code == 0 && add.out.hasPrefix("c-1 "), "\(add.err)")
        for (amount, from, day) in [("90 €", "ana", "2026-10-02"), ("120,50 €", "ben", "2026-10-10"), ("83,34", "cleo", "2026-11-01"),
                                    ("40 PTJ", "dan", "2026-11-02"), ("15 €", "ana", "2026-11-03")] {
            let r = c.run("gift", "add", amount, "--from", from, "--date", day, "--campaign", "fest-2026")
            #expect(r.code == 0, "\(r.err)")
        }
        #expect(c.run("gift", "add", "500 €", "--from", "dan", "--date", "2026-11-04").code == 0)   // not for the festival
        let o = try show(c, "fest-2026")
        #expect(o["slug"] as? String == "fest-2026")
        #expect(o["unit"] as? String == "EUR")
        #expect(o["fixed_costs_minor"] as? Int == 100_000)
        #expect(o["participants"] as? Int == 12)
        #expect(o["share_minor"] as? Int == 8334)                             // 100 000 / 12 = 8 333,33… → 8 334
        #expect(received(o) == ["EUR": 9000 + 12050 + 8334 + 1500, "PTJ": 40])  // 30 884 cents; the 500 € are not its own
        #expect(o["covered_minor"] as? Int == 30884)                          // below the costs: all of it covers them
        #expect(o["beyond_minor"] as? Int == 0)
        let text = c.run("campaign", "show", "fest-2026")
        #expect(text.code == 0)
        #expect(text.out.contains("share: 83.34 EUR each") && text.out.contains("covered: 308.84 EUR of 1000.00 EUR"), "\(text.out)")
        #expect(!text.out.contains("ana") && !text.out.contains("ben"))
    }

    @Test("Without --participants: the distinct supporters who gave, in any unit; beyond once the costs are met")
    func counted() throws {
        let c = try workspace()
        #expect(c.run("campaign", "add", "repas", "--name", "Repas partagé", "--fixed-costs", "100 €", "--start", "2026-11-01").code == 0)
        var o = try show(c, "repas")
        #expect(o["participants"] as? Int == 0 && o["share_minor"] is NSNull)   // nobody yet: no share, no division
        for (amount, from) in [("50 €", "ana"), ("40 €", "ben"), ("25 €", "ana"), ("3 PTJ", "cleo"), ("7 €", nil)] as [(String, String?)] {
            var args = ["gift", "add", amount, "--date", "2026-11-05", "--campaign", "repas"]
            if let from { args += ["--from", from] }
            #expect(c.run(args).code == 0)
        }
        o = try show(c, "repas")
        #expect(o["participants"] as? Int == 3)                  // ana, ben, cleo; the gift without a supporter counts no one
        #expect(o["participants_declared"] as? Bool == false)
        #expect(o["share_minor"] as? Int == 3334)                // 10 000 / 3 → 3 334
        #expect(received(o) == ["EUR": 5000 + 4000 + 2500 + 700, "PTJ": 3])
        #expect(o["covered_minor"] as? Int == 10000)
        #expect(o["beyond_minor"] as? Int == 2200)               // 12 200 − 10 000
        // A void takes a gift out of every figure.
        let gifts = try #require(try c.json("list", "gifts", "--json") as? [[String: Any]])
        let big = try #require(gifts.first { $0["amount_minor"] as? Int == 5000 }?["id"] as? String)
        #expect(c.run("void", big, "--reason", "recorded twice").code == 0)
        o = try show(c, "repas")
        #expect(o["covered_minor"] as? Int == 7200 && o["beyond_minor"] as? Int == 0)
        #expect(o["participants"] as? Int == 3)                  // ana still gave 25 €
    }

    @Test("Fixed costs in a complementary unit: only Points Jeu cover them")
    func complementary() throws {
        let c = try workspace()
        #expect(c.run("campaign", "add", "troc", "--name", "Troc", "--fixed-costs", "25 PTJ", "--participants", "4",
                      "--start", "2026-11-01").code == 0)
        for (amount, from) in [("20 PTJ", "ana"), ("9 PTJ", "ben"), ("300 €", "cleo")] {
            #expect(c.run("gift", "add", amount, "--from", from, "--date", "2026-11-06", "--campaign", "troc").code == 0)
        }
        let o = try show(c, "troc")
        #expect(o["unit"] as? String == "PTJ")
        #expect(o["share_minor"] as? Int == 7)                   // 25 / 4 = 6,25 → 7 (PTJ have no decimals)
        #expect(received(o) == ["EUR": 30000, "PTJ": 29])
        #expect(o["covered_minor"] as? Int == 25)                // 29 PTJ ≥ 25; the 300 € cover none of it
        #expect(o["beyond_minor"] as? Int == 4)
        // The same unit spelt in --unit.
        #expect(c.run("campaign", "add", "troc-2", "--name", "Troc 2", "--fixed-costs", "10", "--unit", "PTJ").code == 0)
        #expect(try show(c, "troc-2")["fixed_costs_minor"] as? Int == 10)
    }

    @Test("Unknown campaign or need, zero participants, bad or taken slugs: exit 65, one error line, nothing written",
          arguments: [
              (["campaign", "show", "nope"], "no campaign 'nope'"),
              (["offer", "add", "Un lit", "--kind", "lodging", "--need", "n-9"], "n-9"),
              (["offer", "add", "Un lit", "--kind", "lodging", "--need", "g-1"], "g-1"),
              (["offer", "add", "Un lit", "--kind", "lodging", "--need", "loyer"], "loyer"),
              (["offer", "add", "Un lit", "--kind", "lodging", "--need", "n-2"], "n-2"),          // voided
              (["campaign", "add", "zero", "--name", "Zéro", "--fixed-costs", "100 €", "--participants", "0"], "participants 0"),
              (["campaign", "add", "Fest 2026", "--name", "Bad"], "Fest 2026"),
              (["campaign", "add", "fest", "--name", "Again"], "fest"),                           // taken
              (["campaign", "add", "cout", "--name", "Cost", "--fixed-costs", "12,345 €"], "12,345"),
              (["campaign", "add", "fin", "--name", "End", "--start", "2026-11-10", "--end", "2026-11-01"], "2026-11-01"),
          ])
    func refused(_ args: [String], _ named: String) throws {
        let c = try workspace()
        #expect(c.run("campaign", "add", "fest", "--name", "Fest", "--fixed-costs", "100 €").code == 0)
        #expect(c.run("gift", "add", "5 €", "--from", "ana", "--date", "2026-11-02").code == 0)
        #expect(c.run("need", "add", "Loyer", "350 €", "--every", "month", "--start", "2026-01-01").out.hasPrefix("n-1 "))
        #expect(c.run("need", "add", "Typo", "35 €", "--every", "month", "--start", "2026-01-01").out.hasPrefix("n-2 "))
        #expect(c.run("void", "n-2", "--reason", "typo").code == 0)
        let before = c.run("verify").out   // the number of entries and the chain head
        let entries = try ["campaign", "offer", "gift", "need", "void"].map { try LedgerFile.count(c.ledger, type: $0) }
        let r = c.run(args)
        #expect(r.code == 65, "\(args): \(r.code) \(r.out) \(r.err)")
        #expect(r.out.isEmpty)
        let lines = r.err.split(separator: "\n")
        #expect(lines.count == 1 && lines.first?.hasPrefix("error: ") == true, "\(r.err)")
        #expect(r.err.contains(named), "\(r.err)")
        #expect(try ["campaign", "offer", "gift", "need", "void"].map { try LedgerFile.count(c.ledger, type: $0) } == entries)
        let after = c.run("verify")
        #expect(after.code == 0 && after.out == before && before.contains("Ledger intact"), "\(after.out)")
    }

    @Test("A need answered by two offers and some money: the report lists both offers and the money, in every format")
    func needAnsweredTwice() throws {
        let c = try workspace()
        #expect(c.run("need", "add", "Hébergement des intervenants", "300 €", "--every", "month", "--start", "2026-11-01").out.hasPrefix("n-1 "))
        #expect(c.run("offer", "add", "Deux chambres", "--kind", "lodging", "--from", "ana", "--date", "2026-11-03", "--need", "n-1").out.hasPrefix("o-1 "))
        #expect(c.run("offer", "add", "Des draps", "--kind", "object", "--from", "ben", "--date", "2026-11-04", "--need", "n-1").out.hasPrefix("o-2 "))
        #expect(c.run("offer", "add", "Un canapé", "--kind", "object", "--date", "2026-11-05", "--need", "n-1").out.hasPrefix("o-3 "))
        #expect(c.run("offer", "accept", "o-1", "--date", "2026-11-06").code == 0)
        #expect(c.run("offer", "decline", "o-3", "--date", "2026-11-07").code == 0)   // no longer answers it
        #expect(c.run("gift", "add", "120 €", "--from", "cleo", "--date", "2026-11-08").code == 0)
        let offer = try #require((try c.json("list", "offers", "--json") as? [[String: Any]])?.first)
        #expect(offer["need"] as? String == "n-1" || (offer["details"] as? [String: Any])?["need"] as? String == "n-1", "\(offer)")

        #expect(c.run("report", "build", "2026-11", "--output", "Built", "--now", "2026-12-01T08:00:00Z").code == 0)
        let dir = c.dir.appendingPathComponent("Built/2026-11")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("report.json"))) as? [String: Any])
        let n = try #require((json["need_offers"] as? [[String: Any]])?.first)
        #expect(n["need"] as? String == "Hébergement des intervenants")
        #expect(n["count"] as? Int == 2)
        #expect(n["needed_minor"] as? Int == 30000)
        #expect((n["money_coverage"] as? NSNumber)?.stringValue == "0.4")          // 120 / 300
        #expect((n["offers"] as? [[String: Any]])?.map { $0["status"] as? String } == ["accepted", "offered"])
        #expect((json["needs"] as? [[String: Any]])?.first?["received_minor"] as? Int == 12000)   // offers add no money
        let md = try String(contentsOf: dir.appendingPathComponent("report.md"), encoding: .utf8)
        let html = try String(contentsOf: dir.appendingPathComponent("index.html"), encoding: .utf8)
        let csv = try String(contentsOf: dir.appendingPathComponent("report.csv"), encoding: .utf8)
        for text in [md, html] {
            #expect(text.contains("Deux chambres") && text.contains("Des draps") && !text.contains("Un canapé"))
            #expect(text.contains("300,00\u{00A0}€") && text.contains("couverts à 40"))
        }
        #expect(csv.contains("need_offers,,Hébergement des intervenants,2"))
        #expect(csv.contains("need_offers_needed,EUR,Hébergement des intervenants,300.00"))
    }

    @Test("The period report shows the campaign in every format, and anyone recomputes it from the public ledger")
    func reportAndPublicLedger() throws {
        let c = try workspace()
        #expect(c.run("campaign", "add", "fest-2026", "--name", "Festival", "--fixed-costs", "100 €", "--participants", "3",
                      "--start", "2026-10-20").code == 0)
        for (amount, from, day) in [("40 €", "ana", "2026-10-25"), ("50 €", "ben", "2026-11-02"), ("25 €", "cleo", "2026-11-03"),
                                    ("6 PTJ", "dan", "2026-11-04")] {
            #expect(c.run("gift", "add", amount, "--from", from, "--date", day, "--campaign", "fest-2026").code == 0)
        }
        #expect(c.run("report", "build", "2026-11", "--output", "Built", "--now", "2026-12-01T08:00:00Z").code == 0)
        let dir = c.dir.appendingPathComponent("Built/2026-11")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("report.json"))) as? [String: Any])
        let f = try #require((json["campaigns"] as? [[String: Any]])?.first)
        // Counted over the campaign's life up to the period's end: October's 40 € too.
        #expect(f["share_minor"] as? Int == 3334 && f["covered_minor"] as? Int == 10000 && f["beyond_minor"] as? Int == 1500)
        #expect(received(f) == ["EUR": 11500, "PTJ": 6])
        // The same object as campaign show --json: one computation.
        let alone = try show(c, "fest-2026")
        func canonical(_ v: Any) throws -> String {
            String(decoding: try JSONSerialization.data(withJSONObject: v, options: [.sortedKeys]), as: UTF8.self)
        }
        #expect(try canonical(alone) == canonical(f))
        let md = try String(contentsOf: dir.appendingPathComponent("report.md"), encoding: .utf8)
        let html = try String(contentsOf: dir.appendingPathComponent("index.html"), encoding: .utf8)
        let csv = try String(contentsOf: dir.appendingPathComponent("report.csv"), encoding: .utf8)
        for text in [md, html] {
            #expect(text.contains("Frais fixes partagés") && text.contains("33,34\u{00A0}€") && text.contains("15,00\u{00A0}€"))
        }
        #expect(csv.contains("campaign:fest-2026,EUR,share,33.34") && csv.contains("campaign:fest-2026,PTJ,received,6"))
        // Who gave what is in none of them.
        for text in [md, html, csv] {
            for who in ["ana", "ben", "cleo", "dan"] { #expect(text.range(of: "\\b\(who)\\b", options: .regularExpression) == nil) }
        }

        #expect(c.run("export", "--public", "--output", "public.csv").code == 0)
        let ledger = try String(contentsOf: c.dir.appendingPathComponent("public.csv"), encoding: .utf8)
        #expect(ledger.contains("c-1,2026-10-20,campaign,100.00,EUR,,,fest-2026,,,,,,Festival,3\n"), "\(ledger)")
        #expect(c.run("export", "--public", "--format", "jsonl", "--output", "public.jsonl").code == 0)
        c.env.removeValue(forKey: "CHAPEAU_CONFIG")
        for file in ["public.csv", "public.jsonl"] {
            let r = c.run("verify", "--public", file, "--report", "Built/2026-11/report.json", "--json")
            #expect(r.code == 0, "\(file): \(r.out) \(r.err)")
            let out = try #require(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
            #expect((out["compared"] as? [String] ?? []).contains("campaigns"), "\(r.out)")
        }
        // A declared number of participants changed in the public ledger: the campaign no longer holds.
        let forged = ledger.replacingOccurrences(of: ",Festival,3\n", with: ",Festival,4\n")
        try Data(forged.utf8).write(to: c.dir.appendingPathComponent("forged.csv"))
        let bad = c.run("verify", "--public", "forged.csv", "--report", "Built/2026-11/report.json", "--json")
        #expect(bad.code == 1)
        #expect(bad.out.contains("campaigns"), "\(bad.out)")
    }

    @Test("The demo's festival: 1 250 € shared by twelve, gifts in EUR and PTJ, lodging offered for a need, in its report")
    func demoFestival() throws {
        let c = try CLI(initialise: false)
        let r = c.run("demo", "showcase", "--now", "2026-11-20T09:00:00Z")
        #expect(r.code == 0, "\(r.err)")
        let dir = c.dir.appendingPathComponent("showcase/Reports/2026-11-H1")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("report.json"))) as? [String: Any])
        let f = try #require((json["campaigns"] as? [[String: Any]])?.first { $0["slug"] as? String == "festival-2026" })
        #expect(f["fixed_costs_minor"] as? Int == 125_000)
        #expect(f["participants"] as? Int == 12)
        #expect(f["share_minor"] as? Int == 10417)                      // 125 000 / 12 = 10 416,67 → 10 417
        // 105 + 105 + 110 + 90 + 105 + 150 + 105 + 70 + 105 + 105 + 200 + 60 = 1 310 €; 40 + 25 + 35 = 100 PTJ.
        #expect(received(f) == ["EUR": 131_000, "PTJ": 100])
        #expect(f["covered_minor"] as? Int == 125_000 && f["beyond_minor"] as? Int == 6000)
        let n = try #require((json["need_offers"] as? [[String: Any]])?.first)
        #expect(n["need"] as? String == "Hébergement des intervenants du festival")
        #expect(n["needed_minor"] as? Int == 12_000)                    // 240 € a month, for 15 of 30 days
        let offers = try #require(n["offers"] as? [[String: Any]])
        #expect(offers.map { $0["kind"] as? String } == ["lodging", "object"])
        #expect(offers.map { $0["status"] as? String } == ["delivered", "accepted"])
        let html = try String(contentsOf: dir.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(html.contains("Festival des communs") && html.contains("104,17\u{00A0}€") && html.contains("Deux chambres chez l&#39;habitant"))
        // The campaign and its figures hold against the demo's public ledger.
        c.env["CHAPEAU_CONFIG"] = c.dir.appendingPathComponent("showcase/Config/chapeau.toml").path
        let shown = try #require(try c.json("campaign", "show", "festival-2026", "--json") as? [String: Any])
        #expect(shown["share_minor"] as? Int == 10417 && shown["beyond_minor"] as? Int == 6000)
        #expect(c.run("export", "--public", "--output", "public.csv").code == 0)
        let v = c.run("verify", "--public", "public.csv", "--report", "showcase/Reports/2026-11-H1/report.json")
        #expect(v.code == 0 && v.out.contains("campaigns"), "\(v.out) \(v.err)")
    }
}
