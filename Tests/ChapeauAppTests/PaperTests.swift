import ChapeauCore
import Foundation
import Testing
@testable import ChapeauApp

/// The documents of paperwork as models: French typography, and every receipt mention.
@Suite("Paperwork documents")
struct PaperTests {
    static let eur = ChapeauCore.Unit(code: "EUR", decimals: 2, name: "euro", isCurrency: true, symbols: ["€"])

    func receipt(duplicate: Bool = false) -> ReceiptDocument {
        ReceiptDocument(
            number: "2026-0007", duplicate: duplicate, year: 2026,
            organisation: .init(name: "Les Textes Libres", address: "12 rue des Lilas, 69001 Lyon", object: "Éditer des textes libres"),
            donor: .init(name: "Bob Martin", address: "8 rue Haute, 75011 Paris", object: nil),
            total: PaperAmount(Money(minor: 123_456, unit: Self.eur)), amountInWords: "mille deux cent trente-quatre euros et cinquante-six centimes",
            dates: ["2026-05-05"], form: "Déclaration de don manuel", nature: "Numéraire", methods: ["virement"], article: "238 bis",
            certification: ReceiptPaper.certification(article: "238 bis"), signatory: "Camille Martin, trésorière",
            place: ReceiptPaper.place("12 rue des Lilas, 69001 Lyon"), issuedOn: "2026-11-20")
    }

    func texts(_ p: Paper) -> [String] {
        p.blocks.flatMap { b -> [String] in
            switch b {
            case .title(let s), .heading(let s), .text(let s), .strong(let s), .small(let s), .mark(let s): return [s]
            case .table(let cols, let rows): return cols.map(\.title) + rows.flatMap { $0 }
            case .space: return []
            }
        }
    }

    @Test("Typeset: a no-break space before every colon, narrow no-break spaces in amounts; no plain space before a colon left")
    func typography() {
        let all = texts(ReceiptPaper.paper(receipt(), unit: Self.eur).typeset()).joined(separator: "\n")
        #expect(all.contains("Numéro d’ordre du reçu\u{00A0}: 2026-0007"))
        #expect(all.contains("1\u{202F}234,56\u{00A0}€"))
        #expect(!all.contains(" :") && !all.contains(" ;"))
    }

    @Test("A receipt names the configured CGI article, the place of issue, and DUPLICATA only on a duplicate")
    func mentions() {
        let original = texts(ReceiptPaper.paper(receipt(), unit: Self.eur)).joined(separator: "\n")
        #expect(original.contains("prévue à l’article 238 bis du code général des impôts"))
        #expect(original.contains("Fait à Lyon, le 20 novembre 2026"))
        #expect(original.contains("Cerfa n° 11580") && !original.contains("DUPLICATA"))
        #expect(texts(ReceiptPaper.paper(receipt(duplicate: true), unit: Self.eur)).first == "DUPLICATA")
    }

    @Test("Payment methods in the words of the form, each once")
    func methods() {
        let d = Day(iso: "2026-01-01")!
        let gifts = ["bank", "cash", "bank", "helloasso", nil].map { Gift(amount: Money(minor: 100, unit: Self.eur), day: d, channel: $0) }
        #expect(ReceiptPaper.methods(gifts) == ["virement", "espèces", "paiement en ligne ou carte bancaire (helloasso)", "non précisé"])
    }

    @Test("The PDF renderer gives a PDF document whatever the text holds")
    func renders() throws {
        var p = Paper(title: "Essai")
        p.blocks = [.title("Titre « libre » !"), .text(String(repeating: "Un texte très long qui passe à la ligne. ", count: 400)),
                    .table([.init("A", width: 0.5), .init("B", width: 0.5, right: true)], [["<b>&amp;", "1\u{202F}234,56\u{00A0}€"]])]
        let data = try PDFRenderer.render(p)
        #expect(data.starts(with: Array("%PDF-".utf8)))
        #expect(data.count > 1000)
    }

    /// The text pdftotext reads in a PDF (layout kept, so that a line drawn elsewhere shows).
    func pdfText(_ pdf: Data) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chapeau-paper-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("d.pdf")
        try pdf.write(to: file)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["pdftotext", "-layout", "-enc", "UTF-8", file.path, "-"]
        let pipe = Pipe()
        p.standardOutput = pipe
        try p.run()
        let out = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "pdftotext (poppler-utils) could not read the PDF")
        return String(decoding: out, as: UTF8.self)
    }

    @Test("Layouts kept from one document to the next draw each document as it is drawn alone, on every core and past the cache's limit")
    func layoutsKeptBetweenDocuments() throws {
        // Texts shared by every document, and enough of their own that the cache is emptied
        // between documents several times (each document spans pages).
        let rows = LayoutCache.limit / 6
        let papers = (0..<12).map { i in
            Paper(title: "Doc \(i)", blocks: [
                .title("Attestation de soutien"), .text("Un texte que tous les documents partagent : merci !"),
                .table([.init("Date", width: 0.4), .init("Moyen", width: 0.3), .init("Montant", width: 0.3, right: true)],
                       (0..<rows).map { j in ["2025-\(i)-\(j)", j % 2 == 0 ? "virement" : "chèque", "\(i * 10_000 + j),00 €"] }),
                .strong("Total du document \(i)"),
            ], footer: "Document \(i)")
        }
        let together = try PDFRenderer.renderAll(papers)
        #expect(together.count == papers.count)
        let pc = try PangoCairo.shared.get()
        for (i, paper) in papers.enumerated() {
            LayoutCache.current(pc).empty()
            let alone = try pdfText(PDFRenderer.render(paper))
            #expect(try pdfText(together[i]) == alone, "document \(i) differs when drawn among the others")
            #expect(alone.contains("\(i * 10_000 + rows - 1),00") && alone.contains("Total du document \(i)"))
            #expect(!alone.contains("\((i + 1) * 10_000 + 1),00"))
        }
    }
}
