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
        #expect(indexes == ["entry_gift_campaign", "entry_gift_day", "entry_gift_pledge", "entry_gift_supporter"])
    }

    @Test("A ledger whose job kept its publications in its own state keeps them in the published table")
    func publicationsMoveOutOfTheJobState() throws {
        let l = try TempLedger()
        try l.seed()
        // The file as the previous version left it: no published table, the job's state in meta.
        let published = [#""2026-10":{"periodID":"2026-10","revised":false,"updated":"2026-11-01T08:00:00Z","gifts":2}"#,
                         #""2026-09":{"periodID":"2026-09","revised":true,"updated":"2026-11-02T08:00:00Z","gifts":1}"#]
        let state = #"{"delivered":{},"lastSeq":6,"overdueAnnounced":[],"pending":[],"published":{"#
            + published.joined(separator: ",") + "}}"
        let q = try DatabaseQueue(path: l.path)
        try q.write { db in
            try db.execute(sql: "DROP TABLE published")
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = '2026-12-04 published reports'")
            try db.execute(sql: "INSERT INTO meta(key, value) VALUES ('job.state', ?)", arguments: [state])
        }
        try q.close()
        let store = try LedgerStore.open(path: l.path, units: units)
        let rows = try store.publications()
        #expect(rows.map(\.period) == ["2026-09", "2026-10"])
        #expect(rows.map(\.firstPublishedAt) == ["2026-11-02T08:00:00Z", "2026-11-01T08:00:00Z"])
        #expect(rows.map(\.revisedAt) == ["2026-11-02T08:00:00Z", nil])
        #expect(rows.map(\.revision) == [1, 0])
        #expect(rows[1].summary.contains("\"gifts\":2"))
    }

    @Test("The overdue instalments the job announced move from its JSON state into their own table, once each")
    func overdueAnnouncementsMoveOutOfTheJobState() throws {
        let l = try TempLedger()
        try l.seed()
        let state = #"{"delivered":{},"lastSeq":6,"overdueAnnounced":["p-1@2026-10-01","p-1@2026-11-01","p-12@2026-09-15","p-1@2026-10-01"],"#
            + #""overdueCheckedOn":"2026-11-02","pending":[]}"#
        let q = try DatabaseQueue(path: l.path)
        try q.write { db in
            try db.execute(sql: "DROP TABLE job_overdue_announced")
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = '2026-12-05 overdue announcements in a table'")
            try db.execute(sql: "INSERT INTO meta(key, value) VALUES ('job.state', ?)", arguments: [state])
        }
        try q.close()
        let store = try LedgerStore.open(path: l.path, units: units)
        let asked = [("p-1", "2026-10-01"), ("p-1", "2026-12-01"), ("p-12", "2026-09-15"), ("p-1", "2026-11-01")].map { (pledge: $0.0, due: $0.1) }
        #expect(try store.announcedOverdue(asked) == [0, 2, 3])
        let kept = try #require(try store.meta("job.state"))
        #expect(!kept.contains("overdueAnnounced") && kept.contains("\"overdueCheckedOn\":\"2026-11-02\""), "\(kept)")
        // Saved with the job's state: announced once, whatever the repeats.
        try store.savePublications([], meta: ("job.state", kept), announced: [(pledge: "p-1", due: "2026-12-01"), (pledge: "p-1", due: "2026-12-01")])
        #expect(try store.announcedOverdue(asked) == [0, 1, 2, 3])
    }

    /// Makes the file look as it did before the table rebuild (and the migrations after the
    /// first): the journal as the first migration left it (the columns it had, the sequence
    /// kept), and the rebuilds then run again on open.
    static func forgetLaterMigrations(_ path: String) throws {
        let q = try DatabaseQueue(path: path)
        try q.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA foreign_keys = OFF")
            let highest = try Int64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = 'entry'") ?? 0
            try db.inTransaction {
                try db.execute(sql: """
                    DROP TABLE job_run;
                    DROP TABLE published;
                    DROP TRIGGER agg_gift_insert;
                    DROP TRIGGER agg_gift_void;
                    DROP TABLE agg_gift_day;
                    DROP TABLE agg_gift_first;
                    DROP TABLE agg_pledge_paid;
                    DROP TABLE job_overdue_announced;
                    ALTER TABLE personal DROP COLUMN address;
                    DROP TRIGGER personal_delete_only_erased;
                    CREATE TABLE entry_first (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, type TEXT NOT NULL,
                      number INTEGER NOT NULL, recorded_at TEXT NOT NULL, day TEXT, amount_minor INTEGER, unit TEXT,
                      supporter TEXT, link TEXT, every TEXT, end_day TEXT, channel TEXT, campaign TEXT, reference TEXT,
                      kind TEXT, status TEXT, text TEXT, category TEXT, quantity_minor INTEGER, quantity_unit TEXT,
                      value_minor INTEGER, value_unit TEXT, visibility TEXT, private_digest TEXT, prev_hash TEXT NOT NULL,
                      hash TEXT NOT NULL UNIQUE, UNIQUE (type, number));
                    INSERT INTO entry_first SELECT seq, id, type, number, recorded_at, day, amount_minor, unit, supporter,
                      link, every, end_day, channel, campaign, reference, kind, status, text, category, quantity_minor,
                      quantity_unit, value_minor, value_unit, visibility, private_digest, prev_hash, hash FROM entry;
                    DROP TABLE entry;
                    ALTER TABLE entry_first RENAME TO entry;
                    UPDATE sqlite_sequence SET seq = max(seq, \(highest)) WHERE name = 'entry';
                    CREATE TRIGGER personal_delete_only_erased BEFORE DELETE ON personal
                    BEGIN SELECT RAISE(ABORT, 'personal data is removed only by chapeau supporter erase'); END;
                    DELETE FROM grdb_migrations WHERE identifier <> '2026-11-23 journal';
                    """)
                return .commit
            }
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
        #expect(triggers == ["agg_gift_insert", "agg_gift_void", "entry_append_only_delete", "entry_append_only_update",
                             "personal_delete_only_erased", "personal_no_update"])
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

@Suite("A failed schema upgrade")
struct FailedMigrationTests {
    /// Copies the ledger to `name` in its folder, then lets `change` make it a file the next
    /// migration fails on; the copy is closed, in WAL mode like every ledger.
    func brokenCopy(_ l: TempLedger, _ name: String, _ change: String) throws -> String {
        let path = l.dir.appendingPathComponent(name).path
        let q = try DatabaseQueue(path: l.path)
        try q.writeWithoutTransaction { try $0.execute(sql: "VACUUM INTO ?", arguments: [path]) }
        try q.close()
        var config = Configuration()
        config.journalMode = .wal
        let copy = try DatabaseQueue(path: path, configuration: config)
        try copy.writeWithoutTransaction { try $0.execute(sql: change) }
        try copy.close()
        return path
    }

    /// Every file of the ledger (the database and any journal beside it), name → bytes.
    func snapshot(_ path: String) throws -> [String: Data] {
        let dir = (path as NSString).deletingLastPathComponent, name = (path as NSString).lastPathComponent
        var out: [String: Data] = [:]
        for f in try FileManager.default.contentsOfDirectory(atPath: dir) where f.hasPrefix(name) {
            out[f] = try Data(contentsOf: URL(fileURLWithPath: dir).appendingPathComponent(f))
        }
        return out
    }

    func expectRefusedUntouched(_ path: String, migrator: DatabaseMigrator = Schema.migrator) throws {
        let before = try snapshot(path)
        do {
            _ = try LedgerStore.open(path: path, units: units, migrator: migrator)
            Issue.record("a ledger whose upgrade fails was opened")
        } catch {
            let message = "\(error)"
            #expect(!message.contains("\n"), "\(message)")
            #expect(message.hasPrefix("cannot upgrade \(path) to this version of chapeau (") && message.hasSuffix("): the ledger was left as it was"),
                    "\(message)")
        }
        let after = try snapshot(path)
        #expect(after == before, "\(before.mapValues(\.count)) → \(after.mapValues(\.count)); differing: \(after.keys.filter { after[$0] != before[$0] })")
    }

    /// A first-schema ledger: the journal migration done, the job runs one pending.
    func firstSchemaCopy(_ l: TempLedger, _ name: String, also: String = "") throws -> String {
        let path = try brokenCopy(l, name, "SELECT 1")
        try MigrationTests.forgetLaterMigrations(path)
        if !also.isEmpty {
            let q = try DatabaseQueue(path: path)
            try q.write { try $0.execute(sql: also) }
            try q.close()
        }
        return path
    }

    @Test("Opening an up-to-date ledger writes nothing to it")
    func openWritesNothing() throws {
        let l = try TempLedger()
        try l.seed()
        let path = try brokenCopy(l, "copy.sqlite", "SELECT 1")
        let before = try snapshot(path)
        let store = try LedgerStore.open(path: path, units: units)
        #expect(try store.entries().count == 6)
        try store.queue.close()
        #expect(try snapshot(path) == before)
    }

    @Test("An upgrade that cannot complete leaves the first-schema ledger byte for byte as it was, with one clear line")
    func upgradeFails() throws {
        let l = try TempLedger()
        try l.seed()
        // Something in the way of the next migration's table.
        let path = try firstSchemaCopy(l, "old.sqlite", also: "CREATE VIEW job_run AS SELECT 1 AS id;")
        try expectRefusedUntouched(path)
    }

    @Test("A later migration failing midway on the ledger's data undoes the earlier one too: the file is byte for byte as it was")
    func failsMidway() throws {
        let l = try TempLedger()
        try l.seed()
        // Two gifts with one external reference: the data a stricter migration refuses.
        try l.add(.gift(Gift(amount: eur(700), day: day("2026-11-07"), reference: "VIR-1")))
        try l.add(.gift(Gift(amount: eur(800), day: day("2026-11-08"), reference: "VIR-1")))
        let path = try firstSchemaCopy(l, "old.sqlite")
        var migrator = Schema.migrator
        migrator.registerMigration("2099-01-01 unique references") { db in
            try db.execute(sql: """
                CREATE TABLE reference_audit (reference TEXT NOT NULL);
                INSERT INTO reference_audit SELECT reference FROM entry WHERE reference IS NOT NULL;
                CREATE UNIQUE INDEX entry_reference_unique ON entry(reference);
                """)
        }
        try expectRefusedUntouched(path, migrator: migrator)
        // The job runs migration, which would have succeeded alone, was not kept either.
        let q = try DatabaseQueue(path: path)
        let tables = try q.read { try String.fetchAll($0, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name") }
        try q.close()
        #expect(!tables.contains("job_run") && !tables.contains("reference_audit"), "\(tables)")
        // This version's own upgrade still goes through.
        let store = try LedgerStore.open(path: path, units: units)
        #expect(try store.verify().isIntact)
        #expect(try store.runs().isEmpty)
    }
}

@Suite("Query plans of the import's per-row reads")
struct ImportQueryPlanTests {
    @Test("Which pledges a gift fulfils is read from the pledges' index, never by walking the supporter's gifts")
    func livePledgesUseThePledgeIndex() throws {
        let l = try TempLedger()
        try l.seed()
        let plan = try DatabaseQueue(path: l.path).read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + ImportSession.livePledgesSQL, arguments: ["s-1", nil, nil])
                .map { $0["detail"] as String? ?? "" }
        }
        #expect(plan.first == "SEARCH e USING INDEX entry_pledge_supporter (supporter=?)", "\(plan)")
        #expect(!plan.contains { $0.hasPrefix("SCAN e") || $0.contains("USING INDEX entry_supporter ") }, "\(plan)")
    }
}
