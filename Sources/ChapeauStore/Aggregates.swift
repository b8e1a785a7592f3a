internal import GRDB
import ChapeauCore

/// Totals kept as entries are appended, so that the job reads a year to date, each supporter's
/// first gift and what each pledge has received from a few hundred rows instead of walking
/// every gift of the year (a million-gift ledger holds a quarter of a million in one year):
///
/// - `agg_gift_day`: per day and unit, the sum and number of the gifts not voided;
/// - `agg_gift_first`: per supporter, unit and year, the day of their first gift not voided;
/// - `agg_pledge_paid`: per pledge, the sum and number of the gifts not voided that fulfil it.
///
/// Triggers keep them in the transaction that appends the gift or the void, so a run killed in
/// the middle leaves both or neither. They are derived data: `rebuild` makes them again from
/// the journal, and `verify` compares them with it and names any row that differs.
enum Aggregates {
    /// The gifts not voided, as every reading of the journal counts them.
    static let liveGifts = "type = 'gift' AND seq NOT IN (\(LedgerStore.voidedGiftRows))"

    /// The three tables, their triggers, and their first contents (migration 9).
    static func create(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE agg_gift_day (
                day TEXT NOT NULL, unit TEXT NOT NULL,
                minor INTEGER NOT NULL CHECK (typeof(minor) = 'integer'), gifts INTEGER NOT NULL,
                PRIMARY KEY (day, unit)) WITHOUT ROWID;
            CREATE TABLE agg_gift_first (
                supporter TEXT NOT NULL, unit TEXT NOT NULL, year TEXT NOT NULL, first_day TEXT NOT NULL,
                PRIMARY KEY (supporter, unit, year)) WITHOUT ROWID;
            CREATE INDEX agg_gift_first_year ON agg_gift_first(year, unit, first_day);
            CREATE TABLE agg_pledge_paid (
                pledge TEXT NOT NULL PRIMARY KEY,
                minor INTEGER NOT NULL CHECK (typeof(minor) = 'integer'), gifts INTEGER NOT NULL) WITHOUT ROWID;

            CREATE TRIGGER agg_gift_insert AFTER INSERT ON entry WHEN NEW.type = 'gift'
            BEGIN
                INSERT INTO agg_gift_day (day, unit, minor, gifts) VALUES (NEW.day, NEW.unit, NEW.amount_minor, 1)
                  ON CONFLICT (day, unit) DO UPDATE SET minor = minor + excluded.minor, gifts = gifts + 1;
                INSERT INTO agg_gift_first (supporter, unit, year, first_day)
                  SELECT NEW.supporter, NEW.unit, substr(NEW.day, 1, 4), NEW.day WHERE NEW.supporter IS NOT NULL
                  ON CONFLICT (supporter, unit, year) DO UPDATE SET first_day = min(first_day, excluded.first_day);
                INSERT INTO agg_pledge_paid (pledge, minor, gifts)
                  SELECT NEW.link, NEW.amount_minor, 1 WHERE NEW.link IS NOT NULL
                  ON CONFLICT (pledge) DO UPDATE SET minor = minor + excluded.minor, gifts = gifts + 1;
            END;

            CREATE TRIGGER agg_gift_void AFTER INSERT ON entry WHEN NEW.type = 'void' AND substr(NEW.link, 1, 2) = 'g-'
            BEGIN
                UPDATE agg_gift_day SET minor = minor - (SELECT amount_minor FROM entry WHERE id = NEW.link), gifts = gifts - 1
                  WHERE (day, unit) = (SELECT day, unit FROM entry WHERE id = NEW.link);
                DELETE FROM agg_gift_day WHERE gifts = 0 AND (day, unit) = (SELECT day, unit FROM entry WHERE id = NEW.link);
                -- The first day of that supporter, unit and year, again from their gifts left.
                DELETE FROM agg_gift_first
                  WHERE (supporter, unit, year) = (SELECT supporter, unit, substr(day, 1, 4) FROM entry WHERE id = NEW.link);
                INSERT INTO agg_gift_first (supporter, unit, year, first_day)
                  SELECT g.supporter, g.unit, substr(g.day, 1, 4), MIN(g.day)
                  FROM entry t JOIN entry g
                    ON g.type = 'gift' AND g.supporter = t.supporter AND g.unit = t.unit
                   AND g.day >= substr(t.day, 1, 4) || '-01-01' AND g.day <= substr(t.day, 1, 4) || '-12-31'
                  WHERE t.id = NEW.link AND t.supporter IS NOT NULL
                    AND NOT EXISTS (SELECT 1 FROM entry v WHERE v.link = g.id AND v.type = 'void')
                  GROUP BY g.supporter, g.unit;
                UPDATE agg_pledge_paid SET minor = minor - (SELECT amount_minor FROM entry WHERE id = NEW.link), gifts = gifts - 1
                  WHERE pledge = (SELECT link FROM entry WHERE id = NEW.link);
                DELETE FROM agg_pledge_paid WHERE gifts = 0 AND pledge = (SELECT link FROM entry WHERE id = NEW.link);
            END;
            """)
        try rebuild(db)
    }

    /// How `verify` names them.
    static let keptTotals = "the kept totals"

    /// The names of the triggers that keep the tables; `verify` expects both.
    static let triggers = ["agg_gift_insert", "agg_gift_void"]

    /// What each table holds when it agrees with the journal, in its own columns.
    static let expected: [(table: String, columns: String, key: String, select: String)] = [
        ("agg_gift_day", "day, unit, minor, gifts", "day || ' ' || unit",
         "SELECT day, unit, SUM(amount_minor) AS minor, COUNT(*) AS gifts FROM entry WHERE \(liveGifts) GROUP BY day, unit"),
        ("agg_gift_first", "supporter, unit, year, first_day", "supporter || ' ' || unit || ' ' || year",
         "SELECT supporter, unit, substr(day, 1, 4) AS year, MIN(day) AS first_day FROM entry WHERE \(liveGifts) AND supporter IS NOT NULL GROUP BY supporter, unit, substr(day, 1, 4)"),
        ("agg_pledge_paid", "pledge, minor, gifts", "pledge",
         "SELECT link AS pledge, SUM(amount_minor) AS minor, COUNT(*) AS gifts FROM entry WHERE \(liveGifts) AND link IS NOT NULL GROUP BY link"),
    ]

    /// Empties the tables and fills them again from the journal, in the caller's transaction.
    static func rebuild(_ db: Database) throws {
        for e in expected {
            try db.execute(sql: "DELETE FROM \(e.table); INSERT INTO \(e.table) (\(e.columns)) \(e.select)")
        }
    }

    /// Rows that differ from the journal, at most `limit` per table, each named by its key.
    static func check(_ db: Database, limit: Int = 5) throws -> [IntegrityProblem] {
        var problems: [IntegrityProblem] = []
        let present = Set(try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'agg_%'"))
        if !Set(triggers).isSubset(of: present) {
            problems.append(IntegrityProblem(entry: keptTotals, message: "the triggers that keep them were removed: the ledger was edited by hand; once 'chapeau verify' finds no other problem, 'chapeau verify --rebuild-totals' makes them again"))
        }
        for e in expected {
            let rows = try String.fetchAll(db, sql: """
                SELECT \(e.key) FROM (\(e.select) EXCEPT SELECT \(e.columns) FROM \(e.table))
                UNION
                SELECT \(e.key) FROM (SELECT \(e.columns) FROM \(e.table) EXCEPT \(e.select))
                LIMIT \(limit)
                """)
            for key in rows {
                problems.append(IntegrityProblem(entry: "\(keptTotals) (\(e.table) \(key))", message: "does not match the journal: the kept totals were edited, or the journal was; once 'chapeau verify' finds no other problem, 'chapeau verify --rebuild-totals' makes them again from the journal"))
            }
        }
        return problems
    }
}

extension IntegrityProblem {
    /// Whether it is about the kept totals (derived data) rather than the journal itself.
    public var isKeptTotals: Bool { entry.hasPrefix(Aggregates.keptTotals) }
}

extension LedgerStore {
    /// `verify --rebuild-totals`: the kept totals, and the triggers that keep them, made again
    /// from the journal in one transaction.
    public func rebuildAggregates() throws {
        try write { db in
            try db.execute(sql: """
                DROP TRIGGER IF EXISTS agg_gift_insert; DROP TRIGGER IF EXISTS agg_gift_void;
                DROP TABLE IF EXISTS agg_gift_day; DROP TABLE IF EXISTS agg_gift_first; DROP TABLE IF EXISTS agg_pledge_paid;
                """)
            try Aggregates.create(db)
        }
    }
}
