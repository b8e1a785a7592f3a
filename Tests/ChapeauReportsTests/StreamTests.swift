import ChapeauCore
@testable import ChapeauReports
import Foundation
import Testing

/// Reports computed in one pass over the gifts, checked against figures recomputed here the
/// plain way (filter the whole list per period), on random ledgers.
@Suite("Reports in one streaming pass")
struct StreamTests {
    static let ptj = Unit(code: "PTJ", decimals: 0, name: "Points Jeu", isCurrency: false)
    static let now = Date(timeIntervalSince1970: 1_794_808_800)  // 2026-11-16T06:00:00Z
    static let channels: [String?] = ["bank", " bank ", "cash", "leetchi", nil, ""]

    static func day(_ s: String) -> Day { Day(iso: s) ?? Day(year: 2000, month: 1, day: 1)! }

    /// A random ledger from 2024-11-01 to 2026-11-15: gifts in euros and PTJ, supporters of
    /// every visibility (some with no first gift known to the store), pledges and needs.
    static func ledger(seed: UInt64, gifts count: Int) -> LedgerSnapshot {
        var rng = SplitMix64(seed: seed)
        let start = day("2024-11-01"), days = 745
        let visibilities: [Visibility] = [.public, .pseudonym, .anonymous]
        var gifts: [PublicGift] = []
        for n in 1...count {
            let unit: ChapeauCore.Unit = rng.below(10) == 0 ? ptj : .eur
            let who = rng.below(5) == 0 ? nil : ID<Supporter>(Int64(1 + rng.below(40)))
            gifts.append(PublicGift(id: ID<Gift>(Int64(n)), amount: Money(minor: Int64(1 + rng.below(20_000)), unit: unit),
                                    day: start.adding(days: rng.below(days)), supporter: who,
                                    channel: channels[rng.below(channels.count)], campaign: rng.below(3) == 0 ? "hiver" : nil,
                                    pledge: rng.below(4) == 0 ? ID<Pledge>(Int64(1 + rng.below(4))) : nil))
        }
        gifts.sort { ($0.day, $0.id) < ($1.day, $1.id) }
        var first: [ID<Supporter>: Day] = [:]
        for g in gifts { if let s = g.supporter, first[s] == nil { first[s] = g.day } }
        var supporters: [ID<Supporter>: PublicSupporter] = [:]
        for i in 1...40 {
            let id = ID<Supporter>(Int64(i))
            // Every fifth supporter's first gift is left to the pass, as for a partial snapshot.
            supporters[id] = PublicSupporter(id: id, visibility: visibilities[i % 3], wallName: "Nom \(i % 7) É\(i)",
                                             firstGift: i % 5 == 0 ? nil : first[id])
        }
        let pledges: [(id: ID<Pledge>, pledge: Pledge, endedOn: Day?)] = (1...3).map {
            (ID<Pledge>(Int64($0)), Pledge(amount: Money(minor: 500 * Int64($0), unit: .eur), every: .month,
                                           supporter: ID<Supporter>(Int64($0)), start: day("2025-02-10")), $0 == 2 ? day("2026-01-31") : nil)
        }
        let needs: [(id: ID<Need>, need: Need)] = [
            (ID<Need>(1), Need(label: "Hébergement", amount: Money(minor: 90_000, unit: .eur), every: .month, start: day("2025-03-15"))),
            (ID<Need>(2), Need(label: "Jetons", amount: Money(minor: 400, unit: ptj), every: .month, start: day("2025-06-01"))),
        ]
        return LedgerSnapshot(from: start, to: day("2026-11-15"), gifts: gifts, supporters: SupporterDirectory(Array(supporters.values)), pledges: pledges,
                              offers: [], needs: needs, expenses: [], chain: ChainHead(entries: count, head: String(repeating: "a", count: 64)))
    }

    static func config(carryOver: Bool) -> ReportConfig {
        ReportConfig(authorName: "A", supportURL: "https://example.org", carryOver: carryOver, cadence: .semiMonthly)
    }

    /// What the plain way gives for a span: total, gifts and distinct supporters per unit.
    static func plainTotals(_ gifts: [PublicGift], from: Day, to: Day) -> [String: (Int64, Int, Int)] {
        var out: [String: (Int64, Int, Set<ID<Supporter>>)] = [:]
        for g in gifts where from <= g.day && g.day <= to {
            var t = out[g.amount.unit.code] ?? (0, 0, [])
            t.0 += g.amount.minor; t.1 += 1
            if let s = g.supporter { t.2.insert(s) }
            out[g.amount.unit.code] = t
        }
        return out.mapValues { ($0.0, $0.1, $0.2.count) }
    }

    static func totals(_ list: [UnitTotal]) -> [String: (Int64, Int, Int)] {
        Dictionary(uniqueKeysWithValues: list.map { ($0.unit.code, ($0.amount.minor, $0.gifts, $0.supporters)) })
    }

    static func same(_ a: [String: (Int64, Int, Int)], _ b: [String: (Int64, Int, Int)]) -> Bool {
        a.count == b.count && a.allSatisfy { k, v in b[k].map { $0 == v } ?? false }
    }

    @Test("Every semi-monthly report of two years, in one pass, matches the plain computation",
          arguments: [(UInt64(1), false), (2, true), (3, false), (4, true), (5, true)])
    func matchesPlainComputation(seed: UInt64, carryOver: Bool) {
        let ledger = Self.ledger(seed: seed, gifts: 1500)
        let periods = Period.all(.semiMonthly, from: Self.day("2025-01-01"), to: Self.day("2026-11-15"))
            + [Period(id: "2025-Q3"), Period(id: "2026-03")].compactMap { $0 }
        let config = Self.config(carryOver: carryOver)
        var box = SplitMixBox(seed)
        var source = GiftArraySource(ledger.gifts.shuffled(using: &box.rng).sorted { $0.day < $1.day })
        let reports = PublicReport.build(periods, context: ledger, gifts: &source, config: config, now: Self.now)
        #expect(reports.map(\.period) == periods)

        var firstEver: [ID<Supporter>: Day] = [:]
        for g in ledger.gifts { if let s = g.supporter { firstEver[s] = min(firstEver[s] ?? g.day, g.day) } }
        for r in reports {
            let p = r.period
            let own = Self.plainTotals(ledger.gifts, from: p.start, to: p.end)
            let got = Dictionary(uniqueKeysWithValues: r.received.map { ($0.unit.code, ($0.total.minor, $0.gifts, $0.supporters)) })
            #expect(Self.same(got, own), "received of \(p.id)")
            #expect(r.gifts == ledger.gifts.filter { p.contains($0.day) }.count)
            for f in r.received {
                let inUnit = ledger.gifts.filter { p.contains($0.day) && $0.amount.unit == f.unit }
                let people = Set(inUnit.compactMap(\.supporter))
                #expect(f.newSupporters == people.filter { (firstEver[$0] ?? p.start) >= p.start }.count, "new in \(p.id)")
                let channelSum = f.byChannel.reduce(Int64(0)) { $0 + $1.amount.minor }
                #expect(channelSum == f.total.minor)
                #expect(f.byChannel.filter { $0.key == "bank" }.first?.count ?? 0
                        == inUnit.filter { $0.channel?.trimmingCharacters(in: .whitespaces) == "bank" }.count)
                if let d = f.distribution {
                    let sorted = inUnit.map(\.amount.minor).sorted()
                    #expect(d.median.minor >= sorted.first ?? 0 && d.median.minor <= sorted.last ?? 0)
                    #expect(d.histogram.reduce(0) { $0 + $1.gifts } == sorted.count)
                }
            }
            let fulfilled = ledger.gifts.filter { p.contains($0.day) && $0.pledge.map { $0.number <= 3 } ?? false }
                .reduce(Int64(0)) { $0 + $1.amount.minor * ($1.amount.unit == .eur ? 1 : 0) }
            #expect((r.pledges.first { $0.unit == .eur }?.fulfilled.minor ?? 0) == fulfilled, "fulfilled in \(p.id)")

            let previous = p.previous
            if ledger.from <= previous.start {
                #expect(Self.same(Self.totals(r.previous?.totals ?? []), Self.plainTotals(ledger.gifts, from: previous.start, to: previous.end)),
                        "previous of \(p.id)")
            } else {
                #expect(r.previous == nil)
            }
            let jan1 = Self.day("\(p.end.year)-01-01")
            #expect(Self.same(Self.totals(r.yearToDate?.totals ?? []), Self.plainTotals(ledger.gifts, from: jan1, to: p.end)),
                    "year to date of \(p.id)")
            if carryOver, let needs = r.needs.first(where: { $0.unit == .eur }) {
                #expect(needs.carriedIn.minor == Self.plainCarry(into: p, ledger: ledger), "carry into \(p.id)")
            }
        }
    }

    /// Carry-over the plain way: walk the periods from the first need and carry the surplus.
    static func plainCarry(into period: Period, ledger: LedgerSnapshot) -> Int64 {
        let needs = ledger.needs.map(\.need).filter { $0.amount.unit == .eur }
        guard let firstNeed = needs.map(\.start).min() else { return 0 }
        let from = max(firstNeed, ledger.from), last = period.start.adding(days: -1)
        guard from <= last else { return 0 }
        var carried: Int64 = 0
        for p in Period.all(period.cadence, from: from, to: last) {
            let got = ledger.gifts.filter { $0.amount.unit == .eur && max(p.start, from) <= $0.day && $0.day <= p.end }
                .reduce(Int64(0)) { $0 + $1.amount.minor }
            let needed = needs.reduce(Int64(0)) {
                $0 + Proration.prorate(amountMinor: $1.amount.minor, every: $1.every, start: $1.start, end: $1.end, over: p)
            }
            carried = max(0, carried + got - needed)
        }
        return carried
    }

    @Test("Many periods in one pass give the same reports as each period alone")
    func batchEqualsSingle() {
        let ledger = Self.ledger(seed: 9, gifts: 800)
        let periods = Period.all(.semiMonthly, from: Self.day("2025-06-01"), to: Self.day("2026-11-15"))
        for carryOver in [false, true] {
            let config = Self.config(carryOver: carryOver)
            var source = GiftArraySource(ledger.gifts)
            let batch = PublicReport.build(periods, context: ledger, gifts: &source, config: config, now: Self.now)
            for (p, r) in zip(periods, batch) {
                let alone = PublicReport(period: p, snapshot: ledger, config: config, now: Self.now)
                #expect(ReportFormat.json.render(alone) == ReportFormat.json.render(r), "\(p.id), carry-over \(carryOver)")
            }
        }
    }

    @Test("The pass holds one period's gifts at a time, not the ledger")
    func holdsOnePeriodAtATime() {
        let ledger = Self.ledger(seed: 11, gifts: 6000)
        let periods = Period.all(.semiMonthly, from: Self.day("2024-11-01"), to: Self.day("2026-11-15"))
        var stream = ReportStream(periods: periods, context: ledger, config: Self.config(carryOver: true))
        for g in ledger.gifts { stream.add(g) }
        stream.finish()
        let largest = periods.map { p in ledger.gifts.filter { p.contains($0.day) }.count }.max() ?? 0
        #expect(largest > 0)
        #expect(stream.peakHeld <= largest, "held \(stream.peakHeld) gifts; the largest period has \(largest)")
        #expect(stream.peakHeld < ledger.gifts.count / 10)
    }
}

/// A seeded generator in a box, to shuffle with.
struct SplitMixBox {
    var rng: SplitMix64
    init(_ seed: UInt64) { rng = SplitMix64(seed: seed &+ 77) }
}
