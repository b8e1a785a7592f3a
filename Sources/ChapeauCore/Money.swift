/// An exact amount: an integer number of minor units of one unit. Never floating point.
public struct Money: Hashable, Sendable, CustomStringConvertible {
    public let minor: Int64
    public let unit: Unit

    public init(minor: Int64, unit: Unit) {
        self.minor = minor
        self.unit = unit
    }

    /// The highest amount Chapeau accepts: 1 000 000 000 major units of the unit.
    public static let ceilingMajor: Int64 = 1_000_000_000

    public static func ceilingMinor(for unit: Unit) -> Int64 { ceilingMajor * unit.scale }

    /// Plain decimal text with a dot and exactly the unit's decimals: `12.50`, `1234.56`, `3`.
    /// Machine format (JSON `amount`, CSV); display styles live in the reports.
    public var decimalString: String { Money.decimalString(minor, decimals: unit.decimals) }

    public static func decimalString(_ minor: Int64, decimals: Int) -> String {
        let negative = minor < 0
        let magnitude = minor.magnitude
        var digits = String(magnitude)
        if decimals > 0 {
            if digits.count <= decimals {
                digits = String(repeating: "0", count: decimals - digits.count + 1) + digits
            }
            digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -decimals))
        }
        return negative ? "-" + digits : digits
    }

    /// `12.50 EUR`
    public var description: String { "\(decimalString) \(unit.code)" }

    /// Overflow-checked sum of two amounts of the same unit.
    public func adding(_ other: Money) throws(MoneyError) -> Money {
        guard unit == other.unit else { throw .unitMismatch(unit.code, other.unit.code) }
        let (sum, overflow) = minor.addingReportingOverflow(other.minor)
        guard !overflow else { throw .overflow }
        return Money(minor: sum, unit: unit)
    }

    public func subtracting(_ other: Money) throws(MoneyError) -> Money {
        guard unit == other.unit else { throw .unitMismatch(unit.code, other.unit.code) }
        let (diff, overflow) = minor.subtractingReportingOverflow(other.minor)
        guard !overflow else { throw .overflow }
        return Money(minor: diff, unit: unit)
    }
}

public enum MoneyError: Error, Equatable, Sendable, CustomStringConvertible {
    case unitMismatch(String, String)
    case overflow

    public var description: String {
        switch self {
        case .unitMismatch(let a, let b): return "cannot add \(a) and \(b): totals are kept per unit"
        case .overflow: return "amount overflow: the total does not fit in 64 bits"
        }
    }
}

/// Totals kept per unit: amounts of different units are never added together.
public struct Totals: Hashable, Sendable {
    public private(set) var byUnit: [Unit: Int64] = [:]

    public init() {}

    public init(_ amounts: some Sequence<Money>) throws(MoneyError) {
        for m in amounts { try add(m) }
    }

    public mutating func add(_ m: Money) throws(MoneyError) {
        let (sum, overflow) = (byUnit[m.unit] ?? 0).addingReportingOverflow(m.minor)
        guard !overflow else { throw .overflow }
        byUnit[m.unit] = sum
    }

    public subscript(unit: Unit) -> Money { Money(minor: byUnit[unit] ?? 0, unit: unit) }

    /// Units present, in a stable order (by code).
    public var units: [Unit] { byUnit.keys.sorted { $0.code < $1.code } }

    public var amounts: [Money] { units.map { self[$0] } }

    public var isEmpty: Bool { byUnit.isEmpty }
}
