import Foundation
import GRDB
import Testing
@testable import ChapeauCore
@testable import ChapeauStore

/// The schema after each migration, as text: `sqlite_master` (type, name, table, SQL) in order.
///
/// Golden files live beside this source file, in `Golden/`, one per migration, found through
/// `#filePath` so the test target needs no resources.
///
/// Record mode: `RECORD_SCHEMA=1 swift test` writes every file and FAILS on purpose, so a recorded
/// run is never green. Record only for a NEW migration: a shipped migration's file never changes,
/// since ledgers in use already ran that SQL.
enum SchemaGolden {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    static var isRecording: Bool { ProcessInfo.processInfo.environment["RECORD_SCHEMA"] == "1" }

    /// `2026-11-24 journal without IN lists, …` third → `03-2026-11-24-journal-without-in-lists-indexes-for-reports.txt`.
    static func fileName(index: Int, identifier: String) -> String {
        var slug = ""
        for c in identifier.lowercased() {
            if c.isASCII && (c.isLetter || c.isNumber) { slug.append(c) } else if !slug.hasSuffix("-") { slug.append("-") }
        }
        while slug.hasSuffix("-") { slug.removeLast() }
        return String(format: "%02d-", index + 1) + slug + ".txt"
    }

    /// Every row of `sqlite_master`, ordered; the SQL as SQLite keeps it (NULL for automatic indexes).
    static func dump(_ db: Database) throws -> String {
        var out = ""
        for row in try Row.fetchAll(db, sql: "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name") {
            let type: String = row["type"], name: String = row["name"], table: String = row["tbl_name"]
            let sql: String? = row["sql"]
            out += "-- \(type) \(name) on \(table)\n\(sql ?? "NULL")\n\n"
        }
        return out
    }

    static func check(_ actual: String, against name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let url = directory.appendingPathComponent(name)
        if isRecording {
            do {
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
                try Data(actual.utf8).write(to: url)
                Issue.record("recorded schema golden file \(name): review it, then run the tests without RECORD_SCHEMA",
                             sourceLocation: sourceLocation)
            } catch {
                Issue.record("could not write schema golden file \(name): \(error)", sourceLocation: sourceLocation)
            }
            return
        }
        guard let data = try? Data(contentsOf: url), let expected = String(data: data, encoding: .utf8) else {
            Issue.record("missing schema golden file \(name): a new migration? run `RECORD_SCHEMA=1 swift test` to create it",
                         sourceLocation: sourceLocation)
            return
        }
        guard actual != expected else { return }
        let a = actual.components(separatedBy: "\n"), e = expected.components(separatedBy: "\n")
        let line = zip(a, e).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, e.count)
        let got = line < a.count ? a[line] : "<end of output>"
        let want = line < e.count ? e[line] : "<end of file>"
        Issue.record("""
            the schema after a migration differs from \(name) at line \(line + 1):
              expected: \(want)
              actual:   \(got)
            A shipped migration was edited, or one of them reads something that changes (an application \
            type, a constant): migrations are frozen, write literal SQL and add a new migration instead.
            """, sourceLocation: sourceLocation)
    }
}

@Suite("The schema, migration by migration")
struct SchemaGoldenTests {
    @Test("Each migration leaves the schema its golden file holds")
    func schemaAfterEachMigration() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chapeau-schema-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let migrator = Schema.migrator
        var expectedFiles: Set<String> = []
        for (i, identifier) in migrator.migrations.enumerated() {
            // A new empty file per step: the schema of a ledger created by a version that stopped there.
            let q = try DatabaseQueue(path: dir.appendingPathComponent("\(i).sqlite").path)
            try migrator.migrate(q, upTo: identifier)
            let name = SchemaGolden.fileName(index: i, identifier: identifier)
            expectedFiles.insert(name)
            SchemaGolden.check(try q.read(SchemaGolden.dump), against: name)
            try q.close()
        }
        // A golden file whose migration is gone means a shipped migration was renamed or removed.
        let present = Set((try? FileManager.default.contentsOfDirectory(atPath: SchemaGolden.directory.path)) ?? [])
            .filter { $0.hasSuffix(".txt") }
        #expect(present.subtracting(expectedFiles).isEmpty,
                "golden files without a migration (a shipped migration renamed or removed?): \(present.subtracting(expectedFiles).sorted())")
    }
}
