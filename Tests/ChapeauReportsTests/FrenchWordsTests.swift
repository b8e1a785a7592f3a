import Testing
@testable import ChapeauReports

/// Amounts in French words, as receipts write them (PRODUCT.md §11), and French typography.
@Suite("French words and typography")
struct FrenchWordsTests {
    @Test("Amounts in euros, in words", arguments: [
        (Int64(1), "un centime"),
        (8000, "quatre-vingts euros"),
        (100_000_000, "un million d’euros"),
        (123_456, "mille deux cent trente-quatre euros et cinquante-six centimes"),
        (100, "un euro"),
        (2_100, "vingt et un euros"),
        (7_100, "soixante et onze euros"),
        (8_100, "quatre-vingt-un euros"),
        (9_900, "quatre-vingt-dix-neuf euros"),
        (20_000, "deux cents euros"),
        (20_100, "deux cent un euros"),
        (8_000_000, "quatre-vingt mille euros"),
        (20_000_000, "deux cent mille euros"),
        (250_000_000, "deux millions cinq cent mille euros"),
        (20_000_000_000, "deux cents millions d’euros"),
        (100_000_000_000, "un milliard d’euros"),
        (0, "zéro euro"),
    ])
    func euros(cents: Int64, words: String) {
        #expect(FrenchWords.euros(cents: cents) == words)
    }

    @Test("Typography: no-break space before the colon, narrow ones before ; ! ? and inside guillemets; URLs and times untouched")
    func typography() {
        #expect(FrenchTypography.apply("Total : 12 €") == "Total\u{00A0}: 12 €")
        #expect(FrenchTypography.apply("Total: 12 €") == "Total\u{00A0}: 12 €")
        #expect(FrenchTypography.apply("Merci ! Vraiment ?") == "Merci\u{202F}! Vraiment\u{202F}?")
        #expect(FrenchTypography.apply("« libre »") == "«\u{202F}libre\u{202F}»")
        #expect(FrenchTypography.apply("https://example.org/?a=1 à 10:30") == "https://example.org/?a=1 à 10:30")
        // Texts without a mark come back as they are; a letter sharing a byte with « or »
        // (ë ends in the byte that ends «) takes the long way to the same place.
        for text in ["Zoë Brontë", "12,50 €", "e\u{0301}te\u{0301}  2025", "", "Ω « ë »"] {
            #expect(FrenchTypography.apply(text) == (text == "Ω « ë »" ? "Ω «\u{202F}ë\u{202F}»" : text))
        }
    }
}
