import Testing
import ChapeauCore

struct EPCPayloadTests {
    let iban = "BE68 5390 0754 7034"

    // The sample of the EPC guidelines EPC069-12 (also shown in Wikipedia's
    // "EPC QR code" article). The sample writes the amount "EUR1"; this
    // implementation always writes two decimals, which the guidelines also allow.
    @Test func guidelinesSample() throws {
        let payload = EPCPayload(
            bic: "BPOTBEB1", name: "Red Cross of Belgium", iban: "BE72000000001616",
            amountMinor: 100, purpose: "CHAR", remittanceText: "Urgency fund",
            information: "Sample EPC QR code")
        #expect(try payload.text() == "BCD\n002\n1\nSCT\nBPOTBEB1\nRed Cross of Belgium\nBE72000000001616\nEUR1.00\nCHAR\n\nUrgency fund\nSample EPC QR code")
    }

    @Test func fullExampleWithReference() throws {
        let payload = EPCPayload(
            bic: "gebabebb", name: "  Chapeau asbl ", iban: "be68 5390 0754 7034",
            amountMinor: 1250, purpose: "char", reference: "rf18 5390 0754 7034",
            information: "Merci !")
        #expect(try payload.text() == "BCD\n002\n1\nSCT\nGEBABEBB\nChapeau asbl\nBE68539007547034\nEUR12.50\nCHAR\nRF18539007547034\n\nMerci !")
    }

    @Test func minimalExample() throws {
        let payload = EPCPayload(name: "Élodie Durand", iban: iban)
        #expect(try payload.text() == "BCD\n002\n1\nSCT\n\nÉlodie Durand\nBE68539007547034")
        let empties = EPCPayload(bic: " ", name: "Élodie Durand", iban: iban, purpose: "", remittanceText: "", information: "")
        #expect(try empties.text() == "BCD\n002\n1\nSCT\n\nÉlodie Durand\nBE68539007547034")
    }

    @Test func amounts() throws {
        let cases: [(Int64, String)] = [(1, "EUR0.01"), (10, "EUR0.10"), (1205, "EUR12.05"),
                                        (99_999_999_999, "EUR999999999.99")]
        for (cents, written) in cases {
            let text = try EPCPayload(name: "A", iban: iban, amountMinor: cents).text()
            #expect(text.hasSuffix("\n" + written), "\(cents)")
        }
    }

    @Test func nonStructuredReferenceIsKeptAsWritten() throws {
        let text = try EPCPayload(name: "A", iban: iban, reference: "+++090/9337/55493+++").text()
        #expect(text.hasSuffix("\n\n\n+++090/9337/55493+++"))
    }

    @Test func payloadLimitIs331Bytes() throws {
        // 274 bytes before the information line.
        func payload(informationLength: Int) -> EPCPayload {
            EPCPayload(bic: "GEBABEBB", name: String(repeating: "N", count: 70), iban: iban,
                       amountMinor: 99_999_999_999, purpose: "CHAR",
                       remittanceText: String(repeating: "T", count: 140),
                       information: String(repeating: "I", count: informationLength))
        }
        #expect(try payload(informationLength: 57).text().utf8.count == 331)
        #expect(throws: EPCError.self) { try payload(informationLength: 58).text() }
        #expect(refusal(payload(informationLength: 58))?.field == .payload)
    }

    @Test func refusals() {
        #expect(refusal(EPCPayload(name: "A", iban: "BE69 5390 0754 7034"))
                == EPCError(field: .iban, message: "The IBAN’s check digits do not match: a character is probably mistyped."))
        #expect(refusal(EPCPayload(name: "A", iban: iban, amountMinor: 0))?.field == .amount)
        #expect(refusal(EPCPayload(name: "A", iban: iban, amountMinor: -5))?.field == .amount)
        #expect(refusal(EPCPayload(name: "A", iban: iban, amountMinor: 100_000_000_000))?.field == .amount)
        #expect(refusal(EPCPayload(name: "A", iban: iban, remittanceText: String(repeating: "x", count: 141)))
                == EPCError(field: .remittanceText, message: "The remittance text has 141 characters; at most 140 are allowed."))
        #expect((try? EPCPayload(name: "A", iban: iban, remittanceText: String(repeating: "é", count: 140)).text()) != nil)
        #expect(refusal(EPCPayload(name: "A", iban: iban, reference: String(repeating: "1", count: 36)))?.field == .reference)
        #expect(refusal(EPCPayload(name: "A", iban: iban, reference: "RF19 5390 0754 7034"))?.field == .reference)
        #expect(refusal(EPCPayload(name: "A", iban: iban, reference: "RF18539007547034", remittanceText: "Don"))
                == EPCError(field: .remittanceText, message: "Give either a structured reference or a remittance text, not both."))
        #expect(refusal(EPCPayload(name: " ", iban: iban))?.field == .name)
        #expect(refusal(EPCPayload(name: String(repeating: "é", count: 71), iban: iban))?.field == .name)
        #expect(refusal(EPCPayload(name: "Line\nbreak", iban: iban))?.message == "The beneficiary name must fit on one line.")
        #expect(refusal(EPCPayload(bic: "GEBA", name: "A", iban: iban))?.field == .bic)
        #expect(refusal(EPCPayload(name: "A", iban: iban, purpose: "CHARITY"))?.field == .purpose)
        #expect(refusal(EPCPayload(name: "A", iban: iban, purpose: "CH4R"))?.field == .purpose)
        #expect(refusal(EPCPayload(name: "A", iban: iban, information: String(repeating: "i", count: 71)))?.field == .information)
    }

    @Test func sentencesNameTheField() {
        let errors = [
            refusal(EPCPayload(name: "A", iban: iban, amountMinor: 0)),
            refusal(EPCPayload(name: "A", iban: iban, information: String(repeating: "i", count: 71))),
            refusal(EPCPayload(bic: "GEBA", name: "A", iban: iban)),
        ].compactMap { $0 }
        #expect(errors.count == 3)
        for error in errors {
            #expect(error.description.contains(error.field.rawValue), "\(error)")
            #expect(error.description.hasSuffix("."))
        }
    }

    private func refusal(_ payload: EPCPayload) -> EPCError? {
        do {
            _ = try payload.text()
            return nil
        } catch {
            return error
        }
    }
}
