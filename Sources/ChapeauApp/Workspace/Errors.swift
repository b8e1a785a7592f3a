import ChapeauCore
import ChapeauStore

/// Errors of the application layer that are not another module's.
public enum AppError: Error, Equatable, Sendable, CustomStringConvertible {
    case usage(String)
    case invalid(String)
    case io(String)
    case busy(String)

    public var description: String {
        switch self {
        case .usage(let m), .invalid(let m), .io(let m), .busy(let m): return m
        }
    }
}

/// Exit codes (sysexits), as README.md "A short tour" lists them.
public enum ExitStatus {
    public static let ok: Int32 = 0
    public static let problemsFound: Int32 = 1
    public static let usage: Int32 = 64
    public static let dataError: Int32 = 65
    public static let ioError: Int32 = 74
    public static let busy: Int32 = 75

    /// The exit code and the one-line message for any error a use case throws.
    public static func of(_ error: any Error) -> (code: Int32, message: String) {
        known(error) ?? (ioError, "\(error)")
    }

    /// The exit code and message of an error that Chapeau's modules throw; nil for others.
    public static func known(_ error: any Error) -> (code: Int32, message: String)? {
        switch error {
        case let e as AppError:
            switch e {
            case .usage: return (usage, e.description)
            case .invalid: return (dataError, e.description)
            case .io: return (ioError, e.description)
            case .busy: return (busy, e.description)
            }
        case let e as AmountError: return (dataError, e.description)
        case let e as LedgerError: return (dataError, e.description)
        case let e as LedgerDataError: return (dataError, e.description)
        case let e as ConfigError: return (dataError, e.description)
        case let e as MoneyError: return (dataError, e.description)
        case let e as StoreError:
            switch e {
            case .busy: return (busy, e.description)
            case .io: return (ioError, e.description)
            case .invalid: return (dataError, e.description)
            }
        default:
            return nil
        }
    }
}

/// Makes an error message fit the one `error:` line it is printed on, whatever value it quotes:
/// line breaks, other control characters and bidirectional overrides (which would reorder the
/// terminal's text) are written as `\u{…}` escapes, a quoted value longer than 80 characters
/// keeps its start and end around its length, and the line stops at 1 000 characters.
public enum ErrorLine {
    public static func make(_ message: String) -> String {
        var out = ""
        for scalar in message.unicodeScalars {
            if isHidden(scalar) {
                out += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        out = elideQuoted(out)
        return out.count > 1000 ? String(out.prefix(999)) + "…" : out
    }

    static func isHidden(_ s: Unicode.Scalar) -> Bool {
        switch s.properties.generalCategory {
        case .control, .lineSeparator, .paragraphSeparator: return true
        default: return (0x202A...0x202E).contains(s.value) || (0x2066...0x2069).contains(s.value)
        }
    }

    /// `'<very long value>'` → `'<start>…<end>' (12345 characters)`.
    static func elideQuoted(_ text: String) -> String {
        let parts = text.split(separator: "'", omittingEmptySubsequences: false)
        guard parts.count >= 3 else { return text }
        var out = ""
        for (i, part) in parts.enumerated() {
            if i % 2 == 0 {
                out += part
            } else if i == parts.count - 1 {
                out += "'" + part
            } else if part.count > 80 {
                out += "'" + part.prefix(60) + "…" + part.suffix(10) + "' (\(part.count) characters)"
            } else {
                out += "'" + part + "'"
            }
        }
        return out
    }
}
