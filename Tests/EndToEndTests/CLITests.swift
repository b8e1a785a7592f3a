import Foundation
import GRDB
import Testing

@Suite("The chapeau command line, end to end")
struct CLITests {
    /// A workspace with two supporters, gifts, a pledge, an offer, a need and an expense.
    func seeded() throws -> CLI {
        let c = try CLI()
        let steps: [[String]] = [
            ["supporter", "add", "marie", "--name", "Marie Dupont", "--email", "marie@example.org", "--visibility", "public"],
            ["supporter", "add", "bob"],
            ["gift", "add", "12,50 €", "--from", "marie", "--channel", "bank", "--date", "2026-11-02"],
            ["gift", "add", "3 PTJ", "--from", "bob", "--date", "2026-11-03"],
            ["pledge", "add", "5", "--every", "month", "--from", "bob", "--start", "2026-09-05"],
            ["offer", "add", "Relecture", "--kind", "skill", "--from", "marie", "--quantity", "6 h"],
            ["need", "add", "Loyer", "350 €", "--every", "month", "--start", "2026-01-01"],
            ["expense", "add", "Hébergement", "9,99", "--date", "2026-11-03"],
        ]
        for s in steps {
            let r = c.run(s)
            guard r.code == 0 else { throw CLIError.setup("\(s) → \(r.code) \(r.err)") }
        }
        return c
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let args: [String]; let code: Int32; let says: String
        var testDescription: String { "chapeau \(args.joined(separator: " ")) → \(code)" }
    }

    static let cases: [Case] = [
        .init(args: ["--help"], code: 0, says: "USAGE"),
        .init(args: ["gift", "add", "--help"], code: 0, says: "12,50 €"),
        .init(args: ["--version"], code: 0, says: "0.1.0"),
        .init(args: ["supporter", "add", "claire", "--visibility", "anonymous"], code: 0, says: "s-3"),
        .init(args: ["supporter", "add", "marie"], code: 65, says: "exists already"),
        .init(args: ["supporter", "add", "x", "--visibility", "secret"], code: 64, says: "error:"),
        .init(args: ["supporter", "add", "x", "--email", "not-an-address"], code: 65, says: "not an e-mail"),
        .init(args: ["supporter", "list"], code: 0, says: "marie"),
        .init(args: ["gift", "add", "20 €", "--from", "marie"], code: 0, says: "g-3"),
        .init(args: ["gift", "add", "12,345"], code: 65, says: "'12,345' has more than 2 decimals"),
        .init(args: ["gift", "add", "0"], code: 65, says: "'0' is zero"),
        .init(args: ["gift", "add", "--", "-5"], code: 65, says: "'-5' is negative"),
        .init(args: ["gift", "add", "5 XYZ"], code: 65, says: "unknown unit 'XYZ'"),
        .init(args: ["gift", "add", "EUR 5", "--unit", "PTJ"], code: 65, says: "but --unit says PTJ"),
        .init(args: ["gift", "add", "2000000000"], code: 65, says: "above the ceiling"),
        .init(args: ["gift", "add", "5", "--from", "nobody"], code: 65, says: "chapeau supporter add nobody"),
        .init(args: ["gift", "add", "5", "--date", "2026-02-30"], code: 65, says: "'2026-02-30' is not a date"),
        .init(args: ["gift", "add", "5", "--date", "2027-01-01"], code: 65, says: "in the future"),
        .init(args: ["gift", "add", "5", "--pledge", "g-1"], code: 65, says: "not a pledge id"),
        .init(args: ["gift", "add", "5", "--from", "bob", "--pledge", "p-1"], code: 0, says: "pledge=p-1"),
        .init(args: ["gift", "add"], code: 64, says: "error:"),
        .init(args: ["pledge", "add", "5", "--every", "fortnight"], code: 64, says: "error:"),
        .init(args: ["pledge", "add", "5", "--every", "week", "--start", "2026-11-01", "--end", "2026-10-01"], code: 65, says: "before the start"),
        .init(args: ["pledge", "end", "p-1", "--date", "2026-12-31"], code: 0, says: "pe-1"),
        .init(args: ["pledge", "end", "p-9"], code: 65, says: "no entry p-9"),
        .init(args: ["pledge", "overdue"], code: 0, says: "p-1"),
        .init(args: ["offer", "accept", "o-1"], code: 0, says: "accepted"),
        .init(args: ["offer", "deliver", "o-1"], code: 65, says: "cannot move to delivered"),
        .init(args: ["offer", "decline", "o-1"], code: 0, says: "declined"),
        .init(args: ["offer", "withdraw", "o-1"], code: 0, says: "withdrawn"),
        .init(args: ["offer", "add", "Chambre", "--kind", "lodging"], code: 0, says: "o-2"),
        .init(args: ["offer", "add", "x", "--kind", "money"], code: 64, says: "error:"),
        .init(args: ["need", "add", "Loyer", "abc", "--every", "month"], code: 65, says: "'abc' is not an amount"),
        .init(args: ["offer", "add", "Lit", "--kind", "lodging", "--need", "n-9"], code: 65, says: "no entry n-9"),
        .init(args: ["campaign", "add", "fete", "--name", "Fête", "--fixed-costs", "90 €", "--participants", "4"], code: 0, says: "c-1"),
        .init(args: ["campaign", "add", "fete", "--name", "Fête", "--participants", "0"], code: 65, says: "participants 0"),
        .init(args: ["campaign", "add", "Fête", "--name", "Fête"], code: 65, says: "slug 'Fête' is not valid"),
        .init(args: ["campaign", "show", "nope"], code: 65, says: "no campaign 'nope'"),
        .init(args: ["expense", "add", "", "5"], code: 65, says: "the label is empty"),
        .init(args: ["void", "g-1", "--reason", "doublon"], code: 0, says: "v-1"),
        .init(args: ["void", "g-1"], code: 64, says: "--reason"),
        .init(args: ["void", "s-1", "--reason", "x"], code: 65, says: "supporter erase"),
        .init(args: ["void", "zz", "--reason", "x"], code: 65, says: "not an entry id"),
        .init(args: ["list"], code: 0, says: "g-1"),
        .init(args: ["list", "gifts", "--period", "2026-11"], code: 0, says: "12.50 EUR"),
        .init(args: ["list", "--period", "2026-13"], code: 65, says: "is not a period"),
        .init(args: ["list", "donations"], code: 64, says: "error:"),
        .init(args: ["verify"], code: 0, says: "Ledger intact"),
        .init(args: ["backup", "copy.sqlite"], code: 0, says: "Backed up"),
        .init(args: ["supporter", "erase", "bob"], code: 0, says: "x-1"),
        .init(args: ["supporter", "erase", "nobody"], code: 65, says: "no supporter 'nobody'"),
        .init(args: ["init"], code: 64, says: "refusing to overwrite"),
        .init(args: ["frobnicate"], code: 64, says: "error:"),
        .init(args: ["list", "--config", "/nonexistent/chapeau.toml"], code: 74, says: "no config at /nonexistent/chapeau.toml"),
    ]

    @Test(arguments: cases)
    func exitCodes(_ c: Case) throws {
        let cli = try seeded()
        let r = cli.run(c.args)
        #expect(r.code == c.code, "stdout: \(r.out)\nstderr: \(r.err)")
        #expect((r.out + r.err).contains(c.says), "stdout: \(r.out)\nstderr: \(r.err)")
        if c.code != 0 && c.code != 1 {
            let lines = r.err.split(separator: "\n")
            #expect(lines.count == 1, "one error line, got: \(r.err)")
            #expect(r.err.hasPrefix("error: "))
            // The line itself is pinned (the workspace's temporary folder written as <workspace>).
            CLIGolden.check(r.err.replacingOccurrences(of: cli.dir.path, with: "<workspace>"), against: c.goldenFile)
        }
    }

    @Test("A command that fails writes nothing")
    func failuresWriteNothing() throws {
        let cli = try seeded()
        let before = try cli.json("verify", "--json") as? [String: Any]
        for args in [["gift", "add", "5", "--from", "nobody"], ["void", "g-1", "--reason", "x"], ["void", "g-1", "--reason", "x"],
                     ["offer", "deliver", "o-1"], ["gift", "add", "5", "--pledge", "p-7"]] {
            cli.run(args)
        }
        let after = try cli.json("verify", "--json") as? [String: Any]
        // Only the first void was valid: one entry more, nothing else.
        #expect((after?["entries"] as? Int) == ((before?["entries"] as? Int) ?? 0) + 1)
    }

    @Test func listJSONHasTheDocumentedFields() throws {
        let cli = try seeded()
        cli.run("void", "g-1", "--reason", "doublon")
        let rows = try #require(try cli.json("list", "gifts", "--json") as? [[String: Any]])
        #expect(rows.count == 2)
        let first = rows[0]
        #expect(first["id"] as? String == "g-1")
        #expect(first["kind"] as? String == "gift")
        #expect(first["date"] as? String == "2026-11-02")
        #expect(first["amount_minor"] as? Int == 1250)
        #expect(first["amount"] as? String == "12.50")
        #expect(first["unit"] as? String == "EUR")
        #expect(first["supporter"] as? String == "marie")
        #expect(first["voided"] as? Bool == true)
        #expect(rows[1]["voided"] as? Bool == false)
        #expect(rows[1]["unit"] as? String == "PTJ")
        let anonymous = try #require(try cli.json("gift", "add", "7", "--json") as? [String: Any])
        #expect(anonymous["supporter"] is NSNull)
        #expect(anonymous["id"] as? String == "g-3")
    }

    @Test("4 processes × 50 gift add at once record 200 gifts and the chain holds")
    func concurrentWriters() async throws {
        let cli = try CLI()
        await withTaskGroup(of: Void.self) { group in
            for w in 0..<4 {
                group.addTask {
                    for i in 0..<50 { cli.run("gift", "add", "\(w + 1),\(i < 10 ? "0" : "")\(i)", "--channel", "w\(w)") }
                }
            }
        }
        let rows = try #require(try cli.json("list", "gifts", "--json") as? [[String: Any]])
        #expect(rows.count == 200)
        let ids = Set(rows.compactMap { $0["id"] as? String })
        #expect(ids.count == 200)
        let verify = cli.run("verify")
        #expect(verify.code == 0, "\(verify.out)")
    }

    @Test("Tampering with the file directly makes verify exit 1 and name the entry")
    func tamperingIsNamed() throws {
        for (sql, named) in [
            ("UPDATE entry SET amount_minor = 999999 WHERE id = 'g-1'", "g-1:"),
            ("DELETE FROM entry WHERE id = 'g-1'", "g-2:"),
            ("INSERT INTO entry (id, type, number, recorded_at, day, amount_minor, unit, prev_hash, hash) SELECT 'g-9', 'gift', 9, recorded_at, '2026-11-10', 50000, 'EUR', hash, '\(String(repeating: "c", count: 64))' FROM entry ORDER BY seq DESC LIMIT 1", "g-9:"),
        ] {
            let cli = try seeded()
            var config = Configuration()
            config.foreignKeysEnabled = false
            let q = try DatabaseQueue(path: cli.ledger, configuration: config)
            try q.writeWithoutTransaction { db in
                try db.execute(sql: "DROP TRIGGER entry_append_only_update; DROP TRIGGER entry_append_only_delete")
                try db.execute(sql: sql)
            }
            try q.close()
            let r = cli.run("verify")
            #expect(r.code == 1, "\(sql): \(r.out) \(r.err)")
            #expect(r.out.contains(named), "\(sql): \(r.out)")
        }
    }

    @Test("A kept total edited directly: verify exits 1 naming it; --rebuild-totals mends it, but never over an edited journal")
    func keptTotals() throws {
        let cli = try seeded()
        let edit = { (sql: String) in
            let q = try DatabaseQueue(path: cli.ledger)
            try q.writeWithoutTransaction { db in try db.execute(sql: sql) }
            try q.close()
        }
        try edit("UPDATE agg_gift_day SET minor = minor * 10")
        let r = cli.run("verify")
        #expect(r.code == 1 && r.out.contains("the kept totals (agg_gift_day "), "\(r.out) \(r.err)")
        let mended = cli.run("verify", "--rebuild-totals")
        #expect(mended.code == 0, "\(mended.out) \(mended.err)")
        #expect(cli.run("verify").code == 0)
        // The journal edited as well: the totals are left as they are and the entry named.
        try edit("DROP TRIGGER entry_append_only_update; UPDATE entry SET amount_minor = 1 WHERE id = 'g-1'; UPDATE agg_gift_day SET gifts = gifts + 5")
        let refused = cli.run("verify", "--rebuild-totals")
        #expect(refused.code == 1 && refused.out.contains("g-1:") && refused.out.contains("the kept totals"), "\(refused.out)")
        let q = try DatabaseQueue(path: cli.ledger)
        #expect(try q.read { try Int.fetchOne($0, sql: "SELECT MAX(gifts) FROM agg_gift_day") } ?? 0 >= 6, "rebuilt over an edited journal")
        try q.close()
    }

    @Test("Erasing a supporter keeps verify passing and removes their name and e-mail from the file")
    func erasure() throws {
        let cli = try CLI()
        cli.run("supporter", "add", "zq", "--name", "Zéphyrine Quatremare", "--email", "zq-8812@example.org", "--visibility", "public")
        for i in 1...20 { cli.run("gift", "add", "\(i)", "--from", "zq", "--note", "private-note-\(i)-Quatremare") }
        #expect(cli.run("supporter", "erase", "zq").code == 0)
        #expect(cli.run("verify").code == 0)
        let rows = try #require(try cli.json("list", "gifts", "--json") as? [[String: Any]])
        #expect(rows.count == 20)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: cli.ledger))
        if let wal = try? Data(contentsOf: URL(fileURLWithPath: cli.ledger + "-wal")) { bytes.append(wal) }
        for secret in ["Quatremare", "Zéphyrine", "zq-8812@example.org", "private-note"] {
            #expect(bytes.range(of: Data(secret.utf8)) == nil, "\(secret) is still in the ledger file")
        }
    }

    @Test func initScaffoldsAWorkspace() throws {
        let cli = try CLI(initialise: false)
        let r = cli.run("init", "site", "--author", "Jean \"JJ\" Dupont")
        #expect(r.code == 0, "\(r.err)")
        for p in ["site/Config/chapeau.toml", "site/Reports/README.md", "site/data/ledger.sqlite"] {
            #expect(FileManager.default.fileExists(atPath: cli.dir.appendingPathComponent(p).path), "\(p)")
        }
        let config = try String(contentsOf: cli.dir.appendingPathComponent("site/Config/chapeau.toml"), encoding: .utf8)
        #expect(config.contains(#"name = "Jean \"JJ\" Dupont""#))
        let mode = try FileManager.default.attributesOfItem(atPath: cli.dir.appendingPathComponent("site/data/ledger.sqlite").path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        // CHAPEAU_CONFIG points commands at the workspace from anywhere.
        cli.env["CHAPEAU_CONFIG"] = cli.dir.appendingPathComponent("site/Config/chapeau.toml").path
        #expect(cli.run("gift", "add", "5").code == 0)
        #expect(cli.run("list").out.contains("g-1"))
        #expect(cli.run("init", "site").code == 64)
    }

    @Test("A bad config is refused, naming the key")
    func badConfig() throws {
        let cli = try CLI()
        let path = cli.dir.appendingPathComponent("Config/chapeau.toml")
        let good = try String(contentsOf: path, encoding: .utf8)
        for (edit, says) in [
            (good.replacingOccurrences(of: "min_group = 3", with: "min_group = \"three\""), "reports.min_group: should be a whole number"),
            (good.replacingOccurrences(of: "[reports]", with: "[reports]\ncolour = \"blue\""), "reports.colour: unknown key"),
            (good.replacingOccurrences(of: "cadence = \"monthly\"", with: "cadence = \"fortnightly\""), "reports.cadence: 'fortnightly' is not one of"),
            (good.replacingOccurrences(of: "timezone = \"Europe/Paris\"", with: "timezone = \"Mars/Olympus\""), "ledger.timezone"),
            (good + "\n[[units]]\ncode = \"EUR\"\n", "is an ISO 4217 currency already"),
            ("[author\nname=", "line 1"),
        ] {
            try Data(edit.utf8).write(to: path)
            let r = cli.run("list")
            #expect(r.code == 65, "\(says): \(r.err)")
            #expect(r.err.contains(says), "\(r.err)")
            #expect(r.err.contains("chapeau.toml"), "\(r.err)")
        }
    }
}
