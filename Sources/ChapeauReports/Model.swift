public import ChapeauCore
public import struct Foundation.Date

// The public report model. Every type here holds only what may be published: amounts are
// totals (per unit, never per person), supporters appear only as a count or as the name they
// chose to show on the wall of thanks. There is no field for an e-mail, a note, a supporter id
// or an anonymous supporter: privacy by construction.

/// A ratio computed exactly from integers, kept in ten-thousandths (0.7561 → 7561) and as a
/// whole percentage, each rounded half up ONCE from the exact fraction.
///
/// The percentage is never taken from the rounded ten-thousandths: 148,99 € of 200 € is
/// 74.495 %, which is 74 %, although its four decimals (0.7450) would round to 75 %.
public struct Ratio: Sendable, Equatable, Hashable {
    public let tenThousandths: Int64
    /// The ratio as a whole percentage, rounded half up from the exact fraction (0.75609… → 76).
    public let percent: Int64

    /// A ratio known only by its four decimals (an exact value, or one kept from before the
    /// percentage was stored): its percentage is rounded from them.
    public init(tenThousandths: Int64) {
        self.init(tenThousandths: tenThousandths, percent: Self.rounded(tenThousandths, over: 100, scale: 1))
    }

    /// A ratio as it was computed and kept: its four decimals and its whole percentage.
    public init(tenThousandths: Int64, percent: Int64) {
        self.tenThousandths = tenThousandths
        self.percent = percent
    }

    /// `numerator / denominator`, rounded half up to 4 decimals and, separately, to a whole
    /// percentage; nil when the denominator is not positive or a side is negative.
    public init?(_ numerator: Int64, over denominator: Int64) {
        guard denominator > 0, numerator >= 0 else { return nil }
        self.init(tenThousandths: Self.rounded(numerator, over: denominator, scale: 10_000),
                  percent: Self.rounded(numerator, over: denominator, scale: 100))
    }

    /// `numerator × scale / denominator` rounded half up, in exact integers (a positive
    /// denominator, a numerator not negative); saturates at `Int64.max` when too large to hold.
    static func rounded(_ numerator: Int64, over denominator: Int64, scale: Int64) -> Int64 {
        guard numerator / denominator < Int64.max / scale - 1 else { return Int64.max }
        let (q, r) = denominator.dividingFullWidth(numerator.multipliedFullWidth(by: scale))
        return r >= denominator - r ? q + 1 : q
    }

    /// The ratio as a number (0.7561): for output only, never for arithmetic.
    public var value: Double { Double(tenThousandths) / 10_000 }

    /// The ratio in plain decimal with no trailing zeros: `0.7561`, `0.62`, `1`, `0`.
    public var decimalString: String {
        var s = Money.decimalString(tenThousandths, decimals: 4)
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s
    }
}

/// A slice of the money received: one channel, campaign or expense category.
public struct Breakdown: Sendable, Equatable {
    /// The channel, campaign or category as recorded; nil when none was given.
    public let key: String?
    public let amount: Money
    /// Number of gifts (or expenses).
    public let count: Int
}

/// One band of the histogram of gift amounts: gifts of at least `lower` and below `upper`.
public struct HistogramBand: Sendable, Equatable {
    public let lower: Money
    /// nil for the last, open band.
    public let upper: Money?
    public let gifts: Int
}

/// How gift amounts are spread. Published only when enough supporters gave (`min_group`).
public struct Distribution: Sendable, Equatable {
    /// First quartile, median and third quartile, by linear interpolation between the sorted
    /// gift amounts (the spreadsheet `QUARTILE.INC` method), rounded half up to the minor unit.
    public let q1: Money
    public let median: Money
    public let q3: Money
    public let histogram: [HistogramBand]
}

/// What came in, in one unit.
public struct ReceivedFigures: Sendable, Equatable {
    public let unit: Unit
    public let total: Money
    public let gifts: Int
    /// Distinct supporters who gave in this unit (gifts without a supporter count none).
    public let supporters: Int
    /// Supporters whose first gift ever falls in the period.
    public let newSupporters: Int
    /// Supporters who had given before the period.
    public let returningSupporters: Int
    /// True when fewer than `min_group` supporters gave: `distribution` is then nil.
    public let smallGroup: Bool
    public let distribution: Distribution?
    /// By channel, largest first (ties by name); `key` nil: no channel recorded.
    public let byChannel: [Breakdown]
    /// By campaign, largest first; gifts without a campaign are not listed.
    public let byCampaign: [Breakdown]
    /// True for a complementary currency or custom unit: reported on its own, never converted.
    public var isComplementary: Bool { !unit.isCurrency }
}

/// Pledges in one unit for the period.
public struct PledgeFigures: Sendable, Equatable {
    public let unit: Unit
    /// Pledges running during at least one day of the period.
    public let active: Int
    /// What the active pledges promise for the period, prorated by day (`Proration.prorate`).
    public let pledged: Money
    /// Received in the period from gifts that reference a pledge.
    public let fulfilled: Money
}

/// One declared need, prorated to the period.
public struct NeedLine: Sendable, Equatable {
    public let label: String
    /// The declared amount per recurrence (`350 € / month`).
    public let amount: Money
    public let every: Recurrence
    /// Its share of the period.
    public let forPeriod: Money
}

/// Needs in one unit against what was received in that same unit.
public struct NeedFigures: Sendable, Equatable {
    public let unit: Unit
    /// The goal: every need active in the period, prorated to it.
    public let needed: Money
    /// Received in the period in this unit.
    public let received: Money
    /// With `carry_over`: what earlier periods received beyond their goal (zero otherwise).
    public let carriedIn: Money
    /// With `carry_over`: what goes on to the next period, `max(0, received + carriedIn − needed)`.
    public let carriedOut: Money
    /// `(received + carriedIn) / needed`; nil when nothing is needed.
    public let coverage: Ratio?
    public let lines: [NeedLine]
}

/// Money spent in one unit.
public struct ExpenseFigures: Sendable, Equatable {
    public let unit: Unit
    public let total: Money
    public let count: Int
    /// By category, largest first; `key` nil: no category recorded.
    public let byCategory: [Breakdown]
}

/// Received minus spent in one unit, for the period.
public struct BalanceFigures: Sendable, Equatable {
    public let unit: Unit
    public let received: Money
    public let expenses: Money
    public let balance: Money
}

/// An accepted or delivered offer, as it may be published: no supporter.
public struct OfferDescription: Sendable, Equatable {
    public let kind: OfferKind
    public let status: OfferStatus
    public let description: String
    public let quantity: Money?
}

/// Non-monetary offers with activity in the period (made, or moved to their current status,
/// during it).
public struct OfferFigures: Sendable, Equatable {
    public let count: Int
    /// Every kind, zero included.
    public let byKind: [OfferKind: Int]
    /// Every status, zero included; the status is the offer's current one.
    public let byStatus: [OfferStatus: Int]
    /// Quantities in `h` of `time` offers delivered during the period; nil when none.
    public let hoursGiven: Money?
    /// Estimated value of the offers delivered during the period, per unit (never added to
    /// money received).
    public let deliveredValue: [Money]
    /// Accepted and delivered offers, in the order they were made.
    public let descriptions: [OfferDescription]
}

/// Totals of another span (the previous period, the year to date), per unit.
public struct ComparisonFigures: Sendable, Equatable {
    /// The previous period's id, or nil for the year to date.
    public let periodID: String?
    public let from: Day
    public let to: Day
    public let totals: [UnitTotal]
}

/// A total received in one unit over a span.
public struct UnitTotal: Sendable, Equatable {
    public let amount: Money
    public let gifts: Int
    public let supporters: Int
    public var unit: Unit { amount.unit }
}

/// Where a report page leads besides the index and the feed: the periods of the published
/// cadence just before and after it. `previous` is nil for the first period with entries,
/// `next` is nil for the live period (no page comes after it yet); both are nil for a report
/// of another cadence, which has no neighbours among the published pages.
public struct ReportNavigation: Sendable, Equatable {
    public let previous: Period?
    public let next: Period?

    public init(previous: Period?, next: Period?) {
        self.previous = previous
        self.next = next
    }
}

/// How far a live period has gone: today is day `day` of `days`. `expected` is the share of the
/// period elapsed at the end of today, the coverage an even pace would have reached by now.
public struct Pace: Sendable, Equatable {
    public let day: Int
    public let days: Int
    public var daysLeft: Int { days - day }
    public let expected: Ratio

    public init?(period: Period, today: Day) {
        guard period.contains(today), let expected = Ratio(Int64(today.ordinal - period.start.ordinal + 1), over: Int64(period.dayCount)) else { return nil }
        day = today.ordinal - period.start.ordinal + 1
        days = period.dayCount
        self.expected = expected
    }
}

/// The public transparency report of one period: the single model every format renders.
public struct PublicReport: Sendable, Equatable {
    public let period: Period
    /// When the report was generated (passed in, never read from a clock).
    public let generatedAt: Date
    /// True once the day after the period's end has begun (in the configured time zone).
    public let isClosed: Bool
    /// True when this report replaces an already-published one (entries were dated into the
    /// period after publication).
    public let revised: Bool
    public let language: ReportLanguage
    public let authorName: String
    public let supportURL: String
    public let timeZone: String
    /// The unit of the headline: the ledger's currency.
    public let defaultUnit: Unit
    public let minGroup: Int
    public let carryOver: Bool
    /// The author's bank transfer without fees (QR code and IBAN), when configured.
    public let payment: PaymentBlock?

    /// Received per unit: currencies first (the ledger's own first), then custom units.
    public let received: [ReceivedFigures]
    /// Distinct supporters who gave in the period, all units together.
    public let supporters: Int
    /// Gifts in the period, all units together (a count, never an amount).
    public let gifts: Int
    public let pledges: [PledgeFigures]
    public let needs: [NeedFigures]
    public let expenses: [ExpenseFigures]
    public let balances: [BalanceFigures]
    public let offers: OfferFigures
    /// Campaigns with fixed costs running or receiving gifts in the period, by slug.
    public let campaigns: [CampaignFigures]
    /// Per need active in the period, the offers that answer it.
    public let needOffers: [NeedOffers]
    /// The previous period; nil when the snapshot does not reach back to its start.
    public let previous: ComparisonFigures?
    /// From January 1st of the period's final year to its end; nil when the snapshot does not
    /// reach back that far.
    public let yearToDate: ComparisonFigures?
    /// Wall of thanks: the names `public` supporters and the handles `pseudonym` supporters
    /// chose to show, for those who gave (or delivered an offer) in the period; sorted,
    /// without duplicates. Never an amount, never an anonymous or erased supporter. Empty
    /// when money came from fewer than `minGroup` people: with one or two givers, a name beside
    /// the published total would tell what that person gave (`thanksWithheld`).
    public let thanks: [String]
    /// True when names were left off the wall for that reason.
    public let thanksWithheld: Bool
    /// The ledger's hash chain when the snapshot was taken.
    public let integrity: ChainHead
    /// The published pages beside this one (previous and next period of the same cadence).
    public let navigation: ReportNavigation
    /// For a live period: how far it has gone, and what an even pace would have covered by now.
    public let pace: Pace?

    /// Figures received in the ledger's own unit, if any came in.
    public var receivedInDefaultUnit: ReceivedFigures? { received.first { $0.unit == defaultUnit } }

    /// Needs in the ledger's own unit, if any were declared for the period.
    public var needsInDefaultUnit: NeedFigures? { needs.first { $0.unit == defaultUnit } }

    /// The span of days a snapshot must cover for this report to be complete: from the
    /// earliest of January 1st of the period's final year, the previous period's start, and
    /// (with `carryOver`) the first need's start, to the period's end.
    public static func snapshotSpan(for period: Period, carryOver: Bool, firstNeedStart: Day? = nil) -> (from: Day, to: Day) {
        let jan1 = Day(year: period.end.year, month: 1, day: 1) ?? period.start
        var from = min(jan1, period.previous.start)
        if carryOver, let first = firstNeedStart { from = min(from, first) }
        return (from, period.end)
    }
}
