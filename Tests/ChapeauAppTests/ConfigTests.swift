import Foundation
import Testing
@testable import ChapeauApp
import ChapeauCore

@Suite("The config file")
struct ConfigTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test("The example config in Config/ is the one init writes, and it parses with every key set")
    func exampleConfig() throws {
        let file = try String(contentsOf: Self.root.appendingPathComponent("Config/chapeau.toml"), encoding: .utf8)
        #expect(file == ExampleConfig.text)
        let c = try ChapeauConfig.parse(file)
        #expect(c.author.name == "Camille Martin")
        #expect(c.ledger.path == "data/ledger.sqlite")
        #expect(c.units.map(\.code) == ["PTJ", "h"])
        #expect(c.reports.cadence == .monthly)
        #expect(c.reports.formats == ["html", "md", "json", "csv"])
        #expect(c.publish == [ChapeauConfig.Publish(kind: .directory, path: "Reports")])
        let readme = try String(contentsOf: Self.root.appendingPathComponent("Reports/README.md"), encoding: .utf8)
        #expect(readme == ExampleConfig.reportsReadme)
    }

    @Test func defaultsApplyWhenOnlyTheAuthorIsGiven() throws {
        let c = try ChapeauConfig.parse("[author]\nname = \"A\"\nsupport_url = \"https://example.org/give\"\n")
        #expect(c.ledger.currency == "EUR")
        #expect(c.ledger.timezone == "Europe/Paris")
        #expect(c.reports.cadence == .monthly)
        #expect(c.reports.language == "fr")
        #expect(c.reports.minGroup == 3)
        #expect(c.reports.carryOver == false)
        #expect(c.reports.output == "Reports")
        #expect(c.footer.template == "presslib-fr")
        #expect(c.publish.count == 1)
    }

    @Test("The postal address and the receipts' minimum are read without the white space around them")
    func trimmed() throws {
        let c = try ChapeauConfig.parse("[author]\nname = \"A\"\nsupport_url = \"https://example.org/give\"\n"
            + "address = \"\\t 3 rue des Lilas\\n44000 Nantes \\n\"\n[receipts]\nminimum = \" 10 € \"\n")
        #expect(c.author.address == "3 rue des Lilas\n44000 Nantes")
        #expect(c.receipts.minimumText == " 10 € ")
        #expect(throws: ConfigError.self) {
            try ChapeauConfig.parse("[author]\nname = \"A\"\nsupport_url = \"https://example.org/give\"\naddress = \" \\n\\t \"\n")
        }
        #expect("\u{00A0} a b \u{2003}".trimmingWhitespace() == "a b")
        #expect("  ".trimmingWhitespace() == "")
        #expect("x".trimmingWhitespace() == "x")
    }

    static let refusals: [(String, String)] = [
        ("", "author: missing"),
        ("[author]\nname = \"A\"\n", "author.support_url: missing"),
        ("[author]\nname = \"A\"\nsupport_url = \"ftp://x\"\n", "author.support_url: 'ftp://x' is not an http(s) URL"),
        ("[author]\nname = 3\nsupport_url = \"https://x.org\"\n", "author.name: should be a string, not a integer"),
        ("title = \"x\"\n[author]\nname = \"A\"\nsupport_url = \"https://x.org\"\n", "title: unknown key"),
        ("[author]\nname = \"A\"\nsupport_url = \"https://x.org\"\n[reports]\nformats = \"html\"\n", "reports.formats: should be an array"),
        ("[author]\nname = \"A\"\nsupport_url = \"https://x.org\"\n[reports]\nformats = [\"pdf\"]\n", "reports.formats: 'pdf' is not one of"),
        ("[author]\nname = \"A\"\nsupport_url = \"https://x.org\"\n[reports]\ncarry_over = 1\n", "reports.carry_over: should be true or false"),
        ("[author]\nname = \"A\"\nsupport_url = \"https://x.org\"\n[[units]]\nname = \"x\"\n", "units[1].code: missing"),
        ("[author]\nname = \"A\"\nsupport_url = \"https://x.org\"\n[[units]]\ncode = \"PTJ\"\ndecimals = 12\n", "PTJ' has 12 decimals"),
        ("[author]\nname = \"A\"\nsupport_url = \"https://x.org\"\n[ledger]\ncurrency = \"XXQ\"\n", "ledger.currency"),
        ("[author]\nname = \"A\"\nsupport_url = \"https://x.org\"\n[[publish]]\nkind = \"ftp\"\n", "publish[1].kind: 'ftp' is not one of"),
        ("[author]\nname = \"A\"\nsupport_url = \"https://x.org\"\n[[publish]]\nkind = \"http\"\n", "publish[1].url: missing"),
        ("[author]\nname = \"A\"\nsupport_url = \"https://x.org\"\n[[publish]]\nkind = \"webhook\"\nurl = \"https://h.org\"\n", "publish[1].secret_env: missing"),
        ("[author]\nname = \"A\"\nsupport_url = \"https://x.org\"\n[footer]\narticles = [1]\n", "footer.articles: should hold only strings"),
    ]

    @Test(arguments: Array(refusals.indices))
    func refusesNamingTheKey(_ i: Int) {
        let (text, says) = Self.refusals[i]
        do {
            _ = try ChapeauConfig.parse(text, file: "Config/chapeau.toml")
            Issue.record("accepted: \(text)")
        } catch {
            #expect(error.description.contains(says), "\(error.description)")
            #expect(error.description.hasPrefix("Config/chapeau.toml: "))
        }
    }

    @Test func atomicWritesReplaceWholeFilesAndKeepTheirMode() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chapeau-atomic-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("a.txt").path
        try AtomicFile.write(Data("one".utf8), to: path, mode: 0o640)
        try AtomicFile.write(Data("two".utf8), to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "two")
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int == 0o640)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["a.txt"])
        #expect(throws: AppError.self) { try AtomicFile.write(Data(), to: dir.appendingPathComponent("missing/x").path) }
    }

    @Test func clockHonoursChapeauNow() throws {
        let tz = try #require(TimeZone(identifier: "Europe/Paris"))
        let d = try Clock.now(environment: ["CHAPEAU_NOW": "2026-11-20T10:00:00Z"], timeZone: tz)
        #expect(Timestamp.iso(d) == "2026-11-20T10:00:00Z")
        #expect(Timestamp.iso(try Clock.now(environment: ["CHAPEAU_NOW": "2026-11-20"], timeZone: tz)) == "2026-11-19T23:00:00Z")
        #expect(throws: AppError.self) { try Clock.now(environment: ["CHAPEAU_NOW": "soon"], timeZone: tz) }
    }
}
