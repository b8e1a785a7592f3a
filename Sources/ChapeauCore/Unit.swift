/// A unit of account: an ISO 4217 currency or a custom unit declared in the config
/// (a complementary currency such as `PTJ`, or hours `h`).
///
/// Two units are the same unit when their codes are equal; amounts of different units
/// are never added together.
public struct Unit: Hashable, Sendable, CustomStringConvertible {
    /// What a unit is, held once and shared: every `Money` carries its unit, so the unit is
    /// one reference (a `Money` is 16 bytes, not 64, and copying one retains one object).
    private final class Info: Sendable {
        let code: String, decimals: Int, name: String, isCurrency: Bool, symbols: [String]
        init(code: String, decimals: Int, name: String, isCurrency: Bool, symbols: [String]) {
            self.code = code; self.decimals = decimals; self.name = name
            self.isCurrency = isCurrency; self.symbols = symbols
        }
    }
    private let info: Info

    /// The code as written in the ledger (`EUR`, `PTJ`, `h`).
    public var code: String { info.code }
    /// Digits after the decimal point (EUR 2, JPY 0, BHD 3).
    public var decimals: Int { info.decimals }
    /// A human name (`Euro`, `Points Jeu`).
    public var name: String { info.name }
    /// `true` for ISO 4217 currencies, `false` for units declared in the config.
    public var isCurrency: Bool { info.isCurrency }
    /// Symbols that may stand for this unit in an amount (`€`).
    public var symbols: [String] { info.symbols }

    /// The highest number of decimals a unit may have; keeps the ceiling inside Int64.
    public static let maximumDecimals = 6

    public init(code: String, decimals: Int, name: String, isCurrency: Bool, symbols: [String] = []) {
        info = Info(code: code, decimals: decimals, name: name, isCurrency: isCurrency, symbols: symbols)
    }

    public var description: String { code }

    /// 10^decimals, the number of minor units in one major unit.
    public var scale: Int64 {
        var s: Int64 = 1
        for _ in 0..<decimals { s *= 10 }
        return s
    }

    public static func == (a: Unit, b: Unit) -> Bool { a.info === b.info || a.info.code == b.info.code }
    public func hash(into h: inout Hasher) { h.combine(code) }

    public static let eur = Unit(code: "EUR", decimals: 2, name: "Euro", isCurrency: true, symbols: ["€"])
}

/// ISO 4217 currencies Chapeau knows, with their minor-unit digits.
public enum ISO4217 {
    /// (code, decimals, name, symbols)
    static let table: [(String, Int, String, [String])] = [
        ("EUR", 2, "Euro", ["€"]), ("USD", 2, "US Dollar", ["$", "US$"]),
        ("GBP", 2, "Pound Sterling", ["£"]), ("CHF", 2, "Swiss Franc", []),
        ("JPY", 0, "Yen", ["¥"]), ("CAD", 2, "Canadian Dollar", ["CA$"]),
        ("AUD", 2, "Australian Dollar", ["A$"]), ("NZD", 2, "New Zealand Dollar", []),
        ("SEK", 2, "Swedish Krona", []), ("NOK", 2, "Norwegian Krone", []),
        ("DKK", 2, "Danish Krone", []), ("ISK", 0, "Iceland Krona", []),
        ("PLN", 2, "Zloty", ["zł"]), ("CZK", 2, "Czech Koruna", ["Kč"]),
        ("HUF", 2, "Forint", []), ("RON", 2, "Romanian Leu", []),
        ("BGN", 2, "Bulgarian Lev", []), ("TRY", 2, "Turkish Lira", []),
        ("UAH", 2, "Hryvnia", []), ("RUB", 2, "Russian Ruble", []),
        ("CNY", 2, "Yuan Renminbi", []), ("HKD", 2, "Hong Kong Dollar", []),
        ("SGD", 2, "Singapore Dollar", []), ("INR", 2, "Indian Rupee", ["₹"]),
        ("KRW", 0, "Won", ["₩"]), ("TWD", 2, "New Taiwan Dollar", []),
        ("BRL", 2, "Brazilian Real", ["R$"]), ("MXN", 2, "Mexican Peso", []),
        ("ARS", 2, "Argentine Peso", []), ("CLP", 0, "Chilean Peso", []),
        ("COP", 2, "Colombian Peso", []), ("ZAR", 2, "Rand", []),
        ("MAD", 2, "Moroccan Dirham", []), ("DZD", 2, "Algerian Dinar", []),
        ("TND", 3, "Tunisian Dinar", []), ("XOF", 0, "CFA Franc BCEAO", []),
        ("XAF", 0, "CFA Franc BEAC", []), ("XPF", 0, "CFP Franc", []),
        ("BHD", 3, "Bahraini Dinar", []), ("KWD", 3, "Kuwaiti Dinar", []),
        ("JOD", 3, "Jordanian Dinar", []), ("OMR", 3, "Rial Omani", []),
        ("ILS", 2, "New Israeli Sheqel", ["₪"]), ("AED", 2, "UAE Dirham", []),
        ("VND", 0, "Dong", ["₫"]), ("IDR", 2, "Rupiah", []),
        ("THB", 2, "Baht", ["฿"]), ("PHP", 2, "Philippine Peso", ["₱"]),
    ]

    public static let units: [Unit] = table.map {
        Unit(code: $0.0, decimals: $0.1, name: $0.2, isCurrency: true, symbols: $0.3)
    }
}

/// Why a unit declaration was refused.
public enum UnitError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidCode(String)
    case invalidDecimals(code: String, decimals: Int)
    case clashesWithCurrency(String)
    case duplicate(String)

    public var description: String {
        switch self {
        case .invalidCode(let c):
            return "unit code '\(c)' is not valid: use 1 to 12 letters or digits, starting with a letter"
        case .invalidDecimals(let c, let d):
            return "unit '\(c)' has \(d) decimals: use 0 to \(Unit.maximumDecimals)"
        case .clashesWithCurrency(let c):
            return "unit '\(c)' is an ISO 4217 currency already: remove it from [[units]]"
        case .duplicate(let c):
            return "unit '\(c)' is declared twice in [[units]]"
        }
    }
}

/// Every unit the ledger may use: the ISO 4217 currencies and the config's custom units.
public struct UnitRegistry: Sendable {
    public let defaultUnit: Unit
    private let byCode: [String: Unit]      // upper-cased code → unit
    private let bySymbol: [String: Unit]
    public let customUnits: [Unit]

    public init(defaultCode: String = "EUR", custom: [Unit] = []) throws(UnitError) {
        var byCode: [String: Unit] = [:]
        var bySymbol: [String: Unit] = [:]
        for u in ISO4217.units {
            byCode[u.code] = u
            for s in u.symbols where bySymbol[s] == nil { bySymbol[s] = u }
        }
        for u in custom {
            guard UnitRegistry.isValidCode(u.code) else { throw UnitError.invalidCode(u.code) }
            guard (0...Unit.maximumDecimals).contains(u.decimals) else {
                throw UnitError.invalidDecimals(code: u.code, decimals: u.decimals)
            }
            let key = u.code.uppercased()
            if let existing = byCode[key] {
                throw existing.isCurrency ? UnitError.clashesWithCurrency(u.code) : UnitError.duplicate(u.code)
            }
            byCode[key] = u
            for s in u.symbols where bySymbol[s] == nil { bySymbol[s] = u }
        }
        guard let d = byCode[defaultCode.uppercased()] else { throw UnitError.invalidCode(defaultCode) }
        self.defaultUnit = d
        self.byCode = byCode
        self.bySymbol = bySymbol
        self.customUnits = custom
    }

    static func isValidCode(_ code: String) -> Bool {
        guard let first = code.unicodeScalars.first, code.unicodeScalars.count <= 12,
              first.properties.isAlphabetic, first.isASCII else { return false }
        return code.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)) }
    }

    /// The unit with this code (case-insensitive), if known.
    public func unit(code: String) -> Unit? { byCode[code.uppercased()] }

    /// The unit this symbol (`€`) or code (`EUR`, `ptj`) stands for, if known.
    public func unit(token: String) -> Unit? { bySymbol[token] ?? byCode[token.uppercased()] }
}
