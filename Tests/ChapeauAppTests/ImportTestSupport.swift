import ChapeauCore
import ChapeauStore
import Foundation
@testable import ChapeauApp

/// A fresh workspace made by `init` (EUR, with the units PTJ and h), and a treasurer whose
/// clock says 2026-11-20, removed when released.
final class ImportWorkspace: @unchecked Sendable {
    let root: URL
    let workspace: Workspace
    let treasurer: Treasurer
    static let now = Date(timeIntervalSince1970: 1_795_168_800)  // 2026-11-20T10:00:00Z

    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/import")

    static func fixture(_ name: String) -> String { fixtures.appendingPathComponent(name).path }

    /// `config`: TOML added to the scaffolded config (an `[import]` table, say); `files`: files
    /// written in the workspace before it is loaded (`Config/import/bank.toml`…).
    init(config: String = "", files: [String: String] = [:]) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("chapeau-import-\(UUID().uuidString)")
        _ = try Scaffold.initialise(at: root.path, authorName: "Camille Martin")
        if !config.isEmpty {
            let url = root.appendingPathComponent("Config/chapeau.toml")
            var scaffold = try String(contentsOf: url, encoding: .utf8)
            if config.contains("[import]") {
                // The scaffold has an [import] table already: the test's takes its place.
                scaffold = scaffold.replacingOccurrences(of: "\n[import]\n", with: "\n")
                    .split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("own_accounts = []") }
                    .joined(separator: "\n")
            }
            let text = scaffold + "\n" + config + "\n"
            try Data(text.utf8).write(to: url)
        }
        for (path, text) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        workspace = try Workspace.load(configPath: root.appendingPathComponent("Config/chapeau.toml").path)
        treasurer = try Treasurer(workspace: workspace, now: Self.now)
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    var store: LedgerStore { treasurer.store }

    /// Writes a file in the workspace and gives its path.
    func file(_ name: String, _ text: String) throws -> String {
        let url = root.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    @discardableResult
    func importFile(_ path: String, _ format: String? = "generic", dryRun: Bool = false, expenses: Bool = false) throws -> ImportSummary {
        try treasurer.importFiles([path], options: ImportOptions(format: format, dryRun: dryRun, expenses: expenses, review: true))[0]
    }

    /// Every entry, in journal order.
    func entries() throws -> [StoredEntry] { try store.entries() }

    /// Gifts not voided, with their supporter's handle.
    func gifts() throws -> [(gift: Gift, handle: String?)] {
        let handles = try store.handles()
        return try store.entries(types: [.gift]).compactMap { e in
            guard !e.voided, case .gift(let g) = e.body else { return nil }
            return (g, g.supporter.flatMap { handles[$0] })
        }
    }

    func supporters() throws -> [Supporter] {
        try store.entries(types: [.supporter]).compactMap { e in
            if case .supporter(let s) = e.body { return s }
            return nil
        }
    }

    func pledges() throws -> [Pledge] {
        try store.entries(types: [.pledge]).compactMap { e in
            if case .pledge(let p) = e.body { return p }
            return nil
        }
    }

    func unit(_ code: String) -> ChapeauCore.Unit {
        workspace.units.unit(code: code) ?? .eur
    }

    func money(_ text: String, _ code: String = "EUR") -> Money {
        (try? AmountParser(registry: workspace.units).parse(text, explicit: unit(code))) ?? Money(minor: -1, unit: .eur)
    }
}

extension ImportWorkspace {
    static func day(_ text: String) -> Day { Day(iso: text) ?? Day(ordinal: 0) }

    /// The totals of the gifts, per unit code, as decimal strings.
    static func totals(_ gifts: [Gift]) -> [String: String] {
        var t = Totals()
        for g in gifts { try? t.add(g.amount) }
        return Dictionary(uniqueKeysWithValues: t.amounts.map { ($0.unit.code, $0.decimalString) })
    }
}
