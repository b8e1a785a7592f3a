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

/// Exit codes of PRODUCT.md §3 (sysexits).
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
