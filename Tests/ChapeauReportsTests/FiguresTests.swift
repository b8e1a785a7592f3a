import ChapeauCore
import ChapeauReports
import Foundation
import Testing

/// The report model against figures computed by hand (see `Fixture`).
@Suite("Report figures")
struct FiguresTests {
    let report = Fixture.report()

    func received(_ code: String) -> ReceivedFigures? { report.received.first { $0.unit.code == code } }

    @Test("received in euros: total, gifts, distinct supporters, new and returning")
    func receivedInEuros() throws {
        let eur = try #require(received("EUR"))
        #expect(eur.total == Fixture.eur(15500))
        #expect(eur.gifts == 7)
        #expect(eur.supporters == 5)          // the cash gift has no supporter
        #expect(eur.newSupporters == 2)       // carol, eve
        #expect(eur.returningSupporters == 3) // alice, bob, dave
        #expect(eur.smallGroup == false)
    }

    @Test("median and quartiles by linear interpolation, exact in minor units")
    func medianAndQuartiles() throws {
        let d = try #require(received("EUR")?.distribution)
        #expect(d.q1.minor == 1250)
        #expect(d.median.minor == 2000)
        #expect(d.q3.minor == 2750)
        #expect(d.histogram.map(\.gifts) == [0, 1, 2, 3, 1, 0, 0, 0])
        #expect(d.histogram.first?.lower.minor == 0)
        #expect(d.histogram.last?.upper == nil)
    }

    @Test("by channel largest first, ties by name; by campaign")
    func breakdowns() throws {
        let eur = try #require(received("EUR"))
        #expect(eur.byChannel.map(\.key) == ["bank", "paypal", "helloasso", "leetchi", "cash"])
        #expect(eur.byChannel.map(\.amount.minor) == [5000, 5000, 2500, 2500, 500])
        #expect(eur.byChannel.map(\.count) == [2, 1, 1, 2, 1])
        #expect(eur.byCampaign.map(\.key) == ["hiver"])
        #expect(eur.byCampaign.first?.amount.minor == 3500)
    }

    @Test("complementary units on their own, never added to euros")
    func unitsNeverAdded() throws {
        let ptj = try #require(received("PTJ"))
        #expect(ptj.total == Money(minor: 5, unit: Fixture.ptj))
        #expect(ptj.isComplementary)
        #expect(ptj.supporters == 2)
        #expect(report.received.map(\.unit.code) == ["EUR", "PTJ"])
        #expect(!report.received.contains { $0.total.minor == 15505 })
        #expect(report.needs.map(\.received.minor) == [15500])
        #expect(report.balances.map(\.balance.minor) == [13450, 5])
        #expect(report.gifts == 9)
        #expect(report.supporters == 6)
    }

    @Test("needs prorated to the semi-monthly period, coverage as an exact ratio")
    func needsAndCoverage() throws {
        let needs = try #require(report.needs.first)
        #expect(report.needs.count == 1)
        #expect(needs.lines.map(\.forPeriod.minor) == [17500, 3000])
        #expect(needs.needed.minor == 20500)
        #expect(needs.received.minor == 15500)
        #expect(needs.coverage == Ratio(tenThousandths: 7561))   // 155 / 205 = 0.75609…
        #expect(needs.coverage?.decimalString == "0.7561")
        #expect(needs.coverage?.percent == 76)
        #expect(needs.carriedIn.minor == 0)
        #expect(needs.carriedOut.minor == 0)
    }

    @Test("148,99 € of 200 € is 74.495 %: 74 % in every format and on the badge, rounded once")
    func coverageRoundedOnceEverywhere() throws {
        // 400 € a month: for 15 of November's 30 days, 200.00 €.
        let snapshot = Fixture.snapshot(gifts: [Fixture.gift(1, Fixture.eur(14899), "2026-11-05", Fixture.alice)],
                                        needs: [(ID<Need>(1), Need(label: "Loyer", amount: Fixture.eur(40000), every: .month,
                                                                   start: Fixture.day("2026-01-01")))])
        for language in ReportLanguage.allCases {
            let r = Fixture.report(language, snapshot: snapshot)
            let coverage = try #require(r.needsInDefaultUnit?.coverage)
            #expect(coverage.tenThousandths == 7450)
            #expect(coverage.percent == 74)
            let shown = DisplayStyle(language).percent(coverage)
            let wrong = language == .fr ? "75\u{202F}%" : "75%"
            for format in [ReportFormat.html, .md] {
                let text = format.render(r)
                #expect(text.contains(shown), "\(format) \(language)")
                #expect(!text.contains(wrong), "\(format) \(language)")
            }
            let summary = ReportSummary(r)
            #expect(summary.coverage?.percent == 74)
            let decoded = try JSONDecoder().decode(ReportSummary.self, from: try JSONEncoder().encode(summary))
            #expect(decoded.coverage?.percent == 74)
            let badge = Site(config: Fixture.config(language), reports: [], live: summary, generatedAt: Fixture.now).render(.badge)
            #expect(badge.contains(">\(shown)</text>"))
        }
    }

    @Test("a summary kept before the percentage was stored still reads: rounded from its four decimals")
    func olderSummary() throws {
        var summary = ReportSummary(Fixture.report())
        summary.coveragePercent = nil
        let older = try JSONDecoder().decode(ReportSummary.self, from: try JSONEncoder().encode(summary))
        #expect(older.coveragePercent == nil)
        #expect(older.coverage == Ratio(tenThousandths: 7561, percent: 76))
    }

    @Test("carry-over: the excess of earlier periods beyond their goal moves forward")
    func carryOver() throws {
        // 2026-10-H2 received 355.00 € against 180.65 + 30.97 = 211.62 € of needs (16/31 of a
        // month, each rounded once): 143.38 € carried into November; earlier periods fell short
        // and carry nothing. November: (155.00 + 143.38) / 205.00 = 1.4555; 93.38 € go on.
        let r = Fixture.report(carryOver: true)
        let needs = try #require(r.needs.first)
        #expect(needs.carriedIn.minor == 14338)
        #expect(needs.coverage == Ratio(tenThousandths: 14555))
        #expect(needs.carriedOut.minor == 9338)
        #expect(needs.received.minor == 15500)
    }

    @Test("carry-over starts from the snapshot's first day when it starts after the first need")
    func carryOverFromSnapshotStart() throws {
        let fromOctober = Fixture.report(carryOver: true, snapshot: Fixture.snapshot(from: "2026-10-16"))
        #expect(fromOctober.needs.first?.carriedIn.minor == 14338)
        let fromNovember = Fixture.report(carryOver: true, snapshot: Fixture.snapshot(from: "2026-11-01"))
        #expect(fromNovember.needs.first?.carriedIn.minor == 0)
        #expect(fromNovember.previous == nil)
        #expect(fromNovember.yearToDate == nil)
    }

    @Test("pledges: active in the period, prorated, fulfilled by gifts that reference them")
    func pledges() throws {
        let p = try #require(report.pledges.first)
        #expect(report.pledges.count == 1)    // the PTJ pledge ended in September
        #expect(p.unit == .eur)
        #expect(p.active == 1)
        #expect(p.pledged.minor == 750)
        #expect(p.fulfilled.minor == 1500)
    }

    @Test("expenses of the period by category, and the balance per unit")
    func expensesAndBalance() throws {
        let e = try #require(report.expenses.first)
        #expect(e.total.minor == 2050)
        #expect(e.count == 2)
        #expect(e.byCategory.map(\.key) == ["hébergement", "fournitures"])
        let b = try #require(report.balances.first)
        #expect(b.received.minor == 15500 && b.expenses.minor == 2050 && b.balance.minor == 13450)
    }

    @Test("offers: counts by kind and status, hours given, public descriptions")
    func offers() throws {
        let o = report.offers
        #expect(o.count == 5)
        #expect(o.byKind == [.time: 2, .skill: 1, .object: 1, .lodging: 1, .service: 0, .other: 0])
        #expect(o.byStatus == [.offered: 1, .accepted: 1, .delivered: 2, .declined: 1, .withdrawn: 0])
        #expect(o.hoursGiven == Money(minor: 55, unit: Fixture.hours))
        #expect(o.deliveredValue == [Fixture.eur(4500)])
        #expect(o.descriptions.map(\.description) == ["Relecture d’articles", "Aide au déménagement", "Un bureau d’occasion"])
    }

    @Test("comparison with the previous period and the year to date, per unit")
    func comparison() throws {
        let previous = try #require(report.previous)
        #expect(previous.periodID == "2026-10-H2")
        #expect(previous.totals.map(\.amount.minor) == [35500])
        #expect(previous.totals.first?.gifts == 3)
        #expect(previous.totals.first?.supporters == 2)
        let ytd = try #require(report.yearToDate)
        #expect(ytd.from == Fixture.day("2026-01-01"))
        #expect(ytd.totals.map(\.unit.code) == ["EUR", "PTJ"])
        #expect(ytd.totals.map(\.amount.minor) == [53000, 5])
        #expect(ytd.totals.first?.gifts == 11)
    }

    @Test("wall of thanks: chosen names only, sorted, without duplicates")
    func wallOfThanks() {
        // carol is anonymous, dave was erased, gina gave nothing in the period.
        #expect(report.thanks == ["Alice Martin", "bob", "eve", "Frank Dupont"])
    }

    @Test("integrity and the closed/live state come from the inputs")
    func integrityAndState() {
        #expect(report.integrity == Fixture.chain)
        #expect(report.isClosed)
        let live = PublicReport(period: Fixture.period, snapshot: Fixture.snapshot(), config: Fixture.config(),
                                now: Date(timeIntervalSince1970: 1_794_726_000))  // 2026-11-15T07:00Z
        #expect(!live.isClosed)
    }

    @Test("the snapshot span a caller should load")
    func snapshotSpan() throws {
        let nov = PublicReport.snapshotSpan(for: Fixture.period, carryOver: false)
        #expect(nov.from == Fixture.day("2026-01-01") && nov.to == Fixture.day("2026-11-15"))
        let jan = try #require(Period(id: "2026-01-H1"))
        #expect(PublicReport.snapshotSpan(for: jan, carryOver: false).from == Fixture.day("2025-12-16"))
        let carry = PublicReport.snapshotSpan(for: Fixture.period, carryOver: true, firstNeedStart: Fixture.day("2024-05-01"))
        #expect(carry.from == Fixture.day("2024-05-01"))
    }

    @Test("the same inputs in any order give an equal report")
    func orderIndependent() {
        let shuffled = Fixture.snapshot(gifts: Array(Fixture.gifts().reversed()), needs: Array(Fixture.needs().reversed()),
                                        expenses: Array(Fixture.expenses().reversed()), offers: Array(Fixture.offers().reversed()))
        #expect(Fixture.report(snapshot: shuffled) == report)
    }
}

@Suite("Ratios")
struct RatioTests {
    @Test("computed from integers and rounded half up to four decimals",
          arguments: [(Int64(15500), Int64(20500), Int64(7561)), (1, 3, 3333), (2, 3, 6667), (1, 20000, 1),
                      (1, 20001, 0), (0, 5, 0), (41, 41, 10000), (29838, 20500, 14555)])
    func rounding(numerator: Int64, denominator: Int64, expected: Int64) {
        #expect(Ratio(numerator, over: denominator)?.tenThousandths == expected)
    }

    @Test("no ratio without a positive goal; no trap on huge amounts")
    func edges() {
        #expect(Ratio(100, over: 0) == nil)
        #expect(Ratio(-1, over: 5) == nil)
        #expect(Ratio(Int64.max, over: 1)?.tenThousandths == Int64.max)
        #expect(Ratio(Int64.max, over: Int64.max - 1)?.tenThousandths == 10_000)
    }

    @Test("the whole percentage is rounded once, from the exact fraction, never from the four decimals",
          arguments: [(Int64(14899), Int64(20000), Int64(7450), Int64(74)),  // 74.495 %: 74, though 0.7450 → 75
                      (14900, 20000, 7450, 75), (12345, 20000, 6173, 62), (1, 3, 3333, 33), (2, 3, 6667, 67),
                      (1, 200, 50, 1), (99, 20000, 50, 0), (41, 41, 10000, 100), (29838, 20500, 14555, 146)])
    func percentRoundedOnce(numerator: Int64, denominator: Int64, tenThousandths: Int64, percent: Int64) throws {
        let ratio = try #require(Ratio(numerator, over: denominator))
        #expect(ratio.tenThousandths == tenThousandths)
        #expect(ratio.percent == percent)
        #expect(DisplayStyle(.fr).percent(ratio) == "\(percent)\u{202F}%")
        #expect(DisplayStyle(.en).percent(ratio) == "\(percent)%")
    }

    @Test("decimal text and whole percentage")
    func text() {
        #expect(Ratio(tenThousandths: 6200).decimalString == "0.62")
        #expect(Ratio(tenThousandths: 10_000).decimalString == "1")
        #expect(Ratio(tenThousandths: 0).decimalString == "0")
        #expect(Ratio(tenThousandths: 6249).percent == 62)
        #expect(Ratio(tenThousandths: 6250).percent == 63)
        #expect(Ratio(tenThousandths: 6200).value == 0.62)
    }
}

@Suite("Small-group protection")
struct SmallGroupTests {
    @Test("fewer than min_group supporters in a unit: no median, quartiles or histogram",
          arguments: ReportLanguage.allCases)
    func hidden(language: ReportLanguage) throws {
        let r = Fixture.report(language, minGroup: 6)   // 5 supporters gave in euros
        let eur = try #require(r.received.first)
        #expect(eur.smallGroup)
        #expect(eur.distribution == nil)
        #expect(eur.total.minor == 15500 && eur.gifts == 7 && eur.supporters == 5)  // totals and counts stay

        let html = ReportFormat.html.render(r), md = ReportFormat.md.render(r)
        let median = language == .fr ? "Médiane" : "Median"
        #expect(!html.contains(median) && !md.contains(median))
        #expect(!html.contains("id=\"hist-"))
        #expect(html.contains("6") && html.contains(language == .fr ? "ni médiane" : "no median"))
        let csv = ReportFormat.csv.render(r)
        #expect(!csv.contains(",median,") && !csv.contains("histogram,"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(ReportFormat.json.render(r).utf8)) as? [String: Any])
        let totals = try #require(json["totals"] as? [[String: Any]])
        #expect(totals.allSatisfy { $0["distribution"] is NSNull })
        #expect(totals.allSatisfy { ($0["small_group"] as? Bool) == true })
    }

    @Test("enough supporters: the distribution is published, per unit")
    func shown() throws {
        let r = Fixture.report(minGroup: 2)
        #expect(r.received.allSatisfy { !$0.smallGroup && $0.distribution != nil })
        let ptj = try #require(r.received.last?.distribution)
        #expect(ptj.median.minor == 3)   // 2 and 3 PTJ: 2.5 rounds half up
    }
}
