import ChapeauCore
import Foundation
import Testing

/// `supporter show` and `qr`, run as a user runs them.
@Suite("supporter show and qr, end to end")
struct SupporterAndQREndToEndTests {
    static let iban = "FR76 3000 6000 0112 3456 7890 189"

    /// marie with a gift, a voided gift, a pledge and an offer; bob with a gift; IBAN and BIC configured.
    func workspace(iban: Bool = true) throws -> CLI {
        let c = try CLI()
        if iban {
            let url = c.dir.appendingPathComponent("Config/chapeau.toml")
            let text = try String(contentsOf: url, encoding: .utf8)
                .replacingOccurrences(of: "# iban = \"FR76", with: "iban = \"FR76")
                .replacingOccurrences(of: "# bic = \"AGRIFRPP\"", with: "bic = \"AGRIFRPP\"")
            try Data(text.utf8).write(to: url)
        }
        for s in [["supporter", "add", "marie", "--name", "Marie Dupont", "--email", "marie@example.org", "--visibility", "public"],
                  ["supporter", "add", "bob"],
                  ["gift", "add", "12,50 €", "--from", "marie", "--channel", "bank", "--date", "2026-11-02"],
                  ["gift", "add", "20 €", "--from", "marie", "--date", "2026-11-03"],
                  ["gift", "add", "7 €", "--from", "bob", "--date", "2026-11-03", "--note", "bob's note"],
                  ["pledge", "add", "5", "--every", "month", "--from", "marie", "--start", "2026-09-05"],
                  ["offer", "add", "Relecture", "--kind", "skill", "--from", "marie", "--quantity", "6 h"],
                  ["offer", "accept", "o-1", "--date", "2026-11-10"],
                  ["void", "g-2", "--reason", "recorded twice"]] {
            let r = c.run(s)
            guard r.code == 0 else { throw CLIError.setup("\(s) → \(r.code) \(r.err)") }
        }
        return c
    }

    @Test("supporter show: the card as text and as JSON")
    func show() throws {
        let c = try workspace()
        let text = c.run("supporter", "show", "marie")
        #expect(text.code == 0, "\(text.err)")
        let reference = CreditorReference.forSupporter(number: 1)
        #expect(text.out.hasPrefix("s-1  marie  public\nname: Marie Dupont\ne-mail: marie@example.org\n"))
        #expect(text.out.contains("payment reference: \(CreditorReference.printable(reference))  (electronic form \(reference))"))
        #expect(text.out.contains("given: 12.50 EUR in 1 gift\n"))
        #expect(text.out.contains("  p-1  5.00 EUR every month from 2026-09-05  active  0/3 paid, 3 overdue\n"))
        #expect(text.out.contains("  o-1  skill  \"Relecture\"  accepted since 2026-11-10\n"))
        #expect(!text.out.contains("bob"))

        let card = try #require(try c.json("supporter", "show", "marie", "--json") as? [String: Any])
        #expect(card["id"] as? String == "s-1" && card["handle"] as? String == "marie")
        #expect(card["payment_reference"] as? String == reference)
        #expect(card["payment_reference_printable"] as? String == CreditorReference.printable(reference))
        #expect(card["erased"] as? Bool == false && card["erased_on"] is NSNull)
        let pledges = try #require(card["pledges"] as? [[String: Any]])
        #expect(pledges.count == 1 && pledges[0]["status"] as? String == "active" && pledges[0]["end"] is NSNull)
        #expect(pledges[0]["overdue"] as? Int == 3)
        let offers = try #require(card["offers"] as? [[String: Any]])
        #expect(offers.first?["status"] as? String == "accepted")
        let entries = try #require(card["entries"] as? [[String: Any]])
        #expect(entries.map { $0["id"] as? String } == ["s-1", "g-1", "g-2", "p-1", "o-1", "os-1", "v-1"])
        #expect(entries.first { $0["id"] as? String == "g-2" }?["voided"] as? Bool == true)
    }

    @Test("supporter show after erasure: by id, personal data gone, amounts kept")
    func showErased() throws {
        let c = try workspace()
        #expect(c.run("supporter", "erase", "marie").code == 0)
        let byHandle = c.run("supporter", "show", "marie")
        #expect(byHandle.code == 65 && byHandle.err.hasPrefix("error: no supporter 'marie'") && byHandle.err.contains("s-12"))
        let text = c.run("supporter", "show", "s-1")
        #expect(text.code == 0)
        #expect(text.out.hasPrefix("s-1  personal data erased on 2026-11-20"))
        #expect(text.out.contains("given: 12.50 EUR in 1 gift\n"))
        #expect(!text.out.contains("Marie") && !text.out.contains("marie@"))
        let card = try #require(try c.json("supporter", "show", "s-1", "--json") as? [String: Any])
        #expect(card["erased"] as? Bool == true && card["handle"] is NSNull && card["name"] is NSNull && card["email"] is NSNull)
        #expect(card["payment_reference"] is NSNull)
    }

    @Test("unknown handle: exit 65, one error line with a hint")
    func showUnknown() throws {
        let c = try workspace()
        let r = c.run("supporter", "show", "nobody")
        #expect(r.code == 65 && r.out.isEmpty)
        #expect(r.err == "error: no supporter 'nobody': see 'chapeau supporter list' for handles (an erased supporter is shown by id, s-12), or add them with 'chapeau supporter add'\n")
    }

    @Test("qr: the SVG written decodes to the EPC payload", arguments: [
        (["--supporter", "marie", "--amount", "12,50 €"], "EUR12.50\n\n" + CreditorReference.forSupporter(number: 1)),
        ([], "\n\n\nSoutien"),
    ])
    func qr(options: [String], tail: String) throws {
        let c = try workspace()
        let r = c.run(["qr"] + options + ["--output", "code.svg"])
        #expect(r.code == 0, "\(r.err)")
        #expect(r.out.hasPrefix("wrote code.svg: a SEPA transfer QR code to Camille Martin, IBAN \(Self.iban), BIC AGRIFRPP"))
        let expected = "BCD\n002\n1\nSCT\nAGRIFRPP\nCamille Martin\nFR7630006000011234567890189\n" + tail
        let svg = c.dir.appendingPathComponent("code.svg")
        let attributes = try FileManager.default.attributesOfItem(atPath: svg.path)
        #expect(attributes[.posixPermissions] as? Int == 0o644)
        guard let decoded = try QRDecoder.decode(svg, in: c.dir) else { return }
        #expect(decoded == expected)
    }

    @Test("qr refusals: the documented exit codes, one error line, nothing written", arguments: [
        (["--amount", "3 PTJ"], Int32(65), "error: --amount '3 PTJ' is in PTJ: a SEPA transfer QR code is for euros only"),
        (["--supporter", "nobody"], 65, "error: no supporter 'nobody'"),
        (["--amount", "douze"], 65, "douze"),
        (["--output-missing"], 64, "error:"),
    ])
    func qrRefusals(options: [String], code: Int32, says: String) throws {
        let c = try workspace()
        let args = options == ["--output-missing"] ? ["qr"] : ["qr"] + options + ["--output", "code.svg"]
        let r = c.run(args)
        #expect(r.code == code && r.err.hasPrefix("error:") && r.err.contains(says), "\(r.code) \(r.err)")
        #expect(r.err.split(separator: "\n").count == 1)
        #expect(!FileManager.default.fileExists(atPath: c.dir.appendingPathComponent("code.svg").path))
    }

    @Test("qr without [author] iban: exit 65 naming the key")
    func qrWithoutIBAN() throws {
        let c = try workspace(iban: false)
        let r = c.run("qr", "--output", "code.svg")
        #expect(r.code == 65)
        #expect(r.err.hasPrefix("error: no IBAN to pay into: add iban = \"FR76 …\" (and optionally bic) under [author] in "))
    }

    @Test("the report and the index show the code and the IBAN; every page names the payment link")
    func report() throws {
        let c = try workspace()
        let r = c.run("report", "build", "2026-11", "--now", "2026-12-01T08:00:00Z")
        #expect(r.code == 0, "\(r.err)")
        let reports = c.dir.appendingPathComponent("Reports")
        for page in ["2026-11/index.html", "index.html"] {
            let html = try String(contentsOf: reports.appendingPathComponent(page), encoding: .utf8)
            #expect(html.contains("<link rel=\"payment\" href=\"https://example.org/soutenir\">"), "\(page)")
            #expect(html.contains("IBAN <code>\(Self.iban)</code><br>BIC <code>AGRIFRPP</code>"), "\(page)")
            #expect(html.contains("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=") && html.contains("<title>Code QR de virement SEPA à Camille Martin</title>"))
            for hidden in ["marie@example.org", "bob's note", CreditorReference.forSupporter(number: 1), CreditorReference.forSupporter(number: 2)] {
                #expect(!html.contains(hidden), "\(page) holds \(hidden)")
            }
        }
        let feed = try String(contentsOf: reports.appendingPathComponent("feed.atom"), encoding: .utf8)
        #expect(feed.contains("<link rel=\"payment\" href=\"https://example.org/soutenir\"/>"))
    }
}

/// Reads a QR code from an SVG file with rsvg-convert and zbarimg. When one is missing, the
/// test fails under CI=true and is otherwise skipped with a note (nil).
enum QRDecoder {
    static func tool(_ name: String, package: String) -> URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        let message = "\(name) is not installed (Debian package \(package)): the QR code was not decoded"
        if ProcessInfo.processInfo.environment["CI"] == "true" { Issue.record(Comment(rawValue: message)) } else { print("note: \(message)") }
        return nil
    }

    static func decode(_ svg: URL, in dir: URL) throws -> String? {
        guard let rsvg = tool("rsvg-convert", package: "librsvg2-bin"), let zbarimg = tool("zbarimg", package: "zbar-tools") else { return nil }
        let png = dir.appendingPathComponent("decoded-\(UUID().uuidString).png")
        let converted = try run(rsvg, ["-z", "8", "-b", "white", "-o", png.path, svg.path])
        try #require(converted.status == 0, "rsvg-convert failed: \(converted.errors)")
        let decoded = try run(zbarimg, ["--raw", "-q", "-Sbinary", png.path])
        try #require(decoded.status == 0, "zbarimg found no code: \(decoded.errors)")
        var bytes = decoded.output
        if bytes.last == UInt8(ascii: "\n") { bytes.removeLast() }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func run(_ executable: URL, _ arguments: [String]) throws -> (status: Int32, output: Data, errors: String) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, outputData, String(decoding: errorData, as: UTF8.self))
    }
}
