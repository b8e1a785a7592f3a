import ChapeauCore
import Foundation
import GRDB
import Testing

@Suite("Crash safety: SIGKILL at random moments loses nothing and leaves nothing half-done")
struct CrashSafetyTests {
    /// Seconds a command takes, run to its end.
    func timed(_ cli: CLI, _ args: String...) -> (CLI.Result, Double) {
        let start = Date()
        let r = cli.run(args)
        return (r, Date().timeIntervalSince(start))
    }

    // On a 2-core machine, debug build: 3 of 3 kills landed mid-import, each leaving the old count
    // (a 200k-row import takes 30 to 50 s there: the test about a minute and a half).
    @Test("An import killed at random moments records all its rows or none; the next import completes")
    func killedImport() throws {
        let template = try CLI()
        for s in [["gift", "add", "5", "--date", "2026-11-02"], ["gift", "add", "7", "--date", "2026-11-03", "--ref", "R-0"]] {
            #expect(template.run(s).code == 0)
        }
        let rows = 200_000
        let csv = template.dir.appendingPathComponent("gifts.csv")
        try writeGenericCSV(csv, rows: rows)
        let old = try LedgerFile.count(template.ledger)
        // How long the whole import takes, from a tenth of it read and checked: kills fall from a
        // tenth to six tenths of that, while rows are being written into the open transaction
        // (the WAL grows, pages spill): the test's time goes mostly to one complete import.
        let sample = template.dir.appendingPathComponent("sample.csv")
        try writeGenericCSV(sample, rows: rows / 10)
        let (dry, tenth) = timed(template, "import", sample.path, "--format", "generic", "--dry-run")
        #expect(dry.code == 0, "\(dry.err)")
        let span = tenth * 10
        // R-0 is recorded already: a complete import adds every other row.
        let complete = old + rows - 1

        // Three copies of the ledger, each killed at its own moment, side by side.
        var random = SplitMix64(seed: 0xC4A9_EA01)
        let rounds = 3
        let copies = try (0..<rounds).map { _ in try copy(of: template) }
        let delays = (0..<rounds).map { _ in Double.random(in: (span * 0.1)...(span * 0.6), using: &random) }
        let kills = atOnce(rounds) { i in try? copies[i].runAndKill(["import", "gifts.csv", "--format", "generic"], after: delays[i]) }
        let landed = kills.filter { $0 == true }.count
        for (round, cli) in copies.enumerated() {
            let verify = cli.run("verify")
            #expect(verify.code == 0, "round \(round), killed after \(delays[round]) s: \(verify.out) \(verify.err)")
            let now = try LedgerFile.count(cli.ledger)
            #expect(now == old || now == complete, "round \(round): \(now) gifts, neither \(old) nor \(complete)")
        }
        print("killed import: \(landed) of \(rounds) kills landed mid-import (import of \(rows) rows estimated at \(Int(span)) s)")
        #expect(landed >= 1, "no kill landed while the import ran")
        let last = copies[rounds - 1]
        // Importing again after the kill completes the work, once.
        let again = last.run("import", "gifts.csv", "--format", "generic")
        #expect(again.code == 0, "\(again.err)")
        #expect(try LedgerFile.count(last.ledger) == complete)
        #expect(last.run("verify").code == 0)
    }

    // On a 2-core machine, debug build: a rebuild of the kept totals of 40k gifts takes one
    // to three seconds (two checks of the whole journal around one transaction); kills fall anywhere in it.
    @Test("verify --rebuild-totals killed at random moments leaves the kept totals whole; the next rebuild completes")
    func killedRebuild() throws {
        let template = try CLI()
        let csv = template.dir.appendingPathComponent("gifts.csv")
        try writeGenericCSV(csv, rows: 40_000)
        let imported = template.run("import", csv.path, "--format", "generic")
        #expect(imported.code == 0, "\(imported.err)")
        let twin = try copy(of: template)
        let (whole, span) = timed(twin, "verify", "--rebuild-totals")
        #expect(whole.code == 0, "\(whole.out) \(whole.err)")

        var random = SplitMix64(seed: 0x7074_A15)
        let rounds = 4
        let copies = try (0..<rounds).map { _ in try copy(of: template) }
        let delays = (0..<rounds).map { _ in Double.random(in: (span * 0.1)...(span * 0.9), using: &random) }
        let kills = atOnce(rounds) { i in try? copies[i].runAndKill(["verify", "--rebuild-totals"], after: delays[i]) }
        let landed = kills.filter { $0 == true }.count
        for (round, cli) in copies.enumerated() {
            // verify compares every kept total with the journal, and fails on a missing table.
            let verify = cli.run("verify")
            #expect(verify.code == 0, "round \(round), killed after \(delays[round]) s: \(verify.out) \(verify.err)")
            let again = cli.run("verify", "--rebuild-totals")
            #expect(again.code == 0, "round \(round): \(again.out) \(again.err)")
            #expect(try LedgerFile.count(cli.ledger) == 40_000)
        }
        print("killed rebuild: \(landed) of \(rounds) kills landed mid-rebuild (a rebuild takes \(String(format: "%.2f", span)) s)")
        #expect(landed >= 1, "no kill landed while the rebuild ran")
    }

    /// A weekly workspace with a year of gifts (some hundred periods to publish by now) and a
    /// second directory target.
    func manyPeriods() throws -> CLI {
        let c = try CLI()
        let path = c.dir.appendingPathComponent("Config/chapeau.toml")
        let config = try String(contentsOf: path, encoding: .utf8)
            .replacingOccurrences(of: "cadence = \"monthly\"", with: "cadence = \"weekly\"")
            + "\n[[publish]]\nkind = \"directory\"\npath = \"Published\"\n"
        try Data(config.utf8).write(to: path)
        let csv = c.dir.appendingPathComponent("history.csv")
        try writeGenericCSV(csv, rows: 2000, referencePrefix: "H")
        let r = c.run("import", csv.path, "--format", "generic")
        guard r.code == 0 else { throw CLIError.setup("import: \(r.err)") }
        return c
    }

    /// A byte-for-byte copy of a workspace, in a folder of its own.
    func copy(of template: CLI) throws -> CLI {
        let c = try CLI(initialise: false)
        for item in try FileManager.default.contentsOfDirectory(atPath: template.dir.path) {
            try FileManager.default.copyItem(at: template.dir.appendingPathComponent(item), to: c.dir.appendingPathComponent(item))
        }
        return c
    }

    /// Every file under the two publication folders, relative path → bytes. Hidden files (a
    /// temporary file a kill left before its rename) are not published: no target sends them.
    func published(_ c: CLI) throws -> [String: Data] {
        var out: [String: Data] = [:]
        for folder in ["Reports", "Published"] {
            for f in try publicFiles(under: c.dir.appendingPathComponent(folder)) {
                let name = f.path.components(separatedBy: "/\(folder)/").last ?? f.path
                if (name as NSString).lastPathComponent.hasPrefix(".") { continue }
                out[folder + "/" + name] = Data(f.text.utf8)
            }
        }
        return out
    }

    // On a 2-core machine, debug build: 4 of 4 kills landed mid-run (a run takes about 5 s).
    @Test("A job killed at random moments leaves no stale lock and no truncated file; the next run completes")
    func killedJob() throws {
        let now = "2026-11-20T08:00:00Z"
        let template = try manyPeriods()
        // A copy run to its end: how long a run takes, and the files a complete run publishes
        // (the same ledger and --now give the same bytes).
        let twin = try copy(of: template)
        let (first, span) = timed(twin, "run", "--now", now)
        #expect(first.code == 0, "\(first.err)")
        let complete = try published(twin)
        #expect(complete.count > 400, "\(complete.count) files")
        for (name, data) in complete where name.hasSuffix(".json") {
            #expect((try? JSONSerialization.jsonObject(with: data)) != nil, "\(name) is not valid JSON")
        }

        // Four copies, each killed at its own moment, side by side.
        var random = SplitMix64(seed: 0x10B5_EED5)
        let rounds = 4
        let copies = try (0..<rounds).map { _ in try copy(of: template) }
        let delays = (0..<rounds).map { _ in Double.random(in: 0.05...(span * 0.9), using: &random) }
        let kills = atOnce(rounds) { i in try? copies[i].runAndKill(["run", "--now", now], after: delays[i]) }
        let landed = kills.filter { $0 == true }.count
        for (round, cli) in copies.enumerated() {
            // Every file there is complete: absent, or what a complete run writes.
            for (name, data) in try published(cli) where name != "Reports/README.md" {
                #expect(complete[name] == data, "round \(round), killed after \(delays[round]) s: \(name) is not complete (\(data.count) bytes)")
            }
            #expect(cli.run("verify").code == 0)
        }
        // No stale lock: the next run goes through and completes the work.
        let next = atOnce(rounds) { i in copies[i].run("run", "--now", now) }
        for (round, cli) in copies.enumerated() {
            #expect(next[round]?.code == 0, "round \(round): \(next[round]?.err ?? "")")
            #expect(try published(cli) == complete, "round \(round): the run after the kill did not complete the work")
            #expect(cli.run("verify").code == 0)
        }
        print("killed job: \(landed) of \(rounds) kills landed mid-run (a run takes \(String(format: "%.1f", span)) s)")
        #expect(landed >= 1, "no kill landed while the job ran")
    }
}
