import ChapeauCore
import Foundation
import PropertyBased
import Testing

/// Text the way hostile or careless users type it: digits, every separator and space the
/// parser knows, signs, units and symbols, letters, control characters and bidi marks.
enum HostileText {
    static let alphabet: [Character] = Array("0123456789.,'  -−+()€$£¥ EURUSDPTJhxeSolG") + [
        "\u{00A0}", "\u{202F}", "\u{2009}", "\t", "\n", "\r", "\u{0}", "\u{7}", "\u{202E}", "\u{200F}", "\u{FEFF}",
        "١", "٢", "１", "½", "²", "e\u{301}", "😀", "W", "Q", "H", "-",
    ]

    /// Strings of 0 to 24 characters from the alphabet above.
    static let typed = Gen<Character?>.element(of: alphabet).map { $0 ?? "0" }.array(of: 0...24).map { String($0) }.eraseToAnySequence()

    /// Strings of arbitrary Unicode scalars (surrogates aside), 0 to 24 of them.
    static let scalars = Gen<Unicode.Scalar>.unicodeScalar(in: "\u{0}"..."\u{D7FF}").array(of: 0...24)
        .map { String(String.UnicodeScalarView($0)) }
}

@Suite("Parsers under property-based fuzzing")
struct ParserPropertyTests {
    static let units = [Unit(code: "PTJ", decimals: 0, name: "Points Jeu", isCurrency: false),
                        Unit(code: "h", decimals: 1, name: "heures", isCurrency: false),
                        Unit(code: "MICRO", decimals: 6, name: "micro", isCurrency: false),
                        Unit(code: "Sol2", decimals: 2, name: "Sol violette", isCurrency: false),
                        Unit(code: "G1", decimals: 0, name: "June", isCurrency: false), Unit.eur]

    static func parser() throws -> AmountParser {
        AmountParser(registry: try UnitRegistry(defaultCode: "EUR", custom: Array(units.dropLast())))
    }

    @Test("The amount parser never crashes, and what it accepts is positive and under the ceiling")
    func amountsNeverCrash() async throws {
        let parser = try Self.parser()
        await propertyCheck(count: 2000, input: HostileText.typed) { text in
            Self.checkParse(text, parser)
        }
        await propertyCheck(count: 1000, input: HostileText.scalars) { text in
            Self.checkParse(text, parser)
        }
    }

    static func checkParse(_ text: String, _ parser: AmountParser) {
        do {
            let m = try parser.parse(text)
            #expect(m.minor > 0 && m.minor <= Money.ceilingMinor(for: m.unit), "\(text.debugDescription) → \(m)")
            // What was accepted reads back the same once formatted.
            #expect((try? parser.parse(m.description)) == m, "\(text.debugDescription) → \(m)")
        } catch {
            #expect(!error.description.isEmpty)
        }
    }

    @Test("parse(format(m)) == m in every unit, written plain, with its code, or the French way")
    func amountsRoundTrip() async throws {
        let parser = try Self.parser()
        let units = Self.units
        let input = zip(Gen<Int>.int(in: 0..<units.count), Gen<Int64>.int64(in: 0...Int64.max)).map { i, raw in
            Money(minor: 1 + raw % Money.ceilingMinor(for: units[i]), unit: units[i])
        }
        await propertyCheck(count: 1000, input: input) { m in
            let plain = m.decimalString
            #expect((try? parser.parse(plain, explicit: m.unit)) == m, "\(plain)")
            #expect((try? parser.parse(m.description)) == m, "\(m.description)")
            let french = plain.replacingOccurrences(of: ".", with: ",") + " " + m.unit.code
            #expect((try? parser.parse(french)) == m, "\(french)")
        }
    }

    @Test("Period(id:) gives back the period of every id, and never crashes on any text")
    func periodsRoundTrip() async {
        // Every day of years 1 to 9999 (the years an id has four digits for), weeks at both ends aside.
        let input = zip(Gen<Int>.int(in: 0..<Cadence.allCases.count), Gen<Int>.int(in: -719_155...2_932_889))
        await propertyCheck(count: 2000, input: input) { cadence, ordinal in
            let period = Period(containing: Day(ordinal: ordinal), cadence: Cadence.allCases[cadence])
            #expect(Period(id: period.id) == period, "\(period.id)")
        }
        let idLike = Gen<Character?>.element(of: Array("0123456789-WHQ12 x")).map { $0 ?? "0" }.array(of: 0...12).map { String($0) }
            .eraseToAnySequence()
        for gen in [idLike, HostileText.typed] {
            await propertyCheck(count: 1000, input: gen) { text in
                if let p = Period(id: text) {
                    #expect(Period(id: p.id) == p, "\(text.debugDescription) → \(p.id)")
                    #expect(p.start <= p.end)
                }
            }
        }
    }
}
