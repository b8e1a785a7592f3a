import ChapeauCore
import ChapeauReports
import Foundation
import Testing
@testable import ChapeauApp

@Suite("chapeau qr and the report's payment block")
struct TransferQRTests {
    static let iban = "FR76 3000 6000 0112 3456 7890 189"

    func output(_ w: CardWorkspace, _ name: String) -> String { w.root.appendingPathComponent(name).path }

    @Test("a supporter's code: their reference as structured remittance, the amount in euros")
    func supporterCode() throws {
        let w = try CardWorkspace(iban: Self.iban)
        try w.marieAndPaul()
        let path = output(w, "marie.svg")
        let written = try TransferQR.write(workspace: w.treasurer.workspace, now: CardWorkspace.now, amount: "12,50 €",
                                           supporter: "marie", output: path)
        let reference = CreditorReference.forSupporter(number: 1)
        #expect(written.payload == "BCD\n002\n1\nSCT\n\nCamille Martin\nFR7630006000011234567890189\nEUR12.50\n\n\(reference)")
        #expect(written.reference == reference && written.supporter == "marie" && written.remittance == nil)
        #expect(written.amountMinor == 1250 && written.amount == "12.50")
        let svg = try String(contentsOfFile: path, encoding: .utf8)
        #expect(svg.hasPrefix("<svg ") && svg.hasSuffix("</svg>\n") && svg.contains("role=\"img\""))
        #expect(svg.contains("<title>Code QR de virement SEPA à Camille Martin, référence \(CreditorReference.printable(reference))</title>"))
        #expect(written.line.contains("reference \(CreditorReference.printable(reference)) (marie)"))
    }

    @Test("without a supporter: a free remittance text, any amount")
    func generalCode() throws {
        let w = try CardWorkspace(iban: Self.iban)
        let written = try TransferQR.write(workspace: w.treasurer.workspace, now: CardWorkspace.now, amount: nil,
                                           supporter: nil, output: output(w, "qr.svg"))
        #expect(written.payload == "BCD\n002\n1\nSCT\n\nCamille Martin\nFR7630006000011234567890189\n\n\n\nSoutien")
        #expect(written.line.hasSuffix("any amount, remittance \"Soutien\""))
    }

    @Test("refusals name the value and the key", arguments: [
        ("3 PTJ", nil, "qr.svg", 65, "--amount '3 PTJ' is in PTJ: a SEPA transfer QR code is for euros only"),
        ("0", nil, "qr.svg", 65, "0"),
        ("1000000000 €", nil, "qr.svg", 65, "between EUR 0.01 and EUR 999999999.99"),
        (nil, "nobody", "qr.svg", 65, "no supporter 'nobody'"),
        (nil, nil, "qr.png", 64, "qr.png' should end in .svg"),
        (nil, nil, "missing/qr.svg", 74, "cannot write"),
    ] as [(String?, String?, String, Int32, String)])
    func refusals(amount: String?, supporter: String?, file: String, code: Int32, message: String) throws {
        let w = try CardWorkspace(iban: Self.iban)
        try w.marieAndPaul()
        let path = output(w, file)
        do {
            _ = try TransferQR.write(workspace: w.treasurer.workspace, now: CardWorkspace.now, amount: amount,
                                     supporter: supporter, output: path)
            Issue.record("no error")
        } catch {
            let (got, text) = ExitStatus.of(error)
            #expect(got == code, "\(text)")
            #expect(text.contains(message), "\(text)")
        }
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test("without [author] iban: 65, naming the key to add")
    func noIBAN() throws {
        let w = try CardWorkspace()
        let error = #expect(throws: AppError.self) {
            try TransferQR.write(workspace: w.treasurer.workspace, now: CardWorkspace.now, amount: nil, supporter: nil,
                                 output: output(w, "qr.svg"))
        }
        let (code, message) = ExitStatus.of(try #require(error))
        #expect(code == 65 && message.contains("add iban = ") && message.contains("under [author]"))
    }

    @Test("an erased supporter has no code any more")
    func erased() throws {
        let w = try CardWorkspace(iban: Self.iban)
        try w.marieAndPaul()
        _ = try w.treasurer.erase(handle: "marie")
        #expect(throws: AppError.invalid("supporter s-1 was erased: their payment reference is no longer matched to anyone")) {
            try TransferQR.write(workspace: w.treasurer.workspace, now: CardWorkspace.now, amount: nil, supporter: "s-1",
                                 output: self.output(w, "qr.svg"))
        }
    }

    @Test("a ledger in another currency: an amount must say EUR")
    func otherCurrency() throws {
        let w = try CardWorkspace(iban: Self.iban)
        let configPath = w.treasurer.workspace.configPath
        let text = try String(contentsOfFile: configPath, encoding: .utf8)
            .replacingOccurrences(of: "currency = \"EUR\"", with: "currency = \"CHF\"")
        try Data(text.utf8).write(to: URL(fileURLWithPath: configPath))
        let ws = try Workspace.load(configPath: configPath)
        let error = #expect(throws: AppError.self) {
            try TransferQR.write(workspace: ws, now: CardWorkspace.now, amount: "10", supporter: nil, output: output(w, "a.svg"))
        }
        let message = "\(try #require(error))"
        #expect(message.contains("is in CHF") && message.contains("the ledger's currency is CHF: write \"10 EUR\""))
        let written = try TransferQR.write(workspace: ws, now: CardWorkspace.now, amount: "10 EUR", supporter: nil,
                                           output: output(w, "b.svg"))
        #expect(written.amountMinor == 1000)
    }

    @Test("the config refuses what the code could not hold")
    func configChecks() {
        let base = "[author]\nsupport_url = \"https://example.org\"\niban = \"\(Self.iban)\"\n"
        #expect(throws: ConfigError.self) { try ChapeauConfig.parse(base + "name = \"\(String(repeating: "n", count: 71))\"\n") }
        #expect((try? ChapeauConfig.parse(base + "name = \"\(String(repeating: "n", count: 70))\"\n")) != nil)
        do {
            _ = try ChapeauConfig.parse(base + "name = \"a\\nb\"\n")
            Issue.record("a name on two lines was accepted")
        } catch {
            #expect(error.key == "author.name")
        }
    }

    @Test("the report's block: the author's code without amount or reference, the IBAN printed, the label per language",
          arguments: ["fr", "en"])
    func reportBlock(language: String) throws {
        let w = try CardWorkspace(iban: "fr7630006000011234567890189")
        try w.marieAndPaul()
        let configPath = w.treasurer.workspace.configPath
        let text = try String(contentsOfFile: configPath, encoding: .utf8)
            .replacingOccurrences(of: "language = \"fr\"", with: "language = \"\(language)\"")
        try Data(text.utf8).write(to: URL(fileURLWithPath: configPath))
        let ws = try Workspace.load(configPath: configPath)
        let reporting = Reporting(workspace: ws, store: try ws.openLedger(), now: CardWorkspace.now)
        let block = try #require(reporting.config.payment)
        #expect(block.iban == "FR76 3000 6000 0112 3456 7890 189" && block.bic == nil)
        #expect(block.label == (language == "fr" ? "Virement sans frais" : "Bank transfer, no fees"))
        #expect(block.svg.hasPrefix("<svg ") && block.svg.contains("role=\"img\"") && block.svg.contains("<title>"))
        // The same code as `chapeau qr` without options writes: no supporter's reference in a public page.
        let general = try TransferQR.write(workspace: ws, now: CardWorkspace.now, amount: nil, supporter: nil,
                                           output: output(w, "general.svg"))
        #expect(try String(contentsOfFile: output(w, "general.svg"), encoding: .utf8) == block.svg + "\n")
        #expect(!general.payload.contains("RF"))
        let html = ReportFormat.html.render(try reporting.report(try reporting.period("2026-11")))
        #expect(html.contains(block.svg))
        for hidden in ["marie@example.org", "Paul Roux", "paul", "private", CreditorReference.forSupporter(number: 1)] {
            #expect(!html.contains(hidden), "the report holds \(hidden)")
        }
    }

    @Test("without [author] iban the report has no block")
    func noBlock() throws {
        let w = try CardWorkspace()
        let reporting = Reporting(workspace: w.treasurer.workspace, store: w.treasurer.store, now: CardWorkspace.now)
        #expect(reporting.config.payment == nil)
    }

    @Test("what `chapeau qr` writes decodes back to the payload", arguments: [nil, "marie"] as [String?])
    func decodes(supporter: String?) throws {
        let w = try CardWorkspace(iban: Self.iban)
        try w.marieAndPaul()
        let svg = output(w, "code.svg"), png = output(w, "code.png")
        let written = try TransferQR.write(workspace: w.treasurer.workspace, now: CardWorkspace.now, amount: "5 €",
                                           supporter: supporter, output: svg)
        let rsvgConvert = try requireTool("rsvg-convert", debianPackage: "librsvg2-bin")
        let zbarimg = try requireTool("zbarimg", debianPackage: "zbar-tools")
        let converted = try run(rsvgConvert, ["-z", "8", "-b", "white", "-o", png, svg])
        try #require(converted.status == 0, "rsvg-convert failed: \(converted.errors)")
        let decoded = try run(zbarimg, ["--raw", "-q", "-Sbinary", png])
        try #require(decoded.status == 0, "zbarimg found no code: \(decoded.errors)")
        var bytes = decoded.output
        if bytes.last == UInt8(ascii: "\n") { bytes.removeLast() }
        #expect(String(decoding: bytes, as: UTF8.self) == written.payload)
    }
}
