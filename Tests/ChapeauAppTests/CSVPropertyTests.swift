import ChapeauCore
import Foundation
import PropertyBased
import Testing
@testable import ChapeauApp

@Suite("CSV reading and the import presets under property-based fuzzing")
struct CSVPropertyTests {
    /// Bytes CSV files are made of, and the ones that break them: quotes, delimiters, line ends,
    /// a byte-order mark, NUL, invalid UTF-8, Latin-1 accents.
    static let csvBytes: [UInt8] = Array("ab1,;\"\r\n \t=-+@é".utf8) + [0, 0xEF, 0xBB, 0xBF, 0xE9, 0xFF, 0xC3, 0x80]
    static let bytes = Gen<UInt8?>.element(of: csvBytes).map { $0 ?? 0 }.array(of: 0...120)
    static let anyBytes = Gen<UInt8>.value(in: 0...255).array(of: 0...120)

    /// Every record until the end or the first syntax error.
    static func readAll(_ bytes: [UInt8], delimiter: UInt8, encoding: CSVTextEncoding) -> (records: [CSVRecord], error: CSVSyntaxError?) {
        var reader = CSVReader(bytes: bytes, delimiter: delimiter, encoding: encoding)
        var out: [CSVRecord] = []
        do {
            while let r = try reader.next() { out.append(r) }
            return (out, nil)
        } catch let e as CSVSyntaxError {
            return (out, e)
        } catch {
            Issue.record("an error that is not a CSV syntax error: \(error)")
            return (out, nil)
        }
    }

    @Test("Arbitrary bytes never crash the reader; lines only grow; errors name a line inside the input")
    func arbitraryBytes() async {
        await propertyCheck(count: 1500, input: Self.bytes) { Self.checkReads($0) }
        await propertyCheck(count: 1500, input: Self.anyBytes) { Self.checkReads($0) }
    }

    static func checkReads(_ bytes: [UInt8]) {
        for (delimiter, encoding) in [(UInt8(ascii: ","), CSVTextEncoding.utf8), (UInt8(ascii: ";"), .utf8OrWindows1252)] {
            let (records, error) = readAll(bytes, delimiter: delimiter, encoding: encoding)
            let lines = bytes.filter { $0 == 10 || $0 == 13 }.count + 1
            #expect(zip(records, records.dropFirst()).allSatisfy { $0.line < $1.line })
            #expect(records.allSatisfy { $0.line >= 1 && $0.line <= lines })
            if let error { #expect(error.line >= 1 && error.line <= lines, "\(error)") }
        }
    }

    @Test("Rows written as Chapeau writes CSV read back exactly")
    func roundTrip() async {
        let cell = Gen<Character?>.element(of: Array("ab é,;\"\n\r\t=+-@'1.😀")).map { $0 ?? "a" }.array(of: 0...12).map { String($0) }
        let rows = cell.array(of: 1...6).array(of: 1...8)
        await propertyCheck(count: 800, input: rows) { rows in
            for delimiter: Character in [",", ";"] {
                let text = rows.map { CSVCell.record($0.map { CSVCell.text($0, delimiter: delimiter) }, delimiter: delimiter) }.joined()
                let (records, error) = Self.readAll(Array(text.utf8), delimiter: delimiter.asciiValue ?? 44, encoding: .utf8)
                #expect(error == nil, "\(text.debugDescription)")
                #expect(records.map { $0.fields.map(CSVCell.unneutralise) } == rows, "\(text.debugDescription)")
            }
        }
    }

    @Test("Every preset maps arbitrary headers and rows without crashing; a bad cell is a problem naming its column")
    func presets() async throws {
        let ctx = RowContext(units: try UnitRegistry(defaultCode: "EUR", custom: []), today: Day(year: 2026, month: 11, day: 20) ?? Day(ordinal: 20_412),
                             timeZone: TimeZone(identifier: "Europe/Paris") ?? .current)
        let names = ["date", "amount", "unit", "supporter", "channel", "reference", "note", "kind", "Date", "Montant", "Crédit", "Débit",
                     "Libellé", "Email", "Statut", "Nom", "Prénom", "Référence commande", "Date de la commande", "Montant du tarif",
                     "amount", "currency", "Patron Status", "Lifetime Amount", "Last Charge Date", "Last Charge Status",
                     "Pledge Amount", "Name", "Email", "Transaction ID", "type", "kind", "netAmount", "from", "x"]
        let values = ["", "12,50", "2026-11-02", "02/11/2026", "EUR", "-3", "1e5", "Payée", "Paid", "Active patron", "alice",
                      "a@b.org", "=1+1", "\n", "99999999999999", "2026-02-30", "€12", "CREDIT", "12.50 €", "\u{202E}", "0"]
        let header = Gen<String?>.element(of: names).map { $0 ?? "" }.array(of: 1...10)
        let row = Gen<String?>.element(of: values).map { $0 ?? "" }.array(of: 0...12)
        await propertyCheck(count: 600, input: header, row) { names, fields in
            let h = Header(names)
            for format in ImportFormat.allCases {
                guard case .success(var mapping) = format.mapping(for: h) else { continue }
                var cells = Cells(CSVRecord(line: 2, fields: fields), header: h)
                _ = mapping.read(&cells, ctx)
                for p in cells.problems {
                    #expect(!p.message.isEmpty)
                    if let c = p.column { #expect(c >= 0 && c < names.count, "\(format): column \(c) of \(names.count)") }
                }
            }
        }
    }

    @Test("Every built-in profile reads arbitrary headers and rows without crashing; every row gets one class")
    func profiles() async throws {
        var ctx = RowContext(units: try UnitRegistry(defaultCode: "EUR", custom: []), today: Day(year: 2026, month: 11, day: 20) ?? Day(ordinal: 20_412),
                             timeZone: TimeZone(identifier: "Europe/Paris") ?? .current)
        ctx.classifier.paymentReferences = [CreditorReference.forSupporter(number: 1): ID<Supporter>(1)]
        let profiles = try ImportCatalogue(userProfilesIn: nil).formats.compactMap { f -> ImportProfile? in
            if case .profile(let p) = f.reader { return p }
            return nil
        }
        #expect(profiles.count >= 15)
        let names = ["Date", "Montant", "Crédit", "Débit", "Libellé", "Type", "Status", "Statut", "Gross", "Currency", "Devise",
                     "Transaction ID", "Reference Txn ID", "Amount", "Amount Refunded", "id", "Source", "Référence", "Email",
                     "Item Title", "Captured", "Received", "Given", "TransactionType", "Montant de l'opération", "dateOp", "label",
                     "amount", "accountNum", "Counterparty name", "IBAN", "x", "#1", "Created (UTC)", "Avant commission", "État"]
        let values = ["", "12,50", "-12,50", "+3,00", "1 234,56", "(4,00)", "7.25-", "2026-11-02", "02/11/2026", "02.11.2026", "EUR",
                      "usd", "XXX", "Completed", "Refunded", "Payment Refund", "General Withdrawal", "VIR SEPA PAYPAL", "AVOIR CB",
                      "LIVRET A", "RF18539007547034", CreditorReference.forSupporter(number: 1), "\n", "\u{202E}", "0", "0,00", "true",
                      "99999999999999", "2026-02-30", "1e5", "=1+1", "Don"]
        let header = Gen<String?>.element(of: names).map { $0 ?? "" }.array(of: 1...12)
        let row = Gen<String?>.element(of: values).map { $0 ?? "" }.array(of: 0...14)
        await propertyCheck(count: 400, input: header, row) { names, fields in
            let h = Header(names)
            for p in profiles {
                guard case .success(var mapping) = ProfileMapping.make(p, header: h) else { continue }
                var cells = Cells(CSVRecord(line: 2, fields: fields), header: h)
                let r = mapping.read(&cells, ctx)
                for problem in cells.problems {
                    #expect(!problem.message.isEmpty)
                    if let c = problem.column { #expect(c >= 0 && c < names.count, "\(p.name): column \(c) of \(names.count)") }
                }
                if cells.isValid {
                    // A gift row carries a positive amount; nothing else carries a gift.
                    if let g = r.gift { #expect(r.effectiveClass == .gift && g.amount.minor > 0, "\(p.name)") }
                    else { #expect(r.effectiveClass != .gift || r.payer != nil, "\(p.name): a gift class without a gift") }
                }
            }
        }
    }
}
