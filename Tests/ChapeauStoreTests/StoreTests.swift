import Foundation
import GRDB
import Testing
@testable import ChapeauCore
@testable import ChapeauStore

let units: UnitRegistry = {
    do { return try UnitRegistry(custom: [Unit(code: "PTJ", decimals: 0, name: "Points Jeu", isCurrency: false)]) }
    catch { preconditionFailure("\(error)") }
}()

func day(_ s: String) -> Day {
    guard let d = Day(iso: s) else { preconditionFailure(s) }
    return d
}

func eur(_ minor: Int64) -> Money { Money(minor: minor, unit: .eur) }

/// A fresh ledger in a temporary folder, removed at the end.
final class TempLedger {
    let dir: URL
    let store: LedgerStore
    var path: String { store.path }

    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("chapeau-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        store = try LedgerStore.create(path: dir.appendingPathComponent("data/ledger.sqlite").path, units: units)
    }

    deinit { try? FileManager.default.removeItem(at: dir) }

    /// Opens the file directly, without Chapeau, as someone tampering with it would.
    func tamper(_ sql: String) throws {
        var config = Configuration()
        config.foreignKeysEnabled = false
        let q = try DatabaseQueue(path: path, configuration: config)
        try q.writeWithoutTransaction { db in
            try db.execute(sql: "DROP TRIGGER IF EXISTS entry_append_only_update; DROP TRIGGER IF EXISTS entry_append_only_delete;")
            try db.execute(sql: sql)
        }
        try q.close()
    }

    @discardableResult
    func add(_ b: EntryBody) throws -> EntryRef { try store.append(b, recordedAt: "2026-11-20T10:00:00Z") }

    /// marie (public), bob (pseudonym), three gifts, a pledge.
    func seed() throws {
        try add(.supporter(Supporter(handle: "marie", name: "Marie Dupont", email: "marie@example.org", visibility: .public)))
        try add(.supporter(Supporter(handle: "bob")))
        try add(.gift(Gift(amount: eur(1250), day: day("2026-11-02"), supporter: ID(1), channel: "bank")))
        try add(.gift(Gift(amount: eur(2000), day: day("2026-11-05"), supporter: ID(2), note: "merci")))
        try add(.gift(Gift(amount: eur(500), day: day("2026-11-06"))))
        try add(.pledge(Pledge(amount: eur(500), every: .month, supporter: ID(2), start: day("2026-09-05"))))
    }
}

@Suite("The ledger store")
struct StoreTests {
    @Test func entriesAreNumberedPerTypeAndChained() throws {
        let l = try TempLedger()
        try l.seed()
        let entries = try l.store.entries()
        #expect(entries.map(\.ref.description) == ["s-1", "s-2", "g-1", "g-2", "g-3", "p-1"])
        let report = try l.store.verify()
        #expect(report.isIntact, "\(report.problems)")
        #expect(report.chain.entries == 6)
        #expect(report.chain == (try l.store.chainHead()))
    }

    /// The temporary files this process has open (SQLite unlinks them at once: `(deleted)`).
    static func openTemporaryFiles() -> [String] {
        #if os(Linux)
        let fds = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        return fds.compactMap { try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/" + $0) }
            .filter { $0.contains("etilqs_") }
        #else
        return []
        #endif
    }

    @Test("A write transaction keeps its statement journals in memory: no temporary file, the connection as it was")
    func writesJournalInMemory() throws {
        let l = try TempLedger()
        try l.add(.supporter(Supporter(handle: "a")))
        var during: [String] = []
        _ = try l.store.write { db in
            var writer = try JournalWriter(db: db)
            for k in 0..<300 {
                try writer.append(.gift(Gift(amount: eur(Int64(100 + k)), day: day("2026-11-01").adding(days: k % 30),
                                             supporter: ID(1), channel: "bank", reference: "REF-\(k)")),
                                  recordedAt: "2026-11-20T10:00:00Z")
            }
            during = Self.openTemporaryFiles()
        }
        #expect(during.isEmpty, "\(during)")
        // Either way the connection goes back to SQLite's default, even after a failure.
        func tempStore() throws -> Int? { try l.store.queue.read { try Int.fetchOne($0, sql: "PRAGMA temp_store") } }
        #expect(try tempStore() == 0)
        struct Refused: Error {}
        #expect(throws: Refused.self) {
            _ = try l.store.importBatch(recordedAt: "2026-11-20T10:00:00Z") { (_: inout ImportSession) -> (Int, BatchEnd) in throw Refused() }
        }
        #expect(try tempStore() == 0)
        #expect(try l.store.queue.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM entry") } == 301)
    }

    @Test func theDatabaseFileIsPrivate() throws {
        let l = try TempLedger()
        let mode = try FileManager.default.attributesOfItem(atPath: l.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test func theJournalRefusesUpdatesAndDeletes() throws {
        let l = try TempLedger()
        try l.seed()
        let q = try DatabaseQueue(path: l.path)
        #expect(throws: DatabaseError.self) { try q.write { try $0.execute(sql: "UPDATE entry SET amount_minor = 1 WHERE id = 'g-1'") } }
        #expect(throws: DatabaseError.self) { try q.write { try $0.execute(sql: "DELETE FROM entry WHERE id = 'g-1'") } }
        #expect(throws: DatabaseError.self) { try q.write { try $0.execute(sql: "DELETE FROM personal") } }
        #expect(throws: DatabaseError.self) {
            try q.write { try $0.execute(sql: "INSERT INTO entry (id, type, number, recorded_at, day, amount_minor, unit, prev_hash, hash) VALUES ('g-9','gift',9,'t','2026-11-01',-5,'EUR','\(Chain.genesis)','\(String(repeating: "a", count: 64))')") }
        }
        try q.close()
        #expect(try l.store.verify().isIntact)
    }

    @Test func rulesOfTheLedgerAreEnforced() throws {
        let l = try TempLedger()
        try l.seed()
        #expect(throws: LedgerError.handleTaken("marie")) { try l.add(.supporter(Supporter(handle: "marie"))) }
        #expect(throws: LedgerError.badHandle("two words")) { try l.add(.supporter(Supporter(handle: "two words"))) }
        #expect(throws: LedgerError.unknownEntry(EntryRef(.pledge, 9))) {
            try l.add(.gift(Gift(amount: eur(1), day: day("2026-11-01"), pledge: ID(9))))
        }
        #expect(throws: LedgerError.pledgeUnit(EntryRef(.pledge, 1), pledge: "EUR", gift: "PTJ")) {
            try l.add(.gift(Gift(amount: Money(minor: 3, unit: units.unit(code: "PTJ")!), day: day("2026-11-01"), pledge: ID(1))))
        }
        #expect(throws: LedgerError.pledgeSupporter(EntryRef(.pledge, 1))) {
            try l.add(.gift(Gift(amount: eur(500), day: day("2026-11-01"), supporter: ID(1), pledge: ID(1))))
        }
        let v = try l.add(.void(Correction(target: EntryRef(.gift, 1), reason: "doublon", day: day("2026-11-07"))))
        #expect(throws: LedgerError.alreadyVoided(EntryRef(.gift, 1), by: v)) {
            try l.add(.void(Correction(target: EntryRef(.gift, 1), reason: "again", day: day("2026-11-07"))))
        }
        #expect(throws: LedgerError.notVoidable(EntryRef(.supporter, 1))) {
            try l.add(.void(Correction(target: EntryRef(.supporter, 1), reason: "x", day: day("2026-11-07"))))
        }
        #expect(throws: LedgerError.notVoidable(v)) { try l.add(.void(Correction(target: v, reason: "x", day: day("2026-11-07")))) }
        try l.add(.offer(Offer(kind: .skill, description: "Relecture", day: day("2026-11-01"))))
        #expect(throws: LedgerError.offerTransition(EntryRef(.offer, 1), from: .offered, to: .delivered)) {
            try l.add(.offerStatus(OfferStatusChange(offer: ID(1), status: .delivered, day: day("2026-11-02"))))
        }
        try l.add(.offerStatus(OfferStatusChange(offer: ID(1), status: .accepted, day: day("2026-11-02"))))
        try l.add(.offerStatus(OfferStatusChange(offer: ID(1), status: .delivered, day: day("2026-11-03"))))
        #expect(throws: LedgerError.offerTransition(EntryRef(.offer, 1), from: .delivered, to: .withdrawn)) {
            try l.add(.offerStatus(OfferStatusChange(offer: ID(1), status: .withdrawn, day: day("2026-11-04"))))
        }
        try l.add(.pledgeEnd(PledgeEnd(pledge: ID(1), day: day("2026-12-31"))))
        #expect(throws: LedgerError.pledgeEnded(EntryRef(.pledge, 1), on: day("2026-12-31"))) {
            try l.add(.pledgeEnd(PledgeEnd(pledge: ID(1), day: day("2027-01-31"))))
        }
        #expect(try l.store.verify().isIntact)
    }

    @Test("A failed batch writes nothing")
    func batchesAreAllOrNothing() throws {
        let l = try TempLedger()
        try l.seed()
        let before = try l.store.chainHead()
        #expect(throws: LedgerError.self) {
            try l.store.append([
                .gift(Gift(amount: eur(100), day: day("2026-11-10"))),
                .gift(Gift(amount: eur(100), day: day("2026-11-10"), supporter: ID(99))),
            ], recordedAt: "t")
        }
        #expect(try l.store.chainHead() == before)
    }

    @Test("Receipt numbers follow each other within a year, in one batch and across batches")
    func receiptNumbersHaveNoGap() throws {
        let l = try TempLedger()
        try l.seed()
        func receipt(_ number: String, _ supporter: Int64 = 1, original: Int64? = nil) -> EntryBody {
            .receipt(Receipt(number: number, supporter: ID(supporter), amount: eur(1250), day: day("2026-12-01"),
                             original: original.map { ID($0) }))
        }
        // One batch: the writer counts the numbers it has just used, per year.
        try l.store.append([receipt("2026-0001"), receipt("2026-0002", 2), receipt("2025-0001"), receipt("2026-0003")], recordedAt: "t")
        // A duplicate keeps its number and uses none.
        try l.add(receipt("2026-0001", original: 1))
        let head = try l.store.chainHead()
        // A gap, a reuse or a repeat inside a batch refuses the whole batch.
        for batch in [[receipt("2026-0004"), receipt("2026-0006")], [receipt("2026-0003")],
                      [receipt("2025-0002"), receipt("2025-0002")], [receipt("2026-0004"), receipt("2026-0004")]] {
            #expect(throws: LedgerError.self) { try l.store.append(batch, recordedAt: "t") }
            #expect(try l.store.chainHead() == head)
        }
        // The next batch starts where the ledger stands, cancelled numbers included.
        try l.add(.void(Correction(target: EntryRef(.receipt, 2), reason: "erreur", day: day("2026-12-02"))))
        try l.store.append([receipt("2026-0004"), receipt("2025-0002")], recordedAt: "t")
        #expect(try l.store.entries(types: [.receipt]).count == 7)
    }

    @Test func voidsAndStatusesShapeTheSnapshot() throws {
        let l = try TempLedger()
        try l.seed()
        try l.add(.supporter(Supporter(handle: "discret", name: "Secret Name", visibility: .anonymous)))
        try l.add(.gift(Gift(amount: eur(700), day: day("2026-11-08"), supporter: ID(3))))
        try l.add(.void(Correction(target: EntryRef(.gift, 2), reason: "doublon", day: day("2026-11-09"))))
        try l.add(.need(Need(label: "Loyer", amount: eur(35000), every: .month, start: day("2026-01-01"))))
        try l.add(.expense(Expense(label: "Hébergement", amount: eur(999), day: day("2026-11-03"))))
        try l.add(.expense(Expense(label: "Ancien", amount: eur(100), day: day("2026-10-03"))))
        let s = try l.store.snapshot(from: day("2026-11-01"), to: day("2026-11-30"))
        #expect(s.gifts.map(\.id.description) == ["g-1", "g-3", "g-4"])
        let total: Int64 = s.gifts.map(\.amount.minor).reduce(0, +)
        #expect(total == 2450)
        #expect(s.supporters[ID(1)]?.wallName == "Marie Dupont")
        #expect(s.supporters[ID(2)]?.wallName == "bob")
        #expect(s.supporters[ID(3)]?.wallName == nil)
        #expect(s.supporters[ID(1)]?.firstGift == day("2026-11-02"))
        #expect(s.supporters[ID(2)]?.firstGift == nil)  // their only gift was voided
        #expect(s.needs.count == 1)
        #expect(s.expenses.map(\.expense.label) == ["Hébergement"])
        #expect(s.chain == (try l.store.chainHead()))
    }

    @Test func overduePledges() throws {
        let l = try TempLedger()
        try l.seed()
        try l.add(.gift(Gift(amount: eur(500), day: day("2026-09-05"), supporter: ID(2), pledge: ID(1))))
        let standing = try #require(try l.store.pledgeStandings(today: day("2026-11-20")).first)
        #expect(standing.instalments.map(\.state) == [.paid, .overdue, .overdue])
        #expect(standing.supporterHandle == "bob")
    }
}

@Suite("Tampering is detected and named")
struct TamperTests {
    @Test func aChangedAmountIsNamed() throws {
        let l = try TempLedger()
        try l.seed()
        try l.tamper("UPDATE entry SET amount_minor = 125000 WHERE id = 'g-1'")
        let r = try l.store.verify()
        #expect(!r.isIntact)
        #expect(r.problems.contains { $0.entry == "g-1" && $0.message.contains("changed") }, "\(r.problems)")
    }

    @Test func aDeletedRowIsNamed() throws {
        let l = try TempLedger()
        try l.seed()
        try l.tamper("DELETE FROM entry WHERE id = 'g-2'")
        let r = try l.store.verify()
        #expect(r.problems.contains { $0.entry == "g-3" && $0.message.contains("does not follow g-1") }, "\(r.problems)")
    }

    @Test func aRowDeletedAtTheEndIsNoticed() throws {
        let l = try TempLedger()
        try l.seed()
        try l.tamper("DELETE FROM entry WHERE id = 'p-1'")
        let r = try l.store.verify()
        #expect(r.problems.contains { $0.message.contains("removed from the end") }, "\(r.problems)")
    }

    @Test("A row removed in the middle, the chain after it recomputed: the gap in the numbering is named")
    func aRemovedRowWithTheChainMendedIsNamed() throws {
        let l = try TempLedger()
        try l.seed()
        var config = Configuration()
        config.foreignKeysEnabled = false
        let q = try DatabaseQueue(path: l.path, configuration: config)
        struct Unreadable: Error {}
        try q.writeWithoutTransaction { db in
            let guards = try String.fetchAll(db, sql: "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'entry_append_only_%'")
            try db.execute(sql: "DROP TRIGGER entry_append_only_update; DROP TRIGGER entry_append_only_delete")
            // The gift and its day's kept total (it was that day's only gift).
            try db.execute(sql: "DELETE FROM entry WHERE id = 'g-3'; DELETE FROM agg_gift_day WHERE day = '2026-11-06'")
            // Mend the chain after it, as someone who knows how the (unkeyed) hash is made would,
            // and put the guards back.
            guard let previous = try String.fetchOne(db, sql: "SELECT hash FROM entry WHERE id = 'g-2'"),
                  let row = try Row.fetchOne(db, sql: "SELECT \(Schema.entryColumns) FROM entry WHERE id = 'p-1'"),
                  let (_, record, _, _) = Schema.record(from: row) else { throw Unreadable() }
            try db.execute(sql: "UPDATE entry SET prev_hash = ?, hash = ? WHERE id = 'p-1'",
                           arguments: [previous, record.chainHash(previous: previous)])
            for sql in guards { try db.execute(sql: sql) }
        }
        try q.close()
        let r = try l.store.verify()
        #expect(r.problems.count == 1, "\(r.problems)")
        #expect(r.problems.contains { $0.message.contains("5 entries are numbered up to 6") }, "\(r.problems)")
    }

    @Test func anInsertedRowIsNamed() throws {
        let l = try TempLedger()
        try l.seed()
        let head = try l.store.chainHead().head
        try l.tamper("""
            INSERT INTO entry (id, type, number, recorded_at, day, amount_minor, unit, prev_hash, hash)
            VALUES ('g-4', 'gift', 4, '2026-11-20T10:00:00Z', '2026-11-07', 99900, 'EUR', '\(head)', '\(String(repeating: "b", count: 64))')
            """)
        let r = try l.store.verify()
        #expect(r.problems.contains { $0.entry == "g-4" }, "\(r.problems)")
    }

    @Test func changedPersonalDataIsNamed() throws {
        let l = try TempLedger()
        try l.seed()
        let q = try DatabaseQueue(path: l.path)
        try q.writeWithoutTransaction { db in
            try db.execute(sql: "DROP TRIGGER personal_no_update; UPDATE personal SET name = 'Someone Else' WHERE handle = 'marie'")
        }
        try q.close()
        let r = try l.store.verify()
        #expect(r.problems.contains { $0.entry == "s-1" && $0.message.contains("personal data") }, "\(r.problems)")
    }
}

@Suite("Erasure")
struct ErasureTests {
    @Test("Erasing a supporter keeps verify passing and leaves no trace of their data in the file")
    func erasureLeavesNoTrace() throws {
        let l = try TempLedger()
        let name = "Zébulon Quintessence"
        let email = "zq-unique-4711@example.org"
        let note = "note-privee-8813"
        try l.add(.supporter(Supporter(handle: "zebulon-q", name: name, email: email, visibility: .public)))
        try l.add(.supporter(Supporter(handle: "keep", name: "Kept Person")))
        for i in 1...30 {
            try l.add(.gift(Gift(amount: eur(Int64(100 * i)), day: day("2026-11-02"), supporter: ID(1), note: "\(note) \(i)")))
        }
        try l.add(.gift(Gift(amount: eur(100), day: day("2026-11-02"), supporter: ID(2), note: "kept note")))
        let before = try l.store.snapshot(from: day("2026-11-01"), to: day("2026-11-30"))

        let x = try l.store.erase(handle: "zebulon-q", day: day("2026-11-20"), recordedAt: "2026-11-20T10:00:00Z")
        #expect(x == EntryRef(.erasure, 1))

        let r = try l.store.verify()
        #expect(r.isIntact, "\(r.problems)")
        let after = try l.store.snapshot(from: day("2026-11-01"), to: day("2026-11-30"))
        #expect(after.gifts.map(\.amount) == before.gifts.map(\.amount))
        #expect(after.supporters[ID(1)]?.wallName == nil)
        #expect(try l.store.supporterID(handle: "zebulon-q") == nil)
        #expect(try l.store.entries(types: [.gift]).last?.body == .gift(Gift(amount: eur(100), day: day("2026-11-02"), supporter: ID(2), note: "kept note")))

        var bytes = try Data(contentsOf: URL(fileURLWithPath: l.path))
        let wal = l.path + "-wal"
        if FileManager.default.fileExists(atPath: wal) { bytes.append(try Data(contentsOf: URL(fileURLWithPath: wal))) }
        for secret in [name, email, note, "zebulon-q"] {
            #expect(bytes.range(of: Data(secret.utf8)) == nil, "'\(secret)' is still in the file")
        }
        #expect(bytes.range(of: Data("Kept Person".utf8)) != nil)
        #expect(throws: LedgerError.erased("s-1")) {
            try l.add(.gift(Gift(amount: eur(1), day: day("2026-11-21"), supporter: ID(1))))
        }
    }
}

@Suite("Backup")
struct BackupTests {
    @Test func backupIsACompletePrivateCopy() throws {
        let l = try TempLedger()
        try l.seed()
        let dest = l.dir.appendingPathComponent("backup.sqlite").path
        try l.store.backup(to: dest)
        let mode = try FileManager.default.attributesOfItem(atPath: dest)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let copy = try LedgerStore.open(path: dest, units: units)
        #expect(try copy.verify().chain == (try l.store.verify().chain))
        #expect(throws: StoreError.self) { try l.store.backup(to: dest) }
    }
}
