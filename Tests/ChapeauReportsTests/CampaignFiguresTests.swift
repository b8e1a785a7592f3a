import ChapeauCore
import ChapeauReports
import Foundation
import Testing

@Suite("Campaigns with fixed costs, offers answering needs")
struct CampaignFiguresTests {
    typealias F = Fixture
    static let fest = Campaign(slug: "fest-2026", name: "Festival", start: F.day("2026-11-01"), fixedCosts: F.eur(10000))

    static func gifts() -> [PublicGift] {
        [
            F.gift(101, F.eur(4000), "2026-11-02", ID(1), campaign: "fest-2026"),
            F.gift(102, F.eur(5000), "2026-11-03", ID(2), campaign: "fest-2026"),
            F.gift(103, F.eur(2500), "2026-11-04", ID(1), campaign: "fest-2026"),
            F.gift(104, Money(minor: 30, unit: F.ptj), "2026-11-05", ID(3), campaign: "fest-2026"),
            F.gift(105, F.eur(700), "2026-11-05", nil, campaign: "fest-2026"),
        ]
    }

    @Test("Given 100 € among 3 participants, then each share is 33,34 € (rounded up to the cent)")
    func shareRoundsUp() throws {
        var c = Self.fest
        c.participants = 3
        let f = try #require(CampaignFigures(campaign: c, gifts: [], defaultUnit: .eur))
        #expect(f.share == F.eur(3334))
        #expect(CampaignFigures.share(10000, among: 4) == 2500)
        #expect(CampaignFigures.share(1, among: 1_000) == 1)
        #expect(CampaignFigures.share(10000, among: 0) == nil)
    }

    @Test("Given no declared participants, then they are the distinct supporters who gave, in any unit")
    func participantsCounted() throws {
        let f = try #require(CampaignFigures(campaign: Self.fest, gifts: Self.gifts(), defaultUnit: .eur))
        #expect(f.participants == 3)
        #expect(!f.participantsDeclared)
        #expect(f.share == F.eur(3334))
    }

    @Test("Units are never mixed: PTJ gifts cover no euro; covered and beyond are in the costs' unit")
    func coveredAndBeyond() throws {
        let f = try #require(CampaignFigures(campaign: Self.fest, gifts: Self.gifts(), defaultUnit: .eur))
        #expect(f.received == [F.eur(12200), Money(minor: 30, unit: F.ptj)])
        #expect(f.covered == F.eur(10000))
        #expect(f.beyond == F.eur(2200))
        let onlyPTJ = try #require(CampaignFigures(campaign: Self.fest, gifts: [Self.gifts()[3]], defaultUnit: .eur))
        #expect(onlyPTJ.covered == F.eur(0))
        #expect(onlyPTJ.beyond == F.eur(0))
        let short = try #require(CampaignFigures(campaign: Self.fest, gifts: [Self.gifts()[0]], defaultUnit: .eur))
        #expect(short.covered == F.eur(4000))
        #expect(short.beyond == F.eur(0))
    }

    @Test("Zero participants: no share, no division")
    func zeroParticipants() throws {
        let f = try #require(CampaignFigures(campaign: Self.fest, gifts: [], defaultUnit: .eur))
        #expect(f.participants == 0)
        #expect(f.share == nil)
        let o = try #require(try JSONSerialization.jsonObject(with: Data(f.json.utf8)) as? [String: Any])
        #expect(o["share_minor"] is NSNull)
        #expect(CampaignFigures(campaign: Campaign(slug: "plain", name: "x", start: F.day("2026-11-01")), gifts: [], defaultUnit: .eur) == nil)
    }

    @Test("The JSON names its fields as documented")
    func jsonFields() throws {
        let f = try #require(CampaignFigures(campaign: Self.fest, gifts: Self.gifts(), defaultUnit: .eur))
        let o = try #require(try JSONSerialization.jsonObject(with: Data(f.json.utf8)) as? [String: Any])
        for k in ["slug", "fixed_costs_minor", "unit", "participants", "share_minor", "received", "covered_minor", "beyond_minor"] {
            #expect(o[k] != nil, "missing \(k)")
        }
        #expect(o["fixed_costs_minor"] as? Int == 10000)
        #expect(o["share_minor"] as? Int == 3334)
        #expect(o["covered_minor"] as? Int == 10000)
        #expect(o["beyond_minor"] as? Int == 2200)
        let received = try #require(o["received"] as? [[String: Any]])
        #expect(received.map { $0["unit"] as? String } == ["EUR", "PTJ"])
        #expect(received.map { $0["amount_minor"] as? Int } == [12200, 30])
    }

    @Test("The report shows the same figures as the campaign alone, in every format")
    func reportShowsSameFigures() throws {
        var snapshot = F.snapshot()
        snapshot.campaigns = [(Self.fest, Self.gifts())]
        let report = F.report(snapshot: snapshot)
        let alone = try #require(CampaignFigures(campaign: Self.fest, gifts: Self.gifts(), defaultUnit: .eur))
        #expect(report.campaigns == [alone])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(ReportFormat.json.render(report).utf8)) as? [String: Any])
        let listed = try #require((json["campaigns"] as? [[String: Any]])?.first)
        let single = try #require(try JSONSerialization.jsonObject(with: Data(alone.json.utf8)) as? [String: Any])
        func canonical(_ v: Any) throws -> String {
            String(decoding: try JSONSerialization.data(withJSONObject: v, options: [.sortedKeys]), as: UTF8.self)
        }
        #expect(try canonical(listed) == canonical(single))
        #expect(ReportFormat.csv.render(report).contains("campaign:fest-2026,EUR,share,33.34"))
        for format in [ReportFormat.html, .md] {
            let text = format.render(report)
            #expect(text.contains("Frais fixes partagés"), "\(format)")
            #expect(text.contains("33,34\u{00A0}€") || text.contains("33,34\u{202F}€") || text.contains("33,34 €"), "\(format)")
            // Readers see the campaign's name; its slug is for the data files only.
            #expect(text.contains("Festival") && !text.contains("fest-2026"), "\(format)")
            #expect(!format.render(F.report()).contains("Frais fixes partagés"), "\(format)")
        }
        // Without campaigns with fixed costs the report holds no such section.
        #expect(!ReportFormat.json.render(F.report()).contains("\"campaigns\""))
    }

    @Test("Offers answering a need are listed under it, counted, never turned into money")
    func offersPerNeed() throws {
        var offers = F.offers()
        offers[1].offer.need = ID<Need>(1)   // the desk, accepted
        offers[3].offer.need = ID<Need>(1)   // declined: no longer answers it
        offers[2].offer.need = ID<Need>(2)
        let report = F.report(snapshot: F.snapshot(offers: offers))
        #expect(report.needOffers.map(\.need) == ["Loyer du bureau", "Factures (électricité, internet)"])
        #expect(report.needOffers[0].count == 1)
        #expect(report.needOffers[0].offers.first?.status == .accepted)
        #expect(report.needOffers[0].offers.first?.kind == .object)
        #expect(report.needOffers[1].offers.first?.description == "Une chambre à Lyon pour deux nuits")
        // The needs' figures are the same as without them: offers add no money.
        #expect(report.needs == F.report().needs)
        let json = ReportFormat.json.render(report)
        #expect(json.contains("\"need_offers\""))
        for format in [ReportFormat.html, .md] {
            let text = format.render(report)
            #expect(text.contains("Offres en réponse aux besoins"), "\(format)")
            #expect(text.contains("Une chambre à Lyon pour deux nuits"), "\(format)")
        }
        #expect(!ReportFormat.json.render(F.report()).contains("need_offers"))
    }
}
