import Foundation
import Testing
@testable import ChapeauApp

/// Names made from data are one path component: joined onto a folder, they stay in it.
@Suite("File names made from data never leave their folder")
struct PathNameTests {
    static let hostile = ["../x", "..", ".", "/etc", "/etc/passwd", "a/b", "a\\b", "a\u{0}b", "a\nb", "a\u{1B}[31mb",
                          "\u{202E}lmth.exe", "", String(repeating: "é", count: 200)]

    @Test("Hostile names are refused, naming the value", arguments: hostile)
    func refused(name: String) {
        #expect(PathName.problem(name) != nil)
        #expect(throws: AppError.self) { try PathName.join("/tmp/reports", name, what: "the period") }
        // "a/b" is two well-formed names: as a relative path, it stays inside.
        #expect(PathName.isContained(name) == (name == "a/b"))
    }

    @Test("Ordinary names pass: period ids, handles, report files")
    func accepted() throws {
        for name in ["2026-11", "2026-11-H1", "2026-W47", "2026-Q4", "2026", "index.html", "report.json", "marie", "liberapay:alice", "élodie"] {
            #expect(PathName.problem(name) == nil, "\(name)")
            #expect(try PathName.join("/r", name, what: "x") == "/r/\(name)")
        }
        #expect(PathName.isContained("2026-11/index.html"))
        #expect(!PathName.isContained("2026-11/../../x") && !PathName.isContained("/abs/x") && !PathName.isContained("a//b"))
    }

    @Test("Writing a report under a hostile period id writes nothing, anywhere", arguments: ["../x", "/etc", "a\u{0}b", ".."])
    func hostilePeriodWritesNothing(id: String) async throws {
        let parent = FileManager.default.temporaryDirectory.appendingPathComponent("chapeau-pathname-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: parent) }
        let root = parent.appendingPathComponent("a/b")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        _ = try Scaffold.initialise(at: root.path)
        let ws = try Workspace.load(configPath: root.appendingPathComponent("Config/chapeau.toml").path)
        let reporting = Reporting(workspace: ws, store: try ws.openLedger(), now: Date(timeIntervalSince1970: 1_795_165_200))
        let reports = root.appendingPathComponent("Reports")
        let before = FileManager.default.enumerator(atPath: parent.path)?.allObjects as? [String] ?? []
        #expect(throws: AppError.self) { try reporting.write(id, [("index.html", "<p>x</p>")], to: reports.path) }
        #expect(throws: AppError.self) { try reporting.write("2026-11", [(id, "<p>x</p>")], to: reports.path) }
        let after = FileManager.default.enumerator(atPath: parent.path)?.allObjects as? [String] ?? []
        #expect(Set(after).subtracting(before).filter { !$0.contains("data/") }.isEmpty,
                "\(Set(after).subtracting(before))")
    }
}
