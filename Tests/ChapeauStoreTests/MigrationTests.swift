import Foundation
import GRDB
import Testing
@testable import ChapeauCore
@testable import ChapeauStore

@Suite("Schema upgrades")
struct MigrationTests {
    @Test("A ledger written under the first schema opens under the current one without loss")
    func upgradesForward() throws {
        let l = try TempLedger()
        try l.seed()
        let before = try l.store.verify()
        #expect(before.isIntact)
        // Make an older file: drop what the later migrations made, and forget that they ran.
        try Self.forgetLaterMigrations(l.path)

        let reopened = try LedgerStore.open(path: l.path, units: units)
        let after = try reopened.verify()
        #expect(after.isIntact, "\(after.problems)")
        #expect(after.chain == before.chain)
        try reopened.recordRun(JobRunRecord(startedAt: "a", endedAt: "b", now: "c", ok: true, summary: "{}"))
        #expect(try reopened.runs().count == 1)
        #expect(try reopened.entries().count == 6)
        let indexes = try DatabaseQueue(path: l.path).read {
            try String.fetchAll($0, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'entry_gift_%' ORDER BY name")
        }
        #expect(indexes == ["entry_gift_day", "entry_gift_pledge", "entry_gift_supporter"])
    }

    /// Makes the file look as it did before the table rebuild (and the migrations after the
    /// first): the rebuild then runs again on open.
    static func forgetLaterMigrations(_ path: String) throws {
        let q = try DatabaseQueue(path: path)
        try q.write { db in
            try db.execute(sql: "DROP TABLE job_run")
            try db.execute(sql: "DROP INDEX entry_gift_supporter; DROP INDEX entry_gift_pledge")
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier <> '2026-11-23 journal'")
        }
        try q.close()
    }

    @Test("The rebuilt journal keeps its rules without IN lists, and the evidence of a removed last row")
    func rebuildKeepsRulesAndSequence() throws {
        let l = try TempLedger()
        try l.seed()
        // Someone removes the last entry by hand, then the ledger is upgraded.
        try l.tamper("DELETE FROM entry WHERE id = 'p-1'")
        try Self.forgetLaterMigrations(l.path)
        let reopened = try LedgerStore.open(path: l.path, units: units)
        let report = try reopened.verify()
        #expect(!report.isIntact, "the upgrade must not hide a removed last entry")

        let q = try DatabaseQueue(path: l.path)
        let schema = try q.read { try String.fetchOne($0, sql: "SELECT sql FROM sqlite_master WHERE name = 'entry'") } ?? ""
        #expect(!schema.contains(" IN ("), "a CHECK with an IN list costs a temporary table per row")
        let triggers = try q.read { try String.fetchAll($0, sql: "SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name") }
        #expect(triggers == ["entry_append_only_delete", "entry_append_only_update", "personal_delete_only_erased", "personal_no_update"])
        // The rules still hold: an unknown type, an unknown recurrence, an UPDATE.
        for bad in [
            "INSERT INTO entry (id, type, number, recorded_at, day, prev_hash, hash) VALUES ('x-1', 'bogus', 1, 'r', '2026-01-01', '\(String(repeating: "0", count: 64))', '\(String(repeating: "1", count: 64))')",
            "INSERT INTO entry (id, type, number, recorded_at, day, amount_minor, unit, every, prev_hash, hash) VALUES ('p-9', 'pledge', 9, 'r', '2026-01-01', 5, 'EUR', 'fortnight', '\(String(repeating: "0", count: 64))', '\(String(repeating: "2", count: 64))')",
            "UPDATE entry SET amount_minor = 1 WHERE id = 'g-1'",
        ] {
            #expect(throws: DatabaseError.self, "\(bad)") { try q.write { try $0.execute(sql: bad) } }
        }
    }

    @Test("A ledger from a newer chapeau is refused, untouched")
    func newerSchemaIsRefused() throws {
        let l = try TempLedger()
        try l.seed()
        let q = try DatabaseQueue(path: l.path)
        try q.write { try $0.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('2099-01-01 from the future')") }
        try q.close()
        let bytes = try Data(contentsOf: URL(fileURLWithPath: l.path))
        #expect(throws: StoreError.self) { try LedgerStore.open(path: l.path, units: units) }
        do { _ = try LedgerStore.open(path: l.path, units: units) } catch {
            #expect("\(error)".contains("newer version of chapeau"))
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: l.path)) == bytes)
    }
}
