import ChapeauReports
public import ChapeauCore
internal import ChapeauStore
public import Foundation

/// The folder that holds `Config/`: relative paths in the config are relative to it.
public struct Workspace: Sendable {
    public let root: URL
    public let configPath: String
    public let config: ChapeauConfig
    public let units: UnitRegistry
    public let timeZone: TimeZone

    /// Where the config is: `--config`, else `$CHAPEAU_CONFIG`, else `Config/chapeau.toml`
    /// under the current directory.
    public static func configPath(option: String?, environment: [String: String], cwd: String) -> String {
        let p = option ?? environment["CHAPEAU_CONFIG"] ?? "Config/chapeau.toml"
        return p.hasPrefix("/") ? p : (cwd as NSString).appendingPathComponent(p)
    }

    /// Loads and validates the config; the workspace is the folder above `Config/`
    /// (or the config file's own folder when it is not in a `Config/` folder).
    public static func load(configPath: String) throws -> Workspace {
        guard let data = FileManager.default.contents(atPath: configPath) else {
            let exists = FileManager.default.fileExists(atPath: configPath)
            throw AppError.io(exists ? "cannot read \(configPath): check its permissions"
                                     : "no config at \(configPath): run 'chapeau init' here, or pass --config PATH")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(file: configPath, key: "", message: "not UTF-8 text")
        }
        let config = try ChapeauConfig.parse(text, file: configPath)
        let configDir = URL(fileURLWithPath: configPath).deletingLastPathComponent()
        let root = configDir.lastPathComponent == "Config" ? configDir.deletingLastPathComponent() : configDir
        let units: UnitRegistry
        do { units = try config.unitRegistry() } catch { throw ConfigError(file: configPath, key: error.key, message: error.message) }
        return Workspace(root: root.standardizedFileURL, configPath: configPath, config: config, units: units,
                         timeZone: try config.timeZone())
    }

    /// A config path made absolute against the workspace.
    public func resolve(_ path: String) -> String {
        path.hasPrefix("/") ? path : root.appendingPathComponent(path).path
    }

    public var ledgerPath: String { resolve(config.ledger.path) }

    func openLedger() throws -> LedgerStore {
        try LedgerStore.open(path: ledgerPath, units: units)
    }
}

/// Creates a new workspace: `Config/chapeau.toml`, `Reports/`, `data/` with an empty ledger.
public enum Scaffold {
    public struct Result: Sendable {
        public let root: String
        public let created: [String]
    }

    public static func initialise(at dir: String, authorName: String? = nil) throws -> Result {
        let fm = FileManager.default
        let root = URL(fileURLWithPath: dir).standardizedFileURL
        let configPath = root.appendingPathComponent("Config/chapeau.toml").path
        guard !fm.fileExists(atPath: configPath) else {
            throw AppError.usage("\(configPath) exists already: refusing to overwrite a config (edit it, or init another folder)")
        }
        var created: [String] = []
        do {
            for sub in ["Config", "Reports", "data"] {
                let p = root.appendingPathComponent(sub).path
                if !fm.fileExists(atPath: p) {
                    try fm.createDirectory(atPath: p, withIntermediateDirectories: true)
                    created.append(sub + "/")
                }
            }
            var text = ExampleConfig.text
            if let authorName {
                text = text.replacingOccurrences(of: "name = \"Camille Martin\"", with: "name = \(TOMLString.quote(authorName))")
            }
            try AtomicFile.write(Data(text.utf8), to: configPath)
            created.append("Config/chapeau.toml")
            let readme = root.appendingPathComponent("Reports/README.md").path
            if !fm.fileExists(atPath: readme) {
                try AtomicFile.write(Data(ExampleConfig.reportsReadme.utf8), to: readme)
                created.append("Reports/README.md")
            }
            // The footer templates' guide and the built-ins, to copy and edit.
            var footers: [(String, String)] = [("README.md", FooterGuide.readme)]
            for name in BuiltInFooterTemplates.names {
                if let source = BuiltInFooterTemplates.source(named: name) { footers.append(("\(name).mustache", source)) }
            }
            let footersFolder = root.appendingPathComponent("Config/footers")
            if !fm.fileExists(atPath: footersFolder.path) {
                try fm.createDirectory(at: footersFolder, withIntermediateDirectories: true)
                for (name, text) in footers {
                    try AtomicFile.write(Data(text.utf8), to: footersFolder.appendingPathComponent(name).path)
                    created.append("Config/footers/\(name)")
                }
            }
        } catch let e as AppError { throw e } catch {
            throw AppError.io("cannot create the workspace in \(root.path): \(error.localizedDescription)")
        }
        let ws = try Workspace.load(configPath: configPath)
        if !fm.fileExists(atPath: ws.ledgerPath) {
            let store = try LedgerStore.create(path: ws.ledgerPath, units: ws.units)
            // The feed's identity is born with the ledger: copies of it publish the same feed.
            _ = try store.metaValue(FeedIdentity.metaKey, creatingWith: Reporting.newFeedUUID)
            created.append(ws.config.ledger.path)
        }
        return Result(root: root.path, created: created)
    }
}

enum TOMLString {
    static func quote(_ s: String) -> String {
        var out = "\""
        for c in s.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default:
                if c.value < 0x20 || c.value == 0x7F { out += String(format: "\\u%04X", c.value) } else { out.unicodeScalars.append(c) }
            }
        }
        return out + "\""
    }
}

/// Writes a file so that it appears whole or not at all: a temporary file in the same
/// folder, flushed, then renamed over the target. Keeps the target's permissions.
public enum AtomicFile {
    public static func write(_ data: Data, to path: String, mode: Int? = nil) throws {
        let fm = FileManager.default
        let url = URL(fileURLWithPath: path)
        let dir = url.deletingLastPathComponent().path
        let temp = dir + "/.\(url.lastPathComponent).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
        let existingMode = (try? fm.attributesOfItem(atPath: path)[.posixPermissions] as? Int) ?? nil
        let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL, mode_t(mode ?? existingMode ?? 0o644))
        guard fd >= 0 else { throw AppError.io("cannot write \(path): \(String(cString: strerror(errno)))") }
        var ok = true
        data.withUnsafeBytes { buf in
            guard let base = buf.baseAddress else { return }
            var offset = 0
            while offset < buf.count {
                let n = Foundation.write(fd, base + offset, buf.count - offset)
                if n <= 0 { ok = false; break }
                offset += n
            }
        }
        if ok, let m = mode ?? existingMode { fchmod(fd, mode_t(m)) }
        if ok { ok = fsync(fd) == 0 }
        close(fd)
        guard ok, rename(temp, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temp)
            throw AppError.io("cannot write \(path): \(reason)")
        }
    }
}
