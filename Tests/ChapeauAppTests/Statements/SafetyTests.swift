import Foundation
import Testing
@testable import ChapeauApp

@Suite struct SafetyTests {
    static let billionLaughs = """
        <?xml version="1.0"?>
        <!DOCTYPE lolz [
         <!ENTITY lol "lol">
         <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
         <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
         <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
        ]>
        <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><Stmt>
        <Ntry><Amt Ccy="EUR">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>
        <BookgDt><Dt>2025-01-02</Dt></BookgDt><AddtlNtryInf>&lol9;</AddtlNtryInf></Ntry>
        </Stmt></BkToCstmrStmt></Document>
        """

    static let externalEntity = """
        <?xml version="1.0" encoding="UTF-8"?>
        <!DOCTYPE Document [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
        <OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>EUR</CURDEF><BANKTRANLIST>
        <STMTTRN><DTPOSTED>20250101</DTPOSTED><TRNAMT>1.00</TRNAMT><NAME>&xxe;</NAME></STMTTRN>
        </BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>
        """

    static let refusal = "a DOCTYPE is not accepted: statements need no DTD, and no entity is ever expanded or fetched"

    @Test func billionLaughsIsRefusedAndNothingIsRead() {
        #expect(readError(Camt053Reader.read, Self.billionLaughs) == StatementError(line: 2, message: Self.refusal))
        #expect(readError(OFXReader.read, Self.billionLaughs) == StatementError(line: 2, message: Self.refusal))
    }

    @Test func externalEntityIsRefusedAndNothingIsRead() {
        #expect(readError(OFXReader.read, Self.externalEntity) == StatementError(line: 2, message: Self.refusal))
        let camt = Self.externalEntity.replacingOccurrences(of: "<OFX>", with: "<Document><BkToCstmrStmt>")
        #expect(readError(Camt053Reader.read, camt) == StatementError(line: 2, message: Self.refusal))
    }

    @Test func aLoneEntityDeclarationIsRefused() {
        let text = "<Document>\n<!ENTITY x \"y\">\n</Document>"
        #expect(readError(Camt053Reader.read, text)?.message.hasPrefix("an ENTITY declaration is not accepted") == true)
    }

    @Test func unknownEntitiesAreLeftAsWritten() throws {
        let text = """
            <OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>EUR<BANKTRANLIST>
            <STMTTRN><DTPOSTED>20250101<TRNAMT>1.00<NAME>AT&T &nbsp; &#65;&#x42; &#0; &#xZZ;</STMTTRN>
            </BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>
            """
        #expect(try OFXReader.read(Array(text.utf8)).first?.label == "AT&T &nbsp; AB &#0; &#xZZ;")
    }

    /// Every truncation of every fixture either reads or throws a StatementError: nothing traps.
    @Test(arguments: ["ofx1-fr-cp1252.ofx", "ofx2.ofx", "camt053-v02.xml", "camt053-v08.xml"])
    func truncatedFilesNeverCrash(name: String) {
        let bytes = StatementFixture.bytes(name)
        #expect(!bytes.isEmpty)
        var failures = 0
        for length in stride(from: 0, to: bytes.count, by: 37) {
            let prefix = Array(bytes.prefix(length))
            do {
                _ = try OFXReader.read(prefix)
                _ = try Camt053Reader.read(prefix)
            } catch {
                failures += 1
                #expect(error.line >= 1)
                #expect(!error.message.isEmpty)
            }
        }
        #expect(failures > 0)
    }
}
