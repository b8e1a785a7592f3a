internal import GRDB
public import ChapeauCore
import Foundation

/// How an import batch ends: its entries are kept, or the transaction is rolled back
/// (a bad row, or a dry run).
public enum BatchEnd: Sendable {
    case commit, rollback
}

/// An existing pledge that an imported one matches.
public struct PledgeMatch: Sendable, Equatable {
    public let id: ID<Pledge>
    /// A voided pledge still counts as imported, but no gift may fulfil it.
    public let voided: Bool
}

/// The store's side of one import: a single write transaction in which supporters are
/// matched (by handle, then e-mail) or created, duplicates are looked up, and entries are
/// appended through the journal writer. Supporters created earlier in the batch are
/// known to later rows by their handle, so a gift can name a supporter the same file created.
///
/// Duplicates are judged against the ledger as it stood when the batch began:
/// - a gift with an external reference is a duplicate when that reference is recorded
///   (before the batch or earlier in it), or when it matches, by day, amount, supporter and
///   channel, a gift recorded without a reference;
/// - a gift without a reference is a duplicate when it matches a recorded gift by day,
///   amount, supporter and channel. Matching is one to one: a file with two identical
///   5 € cash gifts against a ledger holding one imports the second.
/// - a pledge matches a recorded pledge with the same supporter, amount, recurrence and start.
/// Voided entries count as recorded: an import never brings back what was cancelled.
public struct ImportSession {
    let db: Database
    var writer: JournalWriter
    let recordedAt: String
    /// The last entry recorded before the batch.
    let baseSeq: Int64
    let ledgerHasGifts: Bool
    let ledgerHasReferences: Bool
    var byHandle: [String: ID<Supporter>] = [:]
    var byEmail: [String: ID<Supporter>] = [:]
    var batchReferences: Set<String> = []
    var used: [String: Int] = [:]
    /// Whether any pledge is in the ledger or the batch: when none is, no gift can be an
    /// instalment, and the per-gift pledge query is skipped.
    var anyPledge: Bool

    init(db: Database, recordedAt: String) throws {
        self.db = db
        self.recordedAt = recordedAt
        writer = try JournalWriter(db: db)
        baseSeq = try Int64.fetchOne(db, sql: "SELECT MAX(seq) FROM entry") ?? 0
        ledgerHasGifts = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM entry WHERE type = 'gift')") ?? false
        ledgerHasReferences = try Bool.fetchOne(db, sql: """
            SELECT EXISTS (SELECT 1 FROM entry WHERE reference IS NOT NULL AND type = 'gift')
            """) ?? false
        anyPledge = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM entry WHERE type = 'pledge')") ?? false
        for (id, handle) in try LedgerStore.handles(db) { byHandle[handle] = id }
        let rows = try Row.fetchCursor(db, sql: """
            SELECT coalesce(e.supporter, e.id), p.email FROM entry e JOIN personal p ON p.seq = e.seq
            WHERE (e.type = 'supporter' OR e.type = 'supporter-update') AND p.email IS NOT NULL AND p.email <> '' ORDER BY e.seq
            """)
        while let row = try rows.next() {
            if let id = (row[0] as String?).flatMap(ID<Supporter>.init), let email: String = row[1] {
                let key = email.lowercased()
                if byEmail[key] == nil { byEmail[key] = id }
            }
        }
    }

    // MARK: supporters

    /// The supporter with this handle (not erased), including those created in this batch.
    public func supporter(handle: String) -> ID<Supporter>? { byHandle[handle] }

    /// The first supporter recorded with this e-mail address (case-insensitive).
    public func supporter(email: String) -> ID<Supporter>? { byEmail[email.lowercased()] }

    /// Records a new supporter; later rows find them by handle and e-mail.
    public mutating func addSupporter(_ s: Supporter) throws -> ID<Supporter> {
        let ref = try writer.append(.supporter(s), recordedAt: recordedAt)
        guard let id = ID<Supporter>(ref) else { throw StoreError.io("the journal numbered a supporter \(ref)") }
        byHandle[s.handle] = id
        if let e = s.email?.lowercased(), byEmail[e] == nil { byEmail[e] = id }
        return id
    }

    // MARK: duplicates

    /// Whether this gift is recorded already (see the type's rules). A gift judged new is
    /// remembered, so a later row with the same reference is a duplicate.
    public mutating func isRecorded(_ g: Gift) throws -> Bool {
        if let reference = g.reference {
            if batchReferences.contains(reference) { return true }
            if ledgerHasReferences, try Bool.fetchOne(db.cachedStatement(sql: """
                SELECT EXISTS (SELECT 1 FROM entry WHERE reference = ? AND type = 'gift' AND seq <= ?)
                """), arguments: [reference, baseSeq]) ?? false {
                return true
            }
        }
        guard ledgerHasGifts else { remember(g.reference); return false }
        let key = "g\u{1F}\(g.day)\u{1F}\(g.amount.minor)\u{1F}\(g.amount.unit.code)\u{1F}\(g.supporter?.description ?? "")\u{1F}\(g.channel ?? "")"
        let matching = try Int.fetchOne(db.cachedStatement(sql: """
            SELECT COUNT(*) FROM entry
            WHERE type = 'gift' AND day = ? AND unit = ? AND amount_minor = ? AND supporter IS ? AND channel IS ?
              AND seq <= ? AND (? OR reference IS NULL)
            """), arguments: [g.day.description, g.amount.unit.code, g.amount.minor, g.supporter?.description,
                             g.channel, baseSeq, g.reference == nil]) ?? 0
        let taken = used[key] ?? 0
        if taken < matching {
            used[key] = taken + 1
            return true
        }
        remember(g.reference)
        return false
    }

    private mutating func remember(_ reference: String?) {
        if let reference { batchReferences.insert(reference) }
    }

    /// The recorded pledge this one matches, if any (one to one, like gifts).
    public mutating func recordedPledge(_ p: Pledge) throws -> PledgeMatch? {
        let key = "p\u{1F}\(p.start)\u{1F}\(p.amount.minor)\u{1F}\(p.amount.unit.code)\u{1F}\(p.supporter?.description ?? "")\u{1F}\(p.every.rawValue)"
        let rows = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT e.id, EXISTS (SELECT 1 FROM entry v WHERE v.type = 'void' AND v.link = e.id) FROM entry e
            WHERE e.type = 'pledge' AND e.day = ? AND e.unit = ? AND e.amount_minor = ? AND e.supporter IS ? AND e.every = ?
              AND e.seq <= ?
            ORDER BY e.seq
            """), arguments: [p.start.description, p.amount.unit.code, p.amount.minor, p.supporter?.description,
                             p.every.rawValue, baseSeq])
        let taken = used[key] ?? 0
        guard taken < rows.count, let id = (rows[taken][0] as String?).flatMap(ID<Pledge>.init) else { return nil }
        used[key] = taken + 1
        return PledgeMatch(id: id, voided: rows[taken][1] ?? false)
    }

    // MARK: refunds, platform pledges, expenses

    /// The gift recorded with this external reference (before or in this batch), and whether
    /// it is voided already.
    public func gift(reference: String) throws -> (id: ID<Gift>, voided: Bool)? {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT e.id, EXISTS (SELECT 1 FROM entry v WHERE v.type = 'void' AND v.link = e.id)
            FROM entry e WHERE e.reference = ? AND e.type = 'gift' ORDER BY e.seq LIMIT 1
            """), arguments: [reference]),
              let id = (row[0] as String?).flatMap(ID<Gift>.init) else { return nil }
        return (id, row[1] ?? false)
    }

    /// The supporter's pledges through this channel that are neither voided nor ended, oldest first.
    public func livePledges(supporter: ID<Supporter>, channel: String?) throws -> [(id: ID<Pledge>, amount: Int64, unit: String, start: String)] {
        guard anyPledge else { return [] }
        let rows = try Row.fetchAll(db.cachedStatement(sql: Self.livePledgesSQL), arguments: [supporter.description, channel, channel])
        return rows.compactMap { row in
            guard let id = (row[0] as String?).flatMap(ID<Pledge>.init), let minor: Int64 = row[1], let unit: String = row[2],
                  let start: String = row[3] else { return nil }
            return (id, minor, unit, start)
        }
    }

    /// Asked for every imported gift with a supporter: it must read that supporter's pledges
    /// only (the `entry_pledge_supporter` index), never the gifts they made before.
    static let livePledgesSQL = """
        SELECT e.id, e.amount_minor, e.unit, e.day FROM entry e
        WHERE e.type = 'pledge' AND e.supporter = ? AND (? IS NULL OR e.channel = ?)
          AND NOT EXISTS (SELECT 1 FROM entry v WHERE v.type = 'void' AND v.link = e.id)
          AND NOT EXISTS (SELECT 1 FROM entry x WHERE x.type = 'pledge-end' AND x.link = e.id
                          AND NOT EXISTS (SELECT 1 FROM entry v WHERE v.type = 'void' AND v.link = x.id))
        ORDER BY e.seq
        """

    /// Whether an expense with this day, amount, unit and label (or this reference in its
    /// label) is recorded already: expenses imported twice are recorded once.
    public mutating func isRecordedExpense(_ e: Expense) throws -> Bool {
        let key = "e\u{1F}\(e.day)\u{1F}\(e.amount.minor)\u{1F}\(e.amount.unit.code)\u{1F}\(e.label)"
        let matching = try Int.fetchOne(db.cachedStatement(sql: """
            SELECT COUNT(*) FROM entry WHERE type = 'expense' AND day = ? AND unit = ? AND amount_minor = ? AND text = ? AND seq <= ?
            """), arguments: [e.day.description, e.amount.unit.code, e.amount.minor, e.label, baseSeq]) ?? 0
        let taken = used[key] ?? 0
        if taken < matching {
            used[key] = taken + 1
            return true
        }
        return false
    }

    // MARK: appending

    /// Appends an entry to the journal, checked against the ledger as it stands in the batch.
    @discardableResult
    public mutating func append(_ body: EntryBody) throws -> EntryRef {
        let ref = try writer.append(body, recordedAt: recordedAt)
        if case .pledge = body { anyPledge = true }
        return ref
    }
}

extension LedgerStore {
    /// Runs an import in one write transaction: `body` appends through the session and says
    /// whether to keep what it appended. All rows or none; a dry run rolls back.
    /// Errors `body` throws pass through unchanged (and roll back).
    public func importBatch<T>(recordedAt: String, _ body: (inout ImportSession) throws -> (T, BatchEnd)) throws -> T {
        do {
            return try queue.writeWithoutTransaction { db in
                // A large import touches every index of the journal: with SQLite's default
                // 2 MB page cache its pages are spilled and read back from the write-ahead log
                // over and over. 64 MB for the batch, then back to the default.
                try db.execute(sql: "PRAGMA cache_size = -65536")
                defer { try? db.execute(sql: "PRAGMA cache_size = -2000") }
                return try Self.transaction(db) { db in
                    var session = try ImportSession(db: db, recordedAt: recordedAt)
                    let (value, end) = try body(&session)
                    return (value, end == .commit)
                }
            }
        } catch let e as DatabaseError {
            throw StoreError(e, path: path)
        }
    }

    /// Calls `body` with every entry of the given types (all when nil), in journal order, with
    /// personal fields and void flags, without holding them all in memory. One read transaction.
    public func forEachEntry(types: Set<EntryType>? = nil, _ body: (StoredEntry) throws -> Void) throws {
        do {
            try queue.read { db in
                var whereSQL = ""
                var args: [any DatabaseValueConvertible] = []
                if let types {
                    whereSQL = "WHERE e.type IN (\(types.map { _ in "?" }.joined(separator: ",")))"
                    args = types.map(\.rawValue)
                }
                let cols = Schema.entryColumns.split(separator: ",").map { "e." + $0.trimmingCharacters(in: .whitespacesAndNewlines) }
                    .joined(separator: ", ")
                let rows = try Row.fetchCursor(db, sql: """
                    SELECT \(cols), p.salt, p.handle, p.name, p.email, p.note,
                           EXISTS (SELECT 1 FROM entry v WHERE v.link = e.id AND v.type = 'void'), p.address
                    FROM entry e LEFT JOIN personal p ON p.seq = e.seq
                    \(whereSQL) ORDER BY e.seq
                    """, arguments: StatementArguments(args))
                while let row = try rows.next() {
                    guard let (seq, record, _, _) = Schema.record(from: row) else { continue }
                    let personal: PrivateFields? = (row[26] as String?).map {
                        PrivateFields(salt: $0, handle: row[27], name: row[28], email: row[29], note: row[30], address: row[32])
                    }
                    let entry = try EntryBody(record: record, privateFields: personal, units: units)
                    try body(StoredEntry(seq: seq, ref: record.ref, recordedAt: record.recordedAt, body: entry,
                                         voided: row[31] ?? false))
                }
            }
        } catch let e as DatabaseError {
            throw StoreError(e, path: path)
        }
    }

    /// The value of an application key, created with `make()` on first use, in one
    /// transaction so that two processes cannot create two different values.
    public func metaValue(_ key: String, creatingWith make: () -> String) throws -> String {
        try write { db in
            try db.execute(sql: "INSERT OR IGNORE INTO meta(key, value) VALUES (?, ?)", arguments: [key, make()])
            guard let value = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [key]) else {
                throw StoreError.io("the ledger did not keep \(key)")
            }
            return value
        }
    }
}
