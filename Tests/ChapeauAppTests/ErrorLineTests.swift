import Testing
@testable import ChapeauApp

@Suite("Error messages stay on their one line")
struct ErrorLineTests {
    @Test("Line breaks, control characters and bidi overrides in a quoted value are escaped")
    func escapes() {
        #expect(ErrorLine.make("'12\n34' is not an amount") == "'12\\u{A}34' is not an amount")
        #expect(ErrorLine.make("'\u{202E}12': unknown unit") == "'\\u{202E}12': unknown unit")
        #expect(ErrorLine.make("bell '\u{7}'") == "bell '\\u{7}'")
        // Marks that are text (a right-to-left mark in a Hebrew name) stay.
        #expect(ErrorLine.make("'\u{200F}שלום'") == "'\u{200F}שלום'")
    }

    @Test("A long quoted value keeps its start, its end and its length; the line stops at 1 000 characters")
    func elides() {
        let value = String(repeating: "9", count: 10_000)
        let line = ErrorLine.make("'\(value)' is above the ceiling of 1 000 000 000 EUR: check the amount")
        #expect(line == "'" + String(repeating: "9", count: 60) + "…" + String(repeating: "9", count: 10)
                + "' (10000 characters) is above the ceiling of 1 000 000 000 EUR: check the amount")
        #expect(ErrorLine.make(String(repeating: "x", count: 5000)).count == 1000)
        #expect(ErrorLine.make("l'article n'est pas là") == "l'article n'est pas là")
    }
}
