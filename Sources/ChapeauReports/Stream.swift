public import ChapeauCore
public import struct Foundation.Date

extension PublicReport {
    /// The reports of many periods from ONE pass over the gifts, in day order.
    ///
    /// Only what the periods still open need is held: each period's own gifts (amounts for the
    /// median, supporters for the counts) until the pass moves beyond its end, the running
    /// year for the year-to-date figures, and a total per day and unit when carry-over is on.
    /// Memory grows with the gifts of one period and with the number of supporters, never with
    /// the whole ledger. Each report is the same as `init(period:snapshot:…)` on the same data.
    ///
    /// - Parameters:
    ///   - periods: the periods to report on, any cadence, any order; the result follows it.
    ///   - context: the snapshot's supporters, pledges, offers, needs, expenses and chain; its
    ///     `gifts` are ignored (they come from `gifts`). `context.from` should be where the
    ///     earliest period's `snapshotSpan` starts, and `gifts` should cover `from…to`.
    ///   - gifts: the gifts of the span, not voided, in day order.
    ///   - yearToDate: each period's year-to-date totals when the caller has them (summed by
    ///     the store for a few periods, so the pass need not start on January 1st); nil counts
    ///     them in the pass.
    public static func build<Source: GiftSource>(_ periods: [Period], context: LedgerSnapshot, gifts: inout Source,
                                                 config: ReportConfig, now: Date,
                                                 revised: (Period) -> Bool = { _ in false },
                                                 yearToDate: [Period: [GiftTotal]]? = nil) throws(Source.Failure) -> [PublicReport] {
        var stream = ReportStream(periods: periods, context: context, config: config)
        while let gift = try gifts.next() { stream.add(gift) }
        stream.finish()
        return periods.map { p in
            let given = yearToDate.map { ($0[p] ?? []).map { UnitTotal(amount: Money(minor: $0.minor, unit: $0.unit), gifts: $0.gifts, supporters: $0.supporters) } }
            return PublicReport(period: p, stream: stream, context: context, config: config, now: now, revised: revised(p),
                                yearToDate: given.map { Calc.ordered(totals: $0, defaultUnit: config.defaultUnit) })
        }
    }

    /// One report from what a stream gathered.
    init(period: Period, stream: ReportStream, context: LedgerSnapshot, config: ReportConfig, now: Date, revised: Bool,
         yearToDate given: [UnitTotal]? = nil) {
        let local = LocalTime(now, zoneIdentifier: config.timeZone)
        let closed = stream.done[period] ?? ClosedPeriod()

        self.period = period
        self.generatedAt = now
        self.isClosed = period.isClosed(today: local.day)
        self.revised = revised
        self.language = config.language
        self.authorName = config.authorName
        self.supportURL = config.supportURL
        self.timeZone = local.zone
        self.defaultUnit = config.defaultUnit
        self.minGroup = config.minGroup
        self.carryOver = config.carryOver
        self.payment = config.payment
        self.integrity = context.chain
        let neighbours = period.cadence == config.cadence
        let before = period.previous
        self.navigation = ReportNavigation(
            previous: neighbours && config.firstDay.map { before.end >= $0 } == true ? before : nil,
            next: neighbours && isClosed ? period.next : nil)
        self.pace = isClosed ? nil : Pace(period: period, today: local.day)

        let received = closed.received
        self.received = received
        self.supporters = closed.supporters
        self.gifts = closed.gifts
        self.pledges = Calc.pledges(context, fulfilled: closed.fulfilled, period: period, defaultUnit: config.defaultUnit)
        self.needs = Calc.needs(context, received: received, period: period, config: config,
                                receivedOn: { unit, from, to in stream.received(unit, from: from, to: to) })
        let expenses = Calc.expenses(context, period: period, defaultUnit: config.defaultUnit)
        self.expenses = expenses
        self.balances = Calc.balances(received: received, expenses: expenses, defaultUnit: config.defaultUnit)
        self.offers = Calc.offers(context, period: period, defaultUnit: config.defaultUnit)
        self.campaigns = Calc.campaigns(context, period: period, defaultUnit: config.defaultUnit)
        self.needOffers = Calc.needOffers(context, period: period, needs: self.needs)

        let previous = period.previous
        self.previous = context.from <= previous.start
            ? ComparisonFigures(periodID: previous.id, from: previous.start, to: previous.end,
                                totals: stream.done[previous]?.totals ?? [])
            : nil
        let jan1 = Day(year: period.end.year, month: 1, day: 1) ?? period.start
        if let given {
            self.yearToDate = ComparisonFigures(periodID: nil, from: jan1, to: period.end, totals: given)
        } else {
            self.yearToDate = context.from <= jan1
                ? ComparisonFigures(periodID: nil, from: jan1, to: period.end, totals: closed.yearToDate)
                : nil
        }
        let fewGivers = closed.supporters > 0 && closed.supporters < config.minGroup
        self.thanks = fewGivers ? [] : closed.thanks
        self.thanksWithheld = fewGivers && !closed.thanks.isEmpty
    }
}

/// What is kept of a period once the pass has gone beyond it: its figures, not its gifts.
struct ClosedPeriod {
    var received: [ReceivedFigures] = []
    var supporters = 0
    var gifts = 0
    var fulfilled: [Unit: Int64] = [:]
    var totals: [UnitTotal] = []
    var yearToDate: [UnitTotal] = []
    var thanks: [String] = []
}

/// A total and a count, for one channel, campaign or category.
struct Slice {
    var amount: Int64 = 0
    var count = 0

    mutating func add(_ minor: Int64) {
        amount = Calc.add(amount, minor)
        count += 1
    }
}

/// The gifts of one period in one unit.
struct UnitTally {
    var amounts: [Int64] = []
    var total: Int64 = 0
    var supporters = SupporterSet()
    var channels: [String?: Slice] = [:]
    var campaigns: [String?: Slice] = [:]

    mutating func add(_ minor: Int64, supporter: ID<Supporter>?, channel: String?, campaign: String?) {
        amounts.append(minor)
        total = Calc.add(total, minor)
        if let supporter { supporters.insert(supporter) }
        channels[channel, default: Slice()].add(minor)
        if let campaign { campaigns[campaign, default: Slice()].add(minor) }
    }
}

/// Everything a period's report needs from its gifts.
struct PeriodTally {
    var units: [Unit: UnitTally] = [:]
    var supporters = SupporterSet()
    var gifts = 0
    /// Paid towards pledges the snapshot knows, per unit.
    var fulfilled: [Unit: Int64] = [:]

    mutating func add(_ g: PublicGift, channel: String?, campaign: String?, pledgeKnown: Bool) {
        let minor = g.amount.minor
        gifts += 1
        if let s = g.supporter { supporters.insert(s) }
        if pledgeKnown { fulfilled[g.amount.unit] = Calc.add(fulfilled[g.amount.unit] ?? 0, minor) }
        units[g.amount.unit, default: UnitTally()].add(minor, supporter: g.supporter, channel: channel, campaign: campaign)
    }

    func totals(defaultUnit: Unit) -> [UnitTotal] {
        Calc.ordered(units.keys, defaultUnit: defaultUnit).map { unit in
            let t = units[unit] ?? UnitTally()
            return UnitTotal(amount: Money(minor: t.total, unit: unit), gifts: t.amounts.count, supporters: t.supporters.count)
        }
    }
}

/// The gifts of one calendar year so far, per unit.
struct YearTally {
    struct Figures {
        var total: Int64 = 0
        var gifts = 0
        var supporters = SupporterSet()

        mutating func add(_ g: PublicGift) {
            total = Calc.add(total, g.amount.minor)
            gifts += 1
            if let s = g.supporter { supporters.insert(s) }
        }
    }

    let year: Int
    var units: [Unit: Figures] = [:]

    init(year: Int) { self.year = year }

    mutating func add(_ g: PublicGift) {
        // In place, in one lookup: a copy of the figures would copy the set of supporters.
        units[g.amount.unit, default: Figures()].add(g)
    }

    func totals(defaultUnit: Unit) -> [UnitTotal] {
        Calc.ordered(units.keys, defaultUnit: defaultUnit).compactMap { unit in
            units[unit].map { UnitTotal(amount: Money(minor: $0.total, unit: unit), gifts: $0.gifts, supporters: $0.supporters.count) }
        }
    }
}

/// One pass over the gifts in day order for a set of periods (the reports' own and the
/// previous periods they compare with). A period is open from the first gift on or after its
/// start until a gift falls after its end; then its tally is kept and its year to date taken.
struct ReportStream {
    private let context: LedgerSnapshot
    private let config: ReportConfig
    /// The periods asked for (the others are previous periods, for their totals only).
    private let requested: Set<Period>
    private var names = WallNames()
    private let defaultUnit: Unit
    private let carryOver: Bool
    private let knownPledges: IDSet<Pledge>
    /// Periods not open yet, latest start first (the next to open is last).
    private var waiting: [Period]
    private var open: [(period: Period, tally: PeriodTally)] = []
    private var year: YearTally?
    /// Trimmed channel and campaign names, each computed once.
    private var keys: [String: String?] = [:]
    private var recentKeys: [(raw: String, key: String?)] = []

    /// The figures of periods the pass has gone beyond (their gifts are let go).
    private(set) var done: [Period: ClosedPeriod] = [:]
    /// The most gifts held at once by the open periods: what the pass keeps in memory.
    private(set) var peakHeld = 0
    /// The earliest gift seen per supporter.
    private(set) var earliest: [ID<Supporter>: Day] = [:]
    /// Received per unit and day, kept only with carry-over; then, once the pass is over,
    /// running sums in day order, to total any span with two binary searches.
    private var daily: [Unit: [Day: Int64]] = [:]
    private var running: [Unit: (days: [Day], sums: [Int64])] = [:]

    init(periods: [Period], context: LedgerSnapshot, config: ReportConfig) {
        self.context = context
        self.config = config
        requested = Set(periods)
        var windows = Set(periods)
        for p in periods where context.from <= p.previous.start { windows.insert(p.previous) }
        waiting = windows.sorted { ($0.start, $0.end) > ($1.start, $1.end) }
        var known = IDSet<Pledge>()
        for p in context.pledges { known.insert(p.id) }
        knownPledges = known
        defaultUnit = config.defaultUnit
        carryOver = config.carryOver
    }

    mutating func add(_ g: PublicGift) {
        while let next = waiting.last, next.start <= g.day {
            waiting.removeLast()
            open.append((next, PeriodTally()))
        }
        close { $0.end < g.day }
        if year?.year != g.day.year { year = YearTally(year: g.day.year) }
        let channel = key(g.channel), campaign = key(g.campaign)
        let pledgeKnown = g.pledge.map { knownPledges.contains($0) } ?? false
        var held = 0
        for i in open.indices {
            open[i].tally.add(g, channel: channel, campaign: campaign, pledgeKnown: pledgeKnown)
            held += open[i].tally.gifts
        }
        peakHeld = max(peakHeld, held)
        year?.add(g)
        // Only for supporters whose first gift the snapshot does not give.
        if let s = g.supporter, context.supporters.firstGift(of: s) == nil, earliest[s].map({ g.day < $0 }) ?? true {
            earliest[s] = g.day
        }
        if carryOver { daily[g.amount.unit, default: [:]][g.day, default: 0] = Calc.add(daily[g.amount.unit]?[g.day] ?? 0, g.amount.minor) }
    }

    /// Closes every period left: the pass is over.
    mutating func finish() {
        while let next = waiting.popLast() { open.append((next, PeriodTally())) }
        close { _ in true }
        for (unit, days) in daily {
            let ordered = days.sorted { $0.key < $1.key }
            var sum: Int64 = 0
            running[unit] = (ordered.map(\.key), ordered.map { sum = Calc.add(sum, $0.value); return sum })
        }
        daily = [:]
    }

    /// What was received in a unit from one day to another (both included), once the pass is
    /// over; carry-over only.
    func received(_ unit: Unit, from: Day, to: Day) -> Int64 {
        guard let r = running[unit], from <= to else { return 0 }
        /// The running sum of the days before `day`.
        func before(_ day: Day) -> Int64 {
            var lo = 0, hi = r.days.count
            while lo < hi { let mid = (lo + hi) / 2; if r.days[mid] < day { lo = mid + 1 } else { hi = mid } }
            return lo == 0 ? 0 : r.sums[lo - 1]
        }
        return before(to.adding(days: 1)) - before(from)
    }

    private mutating func close(where ended: (Period) -> Bool) {
        var kept: [(period: Period, tally: PeriodTally)] = []
        for w in open {
            if ended(w.period) { done[w.period] = closed(w.period, w.tally) } else { kept.append(w) }
        }
        open = kept
    }

    /// A period's figures, taken when the pass leaves it: every gift up to its end has been
    /// seen, so each of its supporters' earliest gift is known.
    private mutating func closed(_ period: Period, _ tally: PeriodTally) -> ClosedPeriod {
        var c = ClosedPeriod()
        c.totals = tally.totals(defaultUnit: defaultUnit)
        guard requested.contains(period) else { return c }
        let (context, earliest) = (context, earliest)
        c.received = Calc.received(tally, period: period, minGroup: config.minGroup, defaultUnit: defaultUnit,
                                   firstGift: { context.supporters.firstGift(of: $0) ?? earliest[$0] })
        c.supporters = tally.supporters.count
        c.gifts = tally.gifts
        c.fulfilled = tally.fulfilled
        c.yearToDate = year?.year == period.end.year ? year?.totals(defaultUnit: defaultUnit) ?? [] : []
        c.thanks = Calc.thanks(context, supporters: tally.supporters, period: period, names: &names)
        return c
    }

    private mutating func key(_ text: String?) -> String? {
        guard let text else { return nil }
        // A ledger has a handful of channels and campaigns: comparing a short string with the
        // few seen so far costs less than hashing it at every gift.
        for (raw, k) in recentKeys where raw == text { return k }
        if let known = keys[text] { return known }
        let k = Calc.key(text)
        keys[text] = k
        if recentKeys.count < 16 { recentKeys.append((text, k)) }
        return k
    }
}

/// Names on the wall of thanks, across the periods of one pass. Each supporter's name is trimmed
/// once and numbered (supporters who show the same name share its number); each name's sort key
/// (case and accents ignored) is folded once, and the names are kept ranked in wall order, new
/// ones placed by binary search. A period's wall is then its name numbers sorted by rank:
/// integers, where sorting the strings again for each period was 9 % of a million-gift run.
struct WallNames {
    /// Per supporter, by position in the snapshot's directory: `unseen`, `nameless`, or the name's number.
    private var slot: [Int32] = []
    private static let unseen: Int32 = -2, nameless: Int32 = -1
    /// Two spellings Swift holds equal (é composed or not) share a number; a period shows the
    /// spelling of the first of its supporters who uses it. The supporters (by position) whose
    /// spelling is not the bytes of their name's number, a rare case kept aside.
    private var variants: [Int32: String] = [:]
    private var numbers: [String: Int32] = [:]
    /// By number: the name, its folded key, its place in wall order (valid once ranked).
    private var names: [String] = []
    private var keys: [String] = []
    private var rank: [Int32] = []
    /// Name numbers in wall order, and the numbers not placed in it yet.
    private var order: [Int32] = []
    private var unranked: [Int32] = []

    /// Where the supporter sits in the directory, when they show a name; for `sorted`.
    mutating func named(_ id: ID<Supporter>, in snapshot: LedgerSnapshot) -> Int32? {
        guard let at = snapshot.supporters.position(of: id) else { return nil }
        if slot.count != snapshot.supporters.count { slot = Array(repeating: Self.unseen, count: snapshot.supporters.count) }
        let known = slot[at]
        if known != Self.unseen { return known == Self.nameless ? nil : Int32(at) }
        // Belt and braces: an anonymous supporter is never named, whatever the snapshot says.
        let s = snapshot.supporters.all[at]
        guard s.visibility != .anonymous, let name = Calc.key(s.wallName) else {
            slot[at] = Self.nameless
            return nil
        }
        let n: Int32
        if let existing = numbers[name] {
            n = existing
            if !name.utf8.elementsEqual(names[Int(n)].utf8) { variants[Int32(at)] = name }
        } else {
            n = Int32(names.count)
            numbers[name] = n
            names.append(name)
            keys.append(name.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil))
            rank.append(0)
            unranked.append(n)
        }
        slot[at] = n
        return Int32(at)
    }

    /// The names of these supporters (as `named` gave them, in the order met), each name once,
    /// in wall order: by folded key, then by name.
    mutating func sorted(_ supporters: [Int32]) -> [String] {
        placeNewNames()
        // Rank, then the order met: among supporters sharing a name, the first met gives its spelling.
        var keyed = supporters.enumerated().map { Int64(rank[Int(slot[Int($1)])]) << 32 | Int64($0) }
        keyed.sort()
        var out: [String] = []
        out.reserveCapacity(keyed.count)
        var last: Int64 = -1
        for k in keyed where k >> 32 != last {
            let at = supporters[Int(k & 0xFFFF_FFFF)]
            out.append(variants[at] ?? names[Int(slot[Int(at)])])
            last = k >> 32
        }
        return out
    }

    private func precedes(_ a: Int32, _ b: Int32) -> Bool {
        let (ka, kb) = (keys[Int(a)], keys[Int(b)])
        return ka != kb ? ka < kb : names[Int(a)] < names[Int(b)]
    }

    /// Puts the names met since the last period in wall order, and renumbers the ranks.
    private mutating func placeNewNames() {
        guard !unranked.isEmpty else { return }
        let fresh = unranked.sorted(by: precedes)
        unranked.removeAll(keepingCapacity: true)
        var merged: [Int32] = []
        merged.reserveCapacity(order.count + fresh.count)
        var from = 0
        for n in fresh {
            // The first of the ranked names that comes after n, searched by halves from where the last one went.
            var low = from, high = order.count
            while low < high {
                let mid = (low + high) / 2
                if precedes(order[mid], n) { low = mid + 1 } else { high = mid }
            }
            merged.append(contentsOf: order[from..<low])
            merged.append(n)
            from = low
        }
        merged.append(contentsOf: order[from...])
        order = merged
        for (r, n) in order.enumerated() { rank[Int(n)] = Int32(r) }
    }
}
