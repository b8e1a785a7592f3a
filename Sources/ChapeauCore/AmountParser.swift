/// Why an amount was refused. Every message names the value and says what to do.
public enum AmountError: Error, Equatable, Sendable, CustomStringConvertible {
    case empty
    case notANumber(String)
    case negative(String)
    case zero(String)
    case tooManyDecimals(String, unit: String, allowed: Int)
    case unknownUnit(String, token: String)
    case unitMismatch(String, inText: String, option: String)
    case aboveCeiling(String, unit: String)
    case badGrouping(String)

    public var description: String {
        switch self {
        case .empty:
            return "the amount is empty: write it as 12.50, 12,50 €, EUR 10 or 3 PTJ"
        case .notANumber(let v):
            return "'\(v)' is not an amount: write it as 12.50, 12,50 €, EUR 10 or 3 PTJ"
        case .negative(let v):
            return "'\(v)' is negative: amounts are positive; to correct an entry, use 'chapeau void'"
        case .zero(let v):
            return "'\(v)' is zero: an entry needs an amount above zero"
        case .tooManyDecimals(let v, let unit, let allowed):
            return allowed == 0
                ? "'\(v)' has decimals, but \(unit) has none"
                : "'\(v)' has more than \(allowed) decimal\(allowed == 1 ? "" : "s"), the most \(unit) allows"
        case .unknownUnit(let v, let token):
            return "'\(v)': unknown unit '\(token)': use an ISO 4217 code (EUR, USD…) or declare it under [[units]] in the config"
        case .unitMismatch(let v, let inText, let option):
            return "'\(v)' is in \(inText) but --unit says \(option)"
        case .aboveCeiling(let v, let unit):
            return "'\(v)' is above the ceiling of 1 000 000 000 \(unit): check the amount"
        case .badGrouping(let v):
            return "'\(v)' has digit groups that are not of three: write 1234.56 or 1 234,56"
        }
    }
}

/// Reads amounts the way people write them:
/// `12.50`, `12,50`, `12,50 €`, `€12.50`, `1 234,56` (normal, no-break or narrow no-break
/// spaces), `1.234,56`, `1,234.56`, `EUR 10`, `3 PTJ`, and units whose code holds digits:
/// `7.25 Sol2`, `Sol2 7.25`, `7,25 Sol2`, `7.25Sol2`.
///
/// Rules: the unit may stand before or after the number; with no unit in the text the
/// `explicit` unit (`--unit`) or else the registry's default applies. When both `.` and `,`
/// occur, the last one is the decimal mark and the other groups thousands; when one of them
/// occurs several times it groups thousands; once, it is the decimal mark. Groups of
/// thousands have three digits. Refused: empty or non-numeric text, a sign, zero, more
/// decimals than the unit has, an unknown unit, a unit contradicting `explicit`, and any
/// amount above 1 000 000 000 major units.
public struct AmountParser: Sendable {
    public let registry: UnitRegistry

    public init(registry: UnitRegistry) { self.registry = registry }

    static let spaces: Set<Character> = [" ", "\u{00A0}", "\u{202F}", "\u{2009}", "\t"]

    public func parse(_ text: String, explicit: Unit? = nil) throws(AmountError) -> Money {
        let original = text
        let trimmed = text.trimmingSpaces()
        guard !trimmed.isEmpty else { throw .empty }
        guard trimmed.contains(where: \.isASCIIDigit) else { throw .notANumber(original) }

        // Split into a numeric core and at most one unit token, before or after.
        var chars = Array(trimmed)
        if let first = chars.first, first == "-" || first == "−" || first == "(" {
            throw .negative(original)
        }
        var prefix = ""
        if let (code, rest) = try leadingCodeWithDigits(chars, original: original) {
            prefix = code
            chars = rest
        } else {
            while let c = chars.first, !c.isASCIIDigit, c != "-", c != "−", c != "+" {
                if AmountParser.spaces.contains(c) { chars.removeFirst(); if !prefix.isEmpty { break } else { continue } }
                prefix.append(chars.removeFirst())
            }
        }
        if let c = chars.first, c == "-" || c == "−" { throw .negative(original) }
        if let c = chars.first, c == "+" { throw .notANumber(original) }
        var suffix = ""
        if let (code, rest) = try trailingCodeWithDigits(chars, original: original) {
            suffix = code
            chars = rest
        } else {
            while let c = chars.last, !c.isASCIIDigit {
                let removed = chars.removeLast()
                if AmountParser.spaces.contains(removed) { if !suffix.isEmpty { break } else { continue } }
                suffix.insert(removed, at: suffix.startIndex)
            }
        }
        prefix = prefix.trimmingSpaces()
        suffix = suffix.trimmingSpaces()
        if !prefix.isEmpty && !suffix.isEmpty { throw .notANumber(original) }
        if suffix.hasSuffix("-") || suffix.hasPrefix("-") { throw .negative(original) }

        let token = prefix.isEmpty ? suffix : prefix
        var unit = explicit ?? registry.defaultUnit
        if !token.isEmpty {
            guard token.first?.isASCIIDigit == false, token.allSatisfy({ $0 != "." && $0 != "," }) else { throw .notANumber(original) }
            guard let named = registry.unit(token: token) else {
                if token.lowercased() == "nan" || token.lowercased().hasPrefix("inf") || token.lowercased().hasPrefix("e") {
                    throw .notANumber(original)
                }
                throw .unknownUnit(original, token: token)
            }
            if let explicit, explicit != named {
                throw .unitMismatch(original, inText: named.code, option: explicit.code)
            }
            unit = named
        }

        let number = String(chars)
        let minor = try AmountParser.minorUnits(number, unit: unit, original: original)
        guard minor > 0 else { throw .zero(original) }
        return Money(minor: minor, unit: unit)
    }

    // MARK: unit codes that hold digits

    /// A code as the config allows it: an ASCII letter, then ASCII letters or digits, 12 at most.
    /// Only codes holding a digit need the two readers below; the others are read letter by letter.
    static func isCodeWithDigits(_ word: some Collection<Character>) -> Bool {
        guard let first = word.first, first.isASCII, first.isLetter, word.count <= 12 else { return false }
        return word.contains(where: \.isASCIIDigit) && word.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
    }

    /// `Sol2 7.25`: a code with digits before the number, followed by a space (glued to the
    /// number, `Sol27.25` would not say where the code ends). A declared code is the unit token
    /// and the rest is the number; an undeclared one is an unknown unit. Nil: no such code.
    func leadingCodeWithDigits(_ chars: [Character], original: String) throws(AmountError) -> (String, [Character])? {
        guard let space = chars.firstIndex(where: { AmountParser.spaces.contains($0) }) else { return nil }
        let word = chars[..<space]
        guard AmountParser.isCodeWithDigits(word) else { return nil }
        let code = String(word)
        guard registry.unit(token: code) != nil else { throw .unknownUnit(original, token: code) }
        return (code, Array(chars[space...].drop { AmountParser.spaces.contains($0) }))
    }

    /// `7.25 Sol2` or `7.25Sol2`: a code with digits after the number. Spaced, the last word;
    /// glued, the trailing letters and digits from the first letter on (a code starts with a
    /// letter, the number ends with a digit). A declared code is the unit token; a spaced,
    /// undeclared one is an unknown unit; a glued, undeclared one (`12h30`) is no code.
    func trailingCodeWithDigits(_ chars: [Character], original: String) throws(AmountError) -> (String, [Character])? {
        if let space = chars.lastIndex(where: { AmountParser.spaces.contains($0) }) {
            let word = chars[(space + 1)...]
            if AmountParser.isCodeWithDigits(word) {
                let code = String(word)
                guard registry.unit(token: code) != nil else { throw .unknownUnit(original, token: code) }
                return (code, Array(chars[..<space]))
            }
        }
        let run = chars.reversed().prefix { $0.isASCII && ($0.isLetter || $0.isNumber) }.count
        guard let letter = chars[(chars.count - run)...].firstIndex(where: \.isLetter) else { return nil }
        let word = chars[letter...]
        guard letter > 0, AmountParser.isCodeWithDigits(word), registry.unit(token: String(word)) != nil else { return nil }
        return (String(word), Array(chars[..<letter]))
    }

    /// The numeric core, without unit: digits, separators and grouping spaces.
    static func minorUnits(_ number: String, unit: Unit, original: String) throws(AmountError) -> Int64 {
        guard !number.isEmpty else { throw .notANumber(original) }
        for c in number where !(c.isASCIIDigit || c == "." || c == "," || spaces.contains(c) || c == "'") {
            if c == "-" || c == "−" { throw .negative(original) }
            throw .notANumber(original)
        }
        let lastDot = number.lastIndex(of: ".")
        let lastComma = number.lastIndex(of: ",")
        let dots = number.filter { $0 == "." }.count
        let commas = number.filter { $0 == "," }.count

        var decimalMark: Character? = nil
        switch (lastDot, lastComma) {
        case (nil, nil): decimalMark = nil
        case (.some, nil): decimalMark = dots == 1 ? "." : nil
        case (nil, .some): decimalMark = commas == 1 ? "," : nil
        case (.some(let d), .some(let c)):
            decimalMark = d > c ? "." : ","
            if (decimalMark == "." ? dots : commas) != 1 { throw .notANumber(original) }
        }

        var integerPart = number
        var fraction = ""
        if let mark = decimalMark, let idx = number.lastIndex(of: mark) {
            integerPart = String(number[..<idx])
            fraction = String(number[number.index(after: idx)...])
            guard !fraction.isEmpty, fraction.allSatisfy(\.isASCIIDigit) else { throw .notANumber(original) }
        }
        // Grouping: every separator left in the integer part splits groups of three.
        let groups = integerPart.split(omittingEmptySubsequences: false) {
            $0 == "." || $0 == "," || $0 == "'" || spaces.contains($0)
        }
        guard let firstGroup = groups.first, !firstGroup.isEmpty else { throw .notANumber(original) }
        if groups.count > 1 {
            guard firstGroup.count <= 3, groups.dropFirst().allSatisfy({ $0.count == 3 }) else {
                throw .badGrouping(original)
            }
        }
        let digits = groups.joined()
        guard digits.allSatisfy(\.isASCIIDigit) else { throw .notANumber(original) }

        // Trailing zeros beyond the unit's decimals are harmless (12.500 EUR = 12.50 EUR).
        var frac = Substring(fraction)
        while frac.count > unit.decimals, frac.last == "0" { frac = frac.dropLast() }
        guard frac.count <= unit.decimals else {
            throw .tooManyDecimals(original, unit: unit.code, allowed: unit.decimals)
        }
        let padded = String(frac) + String(repeating: "0", count: unit.decimals - frac.count)
        let significant = (digits + padded).drop { $0 == "0" }
        // Ceiling: 1e9 major units at 6 decimals is 16 digits, well inside Int64.
        let ceiling = Money.ceilingMinor(for: unit)
        guard significant.count <= String(ceiling).count, let value = Int64(significant.isEmpty ? "0" : String(significant)) else {
            throw .aboveCeiling(original, unit: unit.code)
        }
        guard value <= ceiling else { throw .aboveCeiling(original, unit: unit.code) }
        return value
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

extension StringProtocol {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while let c = s.first, AmountParser.spaces.contains(c) || c.isNewline { s = s.dropFirst() }
        while let c = s.last, AmountParser.spaces.contains(c) || c.isNewline { s = s.dropLast() }
        return String(s)
    }
}
