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
        let q = try DatabaseQueue(path: l.path)
        try q.write { db in
            try db.execute(sql: "DROP TABLE job_run")
            try db.execute(sql: "DROP INDEX entry_gift_supporter")
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier <> '2026-11-23 journal'")
        }
        try q.close()

        let reopened = try LedgerStore.open(path: l.path, units: units)
        let after = try reopened.verify()
        #expect(after.isIntact, "\(after.problems)")
        #expect(after.chain == before.chain)
        try reopened.recordRun(JobRunRecord(startedAt: "a", endedAt: "b", now: "c", ok: true, summary: "{}"))
        #expect(try reopened.runs().count == 1)
        #expect(try reopened.entries().count == 6)
        let index = try DatabaseQueue(path: l.path).read {
            try String.fetchOne($0, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND name = 'entry_gift_supporter'")
        }
        #expect(index == "entry_gift_supporter")
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
