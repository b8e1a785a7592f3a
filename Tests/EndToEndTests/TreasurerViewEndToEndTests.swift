import Foundation
import Testing

/// Issue 15, "The treasurer's view", as a user meets it on the command line.
@Suite("The treasurer's view, end to end")
struct TreasurerViewEndToEndTests {
    static func rows(_ cli: CLI, _ args: String...) throws -> [[String: Any]] {
        let r = cli.run(args)
        #expect(r.code == 0, "\(args): \(r.err)")
        return try #require(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [[String: Any]])
    }

    @Test("list offers and list pledges say where each stands, in JSON and on the terminal")
    func standings() throws {
        let cli = try CLI()
        #expect(cli.run("supporter", "add", "marie").code == 0)
        #expect(cli.run("offer", "add", "Relecture", "--kind", "skill", "--from", "marie", "--date", "2026-11-01").code == 0)
        #expect(cli.run("offer", "accept", "o-1", "--date", "2026-11-03").code == 0)
        #expect(cli.run("offer", "deliver", "o-1", "--date", "2026-11-10").code == 0)
        let offer = try #require(try Self.rows(cli, "list", "offers", "--json").first { $0["id"] as? String == "o-1" })
        #expect(offer["status"] as? String == "delivered", "\(offer)")
        #expect(offer["since"] as? String == "2026-11-10")
        #expect(cli.run("list", "offers").out.contains("status=delivered since=2026-11-10"))

        #expect(cli.run("pledge", "add", "5 €", "--every", "month", "--from", "marie", "--start", "2025-01-05").code == 0)
        #expect(cli.run("pledge", "end", "p-1", "--date", "2025-12-31").code == 0)
        #expect(cli.run("pledge", "add", "2 €", "--every", "month", "--start", "2026-10-01").code == 0)
        let pledges = try Self.rows(cli, "list", "pledges", "--json")
        let p1 = try #require(pledges.first { $0["id"] as? String == "p-1" })
        #expect(p1["end"] as? String == "2025-12-31", "\(p1)")
        #expect(p1["status"] as? String == "ended")
        #expect(p1["overdue"] as? Int == 12)
        let p2 = try #require(pledges.first { $0["id"] as? String == "p-2" })
        #expect(p2["end"] is NSNull, "\(p2)")
        #expect(p2["status"] as? String == "active")
        #expect(p2["overdue"] as? Int == 2)
        let text = cli.run("list", "pledges").out
        #expect(text.contains("status=ended") && text.contains("overdue=12"), "\(text)")
    }

    // MARK: text that starts with '-'

    /// Every free-text option, with a command that takes it (the value goes last).
    static let freeTextOptions: [(option: String, command: [String], field: String)] = [
        ("--note", ["gift", "add", "3"], "note"),
        ("--channel", ["gift", "add", "3"], "channel"),
        ("--campaign", ["gift", "add", "3"], "campaign"),
        ("--ref", ["gift", "add", "3"], "reference"),
        ("--category", ["expense", "add", "Papier", "4"], "category"),
        ("--name", ["supporter", "add", "HANDLE"], "name"),
    ]

    @Test("Free-text options take values that start with '-'; amounts and dates still refuse them clearly")
    func leadingDash() throws {
        let cli = try CLI()
        var n = 0, voided = 0
        for value in try Hostile.values("leading-dash.txt") {
            for (option, command, field) in Self.freeTextOptions {
                n += 1
                let args = command.map { $0 == "HANDLE" ? "h\(n)" : $0 } + [option, value, "--json"]
                let r = cli.run(args)
                #expect(r.code == 0, "\(args): \(r.err)")
                guard r.code == 0 else { continue }
                let entry = try #require(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
                let stored = entry[field] as? String
                let expected = field == "note" ? value : value.trimmingCharacters(in: .whitespaces)
                #expect(stored == (field == "channel" ? expected.lowercased() : expected), "\(args) stored \(stored ?? "nil")")
            }
            voided += 1
            let reason = cli.run("void", "g-\(voided)", "--reason", value, "--json")
            #expect(reason.code == 0, "--reason \(value): \(reason.err)")
        }
        // The case of the issue, and the '=' form that always worked.
        #expect(cli.run("gift", "add", "3", "--note", "-2+3 NOTE").code == 0)
        #expect(cli.run("gift", "add", "3", "--note=-2").code == 0)
        #expect(cli.run("init", "other", "--author", "-Anonyme-").code == 0)

        // Labels and descriptions (arguments, not options) that start with '-' go after '--'.
        let expense = cli.run("expense", "add", "--date", "2026-11-02", "--json", "--", "-10 % promo", "5")
        #expect(expense.code == 0, "\(expense.err)")
        #expect(expense.out.contains("\"label\" : \"-10 % promo\""), "\(expense.out)")
        #expect(cli.run("need", "add", "--every", "month", "--", "--> loyer", "350").code == 0)
        #expect(cli.run("offer", "add", "--kind", "skill", "--", "-relecture-").code == 0)
        // Without '--', the refusal says how to write it.
        let refused = cli.run("expense", "add", "-10 % promo", "5")
        Hostile.expectRefused(refused, "expense add -10 % promo", codes: [64], naming: ["'-10 % promo'", "'--'"])

        // Amounts and dates keep their clear refusal.
        Hostile.expectRefused(cli.run("gift", "add", "-3"), "gift add -3", codes: [64], naming: ["'-3' reads as an option"])
        Hostile.expectRefused(cli.run("gift", "add", "3", "--date", "-2026-01-01"), "--date", codes: [64], naming: ["'-2026-01-01'"])
        Hostile.expectRefused(cli.run("offer", "add", "Vélo", "--kind", "object", "--value", "-40"), "--value -40", codes: [64],
                              naming: ["'-40'"])
        // A text option's value is not blamed when something else is missing.
        let missing = cli.run("gift", "add", "--note", "-2")
        Hostile.expectRefused(missing, "gift add --note -2", codes: [64])
        #expect(!missing.err.contains("'-2' reads as an option"), "\(missing.err)")
        #expect(cli.run("verify").code == 0)
    }

    // MARK: units whose code holds a digit

    @Test("A unit whose code holds a digit is read in every amount form")
    func unitWithDigit() throws {
        let cli = try CLI()
        let configURL = cli.dir.appendingPathComponent("Config/chapeau.toml")
        let config = try String(contentsOf: configURL, encoding: .utf8)
            + "\n[[units]]\ncode = \"Sol2\"\nname = \"Sol violette\"\ndecimals = 2\n"
        try Data(config.utf8).write(to: configURL)
        for text in ["7.25 Sol2", "Sol2 7.25", "7,25 Sol2", "7,25 SOL2", "7.25Sol2"] {
            let r = cli.run("gift", "add", text, "--date", "2026-11-02", "--json")
            #expect(r.code == 0, "\(text): \(r.err)")
            #expect(r.out.contains("\"unit\" : \"Sol2\"") && r.out.contains("\"amount_minor\" : 725"), "\(text): \(r.out)")
        }
        #expect(cli.run("gift", "add", "7.25", "--unit", "Sol2").code == 0)
        Hostile.expectRefused(cli.run("gift", "add", "7.25 Sol2", "--unit", "EUR"), "Sol2 vs --unit EUR", naming: ["7.25 Sol2"])
        Hostile.expectRefused(cli.run("gift", "add", "7.25 Sol3"), "unknown Sol3", naming: ["Sol3"])
        Hostile.expectRefused(cli.run("gift", "add", "7.255 Sol2"), "too many decimals", naming: ["7.255 Sol2"])
    }

    // MARK: the public ledger as JSON Lines

    @Test("export --public writes JSON Lines too: the same rows and pseudonyms as the CSV, nothing private")
    func publicJSONLines() throws {
        let cli = try CLI()
        #expect(cli.run("supporter", "add", "marie", "--name", "Marie Secretname", "--email", "marie-7781@example.org").code == 0)
        #expect(cli.run("gift", "add", "12,50 €", "--from", "marie", "--date", "2026-11-02", "--note", "note-privee-1",
                        "--ref", "REF-SECRET-9", "--campaign", "=rentrée").code == 0)
        #expect(cli.run("gift", "add", "3 PTJ", "--date", "2026-11-03").code == 0)
        #expect(cli.run("pledge", "add", "5", "--every", "month", "--from", "marie", "--start", "2026-10-01").code == 0)
        #expect(cli.run("offer", "add", "Relecture", "--kind", "skill", "--from", "marie", "--value", "40 €").code == 0)
        #expect(cli.run("offer", "accept", "o-1").code == 0)
        #expect(cli.run("expense", "add", "Hébergement", "9,99 €", "--date", "2026-11-04").code == 0)
        #expect(cli.run("gift", "add", "1", "--date", "2026-11-04").code == 0)
        #expect(cli.run("void", "g-3", "--reason", "twice").code == 0)

        let jsonl = cli.run("export", "--public", "--format", "jsonl")
        #expect(jsonl.code == 0, "\(jsonl.err)")
        let csv = cli.run("export", "--public")
        #expect(csv.code == 0)
        for secret in ["marie", "Secretname", "@example.org", "note-privee", "REF-SECRET"] {
            #expect(!jsonl.out.contains(secret), "\(secret) in the public JSON Lines")
        }
        let lines = jsonl.out.split(separator: "\n")
        let objects = try lines.map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        #expect(objects.count == csv.out.split(separator: "\n").count - 1, "one object per CSV row")
        #expect(!objects.contains { $0["id"] as? String == "g-3" }, "voided entries are left out")
        let gift = try #require(objects.first { $0["id"] as? String == "g-1" })
        #expect(gift["amount"] as? String == "12.50" && gift["amount_minor"] as? Int == 1250 && gift["unit"] as? String == "EUR")
        #expect(gift["campaign"] as? String == "=rentrée", "JSON needs no spreadsheet neutralising")
        let pseudonym = try #require(gift["supporter"] as? String)
        #expect(pseudonym.hasPrefix("anon-") && csv.out.contains(pseudonym), "the same keyed pseudonym as the CSV")
        #expect(objects.first { $0["id"] as? String == "g-2" }?["supporter"] is NSNull)
        #expect(Set(objects.flatMap(\.keys)) == ["id", "date", "kind", "amount", "amount_minor", "unit", "supporter", "channel",
                                                  "campaign", "category", "link", "every", "end", "status", "label", "participants"])
        // Written to a file: public, like the CSV.
        #expect(cli.run("export", "--public", "--format", "jsonl", "--output", "public.jsonl").code == 0)
        let mode = try FileManager.default.attributesOfItem(atPath: cli.dir.appendingPathComponent("public.jsonl").path)[.posixPermissions] as? Int
        #expect(mode == 0o644)
        // Other formats stay private-only.
        Hostile.expectRefused(cli.run("export", "--public", "--format", "hledger"), "--public hledger", codes: [64], naming: ["hledger"])
    }

    @Test("verify --public reads the JSON Lines ledger and catches a forged amount in it")
    func verifyJSONLines() throws {
        let cli = try CLI()
        #expect(cli.run("supporter", "add", "marie").code == 0)
        #expect(cli.run("gift", "add", "12,50 €", "--from", "marie", "--date", "2026-11-02").code == 0)
        #expect(cli.run("gift", "add", "3 €", "--date", "2026-11-03").code == 0)
        #expect(cli.run("need", "add", "Loyer", "350 €", "--every", "month", "--start", "2026-01-01").code == 0)
        #expect(cli.run("report", "build", "2026-11", "--format", "json", "--output", "Built", "--now", "2026-12-02T08:00:00Z").code == 0)
        #expect(cli.run("export", "--public", "--format", "jsonl", "--output", "public.jsonl").code == 0)
        let ok = cli.run("verify", "--public", "public.jsonl", "--report", "Built/2026-11/report.json")
        #expect(ok.code == 0, "\(ok.out) \(ok.err)")
        let text = try String(contentsOf: cli.dir.appendingPathComponent("public.jsonl"), encoding: .utf8)
        let forged = text.replacingOccurrences(of: "\"amount\":\"12.50\",\"amount_minor\":1250", with: "\"amount\":\"99.50\",\"amount_minor\":9950")
        #expect(forged != text)
        try Data(forged.utf8).write(to: cli.dir.appendingPathComponent("forged.jsonl"))
        #expect(cli.run("verify", "--public", "forged.jsonl", "--report", "Built/2026-11/report.json").code == 1)
        // An amount that says one thing in decimals and another in minor units is not a Chapeau line.
        let torn = text.replacingOccurrences(of: "\"amount\":\"12.50\"", with: "\"amount\":\"99.50\"")
        try Data(torn.utf8).write(to: cli.dir.appendingPathComponent("torn.jsonl"))
        Hostile.expectRefused(cli.run("verify", "--public", "torn.jsonl", "--report", "Built/2026-11/report.json"), "torn.jsonl",
                              codes: [65], naming: ["torn.jsonl:1"])
        try Data("{\"id\": \"g-1\", \"date\": 12}\nnot json\n".utf8).write(to: cli.dir.appendingPathComponent("bad.jsonl"))
        Hostile.expectRefused(cli.run("verify", "--public", "bad.jsonl", "--report", "Built/2026-11/report.json"), "bad.jsonl",
                              codes: [65], naming: ["bad.jsonl"])
    }
}
