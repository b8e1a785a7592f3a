import Foundation
import Testing
@testable import ChapeauApp

@Suite("Rule words found in a row's text")
struct TextKeyTests {
    /// The byte search for ASCII keys finds exactly what the Foundation search finds.
    @Test func asciiSearchAgreesWithFoundation() {
        let keys = ["VIR SEPA RECU DE PAYPAL EUROPE S A R L", "PRLV PAYPALEUROPE", "REPAYPAL", "PAYPAL", "", " ", "A",
                    "VIR CEL LIVRET A", "AVOIR CARTE 0312 DECATHLON", "CB AVOIRS", "MANGO PAY SA LEETCHI", "LIVRET",
                    "ÉCOLE DU LIVRET A", "DON MERCI", "X PAYPA", "X PAYPAL"]
        let needles = ["PAYPAL", "LIVRET A", "AVOIR", "MANGO PAY", "A", "LEETCHI", "X", "PAYPALX", "ÉCOLE", "VIR CEL"]
        for h in keys {
            for n in needles {
                let expected = !n.isEmpty && (h.hasPrefix(n) || h.range(of: " " + n) != nil)
                #expect(TextKey.contains(h, n) == expected, "\(h) / \(n)")
            }
        }
    }
}
