public import ChapeauCore
public import struct Foundation.Date

extension PublicReport {
    /// Computes the report of `period` from a snapshot of the ledger. Pure: `now` is passed in.
    ///
    /// - Parameters:
    ///   - period: the period reported on (any cadence).
    ///   - snapshot: the ledger as it stands, voided entries left out. It should span at least
    ///     `PublicReport.snapshotSpan(for:carryOver:firstNeedStart:)`: from January 1st of the
    ///     period's final year, or the previous period's start if earlier (and, with carry-over,
    ///     the first need's start), to the period's end. The model filters by date; a
    ///     comparison the snapshot does not reach is left out (nil), and carry-over is counted
    ///     from the snapshot's first day when it starts after the first need.
    ///   - config: author, language, `min_group`, `carry_over`, time zone, ledger currency.
    ///   - now: the generation time (`chapeau run --now`): decides whether the period is
    ///     closed, and is printed on the report. It never filters entries.
    ///   - revised: true when this report replaces one already published.
    public init(period: Period, snapshot: LedgerSnapshot, config: ReportConfig, now: Date, revised: Bool = false) {
        var gifts = GiftArraySource(snapshot.gifts)
        var stream = ReportStream(periods: [period], context: snapshot, config: config)
        while let gift = gifts.next() { stream.add(gift) }
        stream.finish()
        self.init(period: period, stream: stream, context: snapshot, config: config, now: now, revised: revised)
    }
}

/// The arithmetic of the report: exact integers, per unit, never mixed.
enum Calc {
    /// Overflow-safe sum: saturates instead of trapping (a total cannot reach it in practice).
    static func add(_ a: Int64, _ b: Int64) -> Int64 {
        let (r, o) = a.addingReportingOverflow(b)
        return o ? (b > 0 ? .max : .min) : r
    }

    static func sum(_ values: some Sequence<Int64>) -> Int64 { values.reduce(0, add) }

    /// Units in report order: the ledger's currency, other currencies, then custom units, by code.
    static func ordered(_ units: some Sequence<Unit>, defaultUnit: Unit) -> [Unit] {
        func rank(_ u: Unit) -> Int { u == defaultUnit ? 0 : (u.isCurrency ? 1 : 2) }
        return Array(Set(units)).sorted { (rank($0), $0.code) < (rank($1), $1.code) }
    }

    /// Totals in report order.
    static func ordered(totals: [UnitTotal], defaultUnit: Unit) -> [UnitTotal] {
        let byUnit = Dictionary(totals.map { ($0.unit, $0) }, uniquingKeysWith: { a, _ in a })
        return ordered(byUnit.keys, defaultUnit: defaultUnit).compactMap { byUnit[$0] }
    }

    /// A free-text key as recorded, trimmed; nil when empty.
    static func key(_ text: String?) -> String? {
        guard let t = text?.trimmingCharacters(in: .whitespacesAndNewlines), !t.isEmpty else { return nil }
        return t
    }

    /// Groups amounts by a key; largest first, ties by key, no key last.
    static func breakdown(_ items: [(key: String?, minor: Int64)], unit: Unit) -> [Breakdown] {
        var slices: [String?: Slice] = [:]
        for item in items { slices[item.key, default: Slice()].add(item.minor) }
        return breakdown(slices, unit: unit)
    }

    static func breakdown(_ slices: [String?: Slice], unit: Unit) -> [Breakdown] {
        slices.map { Breakdown(key: $0.key, amount: Money(minor: $0.value.amount, unit: unit), count: $0.value.count) }
            .sorted { a, b in
                if a.amount.minor != b.amount.minor { return a.amount.minor > b.amount.minor }
                switch (a.key, b.key) {
                case let (x?, y?): return x < y
                case (.some, .none): return true
                default: return false
                }
            }
    }

    // MARK: received

    static func received(_ tally: PeriodTally, period: Period, minGroup: Int, defaultUnit: Unit,
                         firstGift: (ID<Supporter>) -> Day?) -> [ReceivedFigures] {
        ordered(tally.units.keys, defaultUnit: defaultUnit).map { unit in
            let t = tally.units[unit] ?? UnitTally()
            let people = t.supporters
            let new = people.filter { id in firstGift(id).map { $0 >= period.start } ?? true }.count
            let smallGroup = people.count < minGroup
            let amounts = t.amounts.sorted()
            return ReceivedFigures(
                unit: unit,
                total: Money(minor: t.total, unit: unit),
                gifts: amounts.count,
                supporters: people.count,
                newSupporters: new,
                returningSupporters: people.count - new,
                smallGroup: smallGroup,
                distribution: smallGroup || amounts.isEmpty ? nil : Statistics.distribution(amounts, unit: unit),
                byChannel: breakdown(t.channels, unit: unit),
                byCampaign: breakdown(t.campaigns, unit: unit))
        }
    }

    // MARK: pledges

    static func pledges(_ snapshot: LedgerSnapshot, fulfilled: [Unit: Int64], period: Period, defaultUnit: Unit) -> [PledgeFigures] {
        // Called for every period with every pledge: no array per pledge, and the few units
        // summed in a short list rather than hashed twice per pledge.
        var sums: [(unit: Unit, active: Int, pledged: Int64)] = []
        for p in snapshot.pledges {
            let end: Day? = switch (p.pledge.end, p.endedOn) {
            case let (a?, b?): min(a, b)
            case let (a, b): a ?? b
            }
            guard p.pledge.start <= period.end, end.map({ $0 >= period.start }) ?? true else { continue }
            let unit = p.pledge.amount.unit
            let share = Proration.prorate(amountMinor: p.pledge.amount.minor, every: p.pledge.every,
                                          start: p.pledge.start, end: end, over: period)
            if let i = sums.firstIndex(where: { $0.unit == unit }) {
                sums[i].active += 1
                sums[i].pledged = add(sums[i].pledged, share)
            } else {
                sums.append((unit, 1, add(0, share)))
            }
        }
        var active: [Unit: Int] = [:], pledged: [Unit: Int64] = [:]
        for s in sums { active[s.unit] = s.active; pledged[s.unit] = s.pledged }
        let units = ordered(Array(active.keys) + Array(fulfilled.keys), defaultUnit: defaultUnit)
        return units.map { u in
            PledgeFigures(unit: u, active: active[u] ?? 0, pledged: Money(minor: pledged[u] ?? 0, unit: u),
                          fulfilled: Money(minor: fulfilled[u] ?? 0, unit: u))
        }
    }

    // MARK: needs

    /// The goal of a span in one unit: every need of that unit prorated to it.
    static func needed(_ needs: [Need], over span: Period) -> Int64 {
        sum(needs.map {
            Proration.prorate(amountMinor: $0.amount.minor, every: $0.every, start: $0.start, end: $0.end, over: span)
        })
    }

    static func needs(_ snapshot: LedgerSnapshot, received: [ReceivedFigures], period: Period,
                      config: ReportConfig, receivedOn: (Unit, Day, Day) -> Int64) -> [NeedFigures] {
        let byUnit = Dictionary(grouping: snapshot.needs.sorted { $0.id < $1.id }.map(\.need), by: \.amount.unit)
        var out: [NeedFigures] = []
        for unit in ordered(byUnit.keys, defaultUnit: config.defaultUnit) {
            let needs = byUnit[unit] ?? []
            let lines = needs.compactMap { n -> NeedLine? in
                let share = Proration.prorate(amountMinor: n.amount.minor, every: n.every, start: n.start, end: n.end, over: period)
                guard share > 0 else { return nil }
                return NeedLine(label: n.label, amount: n.amount, every: n.every, forPeriod: Money(minor: share, unit: unit))
            }
            guard !lines.isEmpty else { continue }
            let needed = sum(lines.map(\.forPeriod.minor))
            let got = received.first { $0.unit == unit }?.total.minor ?? 0
            let carriedIn = config.carryOver ? carry(into: period, unit: unit, needs: needs, from: snapshot.from, receivedOn: receivedOn) : 0
            let available = add(got, carriedIn)
            out.append(NeedFigures(
                unit: unit,
                needed: Money(minor: needed, unit: unit),
                received: Money(minor: got, unit: unit),
                carriedIn: Money(minor: carriedIn, unit: unit),
                carriedOut: Money(minor: config.carryOver ? max(0, available - needed) : 0, unit: unit),
                coverage: Ratio(available, over: needed),
                lines: lines))
        }
        return out
    }

    /// Carry-over into `period`: walking the periods of its cadence from the first need's start
    /// (or the snapshot's first day, if later) to the period before, what each received beyond
    /// its goal is carried forward; a shortfall is not (the carry never goes below zero).
    static func carry(into period: Period, unit: Unit, needs: [Need], from snapshotFrom: Day,
                      receivedOn: (Unit, Day, Day) -> Int64) -> Int64 {
        guard let firstNeed = needs.map(\.start).min() else { return 0 }
        let from = max(firstNeed, snapshotFrom)
        let last = period.start.adding(days: -1)
        guard from <= last else { return 0 }
        var carried: Int64 = 0
        for p in Period.all(period.cadence, from: from, to: last) {
            let got = receivedOn(unit, max(p.start, from), min(p.end, last))
            carried = max(0, add(carried, got) - min(needed(needs, over: p), Int64.max / 2))
        }
        return carried
    }

    // MARK: expenses and balance

    static func expenses(_ snapshot: LedgerSnapshot, period: Period, defaultUnit: Unit) -> [ExpenseFigures] {
        let spent = snapshot.expenses.map(\.expense).filter { period.contains($0.day) }
        let byUnit = Dictionary(grouping: spent, by: \.amount.unit)
        return ordered(byUnit.keys, defaultUnit: defaultUnit).map { unit in
            let es = byUnit[unit] ?? []
            return ExpenseFigures(unit: unit, total: Money(minor: sum(es.map(\.amount.minor)), unit: unit),
                                  count: es.count,
                                  byCategory: breakdown(es.map { (key($0.category), $0.amount.minor) }, unit: unit))
        }
    }

    static func balances(received: [ReceivedFigures], expenses: [ExpenseFigures], defaultUnit: Unit) -> [BalanceFigures] {
        let units = ordered(received.map(\.unit) + expenses.map(\.unit), defaultUnit: defaultUnit)
        return units.map { u in
            let got = received.first { $0.unit == u }?.total.minor ?? 0
            let spent = expenses.first { $0.unit == u }?.total.minor ?? 0
            let (diff, overflow) = got.subtractingReportingOverflow(spent)
            return BalanceFigures(unit: u, received: Money(minor: got, unit: u), expenses: Money(minor: spent, unit: u),
                                  balance: Money(minor: overflow ? .min : diff, unit: u))
        }
    }

    // MARK: offers

    static func offers(_ snapshot: LedgerSnapshot, period: Period, defaultUnit: Unit) -> OfferFigures {
        let relevant = snapshot.offers
            .filter { $0.offer.day <= period.end && (period.contains($0.offer.day) || period.contains($0.statusDay)) }
            .sorted { ($0.offer.day, $0.id) < ($1.offer.day, $1.id) }
        var byKind = Dictionary(uniqueKeysWithValues: OfferKind.allCases.map { ($0, 0) })
        var byStatus = Dictionary(uniqueKeysWithValues: OfferStatus.allCases.map { ($0, 0) })
        var hours: Money?
        var values: [Unit: Int64] = [:]
        for o in relevant {
            byKind[o.offer.kind, default: 0] += 1
            byStatus[o.status, default: 0] += 1
            guard o.status == .delivered, period.contains(o.statusDay) else { continue }
            if o.offer.kind == .time, let q = o.offer.quantity, q.unit.code.lowercased() == "h" {
                hours = Money(minor: add(hours?.minor ?? 0, q.minor), unit: hours?.unit ?? q.unit)
            }
            if let v = o.offer.value { values[v.unit] = add(values[v.unit] ?? 0, v.minor) }
        }
        let descriptions = relevant
            .filter { $0.status == .accepted || $0.status == .delivered }
            .compactMap { o in
                key(o.offer.description).map {
                    OfferDescription(kind: o.offer.kind, status: o.status, description: $0, quantity: o.offer.quantity)
                }
            }
        return OfferFigures(count: relevant.count, byKind: byKind, byStatus: byStatus, hoursGiven: hours,
                            deliveredValue: ordered(values.keys, defaultUnit: defaultUnit).map { Money(minor: values[$0] ?? 0, unit: $0) },
                            descriptions: descriptions)
    }

    // MARK: wall of thanks

    static func thanks(_ snapshot: LedgerSnapshot, supporters: SupporterSet, period: Period,
                       names wall: inout WallNames) -> [String] {
        // Givers, then those whose offer was delivered; someone in both, or two supporters
        // showing the same name, appear once (the sort drops repeats, keeping the first met).
        var chosen: [Int32] = []
        chosen.reserveCapacity(supporters.count)
        for id in supporters {
            if let n = wall.named(id, in: snapshot) { chosen.append(n) }
        }
        for o in snapshot.offers where o.status == .delivered && period.contains(o.statusDay) {
            if let id = o.offer.supporter, let n = wall.named(id, in: snapshot) { chosen.append(n) }
        }
        return wall.sorted(chosen)
    }
}

/// Median, quartiles and histogram of gift amounts, in exact integers.
enum Statistics {
    /// Band bounds in major units of the gift's unit: below 5, 5–10, 10–20, 20–50, 50–100,
    /// 100–200, 200–500, 500 and more.
    static let bandBounds: [Int64] = [0, 5, 10, 20, 50, 100, 200, 500]

    static func distribution(_ sorted: [Int64], unit: Unit) -> Distribution {
        Distribution(q1: Money(minor: quantile(sorted, 1, 4), unit: unit),
                     median: Money(minor: quantile(sorted, 2, 4), unit: unit),
                     q3: Money(minor: quantile(sorted, 3, 4), unit: unit),
                     histogram: histogram(sorted, unit: unit))
    }

    /// The `num/den` quantile of sorted values by linear interpolation at `(n − 1)·num/den`,
    /// rounded half up to an integer. The median of [5, 10, 15, 20] is 12.5 → 13 minor units.
    static func quantile(_ sorted: [Int64], _ num: Int, _ den: Int) -> Int64 {
        guard !sorted.isEmpty else { return 0 }
        let position = num * (sorted.count - 1)
        let i = position / den, r = position % den
        guard r != 0, i + 1 < sorted.count else { return sorted[min(i, sorted.count - 1)] }
        let gap = sorted[i + 1] - sorted[i]
        let (scaled, overflow) = gap.multipliedReportingOverflow(by: Int64(2 * r))
        guard !overflow else { return sorted[i] + gap / Int64(den) * Int64(r) }
        return sorted[i] + (scaled + Int64(den)) / Int64(2 * den)
    }

    static func histogram(_ amounts: [Int64], unit: Unit) -> [HistogramBand] {
        let bounds = bandBounds.map { $0 * unit.scale }
        return bounds.indices.map { i in
            let lower = bounds[i]
            let upper = i + 1 < bounds.count ? bounds[i + 1] : nil
            let count = amounts.filter { a in a >= lower && upper.map { a < $0 } ?? true }.count
            return HistogramBand(lower: Money(minor: lower, unit: unit),
                                 upper: upper.map { Money(minor: $0, unit: unit) }, gifts: count)
        }
    }
}
