internal import GRDB
public import ChapeauCore

/// An entry recorded after some point, reduced to what tells which periods it changes.
/// What entries recorded since a point change. Gifts, expenses and offers come one per type and
/// day (the latest of them), as only their day matters.
public struct Change: Sendable, Equatable {
    public let seq: Int64
    public let ref: EntryRef
    /// The days it affects: its own day; for a pledge or need, from its start to its end (nil:
    /// open-ended); for a void or a pledge end, the days of the entry it changes.
    public let from: Day?
    public let to: Day?
}

/// One run of the scheduled job, as recorded.
public struct JobRunRecord: Sendable, Equatable {
    public let startedAt: String
    public let endedAt: String
    public let now: String
    public let ok: Bool
    public let summary: String

    public init(startedAt: String, endedAt: String, now: String, ok: Bool, summary: String) {
        self.startedAt = startedAt; self.endedAt = endedAt; self.now = now; self.ok = ok; self.summary = summary
    }
}

/// One closed period as published: when first, when last revised, how many revisions, and
/// the figures the site shows for it (JSON, kept as the publisher wrote it).
public struct Publication: Sendable, Equatable {
    public let period: String
    public let firstPublishedAt: String
    /// The time of the latest revision; nil while the report stands as first published.
    public let revisedAt: String?
    /// 0 as first published, then 1, 2, … per revision.
    public let revision: Int
    public let summary: String

    public init(period: String, firstPublishedAt: String, revisedAt: String?, revision: Int, summary: String) {
        self.period = period; self.firstPublishedAt = firstPublishedAt; self.revisedAt = revisedAt
        self.revision = revision; self.summary = summary
    }
}

extension LedgerStore {
    /// Every closed period published, oldest period id first.
    public func publications() throws -> [Publication] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT period, first_published_at, revised_at, revision, summary FROM published ORDER BY period")
                .map { Publication(period: $0[0], firstPublishedAt: $0[1], revisedAt: $0[2], revision: $0[3], summary: $0[4]) }
        }
    }

    /// Records what a run published and the job's own state in ONE transaction: a run that dies
    /// before this point published nothing, as far as the ledger knows, and the next run does it
    /// again; a run that gets past it never publishes the same version twice.
    /// `announced`: overdue instalments announced by this run (pledge id, due day), kept in the
    /// same transaction as the notices that announce them (in the job's state, `meta`).
    public func savePublications(_ publications: [Publication], meta: (key: String, value: String),
                                 announced: [(pledge: String, due: String)] = []) throws {
        try write { db in
            let insert = try db.cachedStatement(sql: "INSERT OR IGNORE INTO job_overdue_announced (pledge, due) VALUES (?, ?)")
            for a in announced { try insert.execute(arguments: [a.pledge, a.due]) }
            for p in publications {
                try db.execute(sql: """
                    INSERT INTO published (period, first_published_at, revised_at, revision, summary) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT(period) DO UPDATE SET revised_at = excluded.revised_at, revision = excluded.revision,
                                                      summary = excluded.summary
                    """, arguments: [p.period, p.firstPublishedAt, p.revisedAt, p.revision, p.summary])
            }
            try db.execute(sql: "INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                           arguments: [meta.key, meta.value])
        }
    }

    /// For the job: per pledge (in journal order), the due days of its overdue instalments from
    /// `since` on (every one when nil), as `pledgeStandings` counts them, without building the
    /// paid instalments.
    public func overdueInstalments(today: Day, since: Day?) throws -> [(pledge: ID<Pledge>, due: [Day])] {
        try read { db in
            try livePledges(db).compactMap { l in
                let days = PledgeSchedule.overdueDays(l.pledge, endedOn: l.endedOn, paid: l.paid, today: today, since: since)
                return days.isEmpty ? nil : (l.id, days)
            }
        }
    }

    /// Which of these overdue instalments (pledge id, due day) the job has announced already:
    /// their positions in the list.
    public func announcedOverdue(_ instalments: [(pledge: String, due: String)]) throws -> Set<Int> {
        guard !instalments.isEmpty else { return [] }
        return try read { db in
            let known = try db.cachedStatement(sql: "SELECT 1 FROM job_overdue_announced WHERE pledge = ? AND due = ?")
            var out: Set<Int> = []
            for (i, a) in instalments.enumerated() where try Int.fetchOne(known, arguments: [a.pledge, a.due]) != nil { out.insert(i) }
            return out
        }
    }

    /// The sequence number of the last entry, 0 for an empty ledger.
    public func lastSeq() throws -> Int64 {
        try read { db in try Int64.fetchOne(db, sql: "SELECT MAX(seq) FROM entry") ?? 0 }
    }

    /// Entries recorded after `seq`, with the span of days each one changes.
    public func changes(since seq: Int64) throws -> [Change] {
        try read { db in
            var out: [Change] = []
            // Gifts, expenses and offers only say which day changed: one row per day and type,
            // so a first run over a large ledger reads a few thousand rows, not every entry.
            // NOT INDEXED: the rows after `seq` are a range of the table itself, where an index
            // on the type would walk every gift ever recorded.
            let rows = try Row.fetchCursor(db, sql: """
                SELECT e.seq, e.id, e.type, e.day, e.end_day, t.type, t.day, t.end_day
                FROM entry e NOT INDEXED LEFT JOIN entry t ON t.id = e.link
                WHERE e.seq > ? AND e.type NOT IN ('gift', 'expense', 'offer', 'supporter')
                UNION ALL
                SELECT MAX(seq), id, type, day, NULL, NULL, NULL, NULL
                FROM entry NOT INDEXED WHERE seq > ? AND type IN ('gift', 'expense', 'offer') GROUP BY type, day
                ORDER BY 1
                """, arguments: [seq, seq])
            while let r = try rows.next() {
                guard let s: Int64 = r[0], let ref = (r[1] as String?).flatMap(EntryRef.init) else { continue }
                let day = (r[3] as String?).flatMap { Day(iso: $0) }
                let end = (r[4] as String?).flatMap { Day(iso: $0) }
                let targetType = (r[5] as String?).flatMap(EntryType.init(rawValue:))
                let targetDay = (r[6] as String?).flatMap { Day(iso: $0) }
                let targetEnd = (r[7] as String?).flatMap { Day(iso: $0) }
                switch ref.type {
                case .pledge, .need:
                    out.append(Change(seq: s, ref: ref, from: day, to: end))
                case .void:
                    let spans = targetType == .pledge || targetType == .need
                    out.append(Change(seq: s, ref: ref, from: targetDay, to: spans ? targetEnd : targetDay))
                case .pledgeEnd:
                    out.append(Change(seq: s, ref: ref, from: day, to: nil))
                case .offerStatus:
                    out.append(Change(seq: s, ref: ref, from: day, to: day))
                case .supporter:
                    // Not selected: a new supporter has given nothing yet, no published figure changes.
                    continue
                case .erasure:
                    // A name leaves every wall of thanks it was on; amounts do not change.
                    out.append(Change(seq: s, ref: ref, from: nil, to: nil))
                default:
                    out.append(Change(seq: s, ref: ref, from: day, to: day))
                }
            }
            return out
        }
    }

    /// Records one run of the job.
    public func recordRun(_ run: JobRunRecord) throws {
        try write { db in
            try db.execute(sql: "INSERT INTO job_run (started_at, ended_at, now, status, summary) VALUES (?, ?, ?, ?, ?)",
                           arguments: [run.startedAt, run.endedAt, run.now, run.ok ? "ok" : "failed", run.summary])
        }
    }

    /// The runs recorded, newest first.
    public func runs(limit: Int = 20) throws -> [JobRunRecord] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT started_at, ended_at, now, status, summary FROM job_run ORDER BY id DESC LIMIT ?",
                             arguments: [limit]).map {
                JobRunRecord(startedAt: $0[0], endedAt: $0[1], now: $0[2], ok: ($0[3] as String) == "ok", summary: $0[4])
            }
        }
    }
}
