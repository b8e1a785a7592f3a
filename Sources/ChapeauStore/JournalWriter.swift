internal import GRDB
import ChapeauCore

/// Appends entries inside one write transaction: checks each against the ledger as it
/// stands (including entries appended earlier in the same transaction), numbers it,
/// chains it to the previous one, and stores its personal fields apart.
struct JournalWriter {
    let db: Database
    private var previousHash: String
    private var nextNumber: [EntryType: Int64] = [:]
    /// Supporters known to exist and not be erased, in this transaction: an import names the
    /// same supporters row after row. An erasure appended here takes its supporter out.
    private var liveSupporters: Set<Int64> = []
    /// Per year, the last receipt number used, once read: a run issues thousands of receipts in
    /// one transaction, and counting them again for each would cost the square of their number.
    private var lastReceipt: [Int: Int] = [:]

    init(db: Database) throws {
        self.db = db
        previousHash = try String.fetchOne(db.cachedStatement(sql: "SELECT hash FROM entry ORDER BY seq DESC LIMIT 1")) ?? Chain.genesis
    }

    mutating func append(_ body: EntryBody, recordedAt: String) throws -> EntryRef {
        try validate(body)
        let type = body.type
        let number: Int64
        if let n = nextNumber[type] { number = n } else {
            number = (try Int64.fetchOne(db.cachedStatement(sql: "SELECT MAX(number) FROM entry WHERE type = ?"), arguments: [type.rawValue]) ?? 0) + 1
        }
        nextNumber[type] = number + 1
        let ref = EntryRef(type, number)
        // A salt is drawn only for entries that have personal data (most gifts have none).
        var personal = body.privateFields(salt: "")
        if var p = personal { p.salt = Self.salt(); personal = p }
        let record = body.record(ref: ref, recordedAt: recordedAt, privateDigest: personal?.digest)
        let hash = record.chainHash(previous: previousHash)
        let insert = try db.cachedStatement(sql: """
            INSERT INTO entry (id, type, number, recorded_at, day, amount_minor, unit, supporter, link, every, end_day,
              channel, campaign, reference, kind, status, text, category, quantity_minor, quantity_unit, value_minor,
              value_unit, visibility, private_digest, prev_hash, hash, participants)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        try insert.execute(arguments: [
            ref.description, type.rawValue, number, recordedAt, record.day?.description, record.amountMinor, record.unit,
            record.supporter?.description, record.link?.description, record.recurrence?.rawValue, record.endDay?.description,
            record.channel, record.campaign, record.reference, record.offerKind?.rawValue, record.status?.rawValue,
            record.text, record.category, record.quantityMinor, record.quantityUnit, record.valueMinor, record.valueUnit,
            record.visibility?.rawValue, record.privateDigest, previousHash, hash, record.participants,
        ])
        if let personal {
            let seq = db.lastInsertedRowID
            try db.cachedStatement(sql: "INSERT INTO personal (seq, salt, handle, name, email, note, address) VALUES (?, ?, ?, ?, ?, ?, ?)")
                .execute(arguments: [seq, personal.salt, personal.handle, personal.name, personal.email, personal.note, personal.address])
        }
        previousHash = hash
        switch body {
        case .supporter: liveSupporters.insert(number)
        case .erasure(let x): liveSupporters.remove(x.supporter.number)
        case .receipt(let r) where r.original == nil:
            if let (year, sequence) = Receipt.parse(number: r.number) { lastReceipt[year] = sequence }
        default: break
        }
        return ref
    }

    static func salt() -> String {
        var g = SystemRandomNumberGenerator()
        return (0..<2).map { _ in
            let v = g.next() as UInt64
            let s = String(v, radix: 16)
            return String(repeating: "0", count: 16 - s.count) + s
        }.joined()
    }

    // MARK: rules that need the ledger

    private func exists(_ ref: EntryRef) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM entry WHERE id = ?)"), arguments: [ref.description]) ?? false
    }

    private func voidOf(_ ref: EntryRef) throws -> EntryRef? {
        try String.fetchOne(db.cachedStatement(sql: "SELECT id FROM entry WHERE type = 'void' AND link = ? LIMIT 1"),
                            arguments: [ref.description]).flatMap(EntryRef.init)
    }

    private func requireLive(_ ref: EntryRef) throws {
        guard try exists(ref) else { throw LedgerError.unknownEntry(ref) }
        if try voidOf(ref) != nil { throw LedgerError.voided(ref) }
    }

    private mutating func requireSupporter(_ id: ID<Supporter>?) throws {
        guard let id, !liveSupporters.contains(id.number) else { return }
        guard try exists(id.ref) else { throw LedgerError.unknownEntry(id.ref) }
        let erased = try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM entry WHERE type = 'erasure' AND link = ?)"),
                                       arguments: [id.description]) ?? false
        if erased { throw LedgerError.erased(id.description) }
        liveSupporters.insert(id.number)
    }

    private mutating func validate(_ body: EntryBody) throws {
        switch body {
        case .supporter(let s):
            let h = s.handle
            guard !h.isEmpty, h.count <= 64,
                  h.unicodeScalars.allSatisfy({ !$0.properties.isWhitespace && $0.properties.generalCategory != .control
                                                && $0.properties.generalCategory != .format }) else {
                throw LedgerError.badHandle(h)
            }
            if try LedgerStore.supporterID(db, handle: h) != nil { throw LedgerError.handleTaken(h) }
        case .gift(let g):
            try requireSupporter(g.supporter)
            if let p = g.pledge {
                try requireLive(p.ref)
                let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT unit, supporter FROM entry WHERE id = ?"), arguments: [p.description])
                let unit: String? = row?[0]
                if let unit, unit != g.amount.unit.code { throw LedgerError.pledgeUnit(p.ref, pledge: unit, gift: g.amount.unit.code) }
                let owner: String? = row?[1]
                if let owner, let s = g.supporter, owner != s.description { throw LedgerError.pledgeSupporter(p.ref) }
            }
        case .pledge(let p):
            try requireSupporter(p.supporter)
            if let end = p.end, end < p.start { throw LedgerError.endBeforeStart(EntryRef(.pledge, 0), start: p.start, end: end) }
        case .pledgeEnd(let e):
            try requireLive(e.pledge.ref)
            if let start = try String.fetchOne(db.cachedStatement(sql: "SELECT day FROM entry WHERE id = ?"), arguments: [e.pledge.description])
                .flatMap({ Day(iso: $0) }), e.day < start {
                throw LedgerError.endBeforeStart(e.pledge.ref, start: start, end: e.day)
            }
            let ended = try String.fetchOne(db.cachedStatement(sql: """
                SELECT pe.day FROM entry pe WHERE pe.type = 'pledge-end' AND pe.link = ?
                  AND NOT EXISTS (SELECT 1 FROM entry v WHERE v.type = 'void' AND v.link = pe.id)
                """), arguments: [e.pledge.description]).flatMap { Day(iso: $0) }
            if let ended { throw LedgerError.pledgeEnded(e.pledge.ref, on: ended) }
        case .offer(let o):
            try requireSupporter(o.supporter)
            if let n = o.need { try requireLive(n.ref) }
        case .offerStatus(let c):
            try requireLive(c.offer.ref)
            let current = try String.fetchOne(db.cachedStatement(sql: """
                SELECT s.status FROM entry s WHERE s.type = 'offer-status' AND s.link = ?
                  AND NOT EXISTS (SELECT 1 FROM entry v WHERE v.type = 'void' AND v.link = s.id)
                ORDER BY s.seq DESC LIMIT 1
                """), arguments: [c.offer.description]).flatMap(OfferStatus.init(rawValue:)) ?? .offered
            guard current.canMove(to: c.status) else {
                throw LedgerError.offerTransition(c.offer.ref, from: current, to: c.status)
            }
        case .need(let n):
            if let end = n.end, end < n.start { throw LedgerError.endBeforeStart(EntryRef(.need, 0), start: n.start, end: end) }
        case .expense:
            break
        case .void(let v):
            guard v.target.type.isVoidable else { throw LedgerError.notVoidable(v.target) }
            guard try exists(v.target) else { throw LedgerError.unknownEntry(v.target) }
            if let by = try voidOf(v.target) { throw LedgerError.alreadyVoided(v.target, by: by) }
        case .erasure(let x):
            guard try exists(x.supporter.ref) else { throw LedgerError.unknownEntry(x.supporter.ref) }
        case .campaign(let c):
            guard Campaign.isValidSlug(c.slug) else { throw LedgerError.badSlug(c.slug) }
            if let end = c.end, end < c.start { throw LedgerError.endBeforeStart(EntryRef(.campaign, 0), start: c.start, end: end) }
            if let p = c.participants, !Campaign.participantRange.contains(p) { throw LedgerError.badParticipants(p) }
            if try LedgerStore.campaignRef(db, slug: c.slug) != nil { throw LedgerError.campaignTaken(c.slug) }
        case .supporterUpdate(let u):
            try requireSupporter(u.supporter)
        case .receipt(let r):
            try requireSupporter(r.supporter)
            guard let (year, sequence) = Receipt.parse(number: r.number) else { throw LedgerError.receiptNumber(r.number) }
            if let original = r.original {
                // A duplicate reproduces a receipt that is not cancelled, under its number.
                try requireLive(original.ref)
                let number = try String.fetchOne(db.cachedStatement(sql: "SELECT reference FROM entry WHERE id = ? AND type = 'receipt'"),
                                                 arguments: [original.description])
                guard number == r.number else { throw LedgerError.receiptNumber(r.number) }
            } else {
                // Numbers follow each other without a gap within a year, and are never reused.
                let used = try lastReceipt[year] ?? Int.fetchOne(db.cachedStatement(sql: """
                    SELECT COUNT(*) FROM entry WHERE type = 'receipt' AND link IS NULL AND reference GLOB ?
                    """), arguments: ["\(year)-*"]) ?? 0
                guard sequence == used + 1 else { throw LedgerError.receiptNumber(r.number) }
            }
        }
    }
}
