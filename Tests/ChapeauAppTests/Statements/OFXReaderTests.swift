import Testing
@testable import ChapeauApp

@Suite struct OFXReaderTests {
    @Test func frenchSGMLInWindows1252WithDecimalCommaAndCRLF() throws {
        let bytes = StatementFixture.bytes("ofx1-fr-cp1252.ofx")
        #expect(bytes.contains(0xE9))  // é written as one Windows-1252 byte
        #expect(bytes.contains(0x0D))  // CRLF line ends
        let account = "12345678901"
        let expected = [
            StatementLine(
                line: 42, date: "2025-03-03", valueDate: "2025-03-02", amount: "30.00", currency: "EUR",
                label: "VIR SEPA Hélène Dupré DON MENSUEL CHAPEAU", counterparty: "VIR SEPA Hélène Dupré",
                reference: "2506200001", kind: "CREDIT", account: account),
            StatementLine(
                line: 51, date: "2025-03-04", amount: "-12.50", currency: "EUR",
                label: "CB LIBRAIRIE DU PONT 030325", counterparty: "CB LIBRAIRIE DU PONT 030325",
                reference: "2506300002", kind: "DEBIT", account: account),
            StatementLine(
                line: 59, date: "2025-03-05", amount: "-4.90", currency: "EUR",
                label: "FRAIS TENUE DE COMPTE L\u{2019}OFFRE ESSENTIELLE 4,90\u{20AC}",
                counterparty: "FRAIS TENUE DE COMPTE", reference: "2506400003", kind: "DEBIT", account: account),
            StatementLine(
                line: 67, date: "2025-03-07", amount: "5", currency: "EUR",
                label: "VIR INST M. JEAN MARTIN SOUTIEN PROJET D'ÉTÉ", counterparty: "VIR INST M. JEAN MARTIN",
                reference: "2506600004", kind: "CREDIT", account: account),
            StatementLine(
                line: 75, date: "2025-03-10", amount: "-100.00", currency: "EUR",
                label: "CHEQUE N 0000119", counterparty: "CHEQUE N 0000119",
                reference: "2506900005", kind: "CHECK", account: account),
        ]
        let lines = try OFXReader.read(bytes)
        #expect(lines.count == expected.count)
        for (got, want) in zip(lines, expected) {
            #expect(got == want)
        }
    }

    @Test func xmlBankAndCreditCardStatements() throws {
        let expected = [
            StatementLine(
                line: 31, date: "2025-01-05", valueDate: "2025-01-04", amount: "250.00", currency: "USD",
                label: "MOBILE DEPOSIT Friends & Neighbors Fund \u{2013} gala", counterparty: "MOBILE DEPOSIT",
                reference: "2025010500001", kind: "DEP", account: "000123456789"),
            StatementLine(
                line: 41, date: "2025-01-10", amount: "-75.5", currency: "USD",
                label: "Café Print Shop Flyers <spring>", counterparty: "Café Print Shop",
                counterpartyIBAN: "987654321", reference: "2025011000002", kind: "XFER", account: "000123456789"),
            // ORIGCURRENCY only names the original currency: TRNAMT is already in CURDEF.
            StatementLine(
                line: 84, date: "2025-01-12", amount: "-42.00", currency: "USD",
                label: "VENUE HIRE LTD", counterparty: "VENUE HIRE LTD",
                reference: "CC-0001", kind: "DEBIT", account: "4111111111111111"),
            StatementLine(
                line: 96, date: "2025-01-14", amount: "10.00", currency: "USD",
                label: "REFUND", counterparty: "REFUND",
                reference: "CC-0002", kind: "CREDIT", account: "4111111111111111"),
        ]
        let lines = try OFXReader.read(StatementFixture.bytes("ofx2.ofx"))
        #expect(lines.count == expected.count)
        for (got, want) in zip(lines, expected) {
            #expect(got == want)
        }
    }

    @Test func recognisesOFXOnly() {
        #expect(OFXReader.looksLike(Array(StatementFixture.bytes("ofx1-fr-cp1252.ofx").prefix(512))))
        #expect(OFXReader.looksLike(Array(StatementFixture.bytes("ofx2.ofx").prefix(512))))
        #expect(OFXReader.looksLike(Array("\u{FEFF}  <OFX>\n<SIGNONMSGSRSV1>".utf8)))
        #expect(!OFXReader.looksLike(Array(StatementFixture.bytes("camt053-v02.xml").prefix(512))))
        #expect(!OFXReader.looksLike(Array("Date;Libellé;Montant\n2025-01-02;X;1,00\n".utf8)))
        #expect(!OFXReader.looksLike([]))
    }

    private static func statement(_ transactions: String, header: String = "OFXHEADER:100\nCHARSET:1252\n\n") -> String {
        header + "<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>EUR\n"
            + "<BANKACCTFROM><ACCTID>A1</BANKACCTFROM><BANKTRANLIST>\n"
            + transactions + "\n</BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>\n"
    }

    @Test(arguments: [
        ("-12,50", "-12.50"), ("+6828.50", "6828.50"), ("5", "5"), (".50", "0.50"), ("-0,00", "0.00"), ("1000", "1000"),
    ])
    func amountsAreNormalised(raw: String, normalised: String) throws {
        let text = Self.statement("<STMTTRN><TRNTYPE>OTHER<DTPOSTED>20250101<TRNAMT>\(raw)<FITID>1<NAME>X</STMTTRN>")
        let lines = try OFXReader.read(Array(text.utf8))
        #expect(lines.map(\.amount) == [normalised])
    }

    @Test(arguments: ["20250105", "20250105120000", "20250105120000.000[-5:EST]", "20250105120000[-3:GMT]", "202501051200"])
    func datesKeepTheDatePart(raw: String) throws {
        let text = Self.statement("<STMTTRN><DTPOSTED>\(raw)<TRNAMT>1.00<FITID>1</STMTTRN>")
        #expect(try OFXReader.read(Array(text.utf8)).map(\.date) == ["2025-01-05"])
    }

    @Test func currencyAggregateSetsTheAmountsCurrency() throws {
        let text = Self.statement(
            "<STMTTRN><DTPOSTED>20250101<TRNAMT>-9.00<FITID>1<NAME>SHOP<CURRENCY><CURRATE>0.95<CURSYM>GBP</CURRENCY></STMTTRN>")
        let line = try #require(try OFXReader.read(Array(text.utf8)).first)
        #expect(line.currency == "GBP")
        #expect(line.label == "SHOP")
        #expect(line.counterparty == "SHOP")
    }

    @Test func severalStatementsEachKeepTheirAccount() throws {
        let text = """
            <OFX><BANKMSGSRSV1>
            <STMTTRNRS><STMTRS><CURDEF>EUR<BANKACCTFROM><ACCTID>FIRST</BANKACCTFROM><BANKTRANLIST>
            <STMTTRN><DTPOSTED>20250101<TRNAMT>1,00<FITID>a</STMTTRN>
            </BANKTRANLIST></STMTRS></STMTTRNRS>
            <STMTTRNRS><STMTRS><CURDEF>CHF<BANKACCTFROM><ACCTID>SECOND</BANKACCTFROM><BANKTRANLIST>
            <STMTTRN><DTPOSTED>20250102<TRNAMT>2,00<FITID>b</STMTTRN>
            </BANKTRANLIST></STMTRS></STMTTRNRS>
            </BANKMSGSRSV1></OFX>
            """
        let lines = try OFXReader.read(Array(text.utf8))
        #expect(lines.map(\.account) == ["FIRST", "SECOND"])
        #expect(lines.map(\.currency) == ["EUR", "CHF"])
        #expect(lines.map(\.line) == [3, 6])
    }

    @Test func validUTF8IsReadAsUTF8EvenWhenTheHeaderSays1252() throws {
        let text = Self.statement("<STMTTRN><DTPOSTED>20250101<TRNAMT>1.00<FITID>1<NAME>Café Müller €</STMTTRN>")
        #expect(try OFXReader.read(Array(text.utf8)).first?.label == "Café Müller €")
    }

    @Test func windows1252BytesFrom0x80To0x9FAreDecoded() throws {
        var bytes = Array(Self.statement("<STMTTRN><DTPOSTED>20250101<TRNAMT>1.00<FITID>1<NAME>@</STMTTRN>").utf8)
        let at = try #require(bytes.firstIndex(of: UInt8(ascii: "@")))
        bytes.replaceSubrange(at...at, with: [0x80, 0x20, 0x92, 0x20, 0x9C, 0x20, 0x9F, 0x20, 0xE9])
        #expect(try OFXReader.read(bytes).first?.label == "€ \u{2019} œ Ÿ é")
    }

    @Test func anAmountThatIsNotANumberIsAnError() {
        let text = Self.statement("<STMTTRN><DTPOSTED>20250101\n<TRNAMT>12,5x\n<FITID>1</STMTTRN>")
        #expect(readError(OFXReader.read, text) == StatementError(line: 7, message: "<TRNAMT> '12,5x' is not an amount"))
    }

    @Test func aDateThatIsNotADateIsAnError() {
        let text = Self.statement("<STMTTRN>\n<DTPOSTED>20251341\n<TRNAMT>1.00</STMTTRN>")
        #expect(readError(OFXReader.read, text) == StatementError(line: 7, message: "<DTPOSTED> '20251341' is not a date"))
    }

    @Test func aTransactionWithoutAmountIsAnError() {
        let text = Self.statement("<STMTTRN><DTPOSTED>20250101<FITID>1<NAME>NOTHING</STMTTRN>")
        #expect(readError(OFXReader.read, text) == StatementError(line: 6, message: "<STMTTRN> has no <TRNAMT>"))
    }

    @Test func aTransactionLeftOpenAtTheEndIsAnError() {
        let text = "<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>EUR<BANKTRANLIST>\n<STMTTRN><DTPOSTED>20250101<TRNAMT>1.00\n"
        #expect(readError(OFXReader.read, text)
            == StatementError(line: 2, message: "<STMTTRN> opened here is not closed at the end of the file"))
    }

    @Test func aTagCutOffAtTheEndIsAnError() {
        let text = "<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>EUR<BANKTRANLIST>\n<STMTTRN><DTPOSTED>20250101\n<TRNAM"
        #expect(readError(OFXReader.read, text)
            == StatementError(line: 3, message: "the tag '<TRNAM' is not closed with '>'"))
    }

    @Test func balancesAndSignonAreIgnored() throws {
        let text = """
            <OFX><SIGNONMSGSRSV1><SONRS><STATUS><CODE>0<SEVERITY>INFO</STATUS><DTSERVER>2025XX</SONRS></SIGNONMSGSRSV1>
            <BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>EUR<BANKTRANLIST>
            <STMTTRN><DTPOSTED>20250101<TRNAMT>1.00<FITID>1</STMTTRN>
            </BANKTRANLIST><LEDGERBAL><BALAMT>not a number<DTASOF>never</LEDGERBAL></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>
            """
        #expect(try OFXReader.read(Array(text.utf8)).map(\.amount) == ["1.00"])
    }
}
