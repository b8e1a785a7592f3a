/// ISO 13616 International Bank Account Numbers and ISO 9362 Business Identifier Codes.
public enum IBAN {
    /// The electronic form: whitespace removed, letters in upper case.
    public static func normalise(_ text: String) -> String {
        String(text.uppercased().filter { !$0.isWhitespace })
    }

    /// Returns `nil` when `text` is a valid IBAN (spaces and lower case are accepted),
    /// otherwise the first problem found.
    public static func validate(_ text: String) -> IBANProblem? {
        let iban = normalise(text)
        guard !iban.isEmpty else { return .empty }
        let bad = iban.filter { !ASCII.isAlphanumeric($0) }
        guard bad.isEmpty else { return .badCharacters(String(bad)) }
        let bytes = Array(iban.utf8)
        guard bytes.count >= 4, bytes[0...1].allSatisfy(ASCII.isLetter), bytes[2...3].allSatisfy(ASCII.isDigit) else {
            return .badFormat
        }
        let country = String(iban.prefix(2))
        guard let expected = lengths[country] else { return .unknownCountry(country) }
        guard bytes.count == expected else {
            return .wrongLength(country: country, expected: expected, actual: bytes.count)
        }
        return Mod97.remainder(of: bytes[4...] + bytes[0..<4]) == 1 ? nil : .badCheckDigits
    }

    /// Whether `text` is a valid IBAN.
    public static func isValid(_ text: String) -> Bool { validate(text) == nil }

    /// Whether the text has an IBAN's shape (two letters, two digits, 11 to 30 letters or digits,
    /// spaces aside), valid or not: a label is not taken for an IBAN, a mistyped IBAN is caught.
    public static func looksLikeIBAN(_ text: String) -> Bool {
        let b = Array(normalise(text).utf8)
        guard (15...34).contains(b.count) else { return false }
        func letter(_ c: UInt8) -> Bool { c >= 0x41 && c <= 0x5A }
        func digit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
        return letter(b[0]) && letter(b[1]) && digit(b[2]) && digit(b[3]) && b.allSatisfy { letter($0) || digit($0) }
            && b.filter(digit).count >= 8
    }

    /// The paper form: normalised, in groups of four separated by spaces.
    public static func printable(_ text: String) -> String {
        groupedByFour(normalise(text))
    }

    /// IBAN length per country, from the SWIFT IBAN registry. Covers every SEPA
    /// country (EU, EEA, AD, AL, CH, GB, GI, MC, MD, ME, MK, RS, SM, VA) and the
    /// other registered countries.
    static let lengths: [String: Int] = [
        "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22,
        "BH": 22, "BI": 27, "BR": 29, "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24,
        "DE": 22, "DJ": 27, "DK": 18, "DO": 28, "EE": 20, "EG": 29, "ES": 24, "FI": 18,
        "FK": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23, "GL": 18, "GR": 27,
        "GT": 28, "HN": 28, "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IQ": 23, "IS": 26,
        "IT": 27, "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LC": 32, "LI": 21, "LT": 20,
        "LU": 20, "LV": 21, "LY": 25, "MC": 27, "MD": 24, "ME": 22, "MK": 19, "MN": 20,
        "MR": 27, "MT": 31, "MU": 30, "NI": 28, "NL": 18, "NO": 15, "OM": 23, "PK": 24,
        "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22, "RU": 33, "SA": 24,
        "SC": 31, "SD": 18, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "SO": 23, "ST": 25,
        "SV": 28, "TL": 23, "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20,
        "YE": 30,
    ]
}

/// Why a text is not a valid IBAN. `description` is a sentence for the user.
public enum IBANProblem: Error, Equatable, Sendable, CustomStringConvertible {
    case empty
    /// The characters that are neither letters A–Z nor digits.
    case badCharacters(String)
    case badFormat
    case unknownCountry(String)
    case wrongLength(country: String, expected: Int, actual: Int)
    case badCheckDigits

    public var description: String {
        switch self {
        case .empty:
            "The IBAN is empty."
        case .badCharacters(let found):
            "An IBAN contains only letters A–Z and digits, but this one also contains “\(found)”."
        case .badFormat:
            "An IBAN starts with a two-letter country code followed by two check digits."
        case .unknownCountry(let code):
            "“\(code)” is not the code of a country that issues IBANs."
        case .wrongLength(let country, let expected, let actual):
            "An IBAN from \(country) has \(expected) characters, but this one has \(actual)."
        case .badCheckDigits:
            "The IBAN’s check digits do not match: a character is probably mistyped."
        }
    }
}

/// ISO 9362 Business Identifier Code (BIC, "SWIFT code").
public enum BIC {
    /// Whether `text` has the shape of a BIC: 4 letters (institution), 2 letters
    /// (country), 2 letters or digits (location), and optionally 3 letters or digits
    /// (branch). Whitespace and lower case are accepted.
    public static func isValid(_ text: String) -> Bool {
        let bytes = Array(IBAN.normalise(text).utf8)
        guard bytes.count == 8 || bytes.count == 11 else { return false }
        return bytes[0..<6].allSatisfy(ASCII.isLetter) && bytes[6...].allSatisfy(ASCII.isAlphanumeric)
    }
}

/// ISO 7064 MOD 97-10 over letters and digits, letters counting as 10 (A) to 35 (Z).
enum Mod97 {
    /// The remainder modulo 97, or `nil` if a byte is not an upper-case letter or a digit.
    static func remainder(of bytes: some Sequence<UInt8>) -> Int? {
        var remainder = 0
        for byte in bytes {
            if ASCII.isDigit(byte) {
                remainder = (remainder * 10 + Int(byte - UInt8(ascii: "0"))) % 97
            } else if ASCII.isLetter(byte) {
                remainder = (remainder * 100 + Int(byte - UInt8(ascii: "A")) + 10) % 97
            } else {
                return nil
            }
        }
        return remainder
    }
}

/// Upper-case ASCII letters and digits, the only characters IBANs, BICs and RF references use.
enum ASCII {
    static func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }
    static func isLetter(_ byte: UInt8) -> Bool { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) }
    static func isAlphanumeric(_ byte: UInt8) -> Bool { isDigit(byte) || isLetter(byte) }
    static func isAlphanumeric(_ character: Character) -> Bool {
        character.utf8.count == 1 && isAlphanumeric(character.utf8.first!)
    }
}

/// `text` in groups of four characters separated by single spaces.
func groupedByFour(_ text: String) -> String {
    var result = ""
    for (index, character) in text.enumerated() {
        if index > 0 && index % 4 == 0 { result.append(" ") }
        result.append(character)
    }
    return result
}
