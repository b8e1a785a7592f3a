import Foundation
import Testing

/// Runs the built `chapeau` binary in a temporary workspace, as a user would.
final class CLI: @unchecked Sendable {
    struct Result: Sendable {
        let code: Int32
        let out: String
        let err: String
    }

    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `$CHAPEAU_BIN`, else the debug build next to these tests.
    static var binary: String {
        if let b = ProcessInfo.processInfo.environment["CHAPEAU_BIN"] { return b }
        return packageRoot.appendingPathComponent(".build/debug/chapeau").path
    }

    let dir: URL
    var env: [String: String] = ["CHAPEAU_NOW": "2026-11-20T10:00:00Z"]

    /// A fresh folder; with `initialise`, a workspace made by `chapeau init`.
    init(initialise: Bool = true) throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("chapeau-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        if initialise {
            let r = run("init")
            guard r.code == 0 else { throw CLIError.setup("chapeau init failed: \(r.err)") }
        }
    }

    deinit { try? FileManager.default.removeItem(at: dir) }

    var ledger: String { dir.appendingPathComponent("data/ledger.sqlite").path }

    @discardableResult
    func run(_ args: String..., stdin: String? = nil) -> Result { run(args) }

    func run(_ args: [String]) -> Result {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: Self.binary)
        p.arguments = args
        p.currentDirectoryURL = dir
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "CHAPEAU_CONFIG")
        for (k, v) in env { environment[k] = v }
        p.environment = environment
        let outURL = dir.appendingPathComponent(".out-\(UUID().uuidString)")
        let errURL = dir.appendingPathComponent(".err-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: outURL); try? FileManager.default.removeItem(at: errURL) }
        do {
            let out = try FileHandle(forWritingTo: outURL)
            let err = try FileHandle(forWritingTo: errURL)
            p.standardOutput = out
            p.standardError = err
            p.standardInput = FileHandle.nullDevice
            try p.run()
            p.waitUntilExit()
            try out.close()
            try err.close()
        } catch {
            return Result(code: -1, out: "", err: "could not run \(Self.binary): \(error)")
        }
        let o = (try? String(contentsOf: outURL, encoding: .utf8)) ?? ""
        let e = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
        return Result(code: p.terminationStatus, out: o, err: e)
    }

    /// Parses stdout as JSON.
    func json(_ args: String...) throws -> Any {
        let r = run(args)
        guard r.code == 0 else { throw CLIError.setup("chapeau \(args.joined(separator: " ")) exited \(r.code): \(r.err)") }
        return try JSONSerialization.jsonObject(with: Data(r.out.utf8))
    }
}

enum CLIError: Error { case setup(String) }
