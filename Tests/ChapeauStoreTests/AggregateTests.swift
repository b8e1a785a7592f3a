import Foundation
import GRDB
import Testing
@testable import ChapeauCore
@testable import ChapeauStore

/// The totals kept on append (per day and unit, each supporter's first day per unit and year,
/// per pledge) against sums made over the journal by hand.
@Suite("Totals kept on append")
struct AggregateTests {
    /// A seeded mix: supporters, pledges, gifts in two units over two years (with and without
    /// supporter or pledge), and voids of some of them, appended in batches.
    func randomLedger(_ l: TempLedger, seed: UInt64) throws -> (gifts: [(ref: EntryRef, gift: Gift)], voided: Set<EntryRef>) {
        var rng = SplitMix64(seed: seed)
        let ptj = try #require(units.unit(code: "PTJ"))
        for k in 1...12 { try l.add(.supporter(Supporter(handle: "s\(k)"))) }
        for k in 1...4 {
            try l.add(.pledge(Pledge(amount: eur(500), every: .month, supporter: ID(Int64(k)), start: day("2025-01-05"))))
        }
        var gifts: [(ref: EntryRef, gift: Gift)] = []
        var voided: Set<EntryRef> = []
        for _ in 0..<40 {
            var batch: [EntryBody] = []
            for _ in 0..<(1 + Int(rng.next() % 8)) {
                let year = rng.next() % 2 == 0 ? 2025 : 2026
                let d = try #require(Day(year: year, month: 1 + Int(rng.next() % 12), day: 1 + Int(rng.next() % 28)))
                let who: ID<Supporter>? = rng.next() % 4 == 0 ? nil : ID(Int64(1 + rng.next() % 12))
                let pledge: ID<Pledge>? = who.flatMap { $0.number <= 4 && rng.next() % 2 == 0 ? ID(Int64($0.number)) : nil }
                let amount = rng.next() % 6 == 0 ? Money(minor: Int64(1 + rng.next() % 9), unit: ptj) : eur(Int64(100 + rng.next() % 5000))
                batch.append(.gift(Gift(amount: pledge == nil ? amount : eur(500), day: d, supporter: who, pledge: pledge)))
            }
            let refs = try l.store.append(batch, recordedAt: "2026-11-20T10:00:00Z")
            for (r, b) in zip(refs, batch) { if case .gift(let g) = b { gifts.append((r, g)) } }
            // Now and then a void of any gift not voided yet, the first of a year included.
            if rng.next() % 3 == 0, let target = gifts.filter({ !voided.contains($0.ref) }).randomElement(using: &rng)?.ref {
                try l.add(.void(Correction(target: target, reason: "correction", day: day("2026-11-20"))))
                voided.insert(target)
            }
        }
        return (gifts, voided)
    }

    @Test("After any mix of gifts and voids, the kept totals are the journal's, and verify finds nothing", arguments: [1, 2, 3] as [UInt64])
    func keptTotalsMatchTheJournal(seed: UInt64) throws {
        let l = try TempLedger()
        let (gifts, voided) = try randomLedger(l, seed: seed)
        #expect(!voided.isEmpty)
        let report = try l.store.verify()
        #expect(report.isIntact, "\(report.problems)")

        // The year to date as the job asks for it (from the kept totals) against a hand sum.
        let live = gifts.filter { !voided.contains($0.ref) }
        // The same for a span from another day (the path through the journal's index).
        for (start, end) in [("2026-01-01", "2026-01-31"), ("2026-01-01", "2026-06-15"), ("2026-01-01", "2026-12-31"),
                             ("2025-03-01", "2025-11-30"), ("2025-06-01", "2026-12-31")].map({ (day($0), day($1)) }) {
            let totals = try #require(try l.store.read { db in
                try LedgerStore.giftTotals(db, from: start, to: [end], units: units)
            }[end])
            for unit in ["EUR", "PTJ"] {
                let mine = live.filter { $0.gift.amount.unit.code == unit && $0.gift.day >= start && $0.gift.day <= end }
                let t = totals.first { $0.unit.code == unit }
                #expect((t?.minor ?? 0) == mine.reduce(0) { $0 + $1.gift.amount.minor }, "\(unit) to \(end)")
                #expect((t?.gifts ?? 0) == mine.count, "\(unit) to \(end)")
                #expect((t?.supporters ?? 0) == Set(mine.compactMap(\.gift.supporter)).count, "\(unit) to \(end)")
            }
        }
        // What each pledge received.
        let standings = try l.store.pledgeStandings(today: day("2026-11-20"))
        for s in standings {
            let paid = live.filter { $0.gift.pledge == s.id }.reduce(0) { $0 + $1.gift.amount.minor }
            #expect(s.instalments.reduce(0) { $0 + $1.paid.minor } <= paid)
            #expect(try l.store.read { db in try Int64.fetchOne(db, sql: "SELECT minor FROM agg_pledge_paid WHERE pledge = ?", arguments: [s.id.description]) } ?? 0 == paid)
        }
    }

    /// Opens the file without Chapeau and runs `sql`, leaving the journal's guards in place.
    func edit(_ l: TempLedger, _ sql: String) throws {
        let q = try DatabaseQueue(path: l.path)
        try q.write { db in try db.execute(sql: sql) }
        try q.close()
    }

    @Test("The pledges kept between reads in one process follow every pledge appended, and every void")
    func pledgeCacheFollows() throws {
        let l = try TempLedger()
        try l.seed()
        #expect(try l.store.pledgeStandings(today: day("2026-11-20")).map(\.id.description) == ["p-1"])
        try l.add(.pledge(Pledge(amount: eur(300), every: .month, supporter: ID(1), start: day("2026-10-01"))))
        #expect(try l.store.pledgeStandings(today: day("2026-11-20")).map(\.id.description) == ["p-1", "p-2"])
        // Another process appends: this store's copy is not trusted past the last pledge it saw.
        let other = try LedgerStore.open(path: l.path, units: units)
        try other.append(.pledge(Pledge(amount: eur(100), every: .week, supporter: ID(2), start: day("2026-11-01"))), recordedAt: "t")
        try other.append(.void(Correction(target: EntryRef(.pledge, 1), reason: "x", day: day("2026-11-20"))), recordedAt: "t")
        #expect(try l.store.pledgeStandings(today: day("2026-11-20")).map(\.id.description) == ["p-2", "p-3"])
        let snapshot = try l.store.snapshot(from: day("2026-11-01"), to: day("2026-11-30"))
        #expect(snapshot.pledges.map(\.id.description) == ["p-2", "p-3"])
    }

    @Test("A batch that fails leaves the kept totals as they were")
    func failedBatchLeavesTotals() throws {
        let l = try TempLedger()
        try l.seed()
        let before = try l.store.read { db in try Row.fetchAll(db, sql: "SELECT * FROM agg_gift_day ORDER BY day, unit") }
        // The second entry names a supporter that does not exist: nothing of the batch is kept.
        #expect(throws: (any Error).self) {
            try l.store.append([.gift(Gift(amount: eur(700), day: day("2026-11-07"), supporter: ID(1))),
                                .gift(Gift(amount: eur(800), day: day("2026-11-07"), supporter: ID(99)))], recordedAt: "t")
        }
        let after = try l.store.read { db in try Row.fetchAll(db, sql: "SELECT * FROM agg_gift_day ORDER BY day, unit") }
        #expect(before == after)
        #expect(try l.store.verify().isIntact)
    }

    @Test("verify names a kept total edited behind chapeau's back; --rebuild-totals mends it, never over a tampered journal")
    func tamperedTotalsAreNamed() throws {
        let l = try TempLedger()
        try l.seed()
        try edit(l, "UPDATE agg_gift_day SET minor = minor + 100 WHERE day = '2026-11-05'")
        let report = try l.store.verify()
        #expect(report.problems.map(\.entry) == ["the kept totals (agg_gift_day 2026-11-05 EUR)"], "\(report.problems)")
        #expect(report.problems.allSatisfy { $0.isKeptTotals })
        try l.store.rebuildAggregates()
        #expect(try l.store.verify().isIntact)

        // The triggers dropped: named too, and made again by the rebuild.
        try edit(l, "DROP TRIGGER agg_gift_insert")
        #expect(try l.store.verify().problems.map(\.entry) == ["the kept totals"])
        try l.store.rebuildAggregates()
        try l.add(.gift(Gift(amount: eur(300), day: day("2026-11-09"))))
        #expect(try l.store.verify().isIntact)

        // A gift's amount changed in the journal: the entry is named first, and the totals differ too.
        try l.tamper("UPDATE entry SET amount_minor = 1 WHERE id = 'g-1'")
        let both = try l.store.verify()
        #expect(both.problems.contains { $0.entry == "g-1" })
        #expect(both.problems.contains { $0.isKeptTotals })
    }
}
