import ChapeauCore
import ChapeauReports
import Foundation

/// A small ledger built in code, with every figure of its report computed by hand in the
/// comments. The report period is 2026-11-H1 (1–15 November 2026, semi-monthly).
enum Fixture {
    static let ptj = Unit(code: "PTJ", decimals: 0, name: "Points Jeu", isCurrency: false)
    static let hours = Unit(code: "h", decimals: 1, name: "heures", isCurrency: false)

    static func day(_ s: String) -> Day {
        guard let d = Day(iso: s) else { preconditionFailure("bad test date \(s)") }
        return d
    }

    static func eur(_ minor: Int64) -> Money { Money(minor: minor, unit: .eur) }

    static let period: Period = Period(id: "2026-11-H1") ?? Period(containing: day("2026-11-01"), cadence: .semiMonthly)

    /// 2026-11-16 07:00 in Paris: the day after the period, so it is closed.
    static let now = Date(timeIntervalSince1970: 1_794_808_800)  // 2026-11-16T06:00:00Z

    static func config(_ language: ReportLanguage = .fr, carryOver: Bool = false, minGroup: Int = 3) -> ReportConfig {
        ReportConfig(authorName: "Camille Autrice", supportURL: "https://example.org/soutenir",
                     baseURL: "https://example.org/rapports", language: language, minGroup: minGroup,
                     carryOver: carryOver, cadence: .semiMonthly, timeZone: "Europe/Paris", defaultUnit: .eur)
    }

    static let chain = ChainHead(entries: 57, head: "9f2c1e0b7a4d3c2b1a09f8e7d6c5b4a39281706f5e4d3c2b1a0f9e8d7c6b5a49")

    // Supporters: the three visibilities, an erased one, and one who gave nothing this period.
    static let alice = ID<Supporter>(1)   // public "Alice Martin", first gift 2026-03-10: returning
    static let bob = ID<Supporter>(2)     // pseudonym "bob", first gift 2026-10-20: returning
    static let carol = ID<Supporter>(3)   // anonymous, first gift 2026-11-05: new
    static let dave = ID<Supporter>(4)    // public but erased, first gift 2025-12-01: returning
    static let eve = ID<Supporter>(5)     // pseudonym "eve", first gift 2026-11-14: new
    static let frank = ID<Supporter>(6)   // public "Frank Dupont", first gift 2026-11-09 (PTJ): new
    static let gina = ID<Supporter>(7)    // pseudonym "gina", gave nothing in the period

    static func supporter(_ id: ID<Supporter>, _ s: Supporter, erased: Bool = false, first: String?) -> (ID<Supporter>, PublicSupporter) {
        (id, PublicSupporter(id: id, visibility: s.visibility, wallName: PublicSupporter.wallName(for: s, erased: erased),
                             firstGift: first.map(day)))
    }

    static func supporters(aliceName: String = "Alice Martin", bobHandle: String = "bob") -> [ID<Supporter>: PublicSupporter] {
        Dictionary(uniqueKeysWithValues: [
            supporter(alice, Supporter(handle: "alice", name: aliceName, email: "alice@example.org", visibility: .public), first: "2026-03-10"),
            supporter(bob, Supporter(handle: bobHandle, visibility: .pseudonym), first: "2026-10-20"),
            supporter(carol, Supporter(handle: "carol-secret", name: "Carol Secret", visibility: .anonymous), first: "2026-11-05"),
            supporter(dave, Supporter(handle: "dave", name: "Dave Erased", visibility: .public), erased: true, first: "2025-12-01"),
            supporter(eve, Supporter(handle: "eve", visibility: .pseudonym), first: "2026-11-14"),
            supporter(frank, Supporter(handle: "frank", name: "Frank Dupont", visibility: .public), first: "2026-11-09"),
            supporter(gina, Supporter(handle: "gina", visibility: .pseudonym), first: "2026-02-01"),
        ])
    }

    static func gift(_ n: Int64, _ amount: Money, _ d: String, _ s: ID<Supporter>?, channel: String? = nil,
                     campaign: String? = nil, pledge: ID<Pledge>? = nil) -> PublicGift {
        PublicGift(id: ID<Gift>(n), gift: Gift(amount: amount, day: day(d), supporter: s, channel: channel,
                                               campaign: campaign, pledge: pledge, note: "private note \(n)"))
    }

    /// Gifts from 2026-01-01. Voided gift g-14 is simply absent, as in a real snapshot.
    ///
    /// 2026-11-H1, EUR: 20 + 10 + 50 + 5 + 30 + 15 + 25 = 155.00 € in 7 gifts from 5 supporters
    /// (alice, bob, carol, dave, eve; the cash gift has none). Sorted 5 10 15 20 25 30 50:
    /// median 20.00, Q1 at 1.5 → 12.50, Q3 at 4.5 → 27.50.
    /// PTJ: 3 + 2 = 5 PTJ from 2 supporters: a small group, never added to the euros.
    /// 2026-10-H2 (previous): 15 + 40 + 300 = 355.00 € in 3 gifts from 2 supporters.
    static func gifts(channel: String = "bank", campaign: String = "hiver") -> [PublicGift] {
        [
            gift(1, eur(2000), "2026-03-10", alice, channel: "bank"),
            gift(2, eur(1500), "2026-10-20", bob, channel: "leetchi", pledge: ID<Pledge>(1)),
            gift(3, eur(4000), "2026-10-25", alice, channel: "bank"),
            gift(4, eur(30000), "2026-10-28", nil, channel: "cash"),
            gift(5, eur(2000), "2026-11-02", alice, channel: channel),
            gift(6, eur(1000), "2026-11-03", bob, channel: "leetchi", campaign: campaign),
            gift(7, Money(minor: 3, unit: ptj), "2026-11-04", alice),
            gift(8, eur(5000), "2026-11-05", carol, channel: "paypal"),
            gift(9, eur(500), "2026-11-08", nil, channel: "cash"),
            gift(10, Money(minor: 2, unit: ptj), "2026-11-09", frank),
            gift(11, eur(3000), "2026-11-10", dave, channel: "bank"),
            gift(12, eur(1500), "2026-11-12", bob, channel: "leetchi", pledge: ID<Pledge>(1)),
            gift(13, eur(2500), "2026-11-14", eve, channel: "helloasso", campaign: campaign),
        ]
    }

    /// Bob pledges 15 € a month from 2026-10-12: for 1–15 November, 15 × 15/30 = 7.50 €.
    /// Frank's PTJ pledge ended in September: not active.
    static let pledges: [(id: ID<Pledge>, pledge: Pledge, endedOn: Day?)] = [
        (ID<Pledge>(1), Pledge(amount: eur(1500), every: .month, supporter: bob, start: day("2026-10-12")), nil),
        (ID<Pledge>(2), Pledge(amount: Money(minor: 5, unit: ptj), every: .month, supporter: frank, start: day("2026-06-01")),
         day("2026-09-30")),
    ]

    /// 350 € rent + 60 € bills a month: for 15 of November's 30 days, 175 + 30 = 205.00 €.
    static func needs(label: String = "Loyer du bureau") -> [(id: ID<Need>, need: Need)] {
        [
            (ID<Need>(1), Need(label: label, amount: eur(35000), every: .month, start: day("2026-01-01"))),
            (ID<Need>(2), Need(label: "Factures (électricité, internet)", amount: eur(6000), every: .month, start: day("2026-01-01"))),
        ]
    }

    /// In the period: 12.00 + 8.50 = 20.50 €; the train ticket is in October.
    static func expenses(category: String = "hébergement") -> [(id: ID<Expense>, expense: Expense)] {
        [
            (ID<Expense>(1), Expense(label: "Hébergement du site", amount: eur(1200), day: day("2026-11-07"), category: category)),
            (ID<Expense>(2), Expense(label: "Papeterie", amount: eur(850), day: day("2026-11-13"), category: "fournitures")),
            (ID<Expense>(3), Expense(label: "Train", amount: eur(4000), day: day("2026-10-30"), category: "déplacements")),
        ]
    }

    /// Five offers with activity in the period (the withdrawn one is from September):
    /// time 2, object 1, lodging 1, skill 1; offered 1, accepted 1, delivered 2, declined 1;
    /// hours given 3 + 2.5 = 5.5 h.
    static func offers(description: String = "Relecture d’articles") -> [(id: ID<Offer>, offer: Offer, status: OfferStatus, statusDay: Day)] {
        [
            (ID<Offer>(1), Offer(kind: .time, description: description, supporter: alice,
                                 quantity: Money(minor: 30, unit: hours), value: eur(4500), day: day("2026-10-30")),
             .delivered, day("2026-11-06")),
            (ID<Offer>(2), Offer(kind: .object, description: "Un bureau d’occasion", supporter: frank,
                                 value: eur(8000), day: day("2026-11-04")), .accepted, day("2026-11-09")),
            (ID<Offer>(3), Offer(kind: .lodging, description: "Une chambre à Lyon pour deux nuits", supporter: gina,
                                 day: day("2026-11-02")), .offered, day("2026-11-02")),
            (ID<Offer>(4), Offer(kind: .skill, description: "Conseil juridique", day: day("2026-11-03")),
             .declined, day("2026-11-05")),
            (ID<Offer>(5), Offer(kind: .time, description: "Aide au déménagement", supporter: carol,
                                 quantity: Money(minor: 25, unit: hours), day: day("2026-11-01")), .delivered, day("2026-11-11")),
            (ID<Offer>(6), Offer(kind: .service, description: "Maintenance du site", day: day("2026-09-01")),
             .withdrawn, day("2026-09-10")),
        ]
    }

    static func snapshot(supporters: [ID<Supporter>: PublicSupporter] = supporters(), gifts: [PublicGift] = gifts(),
                         needs: [(id: ID<Need>, need: Need)] = needs(),
                         expenses: [(id: ID<Expense>, expense: Expense)] = expenses(),
                         offers: [(id: ID<Offer>, offer: Offer, status: OfferStatus, statusDay: Day)] = offers(),
                         from: String = "2026-01-01") -> LedgerSnapshot {
        LedgerSnapshot(from: day(from), to: period.end, gifts: gifts, supporters: SupporterDirectory(Array(supporters.values)), pledges: pledges,
                       offers: offers, needs: needs, expenses: expenses, chain: chain)
    }

    static func report(_ language: ReportLanguage = .fr, carryOver: Bool = false, minGroup: Int = 3,
                       snapshot: LedgerSnapshot = snapshot(), revised: Bool = false) -> PublicReport {
        PublicReport(period: period, snapshot: snapshot, config: config(language, carryOver: carryOver, minGroup: minGroup),
                     now: now, revised: revised)
    }
}
