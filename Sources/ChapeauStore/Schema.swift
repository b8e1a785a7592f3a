/// ChapeauStore — the ledger on SQLite, through GRDB.
///
/// Owns the schema and its frozen, string-named migrations; the append-only journal with
/// its SHA-256 chain; queries; the consistent snapshot for a span of days; erasure of
/// personal data; online backup.
///
/// Never: leaks GRDB types in its public API (GRDB is imported `internal`), renders,
/// reads the config, or decides what a command prints.
internal import GRDB
import ChapeauCore

enum Schema {
    /// Migrations are frozen once shipped: never edit one, add a new one. Their SQL is literal
    /// text, never built from application types: a ledger that ran a migration keeps the SQL it
    /// ran, so an enum's `allCases` pasted in would change a shipped migration with every new
    /// case. A new case of `EntryType`, `Recurrence`, `OfferKind`, `OfferStatus` or `Visibility`
    /// needs a new migration that rebuilds `entry` with it (as the third one does). The tests pin
    /// the schema after each migration (`Tests/ChapeauStoreTests/Golden/`) and check that the
    /// current CHECKs accept every value of those enums.
    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("2026-11-23 journal") { db in
            try db.execute(sql: """
                CREATE TABLE entry (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    id TEXT NOT NULL UNIQUE,
                    type TEXT NOT NULL CHECK (type IN ('supporter','gift','pledge','pledge-end','offer','offer-status','need','expense','void','erasure')),
                    number INTEGER NOT NULL CHECK (number > 0),
                    recorded_at TEXT NOT NULL,
                    day TEXT CHECK (day IS NULL OR day GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
                    amount_minor INTEGER CHECK (amount_minor IS NULL OR (amount_minor > 0 AND amount_minor <= 1000000000000000)),
                    unit TEXT,
                    supporter TEXT REFERENCES entry(id),
                    link TEXT REFERENCES entry(id),
                    every TEXT CHECK (every IS NULL OR every IN ('week','month','quarter','year')),
                    end_day TEXT CHECK (end_day IS NULL OR end_day GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
                    channel TEXT,
                    campaign TEXT,
                    reference TEXT,
                    kind TEXT CHECK (kind IS NULL OR kind IN ('time','skill','object','lodging','service','other')),
                    status TEXT CHECK (status IS NULL OR status IN ('offered','accepted','delivered','declined','withdrawn')),
                    text TEXT,
                    category TEXT,
                    quantity_minor INTEGER CHECK (quantity_minor IS NULL OR quantity_minor > 0),
                    quantity_unit TEXT,
                    value_minor INTEGER CHECK (value_minor IS NULL OR value_minor > 0),
                    value_unit TEXT,
                    visibility TEXT CHECK (visibility IS NULL OR visibility IN ('public','pseudonym','anonymous')),
                    private_digest TEXT,
                    prev_hash TEXT NOT NULL CHECK (length(prev_hash) = 64),
                    hash TEXT NOT NULL UNIQUE CHECK (length(hash) = 64),
                    UNIQUE (type, number),
                    CHECK (type NOT IN ('gift','pledge','need','expense') OR (amount_minor IS NOT NULL AND unit IS NOT NULL)),
                    CHECK (type = 'supporter' OR day IS NOT NULL),
                    CHECK (type <> 'supporter' OR visibility IS NOT NULL),
                    CHECK (type NOT IN ('pledge','need') OR every IS NOT NULL),
                    CHECK (type NOT IN ('pledge-end','offer-status','void','erasure') OR link IS NOT NULL),
                    CHECK (type <> 'offer' OR kind IS NOT NULL),
                    CHECK (type <> 'offer-status' OR status IS NOT NULL)
                );
                CREATE INDEX entry_gift_day ON entry(day, unit, amount_minor) WHERE type = 'gift';
                CREATE INDEX entry_supporter ON entry(supporter) WHERE supporter IS NOT NULL;
                CREATE INDEX entry_link ON entry(link) WHERE link IS NOT NULL;
                CREATE INDEX entry_reference ON entry(reference) WHERE reference IS NOT NULL;
                CREATE INDEX entry_type_day ON entry(type, day);

                CREATE TRIGGER entry_append_only_update BEFORE UPDATE ON entry
                BEGIN SELECT RAISE(ABORT, 'the journal is append-only: record a correction with chapeau void'); END;
                CREATE TRIGGER entry_append_only_delete BEFORE DELETE ON entry
                BEGIN SELECT RAISE(ABORT, 'the journal is append-only: record a correction with chapeau void'); END;

                -- Personal data, outside the chain: only its salted digest is chained.
                CREATE TABLE personal (
                    seq INTEGER PRIMARY KEY REFERENCES entry(seq),
                    salt TEXT NOT NULL,
                    handle TEXT UNIQUE,
                    name TEXT,
                    email TEXT,
                    note TEXT
                );
                CREATE TRIGGER personal_no_update BEFORE UPDATE ON personal
                BEGIN SELECT RAISE(ABORT, 'personal data is never edited'); END;
                -- Personal data goes only after an erasure entry for its supporter.
                CREATE TRIGGER personal_delete_only_erased BEFORE DELETE ON personal
                WHEN NOT EXISTS (
                    SELECT 1 FROM entry e JOIN entry x
                      ON x.type = 'erasure' AND x.link = (CASE WHEN e.type = 'supporter' THEN e.id ELSE e.supporter END)
                    WHERE e.seq = OLD.seq)
                BEGIN SELECT RAISE(ABORT, 'personal data is removed only by chapeau supporter erase'); END;

                -- Small key/value state for the application (the job's bookmarks, for instance).
                CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                """)
        }
        m.registerMigration("2026-11-23 job runs") { db in
            try db.execute(sql: """
                -- One row per 'chapeau run': when, what it did, and each target's outcome (JSON).
                CREATE TABLE job_run (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    started_at TEXT NOT NULL,
                    ended_at TEXT NOT NULL,
                    now TEXT NOT NULL,
                    status TEXT NOT NULL CHECK (status IN ('ok', 'failed')),
                    summary TEXT NOT NULL
                );
                """)
        }
        m.registerMigration("2026-11-24 journal without IN lists, indexes for reports") { db in
            // SQLite evaluates a CHECK's `IN (…)` list by building a temporary table at every
            // row written: nine of them made each append four times as costly. The same rules
            // as equality tests, in the documented way to change a table's constraints: a new
            // table, every row copied as is (the chain does not depend on the schema), the old
            // one dropped, the new one renamed; indexes and triggers made again. The highest
            // sequence number ever used is kept, so a row deleted at the end is still noticed.
            // Indexes for reports: each supporter's first gift, what was paid towards each
            // pledge, and a span's totals are read from an index alone instead of every gift's
            // row (the gifts-by-day index now carries the supporter, for distinct counts).
            let highest = try Int64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = 'entry'") ?? 0
            try db.execute(sql: """
                DROP TRIGGER personal_delete_only_erased;
                CREATE TABLE entry_new (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    id TEXT NOT NULL UNIQUE,
                    type TEXT NOT NULL CHECK (type = 'supporter' OR type = 'gift' OR type = 'pledge' OR type = 'pledge-end' OR type = 'offer' OR type = 'offer-status' OR type = 'need' OR type = 'expense' OR type = 'void' OR type = 'erasure'),
                    number INTEGER NOT NULL CHECK (number > 0),
                    recorded_at TEXT NOT NULL,
                    day TEXT CHECK (day IS NULL OR day GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
                    amount_minor INTEGER CHECK (amount_minor IS NULL OR (amount_minor > 0 AND amount_minor <= 1000000000000000)),
                    unit TEXT,
                    supporter TEXT REFERENCES entry(id),
                    link TEXT REFERENCES entry(id),
                    every TEXT CHECK (every IS NULL OR (every = 'week' OR every = 'month' OR every = 'quarter' OR every = 'year')),
                    end_day TEXT CHECK (end_day IS NULL OR end_day GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
                    channel TEXT,
                    campaign TEXT,
                    reference TEXT,
                    kind TEXT CHECK (kind IS NULL OR (kind = 'time' OR kind = 'skill' OR kind = 'object' OR kind = 'lodging' OR kind = 'service' OR kind = 'other')),
                    status TEXT CHECK (status IS NULL OR (status = 'offered' OR status = 'accepted' OR status = 'delivered' OR status = 'declined' OR status = 'withdrawn')),
                    text TEXT,
                    category TEXT,
                    quantity_minor INTEGER CHECK (quantity_minor IS NULL OR quantity_minor > 0),
                    quantity_unit TEXT,
                    value_minor INTEGER CHECK (value_minor IS NULL OR value_minor > 0),
                    value_unit TEXT,
                    visibility TEXT CHECK (visibility IS NULL OR (visibility = 'public' OR visibility = 'pseudonym' OR visibility = 'anonymous')),
                    private_digest TEXT,
                    prev_hash TEXT NOT NULL CHECK (length(prev_hash) = 64),
                    hash TEXT NOT NULL UNIQUE CHECK (length(hash) = 64),
                    UNIQUE (type, number),
                    CHECK (NOT (type = 'gift' OR type = 'pledge' OR type = 'need' OR type = 'expense') OR (amount_minor IS NOT NULL AND unit IS NOT NULL)),
                    CHECK (type = 'supporter' OR day IS NOT NULL),
                    CHECK (type <> 'supporter' OR visibility IS NOT NULL),
                    CHECK (NOT (type = 'pledge' OR type = 'need') OR every IS NOT NULL),
                    CHECK (NOT (type = 'pledge-end' OR type = 'offer-status' OR type = 'void' OR type = 'erasure') OR link IS NOT NULL),
                    CHECK (type <> 'offer' OR kind IS NOT NULL),
                    CHECK (type <> 'offer-status' OR status IS NOT NULL)
                );
                INSERT INTO entry_new SELECT * FROM entry;
                DROP TABLE entry;
                ALTER TABLE entry_new RENAME TO entry;
                UPDATE sqlite_sequence SET seq = max(seq, \(highest)) WHERE name = 'entry';

                CREATE INDEX entry_gift_day ON entry(day, unit, amount_minor, supporter) WHERE type = 'gift';
                CREATE INDEX entry_supporter ON entry(supporter) WHERE supporter IS NOT NULL;
                CREATE INDEX entry_link ON entry(link) WHERE link IS NOT NULL;
                CREATE INDEX entry_reference ON entry(reference) WHERE reference IS NOT NULL;
                CREATE INDEX entry_type_day ON entry(type, day);
                CREATE INDEX entry_gift_supporter ON entry(supporter, unit, day) WHERE type = 'gift' AND supporter IS NOT NULL;
                CREATE INDEX entry_gift_pledge ON entry(link, amount_minor) WHERE type = 'gift' AND link IS NOT NULL;

                CREATE TRIGGER entry_append_only_update BEFORE UPDATE ON entry
                BEGIN SELECT RAISE(ABORT, 'the journal is append-only: record a correction with chapeau void'); END;
                CREATE TRIGGER entry_append_only_delete BEFORE DELETE ON entry
                BEGIN SELECT RAISE(ABORT, 'the journal is append-only: record a correction with chapeau void'); END;
                CREATE TRIGGER personal_delete_only_erased BEFORE DELETE ON personal
                WHEN NOT EXISTS (
                    SELECT 1 FROM entry e JOIN entry x
                      ON x.type = 'erasure' AND x.link = (CASE WHEN e.type = 'supporter' THEN e.id ELSE e.supporter END)
                    WHERE e.seq = OLD.seq)
                BEGIN SELECT RAISE(ABORT, 'personal data is removed only by chapeau supporter erase'); END;
                """)
        }
        m.registerMigration("2026-12-04 published reports") { db in
            try db.execute(sql: """
                -- What has been published, one row per closed period: written by 'chapeau run' when
                -- it publishes or revises a report, read by whoever writes the site files (index,
                -- feed, latest.json, badge), so that they say the same thing whoever writes them.
                -- summary: the figures the site shows for the period, as published (JSON).
                CREATE TABLE published (
                    period TEXT PRIMARY KEY,
                    first_published_at TEXT NOT NULL,
                    revised_at TEXT,
                    revision INTEGER NOT NULL CHECK (revision >= 0),
                    summary TEXT NOT NULL,
                    CHECK ((revision = 0) = (revised_at IS NULL))
                ) WITHOUT ROWID;

                -- Ledgers whose job kept its publications in its own state: the time of a version
                -- was its 'updated'; a revised one keeps it as its revision's time (its first
                -- publication's time was not kept).
                INSERT INTO published (period, first_published_at, revised_at, revision, summary)
                SELECT p.key, json_extract(p.value, '$.updated'),
                       CASE WHEN json_extract(p.value, '$.revised') THEN json_extract(p.value, '$.updated') END,
                       CASE WHEN json_extract(p.value, '$.revised') THEN 1 ELSE 0 END,
                       p.value
                FROM meta m, json_each(m.value, '$.published') p
                WHERE m.key = 'job.state' AND json_valid(m.value);
                """)
        }
        m.registerMigration("2026-12-04 campaigns, offers answering needs") { db in
            // A new entry type, `campaign` (its slug in `campaign`, its name in `text`, its start
            // and end in `day` and `end_day`, its fixed costs in `amount_minor` and `unit`), and
            // a new column for its declared participants. An offer answering a need names it in
            // `link`, which needs no change. Rebuilt as the third migration does: every row
            // copied as is (hashes do not depend on the schema), the highest sequence kept.
            let highest = try Int64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = 'entry'") ?? 0
            try db.execute(sql: """
                DROP TRIGGER personal_delete_only_erased;
                CREATE TABLE entry_new (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    id TEXT NOT NULL UNIQUE,
                    type TEXT NOT NULL CHECK (type = 'supporter' OR type = 'gift' OR type = 'pledge' OR type = 'pledge-end' OR type = 'offer' OR type = 'offer-status' OR type = 'need' OR type = 'expense' OR type = 'void' OR type = 'erasure' OR type = 'campaign'),
                    number INTEGER NOT NULL CHECK (number > 0),
                    recorded_at TEXT NOT NULL,
                    day TEXT CHECK (day IS NULL OR day GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
                    amount_minor INTEGER CHECK (amount_minor IS NULL OR (amount_minor > 0 AND amount_minor <= 1000000000000000)),
                    unit TEXT,
                    supporter TEXT REFERENCES entry(id),
                    link TEXT REFERENCES entry(id),
                    every TEXT CHECK (every IS NULL OR (every = 'week' OR every = 'month' OR every = 'quarter' OR every = 'year')),
                    end_day TEXT CHECK (end_day IS NULL OR end_day GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
                    channel TEXT,
                    campaign TEXT,
                    reference TEXT,
                    kind TEXT CHECK (kind IS NULL OR (kind = 'time' OR kind = 'skill' OR kind = 'object' OR kind = 'lodging' OR kind = 'service' OR kind = 'other')),
                    status TEXT CHECK (status IS NULL OR (status = 'offered' OR status = 'accepted' OR status = 'delivered' OR status = 'declined' OR status = 'withdrawn')),
                    text TEXT,
                    category TEXT,
                    quantity_minor INTEGER CHECK (quantity_minor IS NULL OR quantity_minor > 0),
                    quantity_unit TEXT,
                    value_minor INTEGER CHECK (value_minor IS NULL OR value_minor > 0),
                    value_unit TEXT,
                    visibility TEXT CHECK (visibility IS NULL OR (visibility = 'public' OR visibility = 'pseudonym' OR visibility = 'anonymous')),
                    private_digest TEXT,
                    prev_hash TEXT NOT NULL CHECK (length(prev_hash) = 64),
                    hash TEXT NOT NULL UNIQUE CHECK (length(hash) = 64),
                    participants INTEGER CHECK (participants IS NULL OR (participants >= 0 AND participants <= 1000000000)),
                    UNIQUE (type, number),
                    CHECK (NOT (type = 'gift' OR type = 'pledge' OR type = 'need' OR type = 'expense') OR (amount_minor IS NOT NULL AND unit IS NOT NULL)),
                    CHECK (type = 'supporter' OR day IS NOT NULL),
                    CHECK (type <> 'supporter' OR visibility IS NOT NULL),
                    CHECK (NOT (type = 'pledge' OR type = 'need') OR every IS NOT NULL),
                    CHECK (NOT (type = 'pledge-end' OR type = 'offer-status' OR type = 'void' OR type = 'erasure') OR link IS NOT NULL),
                    CHECK (type <> 'offer' OR kind IS NOT NULL),
                    CHECK (type <> 'offer-status' OR status IS NOT NULL),
                    CHECK (type <> 'campaign' OR campaign IS NOT NULL),
                    CHECK (type = 'campaign' OR participants IS NULL)
                );
                INSERT INTO entry_new (seq, id, type, number, recorded_at, day, amount_minor, unit, supporter, link, every,
                  end_day, channel, campaign, reference, kind, status, text, category, quantity_minor, quantity_unit,
                  value_minor, value_unit, visibility, private_digest, prev_hash, hash)
                SELECT seq, id, type, number, recorded_at, day, amount_minor, unit, supporter, link, every,
                  end_day, channel, campaign, reference, kind, status, text, category, quantity_minor, quantity_unit,
                  value_minor, value_unit, visibility, private_digest, prev_hash, hash FROM entry;
                DROP TABLE entry;
                ALTER TABLE entry_new RENAME TO entry;
                UPDATE sqlite_sequence SET seq = max(seq, \(highest)) WHERE name = 'entry';

                CREATE INDEX entry_gift_day ON entry(day, unit, amount_minor, supporter) WHERE type = 'gift';
                CREATE INDEX entry_supporter ON entry(supporter) WHERE supporter IS NOT NULL;
                CREATE INDEX entry_link ON entry(link) WHERE link IS NOT NULL;
                CREATE INDEX entry_reference ON entry(reference) WHERE reference IS NOT NULL;
                CREATE INDEX entry_type_day ON entry(type, day);
                CREATE INDEX entry_gift_supporter ON entry(supporter, unit, day) WHERE type = 'gift' AND supporter IS NOT NULL;
                CREATE INDEX entry_gift_pledge ON entry(link, amount_minor) WHERE type = 'gift' AND link IS NOT NULL;
                CREATE INDEX entry_gift_campaign ON entry(campaign, day) WHERE type = 'gift' AND campaign IS NOT NULL;

                CREATE TRIGGER entry_append_only_update BEFORE UPDATE ON entry
                BEGIN SELECT RAISE(ABORT, 'the journal is append-only: record a correction with chapeau void'); END;
                CREATE TRIGGER entry_append_only_delete BEFORE DELETE ON entry
                BEGIN SELECT RAISE(ABORT, 'the journal is append-only: record a correction with chapeau void'); END;
                CREATE TRIGGER personal_delete_only_erased BEFORE DELETE ON personal
                WHEN NOT EXISTS (
                    SELECT 1 FROM entry e JOIN entry x
                      ON x.type = 'erasure' AND x.link = (CASE WHEN e.type = 'supporter' THEN e.id ELSE e.supporter END)
                    WHERE e.seq = OLD.seq)
                BEGIN SELECT RAISE(ABORT, 'personal data is removed only by chapeau supporter erase'); END;
                """)
        }
        m.registerMigration("2026-12-04 receipts, postal addresses") { db in
            // A new entry type, `receipt` (a tax receipt issued by an association: its number
            // `YEAR-NNNN` in `reference`, the donor in `supporter`, the amount stated in
            // `amount_minor` and `unit`, the day of issue in `day`; a duplicate names the receipt it
            // reproduces in `link`), with a unique index so that an original number is never
            // used twice; and a supporter's postal address among their personal data. Rebuilt as
            // the fifth migration does: every row copied as is, the highest sequence kept.
            let highest = try Int64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = 'entry'") ?? 0
            try db.execute(sql: """
                DROP TRIGGER personal_delete_only_erased;
                CREATE TABLE entry_new (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    id TEXT NOT NULL UNIQUE,
                    type TEXT NOT NULL CHECK (type = 'supporter' OR type = 'gift' OR type = 'pledge' OR type = 'pledge-end' OR type = 'offer' OR type = 'offer-status' OR type = 'need' OR type = 'expense' OR type = 'void' OR type = 'erasure' OR type = 'campaign' OR type = 'receipt'),
                    number INTEGER NOT NULL CHECK (number > 0),
                    recorded_at TEXT NOT NULL,
                    day TEXT CHECK (day IS NULL OR day GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
                    amount_minor INTEGER CHECK (amount_minor IS NULL OR (amount_minor > 0 AND amount_minor <= 1000000000000000)),
                    unit TEXT,
                    supporter TEXT REFERENCES entry(id),
                    link TEXT REFERENCES entry(id),
                    every TEXT CHECK (every IS NULL OR (every = 'week' OR every = 'month' OR every = 'quarter' OR every = 'year')),
                    end_day TEXT CHECK (end_day IS NULL OR end_day GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
                    channel TEXT,
                    campaign TEXT,
                    reference TEXT,
                    kind TEXT CHECK (kind IS NULL OR (kind = 'time' OR kind = 'skill' OR kind = 'object' OR kind = 'lodging' OR kind = 'service' OR kind = 'other')),
                    status TEXT CHECK (status IS NULL OR (status = 'offered' OR status = 'accepted' OR status = 'delivered' OR status = 'declined' OR status = 'withdrawn')),
                    text TEXT,
                    category TEXT,
                    quantity_minor INTEGER CHECK (quantity_minor IS NULL OR quantity_minor > 0),
                    quantity_unit TEXT,
                    value_minor INTEGER CHECK (value_minor IS NULL OR value_minor > 0),
                    value_unit TEXT,
                    visibility TEXT CHECK (visibility IS NULL OR (visibility = 'public' OR visibility = 'pseudonym' OR visibility = 'anonymous')),
                    private_digest TEXT,
                    prev_hash TEXT NOT NULL CHECK (length(prev_hash) = 64),
                    hash TEXT NOT NULL UNIQUE CHECK (length(hash) = 64),
                    participants INTEGER CHECK (participants IS NULL OR (participants >= 0 AND participants <= 1000000000)),
                    UNIQUE (type, number),
                    CHECK (NOT (type = 'gift' OR type = 'pledge' OR type = 'need' OR type = 'expense') OR (amount_minor IS NOT NULL AND unit IS NOT NULL)),
                    CHECK (type = 'supporter' OR day IS NOT NULL),
                    CHECK (type <> 'supporter' OR visibility IS NOT NULL),
                    CHECK (NOT (type = 'pledge' OR type = 'need') OR every IS NOT NULL),
                    CHECK (NOT (type = 'pledge-end' OR type = 'offer-status' OR type = 'void' OR type = 'erasure') OR link IS NOT NULL),
                    CHECK (type <> 'offer' OR kind IS NOT NULL),
                    CHECK (type <> 'offer-status' OR status IS NOT NULL),
                    CHECK (type <> 'campaign' OR campaign IS NOT NULL),
                    CHECK (type = 'campaign' OR participants IS NULL),
                    CHECK (type <> 'receipt' OR (reference IS NOT NULL AND supporter IS NOT NULL AND amount_minor IS NOT NULL AND unit IS NOT NULL))
                );
                INSERT INTO entry_new (seq, id, type, number, recorded_at, day, amount_minor, unit, supporter, link, every,
                  end_day, channel, campaign, reference, kind, status, text, category, quantity_minor, quantity_unit,
                  value_minor, value_unit, visibility, private_digest, prev_hash, hash, participants)
                SELECT seq, id, type, number, recorded_at, day, amount_minor, unit, supporter, link, every,
                  end_day, channel, campaign, reference, kind, status, text, category, quantity_minor, quantity_unit,
                  value_minor, value_unit, visibility, private_digest, prev_hash, hash, participants FROM entry;
                DROP TABLE entry;
                ALTER TABLE entry_new RENAME TO entry;
                UPDATE sqlite_sequence SET seq = max(seq, \(highest)) WHERE name = 'entry';

                CREATE INDEX entry_gift_day ON entry(day, unit, amount_minor, supporter) WHERE type = 'gift';
                CREATE INDEX entry_supporter ON entry(supporter) WHERE supporter IS NOT NULL;
                CREATE INDEX entry_link ON entry(link) WHERE link IS NOT NULL;
                CREATE INDEX entry_reference ON entry(reference) WHERE reference IS NOT NULL;
                CREATE INDEX entry_type_day ON entry(type, day);
                CREATE INDEX entry_gift_supporter ON entry(supporter, unit, day) WHERE type = 'gift' AND supporter IS NOT NULL;
                CREATE INDEX entry_gift_pledge ON entry(link, amount_minor) WHERE type = 'gift' AND link IS NOT NULL;
                CREATE INDEX entry_gift_campaign ON entry(campaign, day) WHERE type = 'gift' AND campaign IS NOT NULL;
                CREATE UNIQUE INDEX entry_receipt_number ON entry(reference) WHERE type = 'receipt' AND link IS NULL;
                CREATE INDEX entry_receipt_supporter ON entry(supporter, reference) WHERE type = 'receipt';

                CREATE TRIGGER entry_append_only_update BEFORE UPDATE ON entry
                BEGIN SELECT RAISE(ABORT, 'the journal is append-only: record a correction with chapeau void'); END;
                CREATE TRIGGER entry_append_only_delete BEFORE DELETE ON entry
                BEGIN SELECT RAISE(ABORT, 'the journal is append-only: record a correction with chapeau void'); END;
                CREATE TRIGGER personal_delete_only_erased BEFORE DELETE ON personal
                WHEN NOT EXISTS (
                    SELECT 1 FROM entry e JOIN entry x
                      ON x.type = 'erasure' AND x.link = (CASE WHEN e.type = 'supporter' THEN e.id ELSE e.supporter END)
                    WHERE e.seq = OLD.seq)
                BEGIN SELECT RAISE(ABORT, 'personal data is removed only by chapeau supporter erase'); END;

                ALTER TABLE personal ADD COLUMN address TEXT;
                """)
        }
        m.registerMigration("2026-12-05 pledges by supporter") { db in
            // Every imported gift with a supporter asks which of their pledges it fulfils. With
            // only the index of all of a supporter's entries, that read every gift they had made
            // before (a table lookup each, to learn it was not a pledge): an import's cost grew
            // with the square of the gifts per supporter. Pledges alone, by supporter.
            try db.execute(sql: """
                CREATE INDEX entry_pledge_supporter ON entry(supporter) WHERE type = 'pledge';
                """)
        }
        m.registerMigration("2026-12-05 supporter updates") { db in
            // A new entry type, `supporter-update`: a change to a supporter's name, e-mail or
            // postal address (in `personal`, its salted digest chained), the supporter in
            // `supporter`, the day in `day`. Found by supporter through its own small index.
            // Rebuilt as the sixth migration does: every row copied as is, the highest sequence kept.
            let highest = try Int64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = 'entry'") ?? 0
            try db.execute(sql: """
                DROP TRIGGER personal_delete_only_erased;
                CREATE TABLE entry_new (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    id TEXT NOT NULL UNIQUE,
                    type TEXT NOT NULL CHECK (type = 'supporter' OR type = 'gift' OR type = 'pledge' OR type = 'pledge-end' OR type = 'offer' OR type = 'offer-status' OR type = 'need' OR type = 'expense' OR type = 'void' OR type = 'erasure' OR type = 'campaign' OR type = 'receipt' OR type = 'supporter-update'),
                    number INTEGER NOT NULL CHECK (number > 0),
                    recorded_at TEXT NOT NULL,
                    day TEXT CHECK (day IS NULL OR day GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
                    amount_minor INTEGER CHECK (amount_minor IS NULL OR (amount_minor > 0 AND amount_minor <= 1000000000000000)),
                    unit TEXT,
                    supporter TEXT REFERENCES entry(id),
                    link TEXT REFERENCES entry(id),
                    every TEXT CHECK (every IS NULL OR (every = 'week' OR every = 'month' OR every = 'quarter' OR every = 'year')),
                    end_day TEXT CHECK (end_day IS NULL OR end_day GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
                    channel TEXT,
                    campaign TEXT,
                    reference TEXT,
                    kind TEXT CHECK (kind IS NULL OR (kind = 'time' OR kind = 'skill' OR kind = 'object' OR kind = 'lodging' OR kind = 'service' OR kind = 'other')),
                    status TEXT CHECK (status IS NULL OR (status = 'offered' OR status = 'accepted' OR status = 'delivered' OR status = 'declined' OR status = 'withdrawn')),
                    text TEXT,
                    category TEXT,
                    quantity_minor INTEGER CHECK (quantity_minor IS NULL OR quantity_minor > 0),
                    quantity_unit TEXT,
                    value_minor INTEGER CHECK (value_minor IS NULL OR value_minor > 0),
                    value_unit TEXT,
                    visibility TEXT CHECK (visibility IS NULL OR (visibility = 'public' OR visibility = 'pseudonym' OR visibility = 'anonymous')),
                    private_digest TEXT,
                    prev_hash TEXT NOT NULL CHECK (length(prev_hash) = 64),
                    hash TEXT NOT NULL UNIQUE CHECK (length(hash) = 64),
                    participants INTEGER CHECK (participants IS NULL OR (participants >= 0 AND participants <= 1000000000)),
                    UNIQUE (type, number),
                    CHECK (NOT (type = 'gift' OR type = 'pledge' OR type = 'need' OR type = 'expense') OR (amount_minor IS NOT NULL AND unit IS NOT NULL)),
                    CHECK (type = 'supporter' OR day IS NOT NULL),
                    CHECK (type <> 'supporter' OR visibility IS NOT NULL),
                    CHECK (NOT (type = 'pledge' OR type = 'need') OR every IS NOT NULL),
                    CHECK (NOT (type = 'pledge-end' OR type = 'offer-status' OR type = 'void' OR type = 'erasure') OR link IS NOT NULL),
                    CHECK (type <> 'offer' OR kind IS NOT NULL),
                    CHECK (type <> 'offer-status' OR status IS NOT NULL),
                    CHECK (type <> 'campaign' OR campaign IS NOT NULL),
                    CHECK (type = 'campaign' OR participants IS NULL),
                    CHECK (type <> 'receipt' OR (reference IS NOT NULL AND supporter IS NOT NULL AND amount_minor IS NOT NULL AND unit IS NOT NULL)),
                    CHECK (type <> 'supporter-update' OR supporter IS NOT NULL)
                );
                INSERT INTO entry_new (seq, id, type, number, recorded_at, day, amount_minor, unit, supporter, link, every,
                  end_day, channel, campaign, reference, kind, status, text, category, quantity_minor, quantity_unit,
                  value_minor, value_unit, visibility, private_digest, prev_hash, hash, participants)
                SELECT seq, id, type, number, recorded_at, day, amount_minor, unit, supporter, link, every,
                  end_day, channel, campaign, reference, kind, status, text, category, quantity_minor, quantity_unit,
                  value_minor, value_unit, visibility, private_digest, prev_hash, hash, participants FROM entry;
                DROP TABLE entry;
                ALTER TABLE entry_new RENAME TO entry;
                UPDATE sqlite_sequence SET seq = max(seq, \(highest)) WHERE name = 'entry';

                CREATE INDEX entry_gift_day ON entry(day, unit, amount_minor, supporter) WHERE type = 'gift';
                CREATE INDEX entry_supporter ON entry(supporter) WHERE supporter IS NOT NULL;
                CREATE INDEX entry_link ON entry(link) WHERE link IS NOT NULL;
                CREATE INDEX entry_reference ON entry(reference) WHERE reference IS NOT NULL;
                CREATE INDEX entry_type_day ON entry(type, day);
                CREATE INDEX entry_gift_supporter ON entry(supporter, unit, day) WHERE type = 'gift' AND supporter IS NOT NULL;
                CREATE INDEX entry_gift_pledge ON entry(link, amount_minor) WHERE type = 'gift' AND link IS NOT NULL;
                CREATE INDEX entry_gift_campaign ON entry(campaign, day) WHERE type = 'gift' AND campaign IS NOT NULL;
                CREATE UNIQUE INDEX entry_receipt_number ON entry(reference) WHERE type = 'receipt' AND link IS NULL;
                CREATE INDEX entry_receipt_supporter ON entry(supporter, reference) WHERE type = 'receipt';
                CREATE INDEX entry_pledge_supporter ON entry(supporter) WHERE type = 'pledge';
                CREATE INDEX entry_supporter_update ON entry(supporter, seq) WHERE type = 'supporter-update';

                CREATE TRIGGER entry_append_only_update BEFORE UPDATE ON entry
                BEGIN SELECT RAISE(ABORT, 'the journal is append-only: record a correction with chapeau void'); END;
                CREATE TRIGGER entry_append_only_delete BEFORE DELETE ON entry
                BEGIN SELECT RAISE(ABORT, 'the journal is append-only: record a correction with chapeau void'); END;
                CREATE TRIGGER personal_delete_only_erased BEFORE DELETE ON personal
                WHEN NOT EXISTS (
                    SELECT 1 FROM entry e JOIN entry x
                      ON x.type = 'erasure' AND x.link = (CASE WHEN e.type = 'supporter' THEN e.id ELSE e.supporter END)
                    WHERE e.seq = OLD.seq)
                BEGIN SELECT RAISE(ABORT, 'personal data is removed only by chapeau supporter erase'); END;

                """)
        }
        m.registerMigration("2026-12-05 totals kept on append") { db in
            // Per day and unit, per supporter and year, per pledge: kept by triggers as gifts and
            // voids are appended, filled here from the journal (see `Aggregates`). And every
            // pledge's columns in journal order, read by each run without a table lookup or a sort.
            try Aggregates.create(db)
            try db.execute(sql: """
                CREATE INDEX entry_pledge_rows ON entry(seq, number, amount_minor, unit, every, supporter, day, end_day, channel)
                WHERE type = 'pledge';
                """)
        }
        m.registerMigration("2026-12-05 overdue announcements in a table") { db in
            // The overdue instalments the job has announced, one row each: the job's state kept
            // them as one JSON list, read and written whole by every run (420 kB at a million
            // gifts); a run now looks up and adds the few it finds. Moved out of the state here.
            try db.execute(sql: """
                CREATE TABLE job_overdue_announced (
                    pledge TEXT NOT NULL,
                    due TEXT NOT NULL,
                    PRIMARY KEY (pledge, due)
                ) WITHOUT ROWID;
                INSERT OR IGNORE INTO job_overdue_announced (pledge, due)
                SELECT substr(a.value, 1, instr(a.value, '@') - 1), substr(a.value, instr(a.value, '@') + 1)
                FROM (SELECT value FROM meta WHERE key = 'job.state' AND json_valid(value)) AS s,
                     json_each(s.value, '$.overdueAnnounced') AS a
                WHERE a.type = 'text' AND instr(a.value, '@') > 1;
                UPDATE meta SET value = json_remove(value, '$.overdueAnnounced') WHERE key = 'job.state' AND json_valid(value);
                """)
        }
        return m
    }

    /// Columns of `entry` in the order `record(from:)` reads them.
    static let entryColumns = """
        seq, id, recorded_at, day, amount_minor, unit, supporter, link, every, end_day, channel, campaign, \
        reference, kind, status, text, category, quantity_minor, quantity_unit, value_minor, value_unit, \
        visibility, private_digest, prev_hash, hash, participants
        """

    /// Reads an `EntryRecord` from a row selected with `entryColumns`; nil if the row is malformed.
    static func record(from row: Row) -> (seq: Int64, record: EntryRecord, prev: String, hash: String)? {
        guard let seq: Int64 = row[0], let idText: String = row[1], let ref = EntryRef(idText),
              let recorded: String = row[2] else { return nil }
        var r = EntryRecord(ref: ref, recordedAt: recorded)
        r.day = (row[3] as String?).flatMap { Day(iso: $0) }
        r.amountMinor = row[4]
        r.unit = row[5]
        r.supporter = (row[6] as String?).flatMap(EntryRef.init)
        r.link = (row[7] as String?).flatMap(EntryRef.init)
        r.recurrence = (row[8] as String?).flatMap(Recurrence.init(rawValue:))
        r.endDay = (row[9] as String?).flatMap { Day(iso: $0) }
        r.channel = row[10]
        r.campaign = row[11]
        r.reference = row[12]
        r.offerKind = (row[13] as String?).flatMap(OfferKind.init(rawValue:))
        r.status = (row[14] as String?).flatMap(OfferStatus.init(rawValue:))
        r.text = row[15]
        r.category = row[16]
        r.quantityMinor = row[17]
        r.quantityUnit = row[18]
        r.valueMinor = row[19]
        r.valueUnit = row[20]
        r.visibility = (row[21] as String?).flatMap(Visibility.init(rawValue:))
        r.privateDigest = row[22]
        r.participants = row[25]
        return (seq, r, row[23] ?? "", row[24] ?? "")
    }
}
