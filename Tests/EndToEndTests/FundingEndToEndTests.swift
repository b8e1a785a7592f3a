import Foundation
import Testing

/// `Reports/funding.json` (§12) checked with jsonschema (PyPI) against the funding.json v1
/// schema kept in `Tests/Fixtures/schemas/`, plus the reference validator's own checks
/// (`check_funding.py`); every figure in it compared with the report that published it.
/// A missing jsonschema is a failure that says how to install it, never a silent skip.
@Suite("funding.json: valid against its schema, figures from the reports")
struct FundingEndToEndTests {
    static let schemas = CLI.packageRoot.appendingPathComponent("Tests/Fixtures/schemas")

    /// Two years of gifts and expenses, needs in euros and in hours, a complementary unit, the
    /// bank transfer configured, a supporter with an e-mail and a private note.
    func workspace() throws -> CLI {
        let c = try CLI()
        let path = c.dir.appendingPathComponent("Config/chapeau.toml")
        let config = try String(contentsOf: path, encoding: .utf8)
            .replacingOccurrences(of: "# iban = \"FR76", with: "iban = \"FR76")
            .replacingOccurrences(of: "# base_url = ", with: "base_url = ")
        try Data(config.utf8).write(to: path)
        for s in [["supporter", "add", "marie", "--name", "Marie Secretname", "--email", "marie-5521@example.org", "--visibility", "pseudonym"],
                  ["need", "add", "Loyer de l'atelier", "350", "--every", "month", "--start", "2025-01-01"],
                  ["need", "add", "Hébergement", "144", "--every", "year", "--start", "2025-01-01"],
                  ["need", "add", "Relecture", "4 h", "--every", "month", "--start", "2025-01-01"],
                  ["gift", "add", "10", "--from", "marie", "--date", "2025-03-03", "--note", "note-privee-7713"],
                  ["gift", "add", "20,50", "--date", "2025-09-20"],
                  ["gift", "add", "5 PTJ", "--date", "2025-09-21"],
                  ["expense", "add", "Papier", "14,90", "--date", "2025-10-02"],
                  ["gift", "add", "30", "--from", "marie", "--date", "2026-10-10"]] {
            let r = c.run(s)
            guard r.code == 0 else { throw CLIError.setup("\(s): \(r.err)") }
        }
        return c
    }

    /// The problems check_funding.py finds (empty: valid), or a recorded failure when it cannot run.
    func problems(_ c: CLI) throws -> [String] {
        guard let python = ExternalTool.find("python3") else {
            Issue.record("python3 is not on PATH, so funding.json was not validated: install python3 and jsonschema")
            throw CLIError.setup("no python3")
        }
        let r = try ExternalTool.run(python, [Self.schemas.appendingPathComponent("check_funding.py").path,
                                              Self.schemas.appendingPathComponent("funding.schema.v1.0.0.json").path,
                                              c.dir.appendingPathComponent("Reports/funding.json").path], in: c.dir)
        if r.code == 3 {
            Issue.record("jsonschema is not installed, so funding.json was not validated: python3 -m pip install jsonschema")
            throw CLIError.setup("no jsonschema")
        }
        #expect(r.code == 0 || r.code == 1, "check_funding.py: \(r.err)")
        return r.out.split(separator: "\n").map(String.init)
    }

    func object(_ url: URL) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    }

    /// A JSON number as minor units (two decimals).
    func cents(_ any: Any?) -> Int64? {
        guard let n = any as? NSNumber else { return nil }
        return Int64((n.doubleValue * 100).rounded())
    }

    @Test("the job writes a valid funding.json whose plans and history are the reports' figures")
    func validAndFromTheReports() throws {
        let c = try workspace()
        let run = c.run("run", "--now", "2026-11-20T10:00:00Z")
        #expect(run.code == 0, "\(run.err)")
        let problems = try problems(c)
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")

        let funding = try object(c.dir.appendingPathComponent("Reports/funding.json"))
        #expect(funding["version"] as? String == "v1.0.0")
        let entity = try #require(funding["entity"] as? [String: Any])
        #expect(entity["name"] as? String == "Camille Martin")
        #expect(entity["email"] as? String == "", "Chapeau publishes no e-mail address")
        #expect((entity["webpageUrl"] as? [String: Any])?["url"] as? String == "https://example.org")
        let body = try #require(funding["funding"] as? [String: Any])
        let channels = try #require(body["channels"] as? [[String: Any]])
        #expect(channels.map { $0["guid"] as? String } == ["support-page", "bank-transfer"])
        #expect(channels[0]["address"] as? String == "https://example.org/soutenir")
        #expect((channels[1]["address"] as? String)?.contains("FR76 3000 6000 0112 3456 7890 189") == true)

        // Plans: any amount, then each need of the live period in euros, as its report lists them.
        let live = try object(c.dir.appendingPathComponent("Reports/2026-11/report.json"))
        let needs = try #require(live["needs"] as? [[String: Any]])
        let lines = try #require(needs.first { $0["unit"] as? String == "EUR" }?["lines"] as? [[String: Any]])
        let plans = try #require(body["plans"] as? [[String: Any]])
        #expect(plans.first?["guid"] as? String == "any-amount" && plans.first?["amount"] as? Int == 0)
        #expect(plans.dropFirst().map { $0["name"] as? String } == lines.map { $0["label"] as? String })
        #expect(plans.dropFirst().map { cents($0["amount"]) } == lines.map { $0["amount_minor"] as? Int64 })
        #expect(plans.dropFirst().map { $0["frequency"] as? String } == ["monthly", "yearly"])
        #expect(plans.allSatisfy { $0["currency"] as? String == "EUR" })

        // History: each closed year, read from the yearly report of that year.
        try expectHistory(c, body)
        let text = try String(contentsOf: c.dir.appendingPathComponent("Reports/funding.json"), encoding: .utf8)
        for word in ["PTJ", "Relecture", "marie", "Secretname", "@", "note-privee"] { #expect(!text.contains(word), "\(word) in funding.json") }

        // A late gift in 2025 changes the history at the next run; nothing new, no byte changes.
        #expect(c.run("gift", "add", "7", "--date", "2025-06-01").code == 0)
        #expect(c.run("run", "--now", "2026-11-20T11:00:00Z").code == 0)
        let revised = try #require(try object(c.dir.appendingPathComponent("Reports/funding.json"))["funding"] as? [String: Any])
        let year = try #require((revised["history"] as? [[String: Any]])?.first)
        #expect(cents(year["income"]) == 3750)
        try expectHistory(c, revised)
        let before = try Data(contentsOf: c.dir.appendingPathComponent("Reports/funding.json"))
        #expect(c.run("run", "--now", "2026-11-20T12:00:00Z").code == 0)
        #expect(try Data(contentsOf: c.dir.appendingPathComponent("Reports/funding.json")) == before)
        #expect(try self.problems(c).isEmpty)
    }

    func expectHistory(_ c: CLI, _ body: [String: Any]) throws {
        let history = try #require(body["history"] as? [[String: Any]])
        #expect(history.map { $0["year"] as? Int } == [2025])
        let built = c.run("report", "build", "2025", "--format", "json", "--output", "Yearly", "--now", "2026-11-20T10:00:00Z")
        #expect(built.code == 0, "\(built.err)")
        let year = try object(c.dir.appendingPathComponent("Yearly/2025/report.json"))
        let totals = try #require(year["totals"] as? [[String: Any]])
        let expenses = try #require(year["expenses"] as? [[String: Any]])
        #expect(cents(history[0]["income"]) == totals.first { $0["unit"] as? String == "EUR" }?["amount_minor"] as? Int64)
        #expect(cents(history[0]["expenses"]) == expenses.first { $0["unit"] as? String == "EUR" }?["amount_minor"] as? Int64)
        #expect(history[0]["currency"] as? String == "EUR")
    }

    @Test("a workspace with no need, no IBAN and no closed year still publishes a valid manifest: one plan, any amount")
    func minimal() throws {
        let c = try CLI()
        #expect(c.run("gift", "add", "5", "--date", "2026-11-02").code == 0)
        #expect(c.run("run", "--now", "2026-11-20T10:00:00Z").code == 0)
        let problems = try problems(c)
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
        let body = try #require(try object(c.dir.appendingPathComponent("Reports/funding.json"))["funding"] as? [String: Any])
        #expect((body["plans"] as? [[String: Any]])?.map { $0["guid"] as? String } == ["any-amount"])
        #expect((body["channels"] as? [[String: Any]])?.map { $0["guid"] as? String } == ["support-page"])
        #expect((body["history"] as? [Any])?.isEmpty == true)
    }

    @Test("the checker really checks: a wrong version, channel type or channel id is refused")
    func checkerRefuses() throws {
        let c = try workspace()
        #expect(c.run("run", "--now", "2026-11-20T10:00:00Z").code == 0)
        let path = c.dir.appendingPathComponent("Reports/funding.json")
        let good = try String(contentsOf: path, encoding: .utf8)
        for (from, to) in [("\"version\": \"v1.0.0\"", "\"version\": \"v2\""), ("\"type\": \"bank\"", "\"type\": \"iban\""),
                           ("\"guid\": \"bank-transfer\"", "\"guid\": \"Bank Transfer\"")] {
            #expect(good.contains(from))
            try Data(good.replacingOccurrences(of: from, with: to).utf8).write(to: path)
            #expect(try !problems(c).isEmpty, "\(to) accepted")
        }
    }
}
