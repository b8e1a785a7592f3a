import Foundation
import Testing

@Suite("Anyone can recompute a published report from the public ledger")
struct PublicVerifyTests {
    @Test("Every published report holds against the public export; a changed figure on either side does not")
    func recompute() throws {
        let cli = try CLI(initialise: false)
        #expect(cli.run("demo", "site").code == 0)
        cli.env["CHAPEAU_CONFIG"] = cli.dir.appendingPathComponent("site/Config/chapeau.toml").path
        #expect(cli.run("export", "--public", "--output", "public.csv").code == 0)
        let publicCSV = try String(contentsOf: cli.dir.appendingPathComponent("public.csv"), encoding: .utf8)
        #expect(!publicCSV.contains("@example.org"))
        #expect(cli.run("export", "--public", "--format", "jsonl", "--output", "public.jsonl").code == 0)

        // A reader with no workspace: only the two files.
        cli.env.removeValue(forKey: "CHAPEAU_CONFIG")
        let reports = cli.dir.appendingPathComponent("site/Reports")
        let periods = try FileManager.default.contentsOfDirectory(atPath: reports.path).filter { $0.hasPrefix("20") }.sorted()
        #expect(periods.count >= 37)
        for period in [periods[0], periods[periods.count / 2], periods[periods.count - 2], periods[periods.count - 1]] {
            let r = cli.run("verify", "--public", "public.csv", "--report", "site/Reports/\(period)/report.json")
            #expect(r.code == 0, "\(period): \(r.out) \(r.err)")
            #expect(r.out.contains("holds"))
            let j = cli.run("verify", "--public", "public.jsonl", "--report", "site/Reports/\(period)/report.json")
            #expect(j.code == 0, "\(period) from JSON Lines: \(j.out) \(j.err)")
        }

        // A gift inflated in the public ledger: the totals no longer hold.
        let target = "site/Reports/2026-11-H1/report.json"
        let lines = publicCSV.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let index = try #require(lines.lastIndex { $0.contains(",2026-11-0") && $0.contains(",gift,") })
        var cells = lines[index].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        cells[3] = "9999.00"
        var forged = lines
        forged[index] = cells.joined(separator: ",")
        try Data(forged.joined(separator: "\n").utf8).write(to: cli.dir.appendingPathComponent("forged.csv"))
        let bad = cli.run("verify", "--public", "forged.csv", "--report", target, "--json")
        #expect(bad.code == 1)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(bad.out.utf8)) as? [String: Any])
        #expect((json["mismatches"] as? [String] ?? []).contains("totals"), "\(bad.out)")

        // A published total changed after the fact: it does not hold either.
        var report = try String(contentsOf: cli.dir.appendingPathComponent(target), encoding: .utf8)
        let total = try #require(report.range(of: #""amount_minor": ?[1-9]\d*"#, options: .regularExpression))
        report.replaceSubrange(total, with: "\"amount_minor\":1")
        try Data(report.utf8).write(to: cli.dir.appendingPathComponent("edited.json"))
        #expect(cli.run("verify", "--public", "public.csv", "--report", "edited.json").code == 1)
        #expect(cli.run("verify", "--public", "public.csv").code == 64)
    }
}
