public import ChapeauCore

/// A campaign with fixed costs: the costs shared among its participants, what came in for it per
/// unit, how much of the costs that covers and what was given beyond them (free participation).
/// The one computation behind both the report and `campaign show`.
///
/// Units are never mixed: only gifts in the unit of the fixed costs cover them; gifts in another
/// unit (a complementary currency) are listed in `received` and cover nothing.
public struct CampaignFigures: Sendable, Equatable {
    public let slug: String
    public let name: String
    public let start: Day
    public let end: Day?
    public let fixedCosts: Money
    /// The declared number of participants, or the distinct supporters who gave to the campaign
    /// (in any unit) when none was declared.
    public let participants: Int64
    /// True when `participants` was declared rather than counted.
    public let participantsDeclared: Bool
    /// Each participant's share, `fixedCosts ÷ participants` rounded UP to the minor unit; nil
    /// with no participant.
    public let share: Money?
    /// Received for the campaign, per unit, in report order; a unit with nothing is not listed.
    public let received: [Money]
    /// The part of the fixed costs covered by gifts in their unit: `min(received, fixedCosts)`.
    public let covered: Money
    /// Given beyond the fixed costs, in their unit: `max(0, received − fixedCosts)`.
    public let beyond: Money

    /// The figures of `campaign` from its gifts; nil when it has no fixed costs. Every gift given
    /// counts: the caller chooses the span (a report, its gifts up to the period's end).
    public init?(campaign: Campaign, gifts: [PublicGift], defaultUnit: Unit) {
        guard let fixed = campaign.fixedCosts else { return nil }
        var totals: [Unit: Int64] = [:]
        var givers: Set<ID<Supporter>> = []
        for g in gifts {
            totals[g.amount.unit] = Calc.add(totals[g.amount.unit] ?? 0, g.amount.minor)
            if let s = g.supporter { givers.insert(s) }
        }
        let participants = campaign.participants ?? Int64(givers.count)
        let unit = fixed.unit
        let got = totals[unit] ?? 0
        slug = campaign.slug
        name = campaign.name
        start = campaign.start
        end = campaign.end
        fixedCosts = fixed
        self.participants = participants
        participantsDeclared = campaign.participants != nil
        share = Self.share(fixed.minor, among: participants).map { Money(minor: $0, unit: unit) }
        received = Calc.ordered(totals.keys, defaultUnit: defaultUnit).map { Money(minor: totals[$0] ?? 0, unit: $0) }
        covered = Money(minor: min(got, fixed.minor), unit: unit)
        beyond = Money(minor: max(0, got - fixed.minor), unit: unit)
    }

    /// `costs ÷ participants` rounded up, in integers (100,00 € among 3: 33,34 €); nil for none.
    public static func share(_ costs: Int64, among participants: Int64) -> Int64? {
        guard participants > 0, costs >= 0 else { return nil }
        let (q, r) = costs.quotientAndRemainder(dividingBy: participants)
        return r == 0 ? q : q + 1
    }

    /// The figures as JSON, the object `report.json` lists under `campaigns`.
    public var json: String { JSONReport.campaign(self).document }

    /// Received in the unit of the fixed costs.
    public var receivedInUnit: Money {
        received.first { $0.unit == fixedCosts.unit } ?? Money(minor: 0, unit: fixedCosts.unit)
    }
}

/// A declared need and the offers that answer it: counted and described, never turned into money.
///
/// A need may be answered partly in kind and partly in money: beside its offers it carries its
/// share of the period and the money side, the coverage of the needs of its unit (gifts name no
/// need, so money is counted per unit, as in the needs section).
public struct NeedOffers: Sendable, Equatable {
    public let need: String
    /// The need's share of the period, in its unit.
    public let forPeriod: Money
    /// The coverage in money of the period's needs in that unit; nil when it cannot be computed.
    public let moneyCoverage: Ratio?
    /// Offered, accepted or delivered offers answering the need (a declined or withdrawn one no
    /// longer answers it), in the order they were made.
    public let offers: [OfferDescription]
    public var count: Int { offers.count }
}

extension Calc {
    /// Campaigns with fixed costs that run during the period or received a gift in it, by slug,
    /// each counted from its gifts up to the period's end.
    static func campaigns(_ snapshot: LedgerSnapshot, period: Period, defaultUnit: Unit) -> [CampaignFigures] {
        snapshot.campaigns
            .filter { c in
                let runs = c.campaign.start <= period.end && (c.campaign.end.map { $0 >= period.start } ?? true)
                return runs || c.gifts.contains { period.contains($0.day) }
            }
            .sorted { $0.campaign.slug < $1.campaign.slug }
            .compactMap { c in
                CampaignFigures(campaign: c.campaign, gifts: c.gifts.filter { $0.day <= period.end }, defaultUnit: defaultUnit)
            }
    }

    /// Per need active in the period (in the order declared), the offers made by its end that
    /// answer it and still stand; needs without one are not listed.
    static func needOffers(_ snapshot: LedgerSnapshot, period: Period, needs: [NeedFigures]) -> [NeedOffers] {
        let answering = snapshot.offers.filter { $0.offer.need != nil && $0.offer.day <= period.end }
        guard !answering.isEmpty else { return [] }
        return snapshot.needs.sorted { $0.id < $1.id }.compactMap { n in
            let share = Proration.prorate(amountMinor: n.need.amount.minor, every: n.need.every, start: n.need.start,
                                          end: n.need.end, over: period)
            guard share > 0 else { return nil }
            let offers = answering
                .filter { $0.offer.need == n.id && $0.status != .declined && $0.status != .withdrawn }
                .sorted { ($0.offer.day, $0.id) < ($1.offer.day, $1.id) }
                .map { OfferDescription(kind: $0.offer.kind, status: $0.status, description: key($0.offer.description) ?? "",
                                        quantity: $0.offer.quantity) }
            guard !offers.isEmpty else { return nil }
            let money = needs.first { $0.unit == n.need.amount.unit }
            return NeedOffers(need: n.need.label, forPeriod: Money(minor: share, unit: n.need.amount.unit),
                              moneyCoverage: money?.coverage, offers: offers)
        }
    }
}
