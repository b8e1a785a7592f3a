import Foundation
import GRDB
import Testing
import ChapeauTestSupport
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
    static let files = GoldenFiles(beside: #filePath, variable: "RECORD_SCHEMA", noun: "schema golden file", advice: """
        A shipped migration was edited, or one of them reads something that changes (an application \
        type, a constant): migrations are frozen, write literal SQL and add a new migration instead.
        """)
    static var directory: URL { files.directory }

    /// `2026-11-24 journal without IN lists, …` third → `03-2026-11-24-journal-without-in-lists-indexes-for-reports.txt`.
    static func fileName(index: Int, identifier: String) -> String {
        String(format: "%02d-", index + 1) + GoldenFiles.slug(identifier) + ".txt"
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
        files.check(actual, against: name, sourceLocation: sourceLocation)
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
