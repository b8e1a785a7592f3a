import Foundation
import GRDB
import Testing

/// Runs the built `chapeau` binary in a temporary workspace, as a user would.
final class CLI: @unchecked Sendable {
    struct Result: Sendable {
        let code: Int32
        let out: String
        let err: String
    }

    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `$CHAPEAU_BIN`; else the `chapeau` built next to this test bundle; else the default debug build.
    static var binary: String {
        if let path = ProcessInfo.processInfo.environment["CHAPEAU_BIN"], !path.isEmpty { return path }
        var candidates: [String] = []
        if let bundle = Bundle.main.executableURL?.deletingLastPathComponent() {
            candidates.append(bundle.appendingPathComponent("chapeau").path)
        }
        candidates.append(packageRoot.appendingPathComponent(".build/debug/chapeau").path)
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[candidates.count - 1]
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

    /// Edits the workspace's config: `text`, which must be there, becomes `replacement`.
    func editConfig(_ text: String, _ replacement: String) throws {
        let path = dir.appendingPathComponent("Config/chapeau.toml")
        let config = try String(contentsOf: path, encoding: .utf8)
        guard config.contains(text) else { throw CLIError.setup("the config has no '\(text)'") }
        try Data(config.replacingOccurrences(of: text, with: replacement).utf8).write(to: path)
    }

    @discardableResult
    func run(_ args: String..., stdin: String? = nil) -> Result { run(args, stdin: stdin) }

    /// chapeau with these arguments, in the workspace, with `env`; not started.
    func process(_ args: [String]) -> Process {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: Self.binary)
        p.arguments = args
        p.currentDirectoryURL = dir
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "CHAPEAU_CONFIG")
        for (k, v) in env { environment[k] = v }
        p.environment = environment
        return p
    }

    /// Runs chapeau to its end; `stdin`, when given, is its standard input (else it reads nothing).
    func run(_ args: [String], stdin: String? = nil) -> Result {
        let p = process(args)
        let inURL = dir.appendingPathComponent(".in-\(UUID().uuidString)")
        if let stdin { FileManager.default.createFile(atPath: inURL.path, contents: Data(stdin.utf8)) }
        defer { if stdin != nil { try? FileManager.default.removeItem(at: inURL) } }
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
            p.standardInput = try stdin.map { _ in try FileHandle(forReadingFrom: inURL) } ?? FileHandle.nullDevice
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

    /// Starts chapeau without waiting for it, outputs discarded.
    func start(_ args: [String]) throws -> Process {
        let p = process(args)
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        p.standardInput = FileHandle.nullDevice
        try p.run()
        return p
    }

    /// Starts chapeau and kills it with SIGKILL after `delay` seconds if it is still running.
    /// True when the kill landed (the process was still at work).
    @discardableResult
    func runAndKill(_ args: [String], after delay: Double) throws -> Bool {
        let p = try start(args)
        Thread.sleep(forTimeInterval: delay)
        var killed = false
        if p.isRunning { killed = kill(p.processIdentifier, SIGKILL) == 0 }
        p.waitUntilExit()
        return killed && p.terminationReason == .uncaughtSignal && p.terminationStatus == SIGKILL
    }

    /// Parses stdout as JSON.
    func json(_ args: String...) throws -> Any {
        let r = run(args)
        guard r.code == 0 else { throw CLIError.setup("chapeau \(args.joined(separator: " ")) exited \(r.code): \(r.err)") }
        return try JSONSerialization.jsonObject(with: Data(r.out.utf8))
    }
}

enum CLIError: Error { case setup(String) }

/// What a test reads straight from a ledger file, as an auditor would (not through chapeau).
enum LedgerFile {
    static func count(_ path: String, type: String = "gift") throws -> Int {
        let queue = try DatabaseQueue(path: path)
        return try queue.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM entry WHERE type = ?", arguments: [type]) ?? 0
        }
    }
}

/// Writes a generic CSV of `rows` gifts, each with its own reference, block by block.
func writeGenericCSV(_ url: URL, rows: Int, referencePrefix: String = "R") throws {
    FileManager.default.createFile(atPath: url.path, contents: nil)
    let handle = try FileHandle(forWritingTo: url)
    defer { try? handle.close() }
    var block = "date,amount,unit,channel,reference\n"
    for i in 0..<rows {
        let day = 1 + i % 28, month = 1 + (i / 28) % 12
        block += "2025-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day),\(1 + i % 97).\(i % 100 < 10 ? "0" : "")\(i % 100),EUR,bank,\(referencePrefix)-\(i)\n"
        if block.utf8.count > 1 << 16 {
            try handle.write(contentsOf: Data(block.utf8))
            block = ""
        }
    }
    try handle.write(contentsOf: Data(block.utf8))
}
