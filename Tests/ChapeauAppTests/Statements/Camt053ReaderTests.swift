import Testing
@testable import ChapeauApp

@Suite struct Camt053ReaderTests {
    @Test func version02WithBatchPendingDebitAndStructuredReference() throws {
        let account = "DE89370400440532013000"
        let expected = [
            // The batch entry (line 40) gives one line per TxDtls, each with its own amount and party.
            StatementLine(
                line: 68, date: "2025-03-03", valueDate: "2025-03-03", amount: "100.00", currency: "EUR",
                label: "Spende März", counterparty: "Erika Mustermann", counterpartyIBAN: "DE02120300000000202051",
                reference: "2025030300042/1", endToEndId: "SPENDE-2025-0001", kind: "ESCT", account: account),
            StatementLine(
                line: 91, date: "2025-03-03", valueDate: "2025-03-03", amount: "30.00", currency: "EUR",
                label: "Mitgliedsbeitrag 2025 Q1", counterparty: "Max Beispiel",
                counterpartyIBAN: "DE02500105170137075030", reference: "2025030300042/2", kind: "ESCT",
                account: account),
            StatementLine(
                line: 115, date: "2025-03-03", valueDate: "2025-03-03", amount: "20.00", currency: "EUR",
                label: "SAMMLER-GUTSCHRIFT 3 POSTEN", counterparty: "Nachbarn & Freunde e.V.",
                reference: "2025030300042/3", endToEndId: "E2E-778", kind: "ESCT", account: account),
            // The PDNG entry on line 133 is skipped.
            StatementLine(
                line: 142, date: "2025-03-04", valueDate: "2025-03-04", amount: "-754.25", currency: "EUR",
                label: "Strom Abschlag Maerz", counterparty: "Stadtwerke Beispielstadt",
                counterpartyIBAN: "DE75512108001245126199", reference: "2025030400043",
                endToEndId: "SW-2025-03-77", kind: "ESDD", account: account),
            StatementLine(
                line: 202, date: "2025-03-05", valueDate: "2025-03-05", amount: "50.00", currency: "EUR",
                label: "GUTSCHRIFT RF18 5390 0754 7034", counterparty: "Jean Dupont",
                counterpartyIBAN: "FR7630006000011234567890189", reference: "NREF-0005",
                structuredReference: "RF18539007547034", kind: "ESCT", account: account),
        ]
        let lines = try Camt053Reader.read(StatementFixture.bytes("camt053-v02.xml"))
        #expect(lines.count == expected.count)
        for (got, want) in zip(lines, expected) {
            #expect(got == want)
        }
    }

    @Test func version08WithPrefixStatusCodeAndTwoAccounts() throws {
        let expected = [
            StatementLine(
                line: 39, date: "2025-04-01", valueDate: "2025-04-02", amount: "25.00", currency: "EUR",
                label: "Spende April <Sommerfest>", counterparty: "Anna Beispiel",
                counterpartyIBAN: "DE02120300000000202051", reference: "AAAASESS-FP-0001", endToEndId: "DON-0401",
                kind: "ESCT", account: "4711-0815-00"),
            // The INFO entry on line 95 is skipped.
            StatementLine(
                line: 106, date: "2025-04-01", amount: "-12.00", currency: "EUR",
                label: "Kontofuehrung Maerz", reference: "AAAASESS-FP-0002", kind: "FEES", account: "4711-0815-00"),
            StatementLine(
                line: 132, date: "2025-04-02", valueDate: "2025-04-03", amount: "-40.50", currency: "CHF",
                label: "Facture 2025-117", counterparty: "Imprimerie Martin",
                counterpartyIBAN: "CH9300762011623852957", reference: "NTRY-2-1", kind: "ESCT",
                account: "FR7630006000011234567890189"),
        ]
        let lines = try Camt053Reader.read(StatementFixture.bytes("camt053-v08.xml"))
        #expect(lines.count == expected.count)
        for (got, want) in zip(lines, expected) {
            #expect(got == want)
        }
    }

    @Test(arguments: ["02", "04", "08", "13"])
    func recognisesEveryVersion(version: String) {
        let head = "<?xml version=\"1.0\"?><Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.\(version)\">"
        #expect(Camt053Reader.looksLike(Array(head.utf8)))
    }

    @Test func recognisesCamtOnly() {
        #expect(Camt053Reader.looksLike(Array(StatementFixture.bytes("camt053-v08.xml").prefix(400))))
        #expect(Camt053Reader.looksLike(Array("<Document><BkToCstmrStmt>".utf8)))
        #expect(!Camt053Reader.looksLike(Array("<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.01\">".utf8)))
        #expect(!Camt053Reader.looksLike(Array("<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.054.001.08\">".utf8)))
        #expect(!Camt053Reader.looksLike(Array(StatementFixture.bytes("ofx2.ofx").prefix(400))))
    }

    private static func document(_ entries: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><Stmt>
        <Acct><Id><IBAN>DE89370400440532013000</IBAN></Id><Ccy>EUR</Ccy></Acct>
        \(entries)
        </Stmt></BkToCstmrStmt></Document>
        """
    }

    @Test func aSingleTransactionKeepsTheBookedEntryAmount() throws {
        // As in genkgo/camt test/data/camt053.v8.xml: the entry is 8.85 EUR, its one TxDtls says 0 SEK.
        let text = Self.document("""
            <Ntry><Amt Ccy="EUR">8.85</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
            <BookgDt><Dt>2025-01-02</Dt></BookgDt>
            <NtryDtls><TxDtls><Amt Ccy="SEK">0</Amt><CdtDbtInd>CRDT</CdtDbtInd></TxDtls></NtryDtls></Ntry>
            """)
        let line = try #require(try Camt053Reader.read(Array(text.utf8)).first)
        #expect(line.amount == "8.85")
        #expect(line.currency == "EUR")
        #expect(line.line == 4)
    }

    @Test func aBatchTransactionWithoutAmountIsAnError() {
        let text = Self.document("""
            <Ntry><Amt Ccy="EUR">3.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2025-01-02</Dt></BookgDt>
            <NtryDtls>
            <TxDtls><AmtDtls><TxAmt><Amt Ccy="EUR">1.00</Amt></TxAmt></AmtDtls></TxDtls>
            <TxDtls><Refs><EndToEndId>X</EndToEndId></Refs></TxDtls>
            </NtryDtls></Ntry>
            """)
        #expect(readError(Camt053Reader.read, text)
            == StatementError(line: 7, message: "<TxDtls> in a batch of 2 has no <Amt> of its own"))
    }

    @Test func anAmountThatIsNotANumberIsAnError() {
        let text = Self.document("""
            <Ntry>
            <Amt Ccy="EUR">12,5x</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2025-01-02</Dt></BookgDt></Ntry>
            """)
        #expect(readError(Camt053Reader.read, text) == StatementError(line: 5, message: "<Amt> '12,5x' is not an amount"))
    }

    @Test func aDateThatIsNotADateIsAnError() {
        let text = Self.document("""
            <Ntry><Amt Ccy="EUR">1.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts>BOOK</Sts>
            <BookgDt><Dt>2025-02-30</Dt></BookgDt></Ntry>
            """)
        #expect(readError(Camt053Reader.read, text) == StatementError(line: 5, message: "<BookgDt> '2025-02-30' is not a date"))
    }

    @Test func anEntryWithoutAmountIsAnError() {
        let text = Self.document("<Ntry><CdtDbtInd>DBIT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2025-01-02</Dt></BookgDt></Ntry>")
        #expect(readError(Camt053Reader.read, text) == StatementError(line: 4, message: "<Ntry> has no <Amt>"))
    }

    @Test func aPendingEntryIsNotCheckedAtAll() throws {
        let text = Self.document("<Ntry><Amt Ccy=\"EUR\">??</Amt><Sts>PDNG</Sts></Ntry>")
        #expect(try Camt053Reader.read(Array(text.utf8)).isEmpty)
    }

    @Test func anUnknownCreditDebitIndicatorIsAnError() {
        let text = Self.document("""
            <Ntry><Amt Ccy="EUR">1.00</Amt><CdtDbtInd>CRED</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2025-01-02</Dt></BookgDt></Ntry>
            """)
        #expect(readError(Camt053Reader.read, text) == StatementError(line: 4, message: "<CdtDbtInd> 'CRED' is neither CRDT nor DBIT"))
    }

    @Test func anElementLeftOpenAtTheEndIsAnError() {
        let text = "<Document><BkToCstmrStmt><Stmt>\n<Ntry><Amt Ccy=\"EUR\">1.00</Amt>\n"
        #expect(readError(Camt053Reader.read, text)
            == StatementError(line: 2, message: "<Ntry> opened here is not closed at the end of the file"))
    }

    @Test func aMismatchedEndTagIsAnError() {
        let text = "<Document><BkToCstmrStmt><Stmt>\n<Ntry><Amt Ccy=\"EUR\">1.00</Ntry>\n</Stmt></BkToCstmrStmt></Document>"
        #expect(readError(Camt053Reader.read, text)
            == StatementError(line: 2, message: "</Ntry> does not close <Amt>, opened on line 2"))
    }
}
