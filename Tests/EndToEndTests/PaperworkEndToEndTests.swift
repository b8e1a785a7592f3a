import Foundation
import GRDB
import Testing

/// Statements, attestations and receipts (PRODUCT.md §11), run as a treasurer runs them, the
/// PDF read back with poppler's own tools.
@Suite("paperwork: statements, attestations, receipts, end to end")
struct PaperworkEndToEndTests {
    /// An association (or an individual) with: marie (name, address) 12,50 € bank, 80 € cash,
    /// 20 € helloasso voided (a refund), 15 PTJ, 99 € in 2025, an offer worth 150 € delivered;
    /// bob (name, address) 1 234,56 € bank, an offer accepted but not delivered; zoe (name, no
    /// address) 10 €; 40 € cash from nobody; an expense of 14,90 €.
    func workspace(association: Bool = true) throws -> CLI {
        let c = try CLI()
        let url = c.dir.appendingPathComponent("Config/chapeau.toml")
        var text = try String(contentsOf: url, encoding: .utf8)
        if association {
            text = text.replacingOccurrences(of: "# kind = \"individual\"", with: "kind = \"association\"")
                .replacingOccurrences(of: "# address = \"12 rue des Lilas", with: "address = \"12 rue des Lilas")
                .replacingOccurrences(of: "# [receipts]", with: "[receipts]")
                .replacingOccurrences(of: "# object = ", with: "object = ")
                .replacingOccurrences(of: "# signatory = ", with: "signatory = ")
        }
        try Data(text.utf8).write(to: url)
        for s in [["supporter", "add", "marie", "--name", "Marie Dupont", "--address", "3 place du Marché, 69002 Lyon"],
                  ["supporter", "add", "bob", "--name", "Bob Martin", "--address", "8 rue Haute, 75011 Paris"],
                  ["supporter", "add", "zoe", "--name", "Zoé Petit"],
                  ["gift", "add", "12,50 €", "--from", "marie", "--channel", "bank", "--date", "2026-01-15"],
                  ["gift", "add", "80 €", "--from", "marie", "--channel", "cash", "--date", "2026-03-02"],
                  ["gift", "add", "20 €", "--from", "marie", "--channel", "helloasso", "--date", "2026-06-10"],
                  ["gift", "add", "15 PTJ", "--from", "marie", "--date", "2026-04-01"],
                  ["gift", "add", "99 €", "--from", "marie", "--channel", "bank", "--date", "2025-12-31"],
                  ["gift", "add", "1 234,56 €", "--from", "bob", "--channel", "bank", "--date", "2026-05-05"],
                  ["gift", "add", "10 €", "--from", "zoe", "--channel", "bank", "--date", "2026-02-02"],
                  ["gift", "add", "40 €", "--channel", "cash", "--date", "2026-07-07"],
                  ["void", "g-3", "--reason", "refunded by helloasso"],
                  ["offer", "add", "Relecture du rapport", "--kind", "skill", "--from", "marie", "--value", "150 €", "--date", "2026-08-01"],
                  ["offer", "accept", "o-1", "--date", "2026-08-02"],
                  ["offer", "deliver", "o-1", "--date", "2026-09-01"],
                  ["offer", "add", "Trois heures de tri", "--kind", "time", "--from", "bob", "--quantity", "3 h", "--value", "60 €", "--date", "2026-08-01"],
                  ["offer", "accept", "o-2", "--date", "2026-08-03"],
                  ["expense", "add", "Carnets", "14,90 €", "--date", "2026-03-03"]] {
            let r = c.run(s)
            guard r.code == 0 else { throw CLIError.setup("\(s) → \(r.code) \(r.err)") }
        }
        return c
    }

    /// Runs a poppler tool on a file; its standard output.
    func tool(_ name: String, _ args: [String]) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = [name] + args
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = FileHandle.nullDevice
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw CLIError.setup("\(name) \(args) exited \(p.terminationStatus)") }
        return String(decoding: data, as: UTF8.self)
    }

    /// The text of a PDF, spaces of every width made plain, lines joined.
    func text(_ pdf: URL) throws -> String {
        let raw = try tool("pdftotext", ["-enc", "UTF-8", pdf.path, "-"])
        return raw.replacingOccurrences(of: "\u{00A0}", with: " ").replacingOccurrences(of: "\u{202F}", with: " ")
            .replacingOccurrences(of: "\n", with: " ").split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
    }

    /// A4, at least one page, every font embedded. (pdftotext gives no-break spaces back as plain
    /// ones: the French typography of the documents is checked on their model, in PaperTests.)
    func checkPDF(_ pdf: URL, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let info = try tool("pdfinfo", [pdf.path])
        let size = info.split(separator: "\n").first { $0.hasPrefix("Page size:") }.map(String.init) ?? ""
        #expect(size.hasSuffix(" 595.276 x 841.89 pts (A4)"), "\(info)", sourceLocation: sourceLocation)
        let pages = info.split(separator: "\n").first { $0.hasPrefix("Pages:") }.map { $0.split(separator: " ").last.map(String.init) ?? "" }
        #expect((pages.flatMap { Int($0) } ?? 0) >= 1, sourceLocation: sourceLocation)
        let fonts = try tool("pdffonts", [pdf.path]).split(separator: "\n").dropFirst(2)
        #expect(!fonts.isEmpty, sourceLocation: sourceLocation)
        for line in fonts {
            let cols = line.split(separator: " ")
            #expect(cols.count >= 5 && cols[cols.count - 5] == "yes", "font not embedded: \(line)", sourceLocation: sourceLocation)
        }
    }

    func mode(_ url: URL) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? Int) ?? -1
    }

    func object(_ url: URL) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    }

    // MARK: statements

    @Test("statement --year: totals per unit against hand sums, voids and refunds apart, offers' value apart; PDF, JSON, CSV, mode 0600")
    func yearStatement() throws {
        let c = try workspace()
        let r = c.run("statement", "--year", "2026")
        #expect(r.code == 0, "\(r.err)")
        let dir = c.dir.appendingPathComponent("Statements/2026")
        let json = try object(dir.appendingPathComponent("releve-2026.json"))
        let received = try #require(json["received"] as? [[String: Any]])
        let byUnit = Dictionary(uniqueKeysWithValues: received.compactMap { r -> (String, [String: Any])? in
            guard let t = r["total"] as? [String: Any], let u = t["unit"] as? String else { return nil }
            return (u, r)
        })
        // By hand: 12,50 + 80 + 1 234,56 + 10 + 40 (the 20 € refunded and the 2025 gift left out).
        #expect((byUnit["EUR"]?["total"] as? [String: Any])?["amount_minor"] as? Int == 1250 + 8000 + 123456 + 1000 + 4000)
        #expect(byUnit["EUR"]?["gifts"] as? Int == 5)
        #expect(byUnit["EUR"]?["supporters"] as? Int == 3)
        #expect((byUnit["PTJ"]?["total"] as? [String: Any])?["amount_minor"] as? Int == 15)
        let voided = try #require(json["voided"] as? [[String: Any]])
        #expect(voided.count == 1 && (voided[0]["total"] as? [String: Any])?["amount_minor"] as? Int == 2000 && voided[0]["count"] as? Int == 1)
        let months = try #require(json["by_month"] as? [[String: Any]])
        let may = months.first { $0["key"] as? String == "2026-05" }
        #expect((may?["total"] as? [String: Any])?["amount_minor"] as? Int == 123456)
        let inKind = try #require(json["in_kind"] as? [[String: Any]])
        #expect(inKind.map { $0["id"] as? String } == ["o-1"])
        let value = try #require(json["in_kind_value"] as? [[String: Any]])
        #expect(value.count == 1 && value[0]["amount_minor"] as? Int == 15000 && value[0]["unit"] as? String == "EUR")
        let expenses = try #require(json["expenses"] as? [[String: Any]])
        #expect((expenses.first?["total"] as? [String: Any])?["amount_minor"] as? Int == 1490)

        let csv = try String(contentsOf: dir.appendingPathComponent("releve-2026.csv"), encoding: .utf8)
        #expect(csv.hasPrefix("section,unit,key,amount_minor,amount,count\n"))
        #expect(csv.contains("\nreceived,EUR,,137706,1377.06,5\n") && csv.contains("\nvoided,EUR,,2000,20.00,1\n"))

        let pdf = dir.appendingPathComponent("releve-2026.pdf")
        try checkPDF(pdf)
        let t = try text(pdf)
        #expect(t.contains("Relevé annuel des dons reçus en 2026"))
        #expect(t.contains("1 377,06 €") && t.contains("15 PTJ"))
        #expect(t.contains("Contributions volontaires en nature (comptes 86 et 87)"))
        #expect(t.contains("Relecture du rapport") && t.contains("150,00 €"))
        #expect(!t.contains("Trois heures de tri"), "an offer not delivered is no contribution in kind")
        for name in ["releve-2026.pdf", "releve-2026.json", "releve-2026.csv"] {
            #expect(try mode(dir.appendingPathComponent(name)) == 0o600, "\(name)")
        }
    }

    @Test("statement --supporter: the attestation lists only that supporter, says it is not a tax receipt")
    func attestation() throws {
        let c = try workspace(association: false)
        let r = c.run("statement", "--year", "2026", "--supporter", "marie")
        #expect(r.code == 0, "\(r.err)")
        let dir = c.dir.appendingPathComponent("Statements/2026")
        let json = try object(dir.appendingPathComponent("attestation-2026-marie.json"))
        let gifts = try #require(json["gifts"] as? [[String: Any]])
        #expect(gifts.map { $0["id"] as? String } == ["g-1", "g-2", "g-4"])
        let totals = try #require(json["totals"] as? [[String: Any]])
        #expect(totals.map { $0["unit"] as? String } == ["EUR", "PTJ"])
        #expect(totals.map { $0["amount_minor"] as? Int } == [9250, 15])
        let pdf = dir.appendingPathComponent("attestation-2026-marie.pdf")
        try checkPDF(pdf)
        let t = try text(pdf)
        #expect(t.contains("Marie Dupont") && t.contains("92,50 €") && t.contains("n’est pas un reçu fiscal"))
        for other in ["Bob", "1 234,56", "Zoé", "40,00", "99,00", "20,00"] { #expect(!t.contains(other), "\(other)") }
        let csv = try String(contentsOf: dir.appendingPathComponent("attestation-2026-marie.csv"), encoding: .utf8)
        #expect(csv.split(separator: "\n").count == 4 && !csv.contains("g-6"))
        #expect(try mode(pdf) == 0o600)
    }

    @Test("statement --all-supporters: one attestation per supporter who gave that year, each with only their own gifts")
    func allAttestations() throws {
        let c = try workspace(association: false)
        #expect(c.run("supporter", "add", "a.b", "--name", "Ana Point").code == 0)
        #expect(c.run("supporter", "add", "a_b", "--name", "Ana Souligné").code == 0)
        #expect(c.run("gift", "add", "3 €", "--from", "a.b", "--date", "2026-10-01").code == 0)
        #expect(c.run("gift", "add", "4 €", "--from", "a_b", "--date", "2026-10-02").code == 0)
        let r = c.run("statement", "--year", "2026", "--all-supporters")
        #expect(r.code == 0, "\(r.err)")
        #expect(r.out.hasPrefix("5 attestations de soutien for 2026 written in "), "\(r.out)")
        let dir = c.dir.appendingPathComponent("Statements/2026")
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".json") }
        // Two handles that read the same as file names keep a file each.
        #expect(names.count == 5, "\(names.sorted())")
        var totals: [String: [Int]] = [:]
        for n in names {
            let json = try object(dir.appendingPathComponent(n))
            let who = try #require(json["supporter"] as? String)
            totals[who] = (json["totals"] as? [[String: Any]])?.compactMap { $0["amount_minor"] as? Int }
        }
        // The same figures as the one-supporter attestation; the gift from nobody is nobody's.
        #expect(totals == ["marie": [9250, 15], "bob": [123456], "zoe": [1000], "a.b": [300], "a_b": [400]])
        let single = try object(dir.appendingPathComponent("attestation-2026-marie.json"))
        #expect(c.run("statement", "--year", "2026", "--supporter", "marie").code == 0)
        let again = try object(dir.appendingPathComponent("attestation-2026-marie.json"))
        #expect(NSDictionary(dictionary: single).isEqual(to: again), "the batch and the single attestation differ")
        try checkPDF(dir.appendingPathComponent("attestation-2026-zoe.pdf"))
        let both = c.run("statement", "--year", "2026", "--all-supporters", "--supporter", "marie")
        #expect(both.code == 64 && both.err.contains("not both"), "\(both.err)")
    }

    @Test("paperwork is never written into a published folder")
    func neverPublished() throws {
        let c = try workspace()
        let r = c.run("statement", "--year", "2026", "--output", "Reports/private")
        #expect(r.code == 64 && r.err.hasPrefix("error: --output 'Reports/private' is inside 'Reports'"), "\(r.err)")
        #expect(!FileManager.default.fileExists(atPath: c.dir.appendingPathComponent("Reports/private").path))
    }

    // MARK: receipts

    @Test("receipts: an individual is refused and pointed at the attestation")
    func individualRefused() throws {
        let c = try workspace(association: false)
        let r = c.run("receipt", "issue", "--year", "2026")
        #expect(r.code == 65)
        #expect(r.err.hasPrefix("error: an individual cannot issue reçus fiscaux") && r.err.contains("statement --year YEAR --supporter HANDLE"))
        #expect(try LedgerFile.count(c.ledger, type: "receipt") == 0)
    }

    @Test("receipt issue: every Cerfa n° 11580 mention, amount in words, gap-free numbers; a supporter without address skipped (65) while others are issued")
    func issue() throws {
        let c = try workspace()
        let r = c.run("receipt", "issue", "--year", "2026")
        #expect(r.code == 65, "\(r.out) \(r.err)")
        #expect(r.out.contains("skipped zoe: no postal address (--address)"))
        #expect(r.err.hasPrefix("error: 1 supporter skipped: zoe"))
        #expect(try LedgerFile.count(c.ledger, type: "receipt") == 2)
        let dir = c.dir.appendingPathComponent("Receipts/2026")
        let marie = try object(dir.appendingPathComponent("recu-2026-0001.json"))
        #expect((marie["donor"] as? [String: Any])?["name"] as? String == "Marie Dupont")
        #expect((marie["total"] as? [String: Any])?["amount_minor"] as? Int == 9250, "only euros: not the PTJ, not the refund")
        #expect(marie["methods"] as? [String] == ["virement", "espèces"])
        let bobPDF = dir.appendingPathComponent("recu-2026-0002.pdf")
        try checkPDF(bobPDF)
        let t = try text(bobPDF)
        for mention in ["Reçu au titre des dons à certains organismes d’intérêt général", "Cerfa n° 11580",
                        "Numéro d’ordre du reçu : 2026-0002",
                        "Camille Martin", "12 rue des Lilas, 69001 Lyon", "Éditer et diffuser des textes libres",
                        "Bob Martin", "8 rue Haute, 75011 Paris",
                        "1 234,56 €", "mille deux cent trente-quatre euros et cinquante-six centimes",
                        "5 mai 2026", "Déclaration de don manuel", "Numéraire", "virement",
                        "réduction d’impôt prévue à l’article 200 du code général des impôts",
                        "Camille Martin, trésorière", "Fait à Lyon, le 20 novembre 2026"] {
            #expect(t.contains(mention), "missing: \(mention)")
        }
        #expect(!t.contains("DUPLICATA") && !t.contains("PTJ"))
        #expect(try mode(bobPDF) == 0o600)
        let list = try #require(try c.json("receipt", "list", "--json") as? [[String: Any]])
        #expect(list.map { $0["number"] as? String } == ["2026-0001", "2026-0002"])
    }

    @Test("supporter update: the address a receipt lacked is added as a new entry; the receipt prints it; the first entry is unchanged")
    func addressAddedLater() throws {
        let c = try workspace()
        let first = c.run("receipt", "issue", "--year", "2026")
        #expect(first.code == 65)
        #expect(first.out.contains("add it with 'chapeau supporter update zoe --address \"…\"', then issue again"), "\(first.out)")
        let u = c.run("supporter", "update", "zoe", "--address", "5 rue Basse, 13001 Marseille", "--email", "zoe@example.org")
        #expect(u.code == 0 && u.out.hasPrefix("su-1 "), "\(u.out) \(u.err)")
        #expect(u.out.contains("supporter-update"), "the kind is shown whole: \(u.out)")
        // Again with the same values: nothing to record.
        let same = c.run("supporter", "update", "zoe", "--address", "5 rue Basse, 13001 Marseille")
        #expect(same.code == 0 && same.out.hasPrefix("nothing changed"), "\(same.out)")
        #expect(try LedgerFile.count(c.ledger, type: "supporter-update") == 1)
        #expect(c.run("supporter", "update", "zoe").code == 64)
        #expect(c.run("supporter", "update", "zoe", "--email", "not an address").code == 65)
        #expect(c.run("supporter", "update", "nobody", "--address", "x").code == 65)

        let r = c.run("receipt", "issue", "--year", "2026", "--supporter", "zoe")
        #expect(r.code == 0, "\(r.out) \(r.err)")
        let pdf = c.dir.appendingPathComponent("Receipts/2026/recu-2026-0003.pdf")
        let t = try text(pdf)
        #expect(t.contains("Zoé Petit") && t.contains("5 rue Basse, 13001 Marseille"), "\(t)")
        // Their card shows the latest details; the supporter entry itself is as it was recorded.
        let card = try #require(try c.json("supporter", "show", "zoe", "--json") as? [String: Any])
        #expect(card["address"] as? String == "5 rue Basse, 13001 Marseille" && card["email"] as? String == "zoe@example.org")
        let own = try #require(try c.json("list", "--json") as? [[String: Any]]).first { $0["id"] as? String == "s-3" }
        #expect(own?["address"] == nil && own?["email"] == nil, "\(String(describing: own))")
        // An empty value clears a field.
        #expect(c.run("supporter", "update", "zoe", "--email", "").code == 0)
        let cleared = try #require(try c.json("supporter", "show", "zoe", "--json") as? [String: Any])
        #expect(cleared["email"] is NSNull || cleared["email"] == nil, "\(String(describing: cleared["email"]))")
        #expect(c.run("verify").code == 0)
        // Erased: the updates' data go with the rest, and the chain still verifies.
        #expect(c.run("supporter", "erase", "zoe").code == 0)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: c.ledger))
        #expect(bytes.range(of: Data("rue Basse".utf8)) == nil && bytes.range(of: Data("zoe@example.org".utf8)) == nil)
        #expect(c.run("verify").code == 0)
        #expect(c.run("supporter", "update", "zoe", "--address", "ailleurs").code == 65)
    }

    @Test("supporter update: a public supporter's new name is the one the next report thanks")
    func renamedOnTheWall() throws {
        let c = try CLI()
        try c.editConfig("min_group = 3", "min_group = 1")
        #expect(c.run("supporter", "add", "ana", "--name", "Ana Bernard", "--visibility", "public").code == 0)
        #expect(c.run("gift", "add", "10 €", "--from", "ana", "--date", "2026-10-05").code == 0)
        #expect(c.run("supporter", "update", "ana", "--name", "Ana Bernard-Lopez").code == 0)
        let r = c.run("report", "build", "2026-10", "--format", "md", "--output", "out", "--now", "2026-11-02")
        #expect(r.code == 0, "\(r.err)")
        let md = try String(contentsOf: c.dir.appendingPathComponent("out/2026-10/report.md"), encoding: .utf8)
        #expect(md.contains("Ana Bernard-Lopez"), "\(md)")
    }

    @Test("receipts: a reissue is a DUPLICATA with the same number; cancel keeps the number used; summary leaves cancelled out; a voided gift flags the receipt")
    func duplicateCancelSummary() throws {
        let c = try workspace()
        _ = c.run("receipt", "issue", "--year", "2026")
        let again = c.run("receipt", "issue", "--year", "2026", "--supporter", "marie")
        #expect(again.code == 0, "\(again.err)")
        #expect(again.out.contains("2026-0001  marie  92.50 EUR  DUPLICATA"))
        let dup = c.dir.appendingPathComponent("Receipts/2026/recu-2026-0001-duplicata.pdf")
        try checkPDF(dup)
        let t = try text(dup)
        #expect(t.contains("DUPLICATA") && t.contains("Numéro d’ordre du reçu : 2026-0001"))
        #expect(try LedgerFile.count(c.ledger, type: "receipt") == 3)
        // A second duplicate gets its own file: the first one, perhaps already sent, stays as it was.
        let firstDuplicate = try Data(contentsOf: dup)
        c.env["CHAPEAU_NOW"] = "2026-12-01T10:00:00Z"
        let twice = c.run("receipt", "issue", "--year", "2026", "--supporter", "marie")
        #expect(twice.code == 0, "\(twice.err)")
        let second = c.dir.appendingPathComponent("Receipts/2026/recu-2026-0001-duplicata-2.pdf")
        try checkPDF(second)
        #expect(twice.out.contains("recu-2026-0001-duplicata-2.pdf"))
        #expect(try Data(contentsOf: dup) == firstDuplicate)
        #expect(try text(second).contains("1er décembre 2026"))
        #expect(try LedgerFile.count(c.ledger, type: "receipt") == 4)
        // The PDFs wait in a hidden staging folder until the entries are recorded: none is left.
        let folder = try FileManager.default.contentsOfDirectory(atPath: c.dir.appendingPathComponent("Receipts/2026").path)
        #expect(!folder.contains { $0.hasPrefix(".") }, "\(folder)")
        let mode = try FileManager.default.attributesOfItem(atPath: second.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)

        let cancel = c.run("receipt", "cancel", "2026-0002", "--reason", "issued twice by mistake")
        #expect(cancel.code == 0, "\(cancel.err)")
        let summary = try #require(try c.json("receipt", "summary", "--year", "2026", "--json") as? [String: Any])
        #expect(summary["receipts"] as? Int == 1 && summary["cancelled"] as? Int == 1)
        #expect((summary["total"] as? [String: Any])?["amount_minor"] as? Int == 9250)

        // Bob again: a new number, the cancelled one is never reused.
        let bob = c.run("receipt", "issue", "--year", "2026", "--supporter", "bob")
        #expect(bob.code == 0 && bob.out.contains("2026-0003  bob  1234.56 EUR"), "\(bob.out) \(bob.err)")

        #expect(c.run("void", "g-1", "--reason", "bounced").code == 0)
        let list = try #require(try c.json("receipt", "list", "--year", "2026", "--json") as? [[String: Any]])
        let byNumber = Dictionary(uniqueKeysWithValues: list.compactMap { r in (r["number"] as? String).map { ($0, r) } })
        #expect(byNumber["2026-0001"]?["duplicates"] as? Int == 2)
        #expect((byNumber["2026-0001"]?["flag"] as? String)?.contains("80.00 EUR") == true)
        #expect(byNumber["2026-0002"]?["status"] as? String == "cancelled")
        #expect(byNumber["2026-0003"] != nil && byNumber["2026-0003"]?["flag"] as? String == nil)
        #expect(c.run("verify").code == 0)
    }

    @Test("[receipts] minimum: a yearly total below it gets no receipt and no number, and is named; at or above, a receipt")
    func minimum() throws {
        let c = try workspace()
        let url = c.dir.appendingPathComponent("Config/chapeau.toml")
        let text = try String(contentsOf: url, encoding: .utf8)
            .replacingOccurrences(of: "# minimum = \"5 €\"", with: "minimum = \"92,50 €\"")
        try Data(text.utf8).write(to: url)
        #expect(text.contains("minimum = \"92,50 €\""))
        // Marie gave 92,50 € (exactly the minimum), Bob 1 234,56 €, Zoé 10 € (below, and no address).
        let r = c.run("receipt", "issue", "--year", "2026", "--json")
        #expect(r.code == 0, "\(r.out) \(r.err)")
        let run = try #require(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
        #expect(run["below_minimum"] as? [String] == ["zoe"])
        let issued = (run["issued"] as? [[String: Any]])?.compactMap { $0["supporter"] as? String }
        #expect(issued == ["marie", "bob"])
        #expect(try LedgerFile.count(c.ledger, type: "receipt") == 2)
        let bad = try String(contentsOf: url, encoding: .utf8).replacingOccurrences(of: "minimum = \"92,50 €\"", with: "minimum = \"cinq\"")
        try Data(bad.utf8).write(to: url)
        let refused = c.run("receipt", "issue", "--year", "2026")
        #expect(refused.code != 0 && refused.err.hasPrefix("error: ") && refused.err.contains("cinq"), "\(refused.err)")
        #expect(try LedgerFile.count(c.ledger, type: "receipt") == 2)
    }

    @Test("verify fails when a receipt row is deleted behind chapeau's back")
    func verifyCatchesRemovedReceipt() throws {
        let c = try workspace()
        _ = c.run("receipt", "issue", "--year", "2026")
        #expect(c.run("gift", "add", "5 €", "--date", "2026-11-19").code == 0)
        #expect(c.run("verify").code == 0)
        let queue = try DatabaseQueue(path: c.ledger)
        try queue.write { db in
            try db.execute(sql: "DROP TRIGGER entry_append_only_delete")
            try db.execute(sql: "DELETE FROM entry WHERE type = 'receipt' AND reference = '2026-0001'")
            try db.execute(sql: """
                CREATE TRIGGER entry_append_only_delete BEFORE DELETE ON entry
                BEGIN SELECT RAISE(ABORT, 'the journal is append-only: record a correction with chapeau void'); END;
                """)
        }
        let v = c.run("verify")
        #expect(v.code == 1)
        #expect((v.out + v.err).contains("removed"), "\(v.out) \(v.err)")
    }
}

@Suite("supporter addresses, end to end")
struct SupporterAddressEndToEndTests {
    @Test("An address is private data: shown to the treasurer, chained by its digest, erased with the rest")
    func addressIsPrivate() throws {
        let c = try CLI()
        #expect(c.run("supporter", "add", "marie", "--name", "Marie Dupont", "--address", "3 place du Marché, 69002 Lyon").code == 0)
        let card = try #require(try c.json("supporter", "show", "marie", "--json") as? [String: Any])
        #expect(card["address"] as? String == "3 place du Marché, 69002 Lyon")
        #expect(c.run("supporter", "show", "marie").out.contains("address: 3 place du Marché, 69002 Lyon\n"))
        #expect(c.run("verify").code == 0)
        // Changed behind chapeau's back: verify names it.
        let queue = try DatabaseQueue(path: c.ledger)
        try queue.write { db in
            try db.execute(sql: "DROP TRIGGER personal_no_update; UPDATE personal SET address = '1 rue Ailleurs' WHERE handle = 'marie'")
        }
        try queue.close()
        let v = c.run("verify")
        #expect(v.code == 1 && (v.out + v.err).contains("s-1"))
        let bad = c.run("supporter", "add", "bob", "--address", "ligne 1\nligne 2")
        #expect(bad.code == 65 && bad.err.hasPrefix("error: --address"))
    }

    @Test("Erasing a supporter removes their address from the file")
    func erased() throws {
        let c = try CLI()
        #expect(c.run("supporter", "add", "marie", "--address", "3 place du Marché, 69002 Lyon").code == 0)
        #expect(c.run("supporter", "erase", "marie").code == 0)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: c.ledger))
        #expect(bytes.range(of: Data("place du March".utf8)) == nil)
        #expect(c.run("verify").code == 0)
    }
}

@Suite("supporter export, end to end")
struct SupporterExportEndToEndTests {
    /// The files of a zip, read by Python's zipfile (an independent reader).
    func unzip(_ path: String) throws -> [String: String] {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", """
            import json, sys, zipfile
            z = zipfile.ZipFile(sys.argv[1])
            assert z.testzip() is None
            print(json.dumps({n: z.read(n).decode('utf-8') for n in z.namelist()}))
            """, path]
        let pipe = Pipe()
        p.standardOutput = pipe
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw CLIError.setup("python3 zipfile could not read \(path)") }
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: String])
    }

    @Test("The zip holds all of one supporter and nothing of another; mode 0600; the pseudonym finds them in the public ledger")
    func export() throws {
        let c = try CLI()
        for s in [["supporter", "add", "marie", "--name", "Marie Dupont", "--email", "marie@example.org", "--address", "3 place du Marché, 69002 Lyon"],
                  ["supporter", "add", "bob", "--name", "Bob Martin", "--email", "bob@example.org", "--address", "8 rue Haute, 75011 Paris"],
                  ["gift", "add", "12,50 €", "--from", "marie", "--date", "2026-01-15", "--note", "merci"],
                  ["gift", "add", "77,77 €", "--from", "bob", "--date", "2026-01-16", "--note", "bob's note"],
                  ["gift", "add", "20 €", "--from", "marie", "--date", "2026-02-01"],
                  ["void", "g-3", "--reason", "twice"],
                  ["void", "g-2", "--reason", "bob's refund"],
                  ["pledge", "add", "5", "--every", "month", "--from", "marie", "--start", "2026-03-01"],
                  ["offer", "add", "Relecture", "--kind", "skill", "--from", "marie"],
                  ["offer", "add", "Tri", "--kind", "time", "--from", "bob"]] {
            let r = c.run(s)
            guard r.code == 0 else { throw CLIError.setup("\(s) → \(r.err)") }
        }
        let r = c.run("supporter", "export", "marie", "--output", "marie.zip")
        #expect(r.code == 0, "\(r.err)")
        let zipPath = c.dir.appendingPathComponent("marie.zip").path
        #expect((try FileManager.default.attributesOfItem(atPath: zipPath)[.posixPermissions] as? Int) == 0o600)
        let files = try unzip(zipPath)
        #expect(Set(files.keys) == ["supporter.json", "entries.csv", "entries.jsonl", "README.txt"])
        let person = try #require(try JSONSerialization.jsonObject(with: Data((files["supporter.json"] ?? "").utf8)) as? [String: Any])
        #expect(person["handle"] as? String == "marie" && person["address"] as? String == "3 place du Marché, 69002 Lyon")
        #expect(person["email"] as? String == "marie@example.org")
        let ids = (files["entries.jsonl"] ?? "").split(separator: "\n").compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["id"] as? String
        }
        #expect(ids == ["s-1", "g-1", "g-3", "v-1", "p-1", "o-1"])
        let all = files.values.joined(separator: "\n")
        for other in ["bob", "Bob", "77.77", "g-2", "v-2", "o-2", "8 rue Haute"] { #expect(!all.contains(other), "\(other)") }
        #expect(all.contains("merci") && (files["entries.csv"] ?? "").hasPrefix("entry_number,id,kind,date,amount,unit,supporter,voided,hash,details\n"))

        // The pseudonym is the one the public ledger gives their gifts.
        let pseudonym = try #require(person["public_pseudonym"] as? String)
        let publicLedger = c.run("export", "--public", "--format", "csv")
        #expect(publicLedger.out.split(separator: "\n").contains { $0.hasPrefix("g-1,") && $0.contains(pseudonym) })
        #expect((files["README.txt"] ?? "").contains(pseudonym))
    }

    @Test("An export into a published folder is refused")
    func notPublished() throws {
        let c = try CLI()
        #expect(c.run("supporter", "add", "marie").code == 0)
        let r = c.run("supporter", "export", "marie", "--output", "Reports/marie.zip")
        #expect(r.code == 64 && r.err.contains("published"))
        #expect(!FileManager.default.fileExists(atPath: c.dir.appendingPathComponent("Reports/marie.zip").path))
    }
}

@Suite("retention, end to end")
struct RetentionEndToEndTests {
    /// retention_years = 3, an association. Added in 2022: old (a gift in 2022), kept (a gift in
    /// 2022 and a receipt issued on 2023-01-15), pledger (a monthly pledge still running);
    /// recent (added in 2022, a gift in 2026).
    func workspace() throws -> CLI {
        let c = try CLI()
        let url = c.dir.appendingPathComponent("Config/chapeau.toml")
        let text = try String(contentsOf: url, encoding: .utf8)
            .replacingOccurrences(of: "# kind = \"individual\"", with: "kind = \"association\"")
            .replacingOccurrences(of: "# address = \"12 rue des Lilas", with: "address = \"12 rue des Lilas")
            .replacingOccurrences(of: "# [receipts]", with: "[receipts]")
            .replacingOccurrences(of: "# object = ", with: "object = ")
            .replacingOccurrences(of: "# signatory = ", with: "signatory = ")
            .replacingOccurrences(of: "# [privacy]", with: "[privacy]")
            .replacingOccurrences(of: "# retention_years = 3", with: "retention_years = 3")
        try Data(text.utf8).write(to: url)
        func run(_ now: String, _ args: [String]) throws {
            c.env["CHAPEAU_NOW"] = now
            let r = c.run(args)
            guard r.code == 0 else { throw CLIError.setup("\(args) → \(r.code) \(r.err)") }
        }
        for h in ["old", "kept", "pledger", "recent"] {
            try run("2022-06-01T10:00:00Z", ["supporter", "add", h, "--name", "Name \(h)", "--address", "1 rue \(h), 75001 Paris", "--email", "\(h)@example.org"])
        }
        try run("2022-06-01T10:00:00Z", ["gift", "add", "10 €", "--from", "old", "--date", "2022-06-01", "--note", "old-note"])
        try run("2022-06-01T10:00:00Z", ["gift", "add", "20 €", "--from", "kept", "--date", "2022-06-01"])
        try run("2022-06-01T10:00:00Z", ["pledge", "add", "5 €", "--every", "month", "--from", "pledger", "--start", "2022-06-01"])
        try run("2023-01-15T10:00:00Z", ["receipt", "issue", "--year", "2022", "--supporter", "kept"])
        try run("2026-11-20T10:00:00Z", ["gift", "add", "30 €", "--from", "recent", "--date", "2026-01-01"])
        c.env["CHAPEAU_NOW"] = "2026-11-20T10:00:00Z"
        return c
    }

    @Test("supporter list --stale says who goes and when; run erases exactly them, keeps every amount, spares a receipt younger than six years")
    func retention() throws {
        let c = try workspace()
        let stale = try #require(try c.json("supporter", "list", "--stale", "--json") as? [[String: Any]])
        let byHandle = Dictionary(uniqueKeysWithValues: stale.compactMap { s in (s["handle"] as? String).map { ($0, s) } })
        #expect(byHandle["old"]?["due"] as? Bool == true && byHandle["old"]?["erase_on"] as? String == "2025-06-01")
        #expect(byHandle["kept"]?["due"] as? Bool == false && byHandle["kept"]?["receipt_kept_until"] as? String == "2029-01-15")
        #expect(byHandle["pledger"]?["due"] as? Bool == false && byHandle["recent"]?["due"] as? Bool == false)

        let before = try #require(try c.json("list", "gifts", "--json") as? [[String: Any]])
        let r = c.run("run")
        #expect(r.code == 0, "\(r.err)")
        #expect(r.out.contains("erased 1 supporter inactive for longer than [privacy] retention_years: old"))
        #expect(c.run("supporter", "show", "old").code == 65)
        for h in ["kept", "pledger", "recent"] { #expect(c.run("supporter", "show", h).code == 0, "\(h)") }
        let after = try #require(try c.json("list", "gifts", "--json") as? [[String: Any]])
        #expect(after.map { $0["amount_minor"] as? Int } == before.map { $0["amount_minor"] as? Int })
        #expect(after.count == 3)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: c.ledger))
        #expect(bytes.range(of: Data("old@example.org".utf8)) == nil && bytes.range(of: Data("old-note".utf8)) == nil)
        #expect(c.run("verify").code == 0)
        // A second run erases nobody more.
        let again = c.run("run")
        #expect(again.code == 0 && !again.out.contains("erased"))

        // Once the receipt's six years are over, the supporter it kept goes too (and recent, whose
        // last gift is now three years old); the pledger's instalments keep them in contact.
        c.env["CHAPEAU_NOW"] = "2029-01-16T10:00:00Z"
        let later = c.run("run")
        #expect(later.code == 0 && later.out.contains("erased 2 supporters inactive for longer than [privacy] retention_years: kept, recent"),
                "\(later.out) \(later.err)")
        #expect(c.run("supporter", "show", "pledger").code == 0)
    }

    @Test("supporter list --stale without retention_years is a usage error")
    func notConfigured() throws {
        let c = try CLI()
        let r = c.run("supporter", "list", "--stale")
        #expect(r.code == 64 && r.err.hasPrefix("error: [privacy] retention_years is not set"))
    }
}
