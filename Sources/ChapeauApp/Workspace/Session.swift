// The façade speaks the core's vocabulary (money, units, days, periods, entry kinds): a client of
// the app layer names them without depending on the core module itself.
@_exported public import ChapeauCore
internal import ChapeauStore
public import ChapeauReports
public import Foundation
import Synchronization

/// The report layer's words the command line needs, under the app layer's name.
public typealias ReportFormat = ChapeauReports.ReportFormat
public typealias ReportLanguage = ChapeauReports.ReportLanguage

/// One process's view of the world, read once: the workspace and its config, the clock, the
/// environment; and the ledger, opened once, when a use case first needs it. Every command
/// builds one session and hands it to the use cases it runs, so that they agree on what "now"
/// and "the workspace" are.
public final class Session: Sendable {
    public let workspace: Workspace
    /// `--now`, else `CHAPEAU_NOW`, else the system clock.
    public let now: Date
    public let environment: [String: String]
    private let ledger = Mutex<LedgerStore?>(nil)

    public init(workspace: Workspace, now: Date, environment: [String: String]) {
        self.workspace = workspace
        self.now = now
        self.environment = environment
    }

    /// The session of a command: the config found from `--config` (else `$CHAPEAU_CONFIG`,
    /// else `Config/chapeau.toml` under `cwd`), the clock from `--now` (else `CHAPEAU_NOW`).
    public static func load(config: String?, now: String? = nil,
                            environment: [String: String] = ProcessInfo.processInfo.environment,
                            cwd: String = FileManager.default.currentDirectoryPath) throws -> Session {
        let ws = try Workspace.load(configPath: Workspace.configPath(option: config, environment: environment, cwd: cwd))
        return Session(workspace: ws, now: try Clock.now(option: now, environment: environment, timeZone: ws.timeZone),
                       environment: environment)
    }

    /// The workspace's day today, in its time zone.
    public var today: Day { Day(now, in: workspace.timeZone) }

    /// The ledger, opened (and migrated) on first use, then shared by every use case.
    func store() throws -> LedgerStore {
        try ledger.withLock { held in
            if let held { return held }
            let opened = try workspace.openLedger()
            held = opened
            return opened
        }
    }

    /// Whether the ledger file exists yet (a fresh workspace before its first entry may have none).
    var hasLedger: Bool { FileManager.default.fileExists(atPath: workspace.ledgerPath) }

    public func treasurer() throws -> Treasurer { Treasurer(workspace: workspace, store: try store(), now: now) }

    public func reporting() throws -> Reporting { Reporting(workspace: workspace, store: try store(), now: now) }

    public func job() -> Job { Job(workspace: workspace, now: now, environment: environment) }
}
