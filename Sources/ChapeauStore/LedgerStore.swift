internal import GRDB
internal import CSQLiteTuning
public import ChapeauCore
import Foundation

/// Why the store could not do what was asked. `exitCode` follows sysexits.
public enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Another process holds the ledger for longer than the busy timeout.
    case busy(String)
    /// The file is missing, unreadable, not a ledger, or the disk refused.
    case io(String)
    /// The data breaks a rule of the ledger (a constraint in SQL).
    case invalid(String)

    public var description: String {
        switch self {
        case .busy(let m), .io(let m), .invalid(let m): return m
        }
    }
}

/// A rule of the ledger that a new entry would break. Invalid data (exit 65).
public enum LedgerError: Error, Equatable, Sendable, CustomStringConvertible {
    case unknownHandle(String)
    case handleTaken(String)
    case badHandle(String)
    case unknownEntry(EntryRef)
    case notVoidable(EntryRef)
    case alreadyVoided(EntryRef, by: EntryRef)
    case voided(EntryRef)
    case offerTransition(EntryRef, from: OfferStatus, to: OfferStatus)
    case erased(String)
    case pledgeEnded(EntryRef, on: Day)
    case endBeforeStart(EntryRef, start: Day, end: Day)
    case pledgeUnit(EntryRef, pledge: String, gift: String)
    case pledgeSupporter(EntryRef)
    case badSlug(String)
    case campaignTaken(String)
    case unknownCampaign(String)
    case badParticipants(Int64)
    case receiptNumber(String)

    public var description: String {
        switch self {
        case .unknownHandle(let h):
            return "no supporter '\(h)': add them first with 'chapeau supporter add \(h)'"
        case .handleTaken(let h):
            return "a supporter '\(h)' exists already: pick another handle, or change their name, e-mail or address with 'chapeau supporter update \(h)'"
        case .badHandle(let h):
            return "handle '\(h)' is not valid: use 1 to 64 visible characters, no spaces"
        case .unknownEntry(let r):
            return "no entry \(r) in the ledger: see 'chapeau list'"
        case .notVoidable(let r):
            return "\(r) cannot be voided: \(r.type == .supporter ? "to remove a supporter's personal data, use 'chapeau supporter erase'" : "voids and erasures are final")"
        case .alreadyVoided(let r, let v):
            return "\(r) is voided already (by \(v))"
        case .voided(let r):
            return "\(r) is voided: it cannot be used any more"
        case .offerTransition(let r, let from, let to):
            return "offer \(r) is \(from.rawValue): it cannot move to \(to.rawValue) (offered → accepted → delivered, or declined / withdrawn)"
        case .erased(let h):
            return "supporter '\(h)' was erased: record new gifts without --from, or add them again"
        case .pledgeEnded(let r, let d):
            return "pledge \(r) ends on \(d) already"
        case .endBeforeStart(let r, let s, let e):
            return "\(r): the end \(e) is before the start \(s)"
        case .pledgeUnit(let r, let p, let g):
            return "pledge \(r) is in \(p): a gift in \(g) cannot fulfil it"
        case .pledgeSupporter(let r):
            return "pledge \(r) belongs to another supporter than --from"
        case .badSlug(let s):
            return "campaign slug '\(s)' is not valid: use 1 to 64 of a-z, 0-9 and dashes"
        case .campaignTaken(let s):
            return "a campaign '\(s)' exists already: pick another slug"
        case .unknownCampaign(let s):
            return "no campaign '\(s)': add it first with 'chapeau campaign add \(s) --name TEXT'"
        case .badParticipants(let n):
            return "participants \(n) is not valid: give a number of people from 1 to 1000000000, or leave --participants out to count who gave"
        case .receiptNumber(let n):
            return "receipt number '\(n)' is not the next one of its year: receipt numbers follow each other without a gap and are never reused"
        }
    }
}

/// An entry as stored: typed body with its personal fields (unless erased), and whether
/// a void cancels it. For the treasurer's own use: this holds private data.
public struct StoredEntry: Sendable {
    public let seq: Int64
    public let ref: EntryRef
    public let recordedAt: String
    public let body: EntryBody
    public let voided: Bool
}

/// One problem `verify` found, naming the entry.
public struct IntegrityProblem: Equatable, Sendable, CustomStringConvertible {
    public let entry: String
    public let message: String
    public var description: String { "\(entry): \(message)" }
}

public struct VerifyReport: Sendable {
    public let chain: ChainHead
    public let problems: [IntegrityProblem]
    public var isIntact: Bool { problems.isEmpty }
}

/// A pledge with the instalments due so far.
public struct PledgeStanding: Sendable {
    public let id: ID<Pledge>
    public let pledge: Pledge
    public let endedOn: Day?
    public let supporterHandle: String?
    public let instalments: [Instalment]
    public var overdue: [Instalment] { instalments.filter { $0.state == .overdue || $0.state == .partial } }
}

/// The ledger: one SQLite file, opened per use case. A value type; the connection inside
/// is serialised by GRDB and every use case is one transaction.
public struct LedgerStore: Sendable {
    let queue: DatabaseQueue
    public let path: String
    public let units: UnitRegistry
    /// The pledges as last read, for the next read in this process (a run reads them three times).
    let pledgeCache = PledgeCache()

    /// Creates a new ledger file (mode 0600) and its schema. Refuses an existing file.
    public static func create(path: String, units: UnitRegistry) throws(StoreError) -> LedgerStore {
        let fm = FileManager.default
        guard !fm.fileExists(atPath: path) else { throw .io("\(path) exists already: refusing to overwrite a ledger") }
        let dir = (path as NSString).deletingLastPathComponent
        do {
            if !dir.isEmpty { try fm.createDirectory(atPath: dir, withIntermediateDirectories: true) }
        } catch { throw .io("cannot create folder \(dir): \(error.localizedDescription)") }
        guard fm.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw .io("cannot create \(path): check the folder exists and is writable")
        }
        return try open(path: path, units: units)
    }

    /// Opens an existing ledger, bringing its schema up to date. Opening writes nothing to a
    /// ledger that is up to date; an upgrade is rehearsed on a copy in memory first, so that one
    /// that cannot complete leaves the file byte for byte as it was.
    public static func open(path: String, units: UnitRegistry) throws(StoreError) -> LedgerStore {
        try open(path: path, units: units, migrator: Schema.migrator)
    }

    static func open(path: String, units: UnitRegistry, migrator: DatabaseMigrator) throws(StoreError) -> LedgerStore {
        guard FileManager.default.fileExists(atPath: path) else {
            throw .io("no ledger at \(path): run 'chapeau init' first, or set [ledger] path in the config")
        }
        var config = Configuration()
        config.busyMode = .timeout(15)
        config.foreignKeysEnabled = true
        config.prepareDatabase { db in
            // WAL set by hand: GRDB's own set-up commits a table created and dropped whenever
            // the -wal file is missing, which rewrites the file's header on every open.
            if try String.fetchOne(db, sql: "PRAGMA journal_mode") != "wal" {
                guard try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL") == "wal" else {
                    throw StoreError.io("cannot put \(path) in WAL mode: check the folder is writable")
                }
            }
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // Erased personal data is overwritten, not merely unlinked.
            try db.execute(sql: "PRAGMA secure_delete = ON")
        }
        _ = statementJournalsInMemory
        do {
            let queue = try DatabaseQueue(path: path, configuration: config)
            let upToDate = try queue.read { db in
                if try migrator.hasBeenSuperseded(db) {
                    throw StoreError.io("\(path) was written by a newer version of chapeau: upgrade chapeau")
                }
                return try migrator.hasCompletedMigrations(db)
            }
            if !upToDate {
                try rehearse(migrator, on: queue, path: path)
                try migrator.migrate(queue)
            }
            return LedgerStore(queue: queue, path: path, units: units)
        } catch {
            throw StoreError(error, path: path)
        }
    }

    /// Runs the pending migrations on a copy of the ledger in memory. GRDB commits each
    /// migration on its own: without this, a second one failing would leave the first done.
    static func rehearse(_ migrator: DatabaseMigrator, on queue: DatabaseQueue, path: String) throws {
        do {
            let copy = try DatabaseQueue()
            try queue.backup(to: copy)
            try migrator.migrate(copy)
        } catch {
            let reason = (error as? DatabaseError)?.message ?? "\(error)"
            throw StoreError.io("cannot upgrade \(path) to this version of chapeau (\(reason)): the ledger was left as it was")
        }
    }

    // MARK: appending

    /// Appends one entry, chained to the last one, in its own transaction.
    @discardableResult
    public func append(_ body: EntryBody, recordedAt: String) throws -> EntryRef {
        try append([body], recordedAt: recordedAt)[0]
    }

    /// Appends entries in one transaction: all or none.
    public func append(_ bodies: [EntryBody], recordedAt: String) throws -> [EntryRef] {
        try write { db in
            var writer = try JournalWriter(db: db)
            return try bodies.map { try writer.append($0, recordedAt: recordedAt) }
        }
    }

    /// Erases a supporter's personal data for good (handle, name, e-mail, the notes of
    /// their entries) while amounts and the chain stay. Returns the erasure entry's id.
    public func erase(handle: String, day: Day, recordedAt: String) throws -> EntryRef {
        let ref = try write { db -> EntryRef in
            guard let id = try Self.supporterID(db, handle: handle) else { throw LedgerError.unknownHandle(handle) }
            var writer = try JournalWriter(db: db)
            let ref = try writer.append(.erasure(Erasure(supporter: id, day: day)), recordedAt: recordedAt)
            try db.execute(sql: """
                DELETE FROM personal WHERE seq IN
                  (SELECT seq FROM entry WHERE id = ? OR supporter = ?)
                """, arguments: [id.description, id.description])
            return ref
        }
        // Old page images may linger in the write-ahead log: fold it into the file and empty it.
        do { _ = try queue.writeWithoutTransaction { db in try db.checkpoint(.truncate) } } catch {
            throw StoreError.busy("personal data was erased, but another process keeps an old copy in the write-ahead log: run 'chapeau verify' once it is done to finish")
        }
        return ref
    }

    // MARK: reading

    public func supporterID(handle: String) throws -> ID<Supporter>? {
        try read { db in try Self.supporterID(db, handle: handle) }
    }

    static func supporterID(_ db: Database, handle: String) throws -> ID<Supporter>? {
        let id = try String.fetchOne(db.cachedStatement(sql: """
            SELECT e.id FROM personal p JOIN entry e ON e.seq = p.seq
            WHERE p.handle = ? AND e.type = 'supporter'
            """), arguments: [handle])
        return id.flatMap(ID<Supporter>.init)
    }

    /// Handles of supporters not erased.
    public func handles() throws -> [ID<Supporter>: String] {
        try read { db in try Self.handles(db) }
    }

    /// Handles of every supporter, or only of those who pledged.
    static func handles(_ db: Database, onlyPledgers: Bool = false) throws -> [ID<Supporter>: String] {
        var out: [ID<Supporter>: String] = [:]
        let rows = try Row.fetchCursor(db, sql: """
            SELECT e.id, p.handle FROM entry e JOIN personal p ON p.seq = e.seq
            WHERE e.type = 'supporter' AND p.handle IS NOT NULL
            \(onlyPledgers ? "AND e.id IN (SELECT supporter FROM entry WHERE type = 'pledge')" : "")
            """)
        while let row = try rows.next() {
            if let id = (row[0] as String?).flatMap(ID<Supporter>.init), let h: String = row[1] { out[id] = h }
        }
        return out
    }

    /// Entries of the given types (all when nil) whose day falls in the span (any day when nil),
    /// in journal order, with their personal fields and void flags.
    public func entries(types: Set<EntryType>? = nil, from: Day? = nil, to: Day? = nil) throws -> [StoredEntry] {
        try entries(types: types, from: from, to: to, id: nil)
    }

    /// One entry by id, with its personal fields and void flag.
    public func entry(_ ref: EntryRef) throws -> StoredEntry? {
        try entries(types: nil, from: nil, to: nil, id: ref).first
    }

    /// Everything the ledger holds about one supporter, in journal order: their own entry, the
    /// entries that name them (gifts, pledges, offers), the entries that refer to those or to
    /// them (pledge ends, offer status changes, voids, their erasure), and the voids of these.
    public func entries(of supporter: ID<Supporter>) throws -> [StoredEntry] {
        try entries(types: nil, from: nil, to: nil, id: nil, supporter: supporter)
    }

    func entries(types: Set<EntryType>?, from: Day?, to: Day?, id: EntryRef?, supporter: ID<Supporter>? = nil) throws -> [StoredEntry] {
        try read { db in
            var conditions: [String] = []
            var args: [any DatabaseValueConvertible] = []
            if let id { conditions.append("e.id = ?"); args.append(id.description) }
            if let supporter {
                // Three steps along the indexed `supporter` and `link` columns: theirs, what
                // refers to theirs, and what refers to that (a void of an offer's status change).
                conditions.append("""
                    e.id IN (
                      WITH mine(id) AS (SELECT id FROM entry WHERE id = ? UNION SELECT id FROM entry WHERE supporter = ?),
                           linked(id) AS (SELECT id FROM entry WHERE link IN (SELECT id FROM mine)),
                           twice(id) AS (SELECT id FROM entry WHERE link IN (SELECT id FROM linked))
                      SELECT id FROM mine UNION SELECT id FROM linked UNION SELECT id FROM twice)
                    """)
                args += [supporter.description, supporter.description]
            }
            if let types {
                conditions.append("e.type IN (\(types.map { _ in "?" }.joined(separator: ",")))")
                args += types.map(\.rawValue)
            }
            if let from { conditions.append("e.day >= ?"); args.append(from.description) }
            if let to { conditions.append("e.day <= ?"); args.append(to.description) }
            return try fetchEntries(db, where: conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND "), args)
        }
    }

    /// Entries matching `whereSQL` (over `entry e`), in journal order, with their personal
    /// fields and void flags.
    private func fetchEntries(_ db: Database, where whereSQL: String, _ args: [any DatabaseValueConvertible]) throws -> [StoredEntry] {
        let cols = Schema.entryColumns.split(separator: ",").map { "e." + $0.trimmingCharacters(in: .whitespaces) }.joined(separator: ", ")
        let sql = """
            SELECT \(cols), p.salt, p.handle, p.name, p.email, p.note,
                   EXISTS (SELECT 1 FROM entry v WHERE v.link = e.id AND v.type = 'void'), p.address
            FROM entry e LEFT JOIN personal p ON p.seq = e.seq
            \(whereSQL) ORDER BY e.seq
            """
        var out: [StoredEntry] = []
        let rows = try Row.fetchCursor(db, sql: sql, arguments: StatementArguments(args))
        while let row = try rows.next() {
            guard let (seq, record, _, _) = Schema.record(from: row) else { continue }
            let personal: PrivateFields? = (row[26] as String?).map {
                PrivateFields(salt: $0, handle: row[27], name: row[28], email: row[29], note: row[30], address: row[32])
            }
            let body = try EntryBody(record: record, privateFields: personal, units: units)
            out.append(StoredEntry(seq: seq, ref: record.ref, recordedAt: record.recordedAt, body: body, voided: row[31] ?? false))
        }
        return out
    }

    /// A supporter as they are now: their own entry with their updates (`supporter update`)
    /// applied in journal order. Nil: no such supporter. Erased: handle, name, e-mail and
    /// address are all gone.
    public func supporter(_ id: ID<Supporter>) throws -> Supporter? {
        try read { db in
            Self.fold(try fetchEntries(db, where: "WHERE e.id = ? OR (e.type = 'supporter-update' AND e.supporter = ?)",
                                       [id.description, id.description]))[id]
        }
    }

    /// Every supporter as they are now (see `supporter(_:)`).
    public func supporters() throws -> [ID<Supporter>: Supporter] {
        try read { db in
            Self.fold(try fetchEntries(db, where: "WHERE e.type = 'supporter' OR e.type = 'supporter-update'", []))
        }
    }

    /// The supporters of `entries` as they are after the updates among them, in journal order.
    public static func fold(_ entries: [StoredEntry]) -> [ID<Supporter>: Supporter] {
        var out: [ID<Supporter>: Supporter] = [:]
        for e in entries {
            switch e.body {
            case .supporter(let s): if let id = ID<Supporter>(e.ref) { out[id] = s }
            case .supporterUpdate(let u): out[u.supporter] = out[u.supporter]?.updated(with: u)
            default: break
            }
        }
        return out
    }

    /// The chain as it stands: number of entries and the last hash.
    public func chainHead() throws -> ChainHead {
        try read { db in try Self.chainHead(db) }
    }

    /// The last entry's number is the count of entries: the journal is append-only and numbered
    /// without gaps (verify checks it). Counting a million rows would take a tenth of a second.
    static func chainHead(_ db: Database) throws -> ChainHead {
        let row = try Row.fetchOne(db, sql: "SELECT seq, hash FROM entry ORDER BY seq DESC LIMIT 1")
        return ChainHead(entries: row?[0] ?? 0, head: row?[1] ?? Chain.genesis)
    }

    /// Pledges not voided, with their instalments due up to `today`.
    public func pledgeStandings(today: Day) throws -> [PledgeStanding] {
        try read { db in
            let handles = try Self.handles(db, onlyPledgers: true)
            return try livePledges(db).map { l in
                PledgeStanding(id: l.id, pledge: l.pledge, endedOn: l.endedOn, supporterHandle: l.pledge.supporter.flatMap { handles[$0] },
                               instalments: PledgeSchedule.instalments(l.pledge, endedOn: l.endedOn,
                                                                       paid: [Money(minor: l.paid, unit: l.pledge.amount.unit)], today: today))
            }
        }
    }

    /// Every pledge not voided, in journal order, with the day it was ended (if it was) and
    /// what it received, from the totals kept on append (one row a pledge).
    func livePledges(_ db: Database) throws -> [(id: ID<Pledge>, pledge: Pledge, endedOn: Day?, paid: Int64)] {
        let state = try Self.state(db)
        var paid: [String: Int64] = [:]
        let sums = try Row.fetchCursor(db, sql: "SELECT pledge, minor FROM agg_pledge_paid")
        while let row = try sums.next() { if let k: String = row[0], let v: Int64 = row[1] { paid[k] = v } }
        return try pledges(db).compactMap { ref, p in
            guard !state.isVoided(ref), let id = ID<Pledge>(ref) else { return nil }
            return (id, p, state.pledgeEnds[id], paid[ref.description] ?? 0)
        }
    }

    /// A consistent snapshot of the ledger for a span of days, as the reports need it, with
    /// every gift of the span in memory. For a span of any size, `withSnapshot` streams them.
    public func snapshot(from: Day, to: Day) throws -> LedgerSnapshot {
        try withSnapshot(from: from, to: to) { context, gifts in
            var all: [PublicGift] = []
            while let g = try gifts.next() { all.append(g) }
            var snapshot = context
            snapshot.gifts = all
            return snapshot
        }
    }

    /// A consistent snapshot of the ledger for a span of days: everything but the gifts in
    /// `context` (its `gifts` is empty), and the gifts of the span one at a time, in day order,
    /// from a cursor. Read in one transaction: no writer can slip between its parts. The
    /// cursor is valid inside `body` only.
    public func withSnapshot<R>(from: Day, to: Day, _ body: (LedgerSnapshot, inout GiftCursor) throws -> R) throws -> R {
        try withSnapshot(from: from, to: to) { context, gifts, _ in try body(context, &gifts) }
    }

    /// The same, with `totals` to sum other spans of gifts in the same transaction: given a first
    /// day and several last days, the totals from the first day to each last day.
    /// With `giversOnly`, the context's supporters are only those who gave in the span or
    /// offered something: all a report on the span names or counts.
    public func withSnapshot<R>(from: Day, to: Day, giversOnly: Bool = false,
                                _ body: (LedgerSnapshot, inout GiftCursor, _ totals: (Day, [Day]) throws -> [Day: [GiftTotal]]) throws -> R) throws -> R {
        try read { db in
            let (context, voided) = try Self.context(db, from: from, to: to, units: units, giversOnly: giversOnly, pledgeCache: pledgeCache)
            let rows = try Row.fetchCursor(db, sql: """
                SELECT number, day, amount_minor, unit,
                       CASE WHEN substr(supporter, 1, 2) = 's-' THEN CAST(substr(supporter, 3) AS INTEGER) END,
                       channel, campaign,
                       CASE WHEN substr(link, 1, 2) = 'p-' THEN CAST(substr(link, 3) AS INTEGER) END
                FROM entry WHERE type = 'gift' AND day >= ? AND day <= ? ORDER BY day, seq
                """, arguments: [from.description, to.description])
            var cursor = GiftCursor(rows: rows, voided: voided, units: units)
            return try body(context, &cursor) { from, ends in try Self.giftTotals(db, from: from, to: ends, units: units) }
        }
    }

    /// Per unit, the gifts not voided dated from `from` to each of the days `ends`: sums and
    /// counts per day from the kept totals; distinct givers from the kept first days when the
    /// span starts on the first of January, else from the gifts-by-supporter index.
    static func giftTotals(_ db: Database, from: Day, to ends: [Day], units: UnitRegistry) throws -> [Day: [GiftTotal]] {
        guard let last = ends.max() else { return [:] }
        func unit(_ code: String) throws -> ChapeauCore.Unit {
            guard let u = units.unit(code: code) else { throw LedgerDataError.undeclaredUnit(EntryRef(.gift, 1), code) }
            return u
        }
        let span: StatementArguments = [from.description, last.description]
        var byDay: [(unit: String, day: String, minor: Int64, gifts: Int)] = []
        let days = try Row.fetchCursor(db, sql: """
            SELECT unit, day, minor, gifts FROM agg_gift_day WHERE day >= ? AND day <= ?
            """, arguments: span)
        while let row = try days.next() {
            if let u: String = row[0], let d: String = row[1] { byDay.append((u, d, row[2] ?? 0, row[3] ?? 0)) }
        }
        // Per unit, the sums and counts of the days up to `cut`, and how many gave up to it.
        func totals(upTo cut: String, givers: (String) throws -> [String: Int]) throws -> [GiftTotal] {
            var totals: [String: GiftTotal] = [:]
            for r in byDay where r.day <= cut {
                var t = try totals[r.unit] ?? GiftTotal(unit: unit(r.unit), minor: 0, gifts: 0, supporters: 0)
                t.minor = t.minor &+ r.minor
                t.gifts += r.gifts
                totals[r.unit] = t
            }
            for (u, n) in try givers(cut) { totals[u]?.supporters = n }
            return totals.keys.sorted().compactMap { totals[$0] }
        }
        var out: [Day: [GiftTotal]] = [:]
        // From the first of January (a year to date, as reports ask): each supporter's first
        // day in the year is kept, and the distinct givers up to a day are counted from its index.
        if from.month == 1, from.day == 1, ends.allSatisfy({ $0.year == from.year }) {
            let year = String(from.description.prefix(4))
            for end in Set(ends) {
                out[end] = try totals(upTo: end.description) { cut in
                    var n: [String: Int] = [:]
                    let counts = try Row.fetchCursor(db.cachedStatement(sql: """
                        SELECT unit, COUNT(*) FROM agg_gift_first INDEXED BY agg_gift_first_year
                        WHERE year = ? AND first_day <= ? GROUP BY unit
                        """), arguments: [year, cut])
                    while let row = try counts.next() { if let u: String = row[0], let c: Int = row[1] { n[u] = c } }
                    return n
                }
            }
            return out
        }
        // Any other span: each supporter's first day in it, from the gifts-by-supporter index.
        let filter = "type = 'gift' AND day >= ? AND day <= ? AND seq NOT IN (\(voidedGiftRows))"
        var firstDays: [(unit: String, day: String)] = []
        let people = try Row.fetchCursor(db, sql: """
            SELECT unit, MIN(day) FROM entry INDEXED BY entry_gift_supporter WHERE \(filter) AND supporter IS NOT NULL
            GROUP BY supporter, unit
            """, arguments: span)
        while let row = try people.next() {
            if let u: String = row[0], let d: String = row[1] { firstDays.append((u, d)) }
        }
        for end in Set(ends) {
            out[end] = try totals(upTo: end.description) { cut in
                var n: [String: Int] = [:]
                for p in firstDays where p.day <= cut { n[p.unit, default: 0] += 1 }
                return n
            }
        }
        return out
    }

    /// Every pledge, in journal order, read from the columns a pledge has (a ledger holds tens of
    /// thousands: rebuilding whole entries, hashes included, cost a tenth of a second).
    /// Read through `cache`: pledges are never changed once appended (a void or an end is
    /// an entry of its own), so the last pledge's row number says whether the copy is current.
    func pledges(_ db: Database) throws -> [(EntryRef, Pledge)] {
        try Self.pledges(db, units: units, cache: pledgeCache)
    }

    static func pledges(_ db: Database, units: UnitRegistry, cache: PledgeCache?) throws -> [(EntryRef, Pledge)] {
        let last = try Int64.fetchOne(db, sql: "SELECT MAX(seq) FROM entry INDEXED BY entry_pledge_rows WHERE type = 'pledge'") ?? 0
        if let hit = cache?.value(last: last) { return hit }
        var out: [(EntryRef, Pledge)] = []
        let rows = try Row.fetchCursor(db, sql: """
            SELECT number, amount_minor, unit, every,
                   CASE WHEN substr(supporter, 1, 2) = 's-' THEN CAST(substr(supporter, 3) AS INTEGER) END, day, end_day, channel
            FROM entry INDEXED BY entry_pledge_rows WHERE type = 'pledge' ORDER BY seq
            """)
        while let row = try rows.next() {
            guard let number: Int64 = row[0] else { continue }
            let ref = EntryRef(.pledge, number)
            guard let minor: Int64 = row[1], let code: String = row[2] else { throw LedgerDataError.missingField(ref, "amount") }
            guard let unit = units.unit(code: code) else { throw LedgerDataError.undeclaredUnit(ref, code) }
            guard let every = (row[3] as String?).flatMap(Recurrence.init(rawValue:)) else { throw LedgerDataError.missingField(ref, "every") }
            guard let start = (row[5] as String?).flatMap({ Day(iso: $0) }) else { throw LedgerDataError.missingField(ref, "day") }
            out.append((ref, Pledge(amount: Money(minor: minor, unit: unit), every: every,
                                    supporter: (row[4] as Int64?).map(ID<Supporter>.init), start: start,
                                    end: (row[6] as String?).flatMap { Day(iso: $0) }, channel: row[7])))
        }
        cache?.keep(out, last: last)
        return out
    }

    /// The rows of voided entries, for `seq NOT IN (…)`.
    static let voidedGiftRows = "SELECT t.seq FROM entry v JOIN entry t ON t.id = v.link WHERE v.type = 'void'"

    /// Everything in a snapshot but the gifts, and the numbers of the voided gifts.
    static func context(_ db: Database, from: Day, to: Day, units: UnitRegistry,
                        giversOnly: Bool = false, pledgeCache: PledgeCache? = nil) throws -> (LedgerSnapshot, Set<Int64>) {
        let nonGifts = try Self.bodies(db, types: Set(EntryType.allCases).subtracting([.gift, .supporter, .pledge]), units: units)
        let state = LedgerState(entries: nonGifts)
        // With `giversOnly`, only the supporters a report on the span can name or count: those
        // who gave in it, and those who offered something.
        let givers = giversOnly ? """
            IN (SELECT supporter FROM entry INDEXED BY entry_gift_day
                WHERE type = 'gift' AND day >= '\(from)' AND day <= '\(to)' AND supporter IS NOT NULL
                UNION SELECT supporter FROM entry WHERE type = 'offer' AND supporter IS NOT NULL)
            """ : nil
        // Each supporter's first gift, keyed by number (100k string keys would weigh megabytes).
        var firstGift: [Int64: Day] = [:]
        // From the totals kept on append: a few rows a supporter (a unit and a year each).
        let firsts = try Row.fetchCursor(db, sql: """
            SELECT CAST(substr(supporter, 3) AS INTEGER), MIN(first_day) FROM agg_gift_first
            WHERE substr(supporter, 1, 2) = 's-' \(givers.map { "AND supporter " + $0 } ?? "")
            GROUP BY supporter
            """)
        while let row = try firsts.next() {
            if let n: Int64 = row[0], let d = (row[1] as String?).flatMap({ Day(iso: $0) }) { firstGift[n] = d }
        }

        // Supporters: only what a report may show, read straight from their columns. With
        // givers, from their ids (`+e.type`: not through every supporter of the type's index).
        var supporters: [PublicSupporter] = []
        let people = try Row.fetchCursor(db, sql: """
            SELECT e.number, e.visibility, p.handle, p.name FROM entry e LEFT JOIN personal p ON p.seq = e.seq
            WHERE \(givers == nil ? "e.type" : "+e.type") = 'supporter' \(givers.map { "AND e.id " + $0 } ?? "")
            """)
        // Names changed since (`supporter update`): the latest one of each, few in any ledger.
        var renamed: [Int64: String] = [:]
        let updates = try Row.fetchCursor(db, sql: """
            SELECT e.supporter, p.name FROM entry e JOIN personal p ON p.seq = e.seq
            WHERE e.type = 'supporter-update' AND p.name IS NOT NULL ORDER BY e.seq
            """)
        while let row = try updates.next() {
            if let id = (row[0] as String?).flatMap(ID<Supporter>.init), let name: String = row[1] { renamed[id.number] = name }
        }
        while let row = try people.next() {
            guard let number: Int64 = row[0] else { continue }
            let id = ID<Supporter>(number)
            guard !state.isVoided(id.ref) else { continue }
            guard let visibility = (row[1] as String?).flatMap(Visibility.init(rawValue:)) else {
                throw LedgerDataError.missingField(id.ref, "visibility")
            }
            let handle: String? = row[2]
            let name: String? = renamed[number].map { $0.isEmpty ? nil : $0 } ?? row[3]
            let s = Supporter(handle: handle ?? "", name: name, visibility: visibility)
            supporters.append(PublicSupporter(id: id, visibility: visibility,
                                             wallName: PublicSupporter.wallName(for: s, erased: state.erased.contains(id) || handle == nil),
                                             firstGift: firstGift[number]))
        }

        var pledges: [(id: ID<Pledge>, pledge: Pledge, endedOn: Day?)] = []
        var offers: [(id: ID<Offer>, offer: Offer, status: OfferStatus, statusDay: Day)] = []
        var needs: [(id: ID<Need>, need: Need)] = []
        var expenses: [(id: ID<Expense>, expense: Expense)] = []
        var campaigns: [Campaign] = []
        for (ref, p) in try Self.pledges(db, units: units, cache: pledgeCache) where !state.isVoided(ref) {
            if let id = ID<Pledge>(ref) { pledges.append((id, p, state.pledgeEnds[id])) }
        }
        for (ref, body) in nonGifts where !state.isVoided(ref) {
            switch body {
            case .offer(let o):
                if let id = ID<Offer>(ref) {
                    let st = state.offerStatus[id] ?? (.offered, o.day)
                    offers.append((id, o, st.status, st.day))
                }
            case .need(let n):
                if let id = ID<Need>(ref) { needs.append((id, n)) }
            case .expense(let e):
                if let id = ID<Expense>(ref), from <= e.day, e.day <= to { expenses.append((id, e)) }
            case .campaign(let c):
                campaigns.append(c)
            default:
                break
            }
        }
        let voided = Set(state.voided.keys.filter { $0.type == .gift }.map(\.number))
        // Campaigns with fixed costs, with every gift to them up to the span's end (before its
        // start too: what covers the costs of a campaign is counted over its whole life).
        let sharing = campaigns.filter { $0.fixedCosts != nil }
        let campaignGifts = try Self.campaignGifts(db, slugs: Set(sharing.map(\.slug)), through: to, units: units)
        return (LedgerSnapshot(from: from, to: to, gifts: [], supporters: SupporterDirectory(supporters), pledges: pledges,
                               offers: offers, needs: needs, expenses: expenses, chain: try chainHead(db),
                               campaigns: sharing.map { ($0, campaignGifts[$0.slug] ?? []) }), voided)
    }

    /// Every entry of the given types, typed, without personal fields, in journal order.
    static func bodies(_ db: Database, types: Set<EntryType>, units: UnitRegistry) throws -> [(EntryRef, EntryBody)] {
        let list = types.map { "'\($0.rawValue)'" }.joined(separator: ",")
        var out: [(EntryRef, EntryBody)] = []
        let rows = try Row.fetchCursor(db, sql: "SELECT \(Schema.entryColumns) FROM entry WHERE type IN (\(list)) ORDER BY seq")
        while let row = try rows.next() {
            guard let (_, record, _, _) = Schema.record(from: row) else { continue }
            out.append((record.ref, try EntryBody(record: record, privateFields: nil, units: units)))
        }
        return out
    }

    /// The ledger's state as it stands: what is voided, which pledges ended, where each offer stands.
    public func ledgerState() throws -> LedgerState {
        try read { db in try Self.state(db) }
    }

    static func state(_ db: Database) throws -> LedgerState {
        // Units are not needed to know what is voided or ended: read the links only.
        var entries: [(EntryRef, EntryBody)] = []
        let rows = try Row.fetchCursor(db, sql: """
            SELECT type, id, link, day, status FROM entry
            WHERE type IN ('void','pledge-end','offer','offer-status','erasure') ORDER BY seq
            """)
        while let row = try rows.next() {
            guard let ref = (row[1] as String?).flatMap(EntryRef.init),
                  let day = (row[3] as String?).flatMap({ Day(iso: $0) }) else { continue }
            let link = (row[2] as String?).flatMap(EntryRef.init)
            switch ref.type {
            case .void:
                if let link { entries.append((ref, .void(Correction(target: link, reason: "", day: day)))) }
            case .pledgeEnd:
                if let p = link.flatMap(ID<Pledge>.init) { entries.append((ref, .pledgeEnd(PledgeEnd(pledge: p, day: day)))) }
            case .offer:
                entries.append((ref, .offer(Offer(kind: .other, description: "", day: day))))
            case .offerStatus:
                if let o = link.flatMap(ID<Offer>.init), let s = (row[4] as String?).flatMap(OfferStatus.init(rawValue:)) {
                    entries.append((ref, .offerStatus(OfferStatusChange(offer: o, status: s, day: day))))
                }
            case .erasure:
                if let s = link.flatMap(ID<Supporter>.init) { entries.append((ref, .erasure(Erasure(supporter: s, day: day)))) }
            default: break
            }
        }
        return LedgerState(entries: entries)
    }

    // MARK: application state

    public func meta(_ key: String) throws -> String? {
        try read { db in try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [key]) }
    }

    public func setMeta(_ key: String, _ value: String) throws {
        try write { db in
            try db.execute(sql: "INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                           arguments: [key, value])
        }
    }

    // MARK: backup

    /// Copies the ledger with SQLite's online backup into a new file (mode 0600), atomically:
    /// the copy appears complete under its name or not at all.
    public func backup(to destination: String) throws {
        let fm = FileManager.default
        guard !fm.fileExists(atPath: destination) else { throw StoreError.io("\(destination) exists already: choose a new file name") }
        let dir = (destination as NSString).deletingLastPathComponent
        let temp = (dir.isEmpty ? "." : dir) + "/.\((destination as NSString).lastPathComponent).\(getpid()).partial"
        guard fm.createFile(atPath: temp, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw StoreError.io("cannot create \(destination): check the folder exists and is writable")
        }
        do {
            do {
                let dest = try DatabaseQueue(path: temp)
                try queue.backup(to: dest)
                try dest.close()
            }
            guard rename(temp, destination) == 0 else {
                throw StoreError.io("cannot move the backup into place at \(destination): \(String(cString: strerror(errno)))")
            }
        } catch {
            try? fm.removeItem(atPath: temp)
            if let e = error as? StoreError { throw e }
            throw StoreError(error, path: destination)
        }
    }

    // MARK: transactions

    func read<T>(_ body: (Database) throws -> T) throws -> T {
        do { return try queue.read(body) } catch { throw StoreError.wrap(error, path: path) }
    }

    func write<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try queue.writeWithoutTransaction { db in try Self.transaction(db) { (try body($0), true) } }
        } catch { throw StoreError.wrap(error, path: path) }
    }

    /// One immediate write transaction on `db`, its statement journals in memory; `body`
    /// returns its value and whether to keep what it wrote. Errors pass through as thrown.
    static func transaction<T>(_ db: Database, _ body: (Database) throws -> (T, keep: Bool)) throws -> T {
        var result: T?
        try journalingInMemory(db) {
            try db.inTransaction(.immediate) {
                let (value, keep) = try body(db)
                result = value
                return keep ? .commit : .rollback
            }
        }
        guard let result else { throw StoreError.io("the transaction returned nothing") }
        return result
    }

    /// Runs a write transaction with its statement journals in memory. An insert fires the
    /// kept-totals trigger, so SQLite journals the pages each statement touches (about 15 for
    /// a gift). Past 64 KiB, SQLite's default, that journal moves to a temporary file for the
    /// rest of the transaction: 2.9 million `pwrite`s for an import of 100k rows, 134,000 for
    /// 5,000 receipts. The process raises that limit to 1 MiB before its first database (one
    /// allocation per statement); when SQLite was already started and refused, the
    /// transaction runs with `temp_store = MEMORY` instead (journals in 1 KiB pieces, about
    /// 10 % slower), and reads keep the default, so their large sorts may spill.
    static func journalingInMemory(_ db: Database, _ body: () throws -> Void) throws {
        guard !statementJournalsInMemory else { return try body() }
        try db.execute(sql: "PRAGMA temp_store = MEMORY")
        defer { try? db.execute(sql: "PRAGMA temp_store = DEFAULT") }
        try body()
    }

    /// Whether SQLite took the 1 MiB statement journal limit (it must come before SQLite
    /// starts, so `open` reads this before its first connection).
    static let statementJournalsInMemory: Bool = chapeau_sqlite_statement_journal_spill(1 << 20) == 0
}

extension StoreError {
    init(_ error: any Error, path: String) {
        if let e = error as? StoreError { self = e; return }
        guard let db = error as? DatabaseError else { self = .io("\(path): \(error)"); return }
        switch db.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            self = .busy("the ledger \(path) is busy (another chapeau is writing): try again")
        case .SQLITE_NOTADB, .SQLITE_CORRUPT:
            self = .io("\(path) is not a Chapeau ledger, or it is damaged: restore it from a backup")
        case .SQLITE_CONSTRAINT:
            self = .invalid("the ledger refused the entry: \(db.message ?? "a constraint failed")")
        case .SQLITE_READONLY:
            self = .io("\(path) is read-only: check its permissions")
        case .SQLITE_FULL:
            self = .io("the disk is full: nothing was written to \(path)")
        case .SQLITE_CANTOPEN:
            self = .io("cannot open \(path): check the path and permissions")
        default:
            self = .io("\(path): \(db.message ?? "\(db.resultCode)")")
        }
    }

    /// Keeps domain errors as they are; turns SQLite errors into store errors.
    static func wrap(_ error: any Error, path: String) -> any Error {
        if error is LedgerError || error is LedgerDataError || error is StoreError { return error }
        return StoreError(error, path: path)
    }
}

extension LedgerStore {
    /// The first and last days any dated entry falls on (gifts, pledges, offers, needs,
    /// expenses), or nil for an empty ledger. Reports start from the first one.
    public func daySpan() throws -> (first: Day, last: Day)? {
        try read { db in
            // One MIN and one MAX per type: each is a single step in the (type, day) index, where
            // a MIN over several types at once would read every row.
            let ends = ["gift", "pledge", "offer", "need", "expense"].map {
                "SELECT MIN(day) AS d FROM entry WHERE type = '\($0)' UNION ALL SELECT MAX(day) FROM entry WHERE type = '\($0)'"
            }.joined(separator: " UNION ALL ")
            let row = try Row.fetchOne(db, sql: "SELECT MIN(d), MAX(d) FROM (\(ends))")
            guard let a = (row?[0] as String?).flatMap({ Day(iso: $0) }),
                  let b = (row?[1] as String?).flatMap({ Day(iso: $0) }) else { return nil }
            return (a, b)
        }
    }

    /// The earliest start of a need not voided, for carry-over.
    public func firstNeedStart() throws -> Day? {
        try read { db in
            try String.fetchOne(db, sql: """
                SELECT MIN(n.day) FROM entry n WHERE n.type = 'need'
                  AND NOT EXISTS (SELECT 1 FROM entry v WHERE v.type = 'void' AND v.link = n.id)
                """).flatMap { Day(iso: $0) }
        }
    }
}

/// The gifts of a snapshot's span, one at a time, in day order, voided ones left out. Read
/// straight from the columns a report needs, without rebuilding whole entries.
public struct GiftCursor: GiftSource {
    public typealias Failure = any Error
    private let rows: RowCursor
    private let voided: Set<Int64>
    private let units: UnitRegistry
    private var unitCache: [String: ChapeauCore.Unit] = [:]
    /// The unit of the last gift: most gifts are in the same one, and a short string compares
    /// for less than it hashes.
    private var lastUnit: (code: String, unit: ChapeauCore.Unit)?

    init(rows: RowCursor, voided: Set<Int64>, units: UnitRegistry) {
        self.rows = rows
        self.voided = voided
        self.units = units
    }

    public mutating func next() throws -> PublicGift? {
        while let row = try rows.next() {
            guard let number: Int64 = row[0] else { continue }
            guard voided.isEmpty || !voided.contains(number) else { continue }
            let gift = ID<Gift>(number)
            guard let dayText: String = row[1], let day = Day(iso: dayText) else {
                throw LedgerDataError.missingField(gift.ref, "day")
            }
            guard let minor: Int64 = row[2] else { throw LedgerDataError.missingField(gift.ref, "amount") }
            guard let code: String = row[3] else { throw LedgerDataError.missingField(gift.ref, "unit") }
            let unit: ChapeauCore.Unit
            if let last = lastUnit, last.code == code { unit = last.unit } else if let u = unitCache[code] { unit = u } else {
                guard let u = units.unit(code: code) else { throw LedgerDataError.undeclaredUnit(gift.ref, code) }
                unitCache[code] = u
                unit = u
            }
            lastUnit = (code, unit)
            return PublicGift(id: gift, amount: Money(minor: minor, unit: unit), day: day,
                              supporter: (row[4] as Int64?).map(ID<Supporter>.init), channel: row[5], campaign: row[6],
                              pledge: (row[7] as Int64?).map(ID<Pledge>.init))
        }
        return nil
    }
}

extension LedgerStore {
    /// The journal position (sequence number) and hash of each of these entries.
    public func chainLinks(_ refs: [EntryRef]) throws -> [EntryRef: (seq: Int64, hash: String)] {
        try read { db in
            var out: [EntryRef: (seq: Int64, hash: String)] = [:]
            for ref in refs {
                if let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT seq, hash FROM entry WHERE id = ?"), arguments: [ref.description]),
                   let seq: Int64 = row[0], let hash: String = row[1] {
                    out[ref] = (seq, hash)
                }
            }
            return out
        }
    }
}

/// The pledges of the last read and the row number of the last of them.
final class PledgeCache: @unchecked Sendable {
    private let lock = NSLock()
    private var last: Int64 = -1
    private var pledges: [(EntryRef, Pledge)] = []

    func value(last wanted: Int64) -> [(EntryRef, Pledge)]? {
        lock.lock(); defer { lock.unlock() }
        return last == wanted ? pledges : nil
    }

    func keep(_ list: [(EntryRef, Pledge)], last newest: Int64) {
        lock.lock(); defer { lock.unlock() }
        last = newest; pledges = list
    }
}
