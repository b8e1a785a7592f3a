import Testing
import ChapeauCore

// Published examples. "RF18 5390 0754 7034" (printed) / "RF18539007547034"
// (electronic) is the example of ISO 11649 itself, reproduced in Wikipedia's
// "Creditor Reference" article and in the swissdigin.com glossary entry
// "Creditor Reference". "RF712348231" is the example of the xmldation.com wiki
// page "RFCreditorReference". "RF45G72UUR" and "RF6518K5" (valid) and "RF35C4",
// "RF214377" (invalid) are the worked examples of the Wikipedia article.
struct CreditorReferenceTests {
    @Test(arguments: [
        "RF18 5390 0754 7034", "RF18539007547034", "rf18 5390 0754 7034",
        "RF712348231", "RF45G72UUR", "RF45 G72U UR", "RF6518K5",
        // The same number as the ISO example, padded with zeros to the full 21-character body.
        "RF18000000000539007547034", "RF18 0000 0000 0539 0075 4703 4",
    ])
    func publishedValidExamples(reference: String) {
        #expect(CreditorReference.isValid(reference))
    }

    @Test(arguments: [
        "RF35C4", "RF214377", "RF19 5390 0754 7034", "RF18 5390 0754 7035",
        "RF18", "RF18 ", "", "FR18539007547034", "RF1853900754703-4", "RF1A539007547034",
        // Passes mod 97 but the body has 29 characters, more than 21.
        "RF18 0000 0000 0000 0000 0539 007547034",
        // RF0236, RF9772 and RF9854 are valid. Check digits 99, 00 and 01 are
        // congruent to 02, 97 and 98, so these pass mod 97, but the algorithm
        // never produces them.
        "RF9936", "RF0072", "RF0154",
    ])
    func invalidExamples(reference: String) {
        #expect(!CreditorReference.isValid(reference))
    }

    @Test func makeComputesTheCheckDigits() {
        #expect(CreditorReference.make(from: "539007547034") == "RF18539007547034")
        #expect(CreditorReference.make(from: "2348231") == "RF712348231")
        #expect(CreditorReference.make(from: "g72-uur") == "RF45G72UUR")
        #expect(CreditorReference.make(from: "36") == "RF0236")
        #expect(CreditorReference.make(from: "72") == "RF9772")
        #expect(CreditorReference.make(from: "54") == "RF9854")
    }

    @Test func makeRefusesUnusableText() {
        #expect(CreditorReference.make(from: "") == nil)
        #expect(CreditorReference.make(from: " -/é ") == nil)
        #expect(CreditorReference.make(from: String(repeating: "7", count: 22)) == nil)
        #expect(CreditorReference.make(from: String(repeating: "7", count: 21)) != nil)
    }

    @Test func supporterReference() {
        #expect(CreditorReference.forSupporter(number: 42) == "RF91CHP16")
        #expect(CreditorReference.forSupporter(number: 42) == "RF91CHP16")
        #expect(CreditorReference.printable(CreditorReference.forSupporter(number: 42)) == "RF91 CHP1 6")
        #expect(CreditorReference.forSupporter(number: 0).hasSuffix("CHP0"))
        let largest = CreditorReference.forSupporter(number: .max)
        #expect(largest.hasSuffix("CHP1Y2P0IJ32E8E7"))
        #expect(CreditorReference.isValid(largest))
    }

    @Test func printableGroupsByFour() {
        #expect(CreditorReference.printable("RF18539007547034") == "RF18 5390 0754 7034")
        #expect(CreditorReference.printable("rf45 g72uur") == "RF45 G72U UR")
    }

    @Test func findInBankLabels() {
        #expect(CreditorReference.find(in: "Don mensuel RF18 5390 0754 7034 merci") == ["RF18539007547034"])
        #expect(CreditorReference.find(in: "DONRF18539007547034MERCI") == ["RF18539007547034"])
        #expect(CreditorReference.find(in: "virement rf45g72uur/2024") == ["RF45G72UUR"])
        #expect(CreditorReference.find(in: "RF712348231 et RF45 G72U UR, RF712348231") == ["RF712348231", "RF45G72UUR"])
        #expect(CreditorReference.find(in: "COMMUNICATION: RF91CHP16") == ["RF91CHP16"])
        #expect(CreditorReference.find(in: "REF RF19 5390 0754 7034 PERF 2024").isEmpty)
        #expect(CreditorReference.find(in: "").isEmpty)
        #expect(CreditorReference.find(in: "RF").isEmpty)
    }

    @Test func findNeverReturnsInvalidReferences() {
        var random = SplitMix64(seed: 7)
        for _ in 0..<300 {
            let label = String((0..<40).map { _ in "RF 0123456789ABCFGR-".randomElement(using: &random)! })
            for found in CreditorReference.find(in: label) {
                #expect(CreditorReference.isValid(found), "\(found) found in \(label)")
                #expect(found == found.uppercased() && !found.contains(" "))
            }
        }
    }

    @Test func everyMadeReferenceValidatesAndSurvivesNoSingleChange() {
        var random = SplitMix64(seed: 11)
        for _ in 0..<200 {
            let length = Int.random(in: 1...21, using: &random)
            let body = String((0..<length).map { _ in alphabet.randomElement(using: &random)! })
            let reference = CreditorReference.make(from: body)!
            #expect(reference == "RF" + checkDigits(body) + body)
            #expect(CreditorReference.isValid(reference), "\(reference)")
            #expect(CreditorReference.find(in: "x \(CreditorReference.printable(reference)) ") == [reference])
            let characters = Array(reference)
            for position in characters.indices {
                for replacement in alphabet where replacement != characters[position] {
                    // Mod 97 guarantees detection within a class (digit for digit,
                    // letter for letter); see the next test for the exception.
                    guard position < 4 || replacement.isNumber == characters[position].isNumber else { continue }
                    var changed = characters
                    changed[position] = replacement
                    #expect(!CreditorReference.isValid(String(changed)), "\(reference) → \(String(changed))")
                }
            }
        }
    }

    @Test func letterForDigitSubstitutionCanGoUnnoticed() {
        // A documented limit of ISO 7064 mod 97 when letters count as two digits.
        #expect(CreditorReference.isValid("RF754AD4OC3Q85GXEH"))
        #expect(CreditorReference.isValid("RF754AD4OC3QI5GXEH"))
    }
}

let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")

/// The check digits computed by an independent, big-number-free route: the
/// remainder of the digit string, one digit at a time.
func checkDigits(_ body: String) -> String {
    let digits = (body + "RF00").map { String($0.hexDigitValue ?? Int($0.asciiValue! - 55)) }.joined()
    var remainder = 0
    for digit in digits { remainder = (remainder * 10 + Int(String(digit))!) % 97 }
    let check = 98 - remainder
    return check < 10 ? "0\(check)" : "\(check)"
}

/// A small deterministic generator so that property tests are reproducible.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
