import Testing
@testable import ChapeauCore

let ptj = Unit(code: "PTJ", decimals: 0, name: "Points Jeu", isCurrency: false)
let hours = Unit(code: "h", decimals: 1, name: "heures", isCurrency: false)
/// Codes may hold digits after their first letter (1 to 12 letters or digits).
let sol2 = Unit(code: "Sol2", decimals: 2, name: "Sol violette", isCurrency: false)
let sol = Unit(code: "Sol", decimals: 0, name: "Sol", isCurrency: false)
let g1 = Unit(code: "G1", decimals: 2, name: "June", isCurrency: false)
let registry: UnitRegistry = {
    do { return try UnitRegistry(defaultCode: "EUR", custom: [ptj, hours, sol2, sol, g1]) } catch { preconditionFailure("\(error)") }
}()
let parser = AmountParser(registry: registry)

struct Accepted: CustomTestStringConvertible, Sendable {
    let text: String; let minor: Int64; let unit: String; var explicit: String? = nil
    var testDescription: String { "\(text.debugDescription) → \(minor) \(unit)" }
}

@Suite("Amounts are read the way people write them")
struct AmountParserTests {
    static let accepted: [Accepted] = [
        .init(text: "12.50", minor: 1250, unit: "EUR"),
        .init(text: "12,50", minor: 1250, unit: "EUR"),
        .init(text: "12,50 €", minor: 1250, unit: "EUR"),
        .init(text: "12,50€", minor: 1250, unit: "EUR"),
        .init(text: "€12.50", minor: 1250, unit: "EUR"),
        .init(text: "€ 12.50", minor: 1250, unit: "EUR"),
        .init(text: "1 234,56", minor: 123456, unit: "EUR"),
        .init(text: "1\u{00A0}234,56", minor: 123456, unit: "EUR"),
        .init(text: "1\u{202F}234,56\u{00A0}€", minor: 123456, unit: "EUR"),
        .init(text: "1.234,56", minor: 123456, unit: "EUR"),
        .init(text: "1,234.56", minor: 123456, unit: "EUR"),
        .init(text: "1 234 567", minor: 123456700, unit: "EUR"),
        .init(text: "EUR 10", minor: 1000, unit: "EUR"),
        .init(text: "10 eur", minor: 1000, unit: "EUR"),
        .init(text: "3 PTJ", minor: 3, unit: "PTJ"),
        .init(text: "3 ptj", minor: 3, unit: "PTJ"),
        .init(text: "12", minor: 1200, unit: "EUR"),
        .init(text: "12.5", minor: 1250, unit: "EUR"),
        .init(text: "12.500", minor: 1250, unit: "EUR"),
        .init(text: "0,01", minor: 1, unit: "EUR"),
        .init(text: "  7  ", minor: 700, unit: "EUR"),
        .init(text: "JPY 500", minor: 500, unit: "JPY"),
        .init(text: "1,5 h", minor: 15, unit: "h"),
        .init(text: "$5", minor: 500, unit: "USD"),
        .init(text: "TND 1.234", minor: 1234, unit: "TND"),
        .init(text: "1000000000", minor: 100_000_000_000, unit: "EUR"),
        .init(text: "10", minor: 10, unit: "PTJ", explicit: "PTJ"),
        .init(text: "10 PTJ", minor: 10, unit: "PTJ", explicit: "PTJ"),
        // Unit codes with digits, in every form; the longest declared code wins over a shorter one.
        .init(text: "7.25 Sol2", minor: 725, unit: "Sol2"),
        .init(text: "Sol2 7.25", minor: 725, unit: "Sol2"),
        .init(text: "7,25 Sol2", minor: 725, unit: "Sol2"),
        .init(text: "7,25\u{00A0}sol2", minor: 725, unit: "Sol2"),
        .init(text: "7.25Sol2", minor: 725, unit: "Sol2"),
        .init(text: "1 234,50 SOL2", minor: 123450, unit: "Sol2"),
        .init(text: "sol2 1.234,50", minor: 123450, unit: "Sol2"),
        .init(text: "7.25 Sol2", minor: 725, unit: "Sol2", explicit: "Sol2"),
        .init(text: "7", minor: 700, unit: "Sol2", explicit: "Sol2"),
        .init(text: "725 Sol", minor: 725, unit: "Sol"),
        .init(text: "Sol 725", minor: 725, unit: "Sol"),
        .init(text: "G1 12", minor: 1200, unit: "G1"),
        .init(text: "12 G1", minor: 1200, unit: "G1"),
        .init(text: "EUR10", minor: 1000, unit: "EUR"),
    ]

    @Test(arguments: accepted)
    func accepts(_ c: Accepted) throws {
        let explicit = c.explicit.flatMap { registry.unit(code: $0) }
        let m = try parser.parse(c.text, explicit: explicit)
        #expect(m.minor == c.minor)
        #expect(m.unit.code == c.unit)
    }

    static let refused: [(String, String?, AmountError, String)] = [
        ("", nil, .empty, "the amount is empty"),
        ("   ", nil, .empty, "the amount is empty"),
        ("abc", nil, .notANumber("abc"), "'abc' is not an amount"),
        ("NaN", nil, .notANumber("NaN"), "is not an amount"),
        ("inf", nil, .notANumber("inf"), "is not an amount"),
        ("1e5", nil, .notANumber("1e5"), "is not an amount"),
        ("12.", nil, .notANumber("12."), "is not an amount"),
        ("12,50 € €", nil, .notANumber("12,50 € €"), "is not an amount"),
        ("12.345", nil, .tooManyDecimals("12.345", unit: "EUR", allowed: 2), "more than 2 decimals"),
        ("3.5 PTJ", nil, .tooManyDecimals("3.5 PTJ", unit: "PTJ", allowed: 0), "has decimals, but PTJ has none"),
        ("0", nil, .zero("0"), "is zero"),
        ("0,00 €", nil, .zero("0,00 €"), "is zero"),
        ("-5", nil, .negative("-5"), "is negative"),
        ("−5", nil, .negative("−5"), "is negative"),
        ("(5)", nil, .negative("(5)"), "is negative"),
        ("€-5", nil, .negative("€-5"), "is negative"),
        ("5 XYZ", nil, .unknownUnit("5 XYZ", token: "XYZ"), "unknown unit 'XYZ'"),
        ("EUR 10", "PTJ", .unitMismatch("EUR 10", inText: "EUR", option: "PTJ"), "is in EUR but --unit says PTJ"),
        ("1000000000.01", nil, .aboveCeiling("1000000000.01", unit: "EUR"), "above the ceiling"),
        ("99999999999999999999999", nil, .aboveCeiling("99999999999999999999999", unit: "EUR"), "above the ceiling"),
        ("12.50.30", nil, .badGrouping("12.50.30"), "groups that are not of three"),
        ("1 23,45", nil, .badGrouping("1 23,45"), "groups that are not of three"),
        ("7.25 Sol3", nil, .unknownUnit("7.25 Sol3", token: "Sol3"), "unknown unit 'Sol3'"),
        ("Sol3 7.25", nil, .unknownUnit("Sol3 7.25", token: "Sol3"), "unknown unit 'Sol3'"),
        ("7.255 Sol2", nil, .tooManyDecimals("7.255 Sol2", unit: "Sol2", allowed: 2), "more than 2 decimals"),
        ("7.25 Sol2", "EUR", .unitMismatch("7.25 Sol2", inText: "Sol2", option: "EUR"), "is in Sol2 but --unit says EUR"),
        ("7.25 Sol2 EUR", nil, .notANumber("7.25 Sol2 EUR"), "is not an amount"),
        ("Sol2 7.25 Sol2", nil, .notANumber("Sol2 7.25 Sol2"), "is not an amount"),
        ("Sol2 -7.25", nil, .negative("Sol2 -7.25"), "is negative"),
        ("-7.25 Sol2", nil, .negative("-7.25 Sol2"), "is negative"),
        ("12h30", nil, .notANumber("12h30"), "is not an amount"),
    ]

    @Test(arguments: Array(refused.indices))
    func refuses(_ i: Int) {
        let (text, explicitCode, expected, message) = Self.refused[i]
        let explicit = explicitCode.flatMap { registry.unit(code: $0) }
        #expect(throws: expected) { try parser.parse(text, explicit: explicit) }
        #expect(expected.description.contains(message), "message: \(expected.description)")
    }

    @Test("Every refusal message names the value it refuses")
    func messagesNameTheValue() {
        for (text, _, error, _) in Self.refused where !text.trimmingSpaces().isEmpty {
            #expect(error.description.contains("'\(text)'"), "\(error.description)")
        }
    }

    @Test("parse(format(m)) == m for random amounts in every unit, plain and French style")
    func roundTrip() throws {
        var rng = SplitMix64(seed: 0xC4A9E4)
        let units = [Unit.eur, registry.unit(code: "JPY"), registry.unit(code: "TND"), ptj, hours, sol2, sol, g1].compactMap { $0 }
        for _ in 0..<2000 {
            let unit = units[Int(rng.next() % UInt64(units.count))]
            let ceiling = UInt64(Money.ceilingMinor(for: unit))
            // Mostly small amounts, sometimes huge ones, always in 1...ceiling.
            let magnitude = rng.next() % 4 == 0 ? ceiling : UInt64(10_000_00)
            let m = Money(minor: Int64(rng.next() % magnitude + 1), unit: unit)
            let plain = "\(m.decimalString) \(unit.code)"
            #expect(try parser.parse(plain) == m, "\(plain)")
            let french = frenchStyle(m)
            #expect(try parser.parse(french) == m, "\(french)")
        }
    }

    func frenchStyle(_ m: Money) -> String {
        let parts = m.decimalString.split(separator: ".")
        var whole = String(parts[0])
        var grouped = ""
        while whole.count > 3 {
            grouped = "\u{202F}" + whole.suffix(3) + grouped
            whole = String(whole.dropLast(3))
        }
        grouped = whole + grouped
        let frac = parts.count > 1 ? "," + parts[1] : ""
        return grouped + frac + "\u{00A0}" + (m.unit == .eur ? "€" : m.unit.code)
    }
}

@Suite("Money stays exact and per unit")
struct MoneyTests {
    @Test func decimalStrings() {
        #expect(Money(minor: 5, unit: .eur).decimalString == "0.05")
        #expect(Money(minor: 123456, unit: .eur).decimalString == "1234.56")
        #expect(Money(minor: 7, unit: ptj).decimalString == "7")
        #expect(Money(minor: 15, unit: hours).decimalString == "1.5")
        #expect(Money(minor: -250, unit: .eur).decimalString == "-2.50")
    }

    @Test("A unit is one shared reference: equal by code, whichever copy; a Money is 16 bytes")
    func unitsAreSharedAndEqualByCode() {
        #expect(MemoryLayout<Money>.size == 16)
        let again = Unit(code: "PTJ", decimals: 0, name: "another name", isCurrency: false)
        #expect(again == ptj && again.hashValue == ptj.hashValue)
        #expect(ptj != sol && ptj != .eur)
        #expect(Set([ptj, again, sol, .eur]).count == 3)
        #expect(sol2.code == "Sol2" && sol2.decimals == 2 && sol2.name == "Sol violette" && !sol2.isCurrency)
        #expect(Unit.eur.symbols == ["€"] && Unit.eur.isCurrency && Unit.eur.scale == 100)
    }

    @Test func differentUnitsAreNeverAdded() throws {
        #expect(throws: MoneyError.unitMismatch("EUR", "PTJ")) {
            try Money(minor: 1, unit: .eur).adding(Money(minor: 1, unit: ptj))
        }
        var totals = Totals()
        try totals.add(Money(minor: 1250, unit: .eur))
        try totals.add(Money(minor: 3, unit: ptj))
        try totals.add(Money(minor: 750, unit: .eur))
        #expect(totals[.eur].minor == 2000)
        #expect(totals[ptj].minor == 3)
        #expect(totals.units.map(\.code) == ["EUR", "PTJ"])
    }

    @Test func overflowIsCaught() throws {
        #expect(throws: MoneyError.overflow) {
            try Money(minor: .max, unit: .eur).adding(Money(minor: 1, unit: .eur))
        }
        var totals = Totals()
        try totals.add(Money(minor: .max, unit: .eur))
        #expect(throws: MoneyError.overflow) { try totals.add(Money(minor: 1, unit: .eur)) }
    }

    @Test func customUnitsAreValidated() {
        #expect(throws: UnitError.clashesWithCurrency("EUR")) {
            try UnitRegistry(custom: [Unit(code: "EUR", decimals: 2, name: "x", isCurrency: false)])
        }
        #expect(throws: UnitError.invalidDecimals(code: "X", decimals: 9)) {
            try UnitRegistry(custom: [Unit(code: "X", decimals: 9, name: "x", isCurrency: false)])
        }
        #expect(throws: UnitError.invalidCode("2x")) {
            try UnitRegistry(custom: [Unit(code: "2x", decimals: 0, name: "x", isCurrency: false)])
        }
    }
}
