import ChapeauCore
import Foundation
import Testing
@testable import ChapeauApp

@Suite("Reading CSV: RFC 4180, line numbers, delimiters, encodings")
struct ImportCSVTests {
    func records(_ text: String, delimiter: Character = ",", encoding: CSVTextEncoding = .utf8) throws -> [CSVRecord] {
        try records(Array(text.utf8), delimiter: delimiter, encoding: encoding)
    }

    func records(_ bytes: [UInt8], delimiter: Character = ",", encoding: CSVTextEncoding = .utf8) throws -> [CSVRecord] {
        var reader = CSVReader(bytes: bytes, delimiter: delimiter.asciiValue ?? 44, encoding: encoding)
        var out: [CSVRecord] = []
        while let r = try reader.next() { out.append(r) }
        return out
    }

    @Test("Quoted fields hold delimiters, doubled quotes and line breaks; records keep the line they start on")
    func quoting() throws {
        let rs = try records("a,b,c\n1,\"x, y\",\"say \"\"hi\"\"\"\n2,\"two\nlines\",z\r\n3,,\n")
        #expect(rs.map(\.fields) == [["a", "b", "c"], ["1", "x, y", "say \"hi\""], ["2", "two\nlines", "z"], ["3", "", ""]])
        #expect(rs.map(\.line) == [1, 2, 3, 5])
    }

    @Test("A UTF-8 byte-order mark is skipped, and semicolons delimit when asked")
    func bomAndSemicolons() throws {
        let rs = try records([0xEF, 0xBB, 0xBF] + Array("Date;Montant\n03/11/2026;10,00".utf8), delimiter: ";")
        #expect(rs.map(\.fields) == [["Date", "Montant"], ["03/11/2026", "10,00"]])
    }

    @Test("A last record without a line break, blank lines and CR line ends are read")
    func lineEnds() throws {
        let rs = try records("a\r\rb\rc")
        #expect(rs.map(\.fields) == [["a"], [""], ["b"], ["c"]])
        #expect(rs[1].isBlank)
        #expect(rs.map(\.line) == [1, 2, 3, 4])
    }

    @Test("A quoted field never closed is an error naming the line it opens on")
    func unterminated() throws {
        #expect(throws: CSVSyntaxError(line: 2, field: 2, message: "a quoted field opened here is never closed: a \" is missing")) {
            _ = try records("a,b\n1,\"open\nstill open\n")
        }
    }

    @Test("Text after a closing quote is an error naming line and field")
    func textAfterQuote() throws {
        do {
            _ = try records("a,b\n1,2\n3,\"x\"y\n")
            Issue.record("a stray quote was accepted")
        } catch let e as CSVSyntaxError {
            #expect(e.line == 3)
            #expect(e.field == 2)
        }
    }

    @Test("Bytes that are not UTF-8 are refused, or read as Windows-1252 when the format allows it")
    func encodings() throws {
        let latin1: [UInt8] = Array("Libell".utf8) + [0xE9] + Array(";Cr".utf8) + [0xE9] + Array("dit\n".utf8) + [0x80]
        #expect(throws: CSVSyntaxError.self) { _ = try records(latin1, delimiter: ";") }
        let rs = try records(latin1, delimiter: ";", encoding: .utf8OrWindows1252)
        #expect(rs.map(\.fields) == [["Libellé", "Crédit"], ["€"]])
    }

    @Test("A file larger than the read buffer streams whole, with the right line numbers")
    func streamsLargeFiles() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chapeau-csv-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var text = "n,label\n"
        for i in 1...30_000 { text += "\(i),\"row \(i), quoted\"\n" }
        let path = dir.appendingPathComponent("big.csv").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        var reader = try CSVReader(path: path)
        var count = 0
        var last: CSVRecord?
        while let r = try reader.next() { count += 1; last = r }
        #expect(count == 30_001)
        #expect(last?.line == 30_001)
        #expect(last?.fields == ["30000", "row 30000, quoted"])
        #expect(reader.bytesRead == Int64(text.utf8.count))
    }

    @Test("Cells a spreadsheet would run are neutralised, and read back exactly", arguments: [
        "=1+1", "+33 6 12", "-5", "@SUM(A1)", "'=x", "''-y", "plain", "it's", "'quoted'",
    ])
    func neutralising(_ text: String) {
        let written = CSVCell.neutralise(text)
        #expect(!CSVCell.formulaStarts.contains(written.first ?? " "))
        #expect(CSVCell.unneutralise(written) == text)
    }

    @Test("Cells are quoted only when RFC 4180 needs it")
    func quotingCells() {
        #expect(CSVCell.text("plain") == "plain")
        #expect(CSVCell.text("a,b") == "\"a,b\"")
        #expect(CSVCell.text("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSVCell.text("two\nlines") == "\"two\nlines\"")
        #expect(CSVCell.text("=cmd|' /C calc'!A0") == "'=cmd|' /C calc'!A0")
        #expect(CSVCell.text(nil) == "")
    }
}

@Suite("Reading dates and amounts as exports write them")
struct ImportValueTests {
    static let paris = TimeZone(identifier: "Europe/Paris") ?? .current

    @Test("Dates: ISO, with a time, with an offset, and French", arguments: [
        ("2026-11-20", "2026-11-20"),
        ("2026-11-20T10:00:00", "2026-11-20"),
        ("2026-11-20 23:30:00.000000", "2026-11-20"),
        ("2026-10-31T23:30:00.000Z", "2026-11-01"),
        ("2026-11-01T00:30:00+02:00", "2026-10-31"),
        ("20/11/2026", "2026-11-20"),
        ("03/11/2026 09:14:02", "2026-11-03"),
        ("03/11/26", "2026-11-03"),
    ])
    func dates(_ text: String, _ iso: String) {
        #expect(DateText.day(text, timeZone: Self.paris)?.description == iso)
    }

    @Test("Impossible or malformed dates are refused", arguments: ["2026-02-30", "30/02/2026", "2026-11-20X", "20.11.2026", "", "2026-11-20T25:00"])
    func badDates(_ text: String) {
        #expect(DateText.day(text, timeZone: Self.paris) == nil)
    }

    @Test("Plain decimals take the fast path; anything else is left to the amount parser", arguments: [
        ("12.50", 2, Int64?.some(1250)), ("12.5", 2, 1250), ("3", 0, 3), ("1234.56", 2, 123_456), ("0.05", 2, 5),
        ("12.345", 2, nil), ("12,50", 2, nil), ("12.", 2, nil), (".5", 2, nil), ("1 234", 2, nil), ("-5", 2, nil), ("", 2, nil),
    ])
    func fastDecimals(_ text: String, _ decimals: Int, _ minor: Int64?) {
        #expect(FastDecimal.minor(text, decimals: decimals) == minor)
    }

    @Test("Header names match without case, accents or spacing")
    func headerNames() {
        let h = Header(["Date", "LIBELLE", "Débit (EUR)", "crédit", "patron_id"])
        #expect(h.column("Libellé") == 1)
        #expect(h.column("Débit (EUR)") == 2)
        #expect(h.column("Credit") == 3)
        #expect(h.column("patron id") == 4)
        #expect(h.column("Montant") == nil)
    }
}
