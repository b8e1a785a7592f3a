import Foundation
import Testing

@Suite("hledger reads Chapeau's CSV export through the rules file written beside it")
struct HledgerRulesTests {
    static var hledger: String? {
        ["/usr/bin/hledger", "/usr/local/bin/hledger"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    @Test(.enabled(if: hledger != nil || ProcessInfo.processInfo.environment["CI"] != nil,
                   "hledger is not installed here: apt-get install hledger (CI installs it)"))
    func totalsAgree() throws {
        let hledger = try #require(Self.hledger, "CI must have hledger: .ci/run installs it")
        let cli = try CLI()
        for s in [["gift", "add", "12,50 €", "--channel", "bank", "--date", "2026-11-02"],
                  ["gift", "add", "7", "--date", "2026-11-03"],
                  ["gift", "add", "3 PTJ", "--channel", "cash", "--date", "2026-11-04"],
                  ["gift", "add", "1,5 h", "--channel", "cash", "--date", "2026-11-05"],
                  ["gift", "add", "99", "--date", "2026-11-06"], ["void", "g-5", "--reason", "test"]] {
            #expect(cli.run(s).code == 0, "\(s)")
        }
        #expect(cli.run("export", "--format", "csv", "--output", "gifts.csv").code == 0)
        let rules = cli.dir.appendingPathComponent("gifts.csv.rules")
        #expect(FileManager.default.fileExists(atPath: rules.path))
        let p = Process()
        p.executableURL = URL(fileURLWithPath: hledger)
        p.arguments = ["-f", cli.dir.appendingPathComponent("gifts.csv").path, "bal", "income", "--flat", "--no-total"]
        let out = cli.dir.appendingPathComponent("hledger.out")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        p.standardOutput = try FileHandle(forWritingTo: out)
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        let text = try String(contentsOf: out, encoding: .utf8)
        #expect(text.contains("-12.50 EUR  income:gifts:bank"), "\(text)")
        #expect(text.contains("-7.00 EUR  income:gifts:unknown"), "\(text)")
        #expect(text.contains("-3 PTJ"), "\(text)")
        #expect(text.contains("-1.5 h"), "\(text)")
        #expect(!text.contains("99"), "a voided gift was exported: \(text)")
        // A public export gets no rules file: it is not the treasurer's journal.
        #expect(cli.run("export", "--public", "--output", "public.csv").code == 0)
        #expect(!FileManager.default.fileExists(atPath: cli.dir.appendingPathComponent("public.csv.rules").path))
    }
}
