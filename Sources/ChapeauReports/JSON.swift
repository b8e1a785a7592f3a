import ChapeauCore

/// A JSON value written by hand: keys sorted, two-space indentation, a trailing newline, and
/// `<`, `>`, `&`, U+2028 and U+2029 escaped so that the text is safe inside an HTML page too.
/// Same value, same bytes.
public indirect enum JSON: Sendable, Equatable {
    case object([String: JSON])
    case array([JSON])
    case string(String)
    case int(Int64)
    /// A number already written in JSON syntax (a ratio such as `0.7561`).
    case number(String)
    case bool(Bool)
    case null

    static func int(_ n: Int) -> JSON { .int(Int64(n)) }
    static func optional(_ s: String?) -> JSON { s.map(JSON.string) ?? .null }

    /// The document: the value followed by a newline.
    var document: String {
        var out = ""
        write(to: &out, indent: 0)
        return out + "\n"
    }

    func write(to out: inout String, indent: Int) {
        let pad = String(repeating: "  ", count: indent + 1)
        let close = String(repeating: "  ", count: indent)
        switch self {
        case .object(let fields):
            guard !fields.isEmpty else { out += "{}"; return }
            out += "{\n"
            for (i, key) in fields.keys.sorted().enumerated() {
                out += pad + JSON.quote(key) + ": "
                fields[key]?.write(to: &out, indent: indent + 1)
                out += i + 1 < fields.count ? ",\n" : "\n"
            }
            out += close + "}"
        case .array(let items):
            guard !items.isEmpty else { out += "[]"; return }
            out += "[\n"
            for (i, item) in items.enumerated() {
                out += pad
                item.write(to: &out, indent: indent + 1)
                out += i + 1 < items.count ? ",\n" : "\n"
            }
            out += close + "]"
        case .string(let s): out += JSON.quote(s)
        case .int(let n): out += String(n)
        case .number(let s): out += s
        case .bool(let b): out += b ? "true" : "false"
        case .null: out += "null"
        }
    }

    /// A JSON string literal of `s`, HTML-safe (also for writers outside this module).
    public static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "<", ">", "&", "\u{2028}", "\u{2029}":
                out += unicodeEscape(scalar.value)
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F { out += unicodeEscape(scalar.value) }
                else { out.unicodeScalars.append(scalar) }
            }
        }
        return out + "\""
    }

    static func unicodeEscape(_ v: UInt32) -> String {
        let hex = String(v, radix: 16)
        return "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}

extension JSON {
    /// `{"unit": "EUR", "amount_minor": 1234, "amount": "12.34"}` fields for an amount.
    static func money(_ m: Money, key: String = "amount") -> [String: JSON] {
        ["\(key)_minor": .int(m.minor), key: .string(m.decimalString)]
    }

    static func unit(_ u: Unit) -> [String: JSON] {
        ["unit": .string(u.code), "decimals": .int(u.decimals), "currency": .bool(u.isCurrency)]
    }

    static func merge(_ parts: [String: JSON]...) -> JSON {
        .object(parts.reduce(into: [:]) { acc, part in acc.merge(part) { _, new in new } })
    }
}
