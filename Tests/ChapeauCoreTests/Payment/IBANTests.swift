import Testing
import ChapeauCore

// Example IBANs of the SWIFT IBAN registry and of the EPC QR code sample.
struct IBANTests {
    @Test(arguments: [
        "BE68 5390 0754 7034", "be68539007547034", "DE89 3704 0044 0532 0130 00",
        "FR14 2004 1010 0505 0001 3M02 606", "GB29 NWBK 6016 1331 9268 19",
        "NL91 ABNA 0417 1643 00", "CH93 0076 2011 6238 5295 7",
        "MT84 MALT 0110 0001 2345 MTLC AST0 01S", "NO93 8601 1117 947", "BE72000000001616",
    ])
    func validIBANs(iban: String) {
        #expect(IBAN.validate(iban) == nil)
        #expect(IBAN.isValid(iban))
    }

    @Test func problems() {
        #expect(IBAN.validate("") == .empty)
        #expect(IBAN.validate("  ") == .empty)
        #expect(IBAN.validate("BE68-5390-0754-7034") == .badCharacters("---"))
        #expect(IBAN.validate("BÉ68539007547034") == .badCharacters("É"))
        #expect(IBAN.validate("B") == .badFormat)
        #expect(IBAN.validate("1E68539007547034") == .badFormat)
        #expect(IBAN.validate("BEX8539007547034") == .badFormat)
        #expect(IBAN.validate("ZZ68539007547034") == .unknownCountry("ZZ"))
        #expect(IBAN.validate("BE68 5390 0754 703") == .wrongLength(country: "BE", expected: 16, actual: 15))
        #expect(IBAN.validate("DE89 3704 0044 0532 0130 000") == .wrongLength(country: "DE", expected: 22, actual: 23))
        #expect(IBAN.validate("BE69 5390 0754 7034") == .badCheckDigits)
        #expect(IBAN.validate("BE68 5390 0754 7043") == .badCheckDigits)
    }

    @Test func sentences() {
        #expect(IBANProblem.wrongLength(country: "BE", expected: 16, actual: 15).description
                == "An IBAN from BE has 16 characters, but this one has 15.")
        #expect(IBANProblem.badCheckDigits.description.hasPrefix("The IBAN’s check digits do not match"))
        #expect(IBANProblem.unknownCountry("ZZ").description.contains("“ZZ”"))
        #expect(IBANProblem.badCharacters("-").description.contains("“-”"))
    }

    @Test func normaliseAndPrintable() {
        #expect(IBAN.normalise(" be68 5390\t0754 7034 ") == "BE68539007547034")
        #expect(IBAN.printable("be68539007547034") == "BE68 5390 0754 7034")
        #expect(IBAN.printable("CH9300762011623852957") == "CH93 0076 2011 6238 5295 7")
    }

    @Test func sepaCountriesHaveLengths() {
        // Every SEPA country, by a valid-shaped IBAN whose only possible fault is the checksum.
        let sepa = ["AD", "AL", "AT", "BE", "BG", "CH", "CY", "CZ", "DE", "DK", "EE", "ES", "FI",
                    "FR", "GB", "GI", "GR", "HR", "HU", "IE", "IS", "IT", "LI", "LT", "LU", "LV",
                    "MC", "MD", "ME", "MK", "MT", "NL", "NO", "PL", "PT", "RO", "RS", "SE", "SI",
                    "SK", "SM", "VA"]
        for country in sepa {
            let problem = IBAN.validate(country + "00")
            guard case .wrongLength(let found, let expected, _) = problem else {
                Issue.record("\(country): \(String(describing: problem))")
                continue
            }
            #expect(found == country && (15...34).contains(expected))
        }
    }

    @Test(arguments: ["GEBABEBB", "gebabebb", "DEUTDEFF500", "BPOTBEB1", "NWBK GB 2L"])
    func validBICs(bic: String) {
        #expect(BIC.isValid(bic))
    }

    @Test(arguments: ["", "GEBABEB", "GEBABEBB1", "GEBABEBB12", "GEBABEBB1234", "GEB4BEBB", "GEBAB3BB", "GEBABEB-"])
    func invalidBICs(bic: String) {
        #expect(!BIC.isValid(bic))
    }
}
