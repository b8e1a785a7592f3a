import Foundation

/// Runs the built `chapeau` binary for the footer tests, in a temporary workspace made with
/// `chapeau init`, always passing `--config DIR/Config/chapeau.toml`.
final class FooterCLI: Sendable {
    struct Result: Sendable {
        let code: Int32
        let out: String
        let err: String
    }

    enum SetupError: Error, CustomStringConvertible {
        case failed(String)
        var description: String { switch self { case .failed(let m): m } }
    }

    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `$CHAPEAU_BIN`; else the `chapeau` built next to this test bundle; else the footer build
    /// folder, then the default one.
    static var binary: String {
        if let path = ProcessInfo.processInfo.environment["CHAPEAU_BIN"], !path.isEmpty { return path }
        var candidates: [String] = []
        if let bundle = Bundle.main.executableURL?.deletingLastPathComponent() {
            candidates.append(bundle.appendingPathComponent("chapeau").path)
        }
        candidates += [".build-footer/debug/chapeau", ".build/debug/chapeau"].map {
            packageRoot.appendingPathComponent($0).path
        }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[candidates.count - 1]
    }

    /// The temporary folder; the workspace is `dir/ws`.
    let dir: URL
    var workspace: URL { dir.appendingPathComponent("ws") }
    var configPath: String { workspace.appendingPathComponent("Config/chapeau.toml").path }
    let now = "2026-11-20T10:00:00Z"

    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("chapeau-footer-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let made = run(["init", workspace.path], config: false)
        guard made.code == 0 else { throw SetupError.failed("chapeau init exited \(made.code): \(made.err)") }
    }

    deinit { try? FileManager.default.removeItem(at: dir) }

    /// A path under the workspace.
    func path(_ relative: String) -> String { workspace.appendingPathComponent(relative).path }

    /// Writes a file under the workspace, creating its folders.
    func write(_ relative: String, _ text: String) throws {
        let url = workspace.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    func read(_ relative: String) throws -> String {
        try String(contentsOf: workspace.appendingPathComponent(relative), encoding: .utf8)
    }

    /// Runs `chapeau ARGS… --config CONFIG` in `dir`, with the clock fixed.
    @discardableResult
    func run(_ args: [String], config: Bool = true) -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = args + (config ? ["--config", configPath] : [])
        process.currentDirectoryURL = dir
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "CHAPEAU_CONFIG")
        environment["CHAPEAU_NOW"] = now
        process.environment = environment
        let outURL = dir.appendingPathComponent(".out-\(UUID().uuidString)")
        let errURL = dir.appendingPathComponent(".err-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: outURL)
            try? FileManager.default.removeItem(at: errURL)
        }
        do {
            let out = try FileHandle(forWritingTo: outURL)
            let err = try FileHandle(forWritingTo: errURL)
            process.standardOutput = out
            process.standardError = err
            process.standardInput = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            try out.close()
            try err.close()
        } catch {
            return Result(code: -1, out: "", err: "could not run \(Self.binary): \(error)")
        }
        let out = (try? String(contentsOf: outURL, encoding: .utf8)) ?? ""
        let err = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
        return Result(code: process.terminationStatus, out: out, err: err)
    }

    /// Parses `text` as a JSON object.
    static func object(_ text: String) throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
            throw SetupError.failed("not a JSON object: \(text)")
        }
        return object
    }
}
