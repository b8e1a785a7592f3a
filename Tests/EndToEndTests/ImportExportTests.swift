import Foundation
import Testing

/// hledger (Debian) and bean-check (PyPI beancount) checked against Chapeau's own totals.
/// A missing tool is a failure that says how to install it, never a silent skip: `.ci/run`
/// and `make test` install them.
enum ExternalTool {
    static func find(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let candidate = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    static var onCI: Bool {
        guard let v = ProcessInfo.processInfo.environment["CI"] else { return false }
        return !v.isEmpty && v != "0" && v.lowercased() != "false"
    }

    static let hledger = find("hledger")
    static let beanCheck = find("bean-check")

    /// Runs a program, returning its exit code and outputs.
    static func run(_ executable: String, _ args: [String], in dir: URL) throws -> (code: Int32, out: String, err: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = args
        p.currentDirectoryURL = dir
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = FileHandle.nullDevice
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }
}

@Suite("chapeau import and export, end to end")
struct ImportExportTests {
    static let fixtures = CLI.packageRoot.appendingPathComponent("Tests/Fixtures/import")
    static func fixture(_ name: String) -> String { fixtures.appendingPathComponent(name).path }

    /// Gifts in EUR, PTJ and hours through odd channels, one voided, one with a formula note.
    func seeded() throws -> CLI {
        let c = try CLI()
        let steps: [[String]] = [
            ["supporter", "add", "marie", "--name", "Marie Dupont", "--email", "marie@example.org", "--visibility", "public"],
            ["supporter", "add", "bob"],
            ["gift", "add", "12,50 €", "--from", "marie", "--channel", "bank", "--date", "2026-11-02", "--note", "=SUM(A1:A9)"],
            ["gift", "add", "1 234,56", "--channel", "Crédit Mutuel", "--date", "2026-11-03", "--ref", "VIR-77"],
            ["gift", "add", "3 PTJ", "--from", "bob", "--date", "2026-11-03"],
            ["gift", "add", "2.5", "--unit", "h", "--from", "bob", "--date", "2026-11-04", "--channel", "temps donné"],
            ["gift", "add", "99", "--channel", "cash", "--date", "2026-11-05"],
            ["void", "g-5", "--reason", "recorded twice"],
            ["gift", "add", "20 USD", "--from", "marie", "--channel", "paypal", "--date", "2026-10-30"],
        ]
        for s in steps {
            let r = c.run(s)
            guard r.code == 0 else { throw CLIError.setup("\(s) → \(r.code) \(r.err)") }
        }
        return c
    }

    /// Gifts not voided, per unit: minor units summed.
    func giftTotals(_ c: CLI) throws -> [String: Int64] {
        let rows = try #require(try c.json("list", "gifts", "--json") as? [[String: Any]])
        var out: [String: Int64] = [:]
        for r in rows where (r["voided"] as? Bool) == false {
            if let u = r["unit"] as? String, let m = r["amount_minor"] as? Int { out[u, default: 0] += Int64(m) }
        }
        return out
    }

    func entryCount(_ c: CLI) throws -> Int {
        try #require(try c.json("list", "--json") as? [Any]).count
    }

    struct Preset: Sendable, CustomTestStringConvertible {
        let file: String, format: String, gifts: Int
        var testDescription: String { "\(file) as \(format)" }
    }

    @Test("Every preset's fixture imports, and importing it again records nothing", arguments: [
        Preset(file: "generic.csv", format: "generic", gifts: 4),
        Preset(file: "helloasso.csv", format: "helloasso", gifts: 4),
        Preset(file: "liberapay-patrons.csv", format: "liberapay", gifts: 0),
        Preset(file: "liberapay-ledger.csv", format: "liberapay", gifts: 3),
        Preset(file: "opencollective.csv", format: "opencollective", gifts: 2),
        Preset(file: "patreon.csv", format: "patreon", gifts: 3),
        Preset(file: "bank-fr.csv", format: "bank-fr", gifts: 3),
        Preset(file: "bank-fr-latin1.csv", format: "bank-fr", gifts: 1),
    ])
    func presets(_ p: Preset) throws {
        let c = try CLI()
        let first = c.run("import", Self.fixture(p.file), "--format", p.format)
        #expect(first.code == 0, "\(first.err)")
        #expect(first.out.hasPrefix("Imported \(p.gifts) gift"))
        #expect(try #require(try c.json("list", "gifts", "--json") as? [Any]).count == p.gifts)
        let count = try entryCount(c)
        let again = c.run("import", Self.fixture(p.file), "--format", p.format)
        #expect(again.code == 0)
        #expect(again.out.hasPrefix("Imported 0 gifts, 0 supporters, 0 pledges"))
        #expect(again.out.contains("already recorded"))
        #expect(try entryCount(c) == count)
        #expect(c.run("verify").code == 0)
    }

    @Test("Bad rows: exit 65, one error line, then every bad row with its line and column; the ledger is unchanged")
    func badRows() throws {
        let c = try seeded()
        let before = try entryCount(c)
        let r = c.run("import", Self.fixture("generic-bad.csv"))
        #expect(r.code == 65)
        let lines = r.err.split(separator: "\n").map(String.init)
        #expect(lines.count == 5)
        #expect(lines.filter { $0.hasPrefix("error:") }.count == 1)
        #expect(lines.first?.hasPrefix("error: 4 bad rows in ") == true)
        let file = Self.fixture("generic-bad.csv")
        #expect(lines.dropFirst().map { $0.components(separatedBy: ": ").prefix(2).joined(separator: ": ") } == [
            "  \(file):3: column 2 (date)", "  \(file):4: column 4 (amount)",
            "  \(file):5: column 5 (unit)", "  \(file):7: column 6 (supporter)",
        ])
        #expect(r.out.isEmpty)
        #expect(try entryCount(c) == before)
    }

    @Test("--dry-run says what would be recorded and writes nothing")
    func dryRun() throws {
        let c = try CLI()
        let r = c.run("import", Self.fixture("patreon.csv"), "--format", "patreon", "--dry-run")
        #expect(r.code == 0)
        let lines = r.out.split(separator: "\n").map(String.init)
        #expect(lines.last?.hasPrefix("Dry run, nothing written: would import 3 gifts, 3 supporters, 2 pledges") == true)
        #expect(lines.first == "\(Self.fixture("patreon.csv")) (patreon):")
        #expect(lines.filter { $0.contains(" gift ") }.count == 3)
        #expect(try entryCount(c) == 0)
        let json = try #require(try c.json("import", Self.fixture("patreon.csv"), "--format", "patreon", "--dry-run", "--json") as? [String: Any])
        #expect(json["dry_run"] as? Bool == true)
        #expect(json["pledges"] as? Int == 2)
        let review = try #require(json["rows_review"] as? [[String: Any]])
        #expect(review.count == 5)
        #expect(review.allSatisfy { $0["line"] is Int && $0["class"] is String })
        #expect(try entryCount(c) == 0)
    }

    @Test("A file in another format is refused with a hint; a missing file is an I/O error")
    func wrongFile() throws {
        let c = try CLI()
        let r = c.run("import", Self.fixture("bank-fr.csv"), "--format", "generic")
        #expect(r.code == 65)
        #expect(r.err.contains("this is not Chapeau's generic CSV"))
        #expect(r.err.contains("use --format bank-fr"))
        #expect(c.run("import", "nowhere.csv").code == 74)
        let unknown = c.run("import", Self.fixture("generic.csv"), "--format", "nosuch")
        #expect(unknown.code == 64)
        #expect(unknown.err.contains("'nosuch' is not a format"))
        let odd = c.dir.appendingPathComponent("odd.csv")
        try Data("colour;size;weight\nred;3;4\n".utf8).write(to: odd)
        let none = c.run("import", odd.path)
        #expect(none.code == 65)
        #expect(none.err.contains("no format Chapeau knows fits this file"))
    }

    @Test("export csv, then import generic into a new ledger: the same gifts")
    func roundTrip() throws {
        let c = try seeded()
        let exported = c.run("export", "--output", "gifts.csv")
        #expect(exported.code == 0)
        #expect(exported.out.isEmpty)
        let path = c.dir.appendingPathComponent("gifts.csv").path
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int == 0o600)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains(",'=SUM(A1:A9)\n"))
        let other = try CLI()
        let r = other.run("import", path)
        #expect(r.code == 0, "\(r.err)")
        func gifts(_ cli: CLI) throws -> [String] {
            try #require(try cli.json("list", "gifts", "--json") as? [[String: Any]])
                .filter { ($0["voided"] as? Bool) == false }
                .map { g in ["date", "amount", "unit", "supporter", "channel", "reference", "note", "campaign"]
                    .map { "\(g[$0] ?? "-")" }.joined(separator: "|") }
        }
        #expect(try gifts(other) == gifts(c))
        #expect(try giftTotals(other) == giftTotals(c))
    }

    @Test("The public export names no one and holds no private text")
    func publicExport() throws {
        let c = try seeded()
        let r = c.run("export", "--public")
        #expect(r.code == 0)
        for secret in ["marie", "Marie", "example.org", "bob", "SUM", "VIR-77", "recorded twice"] {
            #expect(!r.out.contains(secret), "the public export shows \(secret)")
        }
        #expect(r.out.contains(",anon-"))
        #expect(c.run("export", "--public").out == r.out)
        #expect(c.run("export", "--public", "--format", "beancount").code == 64)
    }

    /// Parses amounts as hledger and beancount print them (`-1234.56`) into minor units.
    func minor(_ text: String, decimals: Int) -> Int64? {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: ".")
        guard let whole = parts.first, let w = Int64(whole) else { return nil }
        let frac = parts.count > 1 ? String(parts[1]) : ""
        guard frac.count <= decimals, let f = Int64(frac.isEmpty ? "0" : frac) else { return nil }
        var scale: Int64 = 1
        for _ in 0..<decimals { scale *= 10 }
        var fscale: Int64 = 1
        for _ in 0..<(decimals - frac.count) { fscale *= 10 }
        return w * scale + (w < 0 || whole.hasPrefix("-") ? -1 : 1) * f * fscale
    }

    static let decimals = ["EUR": 2, "USD": 2, "PTJ": 0, "h": 1]

    @Test("hledger reads the journal, and its balance of income agrees with Chapeau's totals")
    func hledgerAgrees() throws {
        guard let hledger = ExternalTool.hledger else {
            Issue.record("hledger is not on PATH, so the journal was not checked: install it (apt-get install hledger)")
            return
        }
        let c = try seeded()
        #expect(c.run("export", "--format", "hledger", "--output", "gifts.journal").code == 0)
        let r = try ExternalTool.run(hledger, ["-f", "gifts.journal", "bal", "income", "--layout=bare", "-O", "csv"], in: c.dir)
        #expect(r.code == 0, "\(r.err)")
        var totals: [String: Int64] = [:]
        for line in r.out.split(separator: "\n") where line.hasPrefix("\"total\"") {
            let cells = line.split(separator: ",").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
            guard cells.count == 3, let d = Self.decimals[cells[1]], let m = minor(cells[2], decimals: d) else {
                Issue.record("unexpected hledger line: \(line)")
                continue
            }
            totals[cells[1]] = -m
        }
        #expect(totals == (try giftTotals(c)))
        let all = try ExternalTool.run(hledger, ["-f", "gifts.journal", "bal"], in: c.dir)
        #expect(all.code == 0)
        #expect(all.out.contains("assets:crédit-mutuel"))
    }

    @Test("bean-check accepts the ledger, its balance assertions hold Chapeau's totals, and a changed amount fails them")
    func beancountAgrees() throws {
        guard let beanCheck = ExternalTool.beanCheck else {
            Issue.record("bean-check is not on PATH, so the ledger was not checked: install it (pip install beancount)")
            return
        }
        let c = try seeded()
        #expect(c.run("export", "--format", "beancount", "--output", "gifts.beancount").code == 0)
        let ok = try ExternalTool.run(beanCheck, ["gifts.beancount"], in: c.dir)
        #expect(ok.code == 0, "\(ok.out)\(ok.err)")
        let path = c.dir.appendingPathComponent("gifts.beancount").path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let commodities = ["EUR": "EUR", "USD": "USD", "PTJ": "PTJ", "HOURS": "h"]
        var asserted: [String: Int64] = [:]
        for line in text.split(separator: "\n") where line.contains(" balance Income:Gifts:") {
            let words = line.split(separator: " ", omittingEmptySubsequences: true)
            guard words.count == 5, let unit = commodities[String(words[4])], let d = Self.decimals[unit],
                  let m = minor(String(words[3]), decimals: d + 1) else {
                Issue.record("unexpected balance line: \(line)")
                continue
            }
            asserted[unit, default: 0] -= m / 10  // assertions carry one more decimal
        }
        #expect(asserted == (try giftTotals(c)))
        // The assertions really check: change one gift (both legs) and bean-check refuses.
        let tampered = text.replacingOccurrences(of: "\n  Assets:Bank  12.50 EUR\n  Income:Gifts:Bank  -12.50 EUR\n",
                                                 with: "\n  Assets:Bank  12.51 EUR\n  Income:Gifts:Bank  -12.51 EUR\n")
        #expect(tampered != text)
        try Data(tampered.utf8).write(to: URL(fileURLWithPath: path))
        let bad = try ExternalTool.run(beanCheck, ["gifts.beancount"], in: c.dir)
        #expect(bad.code != 0)
    }

    @Test("hledger check -s (strict: every account and commodity declared) accepts the journal, and refuses it without its declarations")
    func hledgerStrict() throws {
        guard let hledger = ExternalTool.hledger else {
            Issue.record("hledger is not on PATH, so the journal was not checked: install it (apt-get install hledger; .ci/run does)")
            return
        }
        let c = try seeded()
        #expect(c.run("export", "--format", "hledger", "--output", "gifts.journal").code == 0)
        let strict = try ExternalTool.run(hledger, ["-f", "gifts.journal", "check", "-s"], in: c.dir)
        #expect(strict.code == 0, "\(strict.out)\(strict.err)")
        let text = try String(contentsOf: c.dir.appendingPathComponent("gifts.journal"), encoding: .utf8)
        for unit in ["commodity 1.00 EUR", "commodity 1.00 USD", "commodity 1. PTJ", "commodity 1.0 h"] {
            #expect(text.contains(unit + "\n"), "\(unit) not declared")
        }
        // The check really checks: without the declarations, check -s refuses the journal.
        let cut = try #require(text.range(of: "\n; Accounts and commodities used above"))
        try Data(text[..<cut.lowerBound].utf8).write(to: c.dir.appendingPathComponent("bare.journal"))
        let bare = try ExternalTool.run(hledger, ["-f", "bare.journal", "check", "-s"], in: c.dir)
        #expect(bare.code != 0)
        #expect((bare.out + bare.err).contains("undeclared"), "\(bare.err)")
        // Strictness changes no figure: the same balances as before.
        let bal = try ExternalTool.run(hledger, ["-f", "gifts.journal", "bal", "-N", "income"], in: c.dir)
        let bareBal = try ExternalTool.run(hledger, ["-f", "bare.journal", "bal", "-N", "income"], in: c.dir)
        #expect(bal.code == 0 && bal.out == bareBal.out)
    }

    @Test("GnuCash and JSON lines exports run, to standard output")
    func otherFormats() throws {
        let c = try seeded()
        let g = c.run("export", "--format", "gnucash")
        #expect(g.code == 0)
        #expect(g.out.hasPrefix("Date,Num,Description,Transaction Commodity,Account,Deposit,Withdrawal,Transfer Account,Memo\n"
            + "2026-11-02,g-1,Gift g-1 from marie,EUR,Assets:Bank,12.50,,Income:Gifts:Bank,\n"))
        let j = c.run("export", "--format", "jsonl")
        #expect(j.code == 0)
        let chain = try #require(try c.json("verify", "--json") as? [String: Any])
        #expect(j.out.split(separator: "\n").count == chain["entries"] as? Int)
    }
}
