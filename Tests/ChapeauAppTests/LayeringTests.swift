import Foundation
import Testing
@testable import ChapeauApp
@testable import ChapeauStore

/// The dependency direction of the package, read from the sources themselves: the command line
/// talks to the app layer only; the pure modules import no I/O layer; nothing imports the CLI.
@Suite("Layering: who imports whom")
struct LayeringTests {
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Sources")

    /// Every module a target's files import, with the file that imports it.
    static func imports(of target: String) throws -> [(module: String, file: String)] {
        let dir = sources.appendingPathComponent(target)
        guard let walk = FileManager.default.enumerator(atPath: dir.path) else { return [] }
        var found: [(String, String)] = []
        for case let path as String in walk where path.hasSuffix(".swift") {
            let text = try String(contentsOf: dir.appendingPathComponent(path), encoding: .utf8)
            for line in text.split(separator: "\n") {
                let words = line.split(separator: " ")
                guard let i = words.firstIndex(of: "import"), i + 1 < words.count,
                      words[..<i].allSatisfy({ $0.hasPrefix("@") || ["public", "internal", "private", "package", "fileprivate"].contains($0) })
                else { continue }
                found.append((String(words[i + 1]), "\(target)/\(path)"))
            }
        }
        return found
    }

    @Test("The command line imports the app layer and ArgumentParser, nothing else of ours")
    func cliTalksToTheAppLayerOnly() throws {
        let imports = try Self.imports(of: "chapeau")
        #expect(!imports.isEmpty)
        let allowed: Set<String> = ["ChapeauApp", "ArgumentParser", "Foundation", "Synchronization"]
        for i in imports where !allowed.contains(i.module) {
            Issue.record("\(i.file) imports \(i.module): the command line goes through ChapeauApp")
        }
    }

    @Test("The pure modules import no storage, app or command-line module", arguments: [
        ("ChapeauCore", ["ChapeauStore", "ChapeauApp", "ChapeauReports", "ChapeauFooter", "GRDB", "chapeau"]),
        ("ChapeauReports", ["ChapeauStore", "ChapeauApp", "ChapeauFooter", "GRDB", "chapeau"]),
        ("ChapeauFooter", ["ChapeauStore", "ChapeauApp", "ChapeauReports", "GRDB", "chapeau"]),
        ("ChapeauStore", ["ChapeauApp", "ChapeauReports", "ChapeauFooter", "chapeau"]),
    ])
    func inwardOnly(target: String, forbidden: [String]) throws {
        let imports = try Self.imports(of: target)
        #expect(!imports.isEmpty)
        for i in imports where forbidden.contains(i.module) {
            Issue.record("\(i.file) imports \(i.module): dependencies point inward")
        }
    }

    @Test("One session opens the ledger once: its use cases share one connection and one clock")
    func oneSessionOneLedger() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chapeau-session-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = try Scaffold.initialise(at: dir.path, authorName: "Test")
        let env = ["CHAPEAU_NOW": "2026-11-20T09:00:00Z"]
        let session = try Session.load(config: "Config/chapeau.toml", environment: env, cwd: dir.path)
        let a = try session.treasurer(), b = try session.treasurer()
        #expect(ObjectIdentifier(a.store.queue) == ObjectIdentifier(b.store.queue))
        #expect(ObjectIdentifier(try session.reporting().store.queue) == ObjectIdentifier(a.store.queue))
        #expect(a.today.description == "2026-11-20")
        #expect(try session.reporting().today == a.today)
        #expect(throws: AppError.self) {
            try Session.load(config: "Config/chapeau.toml", environment: ["CHAPEAU_NOW": "tomorrow-ish"], cwd: dir.path)
        }
    }
}
