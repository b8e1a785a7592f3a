import Foundation
import Testing
@testable import ChapeauCore

func day(_ s: String) -> Day {
    guard let d = Day(iso: s) else { preconditionFailure("bad test day \(s)") }
    return d
}

func instant(_ s: String) -> Date {
    let f = ISO8601DateFormatter()
    guard let d = f.date(from: s) else { preconditionFailure("bad test instant \(s)") }
    return d
}

@Suite("Days and periods")
struct CalendarTests {
    let paris = TimeZone(identifier: "Europe/Paris")!

    @Test func daysRoundTripThroughOrdinals() {
        var d = day("1999-12-25")
        for _ in 0..<20_000 {
            #expect(Day(ordinal: d.ordinal) == d)
            let next = d.adding(days: 1)
            #expect(next.ordinal == d.ordinal + 1)
            #expect(next > d)
            d = next
        }
        #expect(day("1970-01-01").ordinal == 0)
        #expect(day("2026-11-23").weekday == 1)  // a Monday
    }


    @Test("A packed day keeps its fields and the calendar order, over every day from year 1 to 9999")
    func packedDaysKeepFieldsAndOrder() {
        #expect(MemoryLayout<Day>.size == 4)
        #expect(MemoryLayout<PublicSupporter>.stride == 32)
        let first = day("0001-01-01"), last = day("9999-12-31")
        var previous = first.adding(days: -1)
        var d = first, count = 0, wrong: [String] = []
        while true {
            // Fields round-trip; packed order agrees with (year, month, day) order.
            if Day(year: d.year, month: d.month, day: d.day) != d
                || !(previous < d) || !((previous.year, previous.month, previous.day) < (d.year, d.month, d.day))
                || Day(iso: d.description) != d {
                wrong.append(d.description)
            }
            count += 1
            if d == last { break }
            previous = d
            d = d.adding(days: 1)
        }
        #expect(wrong.isEmpty, "\(wrong.prefix(5))")
        #expect(count == last.ordinal - first.ordinal + 1)
        #expect(Set((0..<1000).map { first.adding(days: $0 * 97).hashValue }).count == 1000)
        // Arithmetic that leaves the years 1…9999 neither traps nor breaks the ordinal round trip.
        let early = first.adding(days: -300)
        #expect(early.year == 0 && early < first && Day(ordinal: early.ordinal) == early)
        let negative = first.adding(days: -800)
        #expect(negative.year == -2 && negative < early && Day(ordinal: negative.ordinal) == negative)
        let late = last.adding(months: 13)
        #expect(late.year == 10001 && late > last && late.month == 1 && late.day == 31)
    }

    @Test func impossibleDatesAreRefused() {
        for s in ["2026-02-29", "2026-02-30", "2026-13-01", "2026-00-10", "2026-11-31", "26-11-01", "2026-1-01", "2026-11-1x", ""] {
            #expect(Day(iso: s) == nil, "\(s)")
        }
        #expect(Day(iso: "2024-02-29") != nil)
    }

    @Test func monthsClampToTheirLength() {
        #expect(day("2026-01-31").adding(months: 1) == day("2026-02-28"))
        #expect(day("2024-01-31").adding(months: 1) == day("2024-02-29"))
        #expect(day("2026-12-15").adding(months: 2) == day("2027-02-15"))
    }

    struct PeriodCase: Sendable, CustomTestStringConvertible {
        let day: String; let cadence: Cadence; let id: String; let start: String; let end: String
        var testDescription: String { "\(day) \(cadence.rawValue) → \(id)" }
    }

    static let periods: [PeriodCase] = [
        .init(day: "2026-11-23", cadence: .weekly, id: "2026-W48", start: "2026-11-23", end: "2026-11-29"),
        .init(day: "2026-11-22", cadence: .weekly, id: "2026-W47", start: "2026-11-16", end: "2026-11-22"),
        .init(day: "2021-01-01", cadence: .weekly, id: "2020-W53", start: "2020-12-28", end: "2021-01-03"),
        .init(day: "2027-01-02", cadence: .weekly, id: "2026-W53", start: "2026-12-28", end: "2027-01-03"),
        .init(day: "2026-11-15", cadence: .semiMonthly, id: "2026-11-H1", start: "2026-11-01", end: "2026-11-15"),
        .init(day: "2026-11-16", cadence: .semiMonthly, id: "2026-11-H2", start: "2026-11-16", end: "2026-11-30"),
        .init(day: "2024-02-29", cadence: .semiMonthly, id: "2024-02-H2", start: "2024-02-16", end: "2024-02-29"),
        .init(day: "2026-02-28", cadence: .monthly, id: "2026-02", start: "2026-02-01", end: "2026-02-28"),
        .init(day: "2026-12-31", cadence: .monthly, id: "2026-12", start: "2026-12-01", end: "2026-12-31"),
        .init(day: "2026-11-23", cadence: .quarterly, id: "2026-Q4", start: "2026-10-01", end: "2026-12-31"),
        .init(day: "2026-01-01", cadence: .quarterly, id: "2026-Q1", start: "2026-01-01", end: "2026-03-31"),
        .init(day: "2026-07-14", cadence: .yearly, id: "2026", start: "2026-01-01", end: "2026-12-31"),
    ]

    @Test(arguments: periods)
    func periodBoundaries(_ c: PeriodCase) throws {
        let p = Period(containing: day(c.day), cadence: c.cadence)
        #expect(p.id == c.id)
        #expect(p.start == day(c.start))
        #expect(p.end == day(c.end))
        let parsed = try #require(Period(id: c.id))
        #expect(parsed == p)
        #expect(p.next.start == p.end.adding(days: 1))
        #expect(p.previous.end == p.start.adding(days: -1))
        #expect(p.next.previous == p)
    }

    @Test func periodIdsAreValidated() {
        for s in ["2026-W54", "2027-W53", "2026-W00", "2026-Q5", "2026-13", "2026-11-H3", "2026-11-15", "26-11", "2026-", "abcd", ""] {
            #expect(Period(id: s) == nil, "\(s)")
        }
        #expect(Period(id: "2026-q4")?.id == "2026-Q4")
    }

    @Test("Every day falls in exactly one period of each cadence, and periods tile the calendar")
    func periodsTile() {
        for cadence in Cadence.allCases {
            let all = Period.all(cadence, from: day("2024-12-20"), to: day("2027-01-10"))
            for (a, b) in zip(all, all.dropFirst()) { #expect(b.start == a.end.adding(days: 1)) }
            var d = day("2025-01-01")
            while d < day("2026-12-31") {
                let p = Period(containing: d, cadence: cadence)
                #expect(p.contains(d))
                #expect(Period(id: p.id) == p)
                d = d.adding(days: 3)
            }
        }
    }

    struct DSTCase: Sendable, CustomTestStringConvertible {
        let id: String; let start: String; let end: String
        var testDescription: String { id }
    }

    /// Europe/Paris: summer time from 2026-03-29 02:00 to 2026-10-25 03:00.
    static let dst: [DSTCase] = [
        .init(id: "2026-W13", start: "2026-03-22T23:00:00Z", end: "2026-03-29T22:00:00Z"),
        .init(id: "2026-03-H2", start: "2026-03-15T23:00:00Z", end: "2026-03-31T22:00:00Z"),
        .init(id: "2026-03", start: "2026-02-28T23:00:00Z", end: "2026-03-31T22:00:00Z"),
        .init(id: "2026-10-H2", start: "2026-10-15T22:00:00Z", end: "2026-10-31T23:00:00Z"),
        .init(id: "2026-Q1", start: "2025-12-31T23:00:00Z", end: "2026-03-31T22:00:00Z"),
        .init(id: "2026", start: "2025-12-31T23:00:00Z", end: "2026-12-31T23:00:00Z"),
    ]

    @Test(arguments: dst)
    func periodInstantsAcrossDaylightSaving(_ c: DSTCase) throws {
        let p = try #require(Period(id: c.id))
        let interval = p.interval(in: paris)
        #expect(interval.start == instant(c.start))
        #expect(interval.end == instant(c.end))
    }

    @Test func instantsFallOnTheLocalDay() {
        #expect(Day(instant("2026-03-29T00:30:00Z"), in: paris) == day("2026-03-29"))
        #expect(Day(instant("2026-03-31T22:30:00Z"), in: paris) == day("2026-04-01"))
        #expect(Day(instant("2026-10-31T22:59:59Z"), in: paris) == day("2026-10-31"))
        #expect(Day(instant("2026-10-31T23:00:00Z"), in: paris) == day("2026-11-01"))
        #expect(day("2026-03-29").start(in: paris) == instant("2026-03-28T23:00:00Z"))
        #expect(day("2026-03-30").start(in: paris) == instant("2026-03-29T22:00:00Z"))
    }
}

@Suite("Needs and pledges over periods")
struct RecurrenceTests {
    @Test func needsAreProratedExactly() throws {
        let rent: Int64 = 35000
        func over(_ id: String, start: String = "2026-01-01", end: String? = nil, every: Recurrence = .month) throws -> Int64 {
            Proration.prorate(amountMinor: rent, every: every, start: day(start), end: end.map(day), over: try #require(Period(id: id)))
        }
        #expect(try over("2026-11") == 35000)
        #expect(try over("2026-11-H1") == 17500)       // 15 of 30 days
        #expect(try over("2026-02-H2") == 16250)       // 13 of 28 days
        #expect(try over("2026-W05") == 8024)          // 6/31 of January + 1/28 of February: 8024.19…
        #expect(try over("2026") == 420000)
        #expect(try over("2026-Q4") == 105000)
        #expect(try over("2026-11", start: "2026-11-16") == 17500)  // starts mid-month
        #expect(try over("2026-11", end: "2026-11-10") == 11667)    // 10/30 → 11666.67, rounded half up
        #expect(try over("2025-12") == 0)                            // before it starts
        #expect(try over("2026-11", every: .year) == 2877)           // 35000 × 30/365 = 2876.7
        // The halves of a month add up to the month, whatever the rounding.
        for m in 1...12 {
            let id = m < 10 ? "2026-0\(m)" : "2026-\(m)"
            #expect(try over(id + "-H1") + over(id + "-H2") == over(id), "\(id)")
        }
    }

    @Test func pledgeInstalmentsAndOverdue() {
        let p = Pledge(amount: Money(minor: 500, unit: .eur), every: .month, start: day("2026-01-31"))
        #expect(p.dueDays(until: day("2026-04-30")) == [day("2026-01-31"), day("2026-02-28"), day("2026-03-31"), day("2026-04-30")])
        #expect(p.dueDays(until: day("2026-04-30"), endedOn: day("2026-03-01")).count == 2)

        let paidSeven = [Money(minor: 500, unit: .eur), Money(minor: 200, unit: .eur)]
        let inst = PledgeSchedule.instalments(p, endedOn: nil, paid: paidSeven, today: day("2026-04-30"))
        #expect(inst.map(\.state) == [.paid, .partial, .overdue, .upcoming])
        #expect(inst[1].paid.minor == 200)
        // Gifts in another unit never pay a pledge.
        let other = PledgeSchedule.instalments(p, endedOn: nil, paid: [Money(minor: 5000, unit: ptj)], today: day("2026-02-01"))
        #expect(other.map(\.state) == [.overdue])
    }

    @Test("overdueDays finds what instalments marks overdue or partial, from any day on, for 5,000 random pledges")
    func overdueDaysAgreeWithInstalments() {
        var random = SplitMix64(seed: 0x0DE_D1E5)
        let every: [Recurrence] = [.week, .month, .quarter, .year]
        for _ in 0..<5000 {
            let start = day("2020-01-01").adding(days: Int.random(in: 0...2500, using: &random))
            let amount = Int64.random(in: 1...5000, using: &random)
            let end: Day? = Bool.random(using: &random) ? nil : start.adding(days: Int.random(in: -30...2000, using: &random))
            let ended: Day? = Int.random(in: 0..<4, using: &random) == 0 ? start.adding(days: Int.random(in: 0...1500, using: &random)) : nil
            let channel: String? = Int.random(in: 0..<8, using: &random) == 0 ? "liberapay" : nil
            let p = Pledge(amount: Money(minor: amount, unit: .eur), every: every.randomElement(using: &random) ?? .month,
                           start: start, end: end, channel: channel)
            let options: [Int64] = [0, amount, amount * Int64.random(in: 0...80, using: &random) + Int64.random(in: 0..<amount, using: &random),
                                    Int64.max / 2]
            let paid = options[Int.random(in: 0..<options.count, using: &random)]
            let today = start.adding(days: Int.random(in: -10...2600, using: &random))
            let since: Day? = Bool.random(using: &random) ? nil : start.adding(days: Int.random(in: -10...2600, using: &random))
            let expected = PledgeSchedule.instalments(p, endedOn: ended, paid: [Money(minor: paid, unit: .eur)], today: today)
                .filter { i in (i.state == .overdue || i.state == .partial) && since.map { i.due >= $0 } ?? true }.map(\.due)
            #expect(PledgeSchedule.overdueDays(p, endedOn: ended, paid: paid, today: today, since: since) == expected,
                    "\(p) ended \(String(describing: ended)) paid \(paid) today \(today) since \(String(describing: since))")
        }
    }

    @Test func offerStatusMachine() {
        #expect(OfferStatus.offered.canMove(to: .accepted))
        #expect(OfferStatus.accepted.canMove(to: .delivered))
        #expect(OfferStatus.offered.canMove(to: .withdrawn))
        #expect(!OfferStatus.offered.canMove(to: .delivered))
        #expect(!OfferStatus.delivered.canMove(to: .withdrawn))
        #expect(!OfferStatus.declined.canMove(to: .accepted))
        for s in OfferStatus.allCases where s.isFinal {
            #expect(OfferStatus.allCases.allSatisfy { !s.canMove(to: $0) })
        }
    }
}

@Suite("The fast day parser")
struct DayParserTests {
    @Test("It agrees with the generic parser on every day of 30 years and on malformed text")
    func agreesWithTheGenericParser() {
        var d = day("2000-01-01")
        while d < day("2030-01-01") {
            #expect(Day(iso: d.description) == d)
            d = d.adding(days: 1)
        }
        for s in ["2026-02-29", "2024-02-29", "2026-13-01", "2026-1-01", "2026-11-011", "2026/11/01", "２026-11-01",
                  "2026-11-0a", "", "2026-11-", "-2026-11-0", "0000-01-01", "9999-12-31"] {
            #expect(Day(iso: s) == Day.parseSlow(s), "\(s)")
        }
    }
}

@Suite("Proration, summed as it goes")
struct ProrationReferenceTests {
    /// The first implementation: every remainder kept in an array, then summed as a fraction.
    static func reference(_ amount: Int64, _ every: Recurrence, _ start: Day, _ end: Day?, _ period: Period) -> Int64 {
        let from = max(start, period.start), to = min(end ?? period.end, period.end)
        guard from <= to else { return 0 }
        var whole: Int64 = 0
        var rest: [(Int64, Int64)] = []
        var cursor = from
        while cursor <= to {
            let span = every.span(containing: cursor)
            let segEnd = min(span.end, to)
            let days = Int64(segEnd.ordinal - cursor.ordinal + 1), spanDays = Int64(span.dayCount)
            let product = amount.multipliedReportingOverflow(by: days)
            if product.overflow { return Int64.max }
            whole += product.partialValue / spanDays
            rest.append((product.partialValue % spanDays, spanDays))
            cursor = segEnd.adding(days: 1)
        }
        var rn: Int64 = 0, rd: Int64 = 1
        for (n, d) in rest where n != 0 {
            let g = Proration.gcd(rd, d), l = rd / g * d
            rn = rn * (l / rd) + n * (l / d)
            rd = l
            let g2 = Proration.gcd(rn, rd)
            rn /= g2; rd /= g2
            whole += rn / rd
            rn %= rd
        }
        if rn * 2 >= rd { whole += 1 }
        return whole
    }

    @Test("Random amounts, recurrences, spans and periods of every cadence give the reference's figure")
    func agrees() {
        var rng = SplitMix64(seed: 31)
        let base = day("2023-01-01")
        for _ in 0..<3000 {
            let amount = Int64(rng.next() % 2_000_000) + 1
            let every = Recurrence.allCases[Int(rng.next() % UInt64(Recurrence.allCases.count))]
            let start = base.adding(days: Int(rng.next() % 1400))
            let end: Day? = rng.next() % 3 == 0 ? nil : start.adding(days: Int(rng.next() % 900))
            let cadence = Cadence.allCases[Int(rng.next() % UInt64(Cadence.allCases.count))]
            let period = Period(containing: base.adding(days: Int(rng.next() % 1600)), cadence: cadence)
            #expect(Proration.prorate(amountMinor: amount, every: every, start: start, end: end, over: period)
                    == Self.reference(amount, every, start, end, period), "\(amount) every \(every) from \(start) to \(String(describing: end)) over \(period.id)")
        }
    }
}
