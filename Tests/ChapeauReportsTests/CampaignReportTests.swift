import ChapeauCore
@testable import ChapeauReports
import Foundation
import Testing

/// The period report with campaigns and offers answering needs: every figure against a sum done
/// by hand, every format pinned in golden files, and what must stay private.
///
/// The fixture, for 2026-11-H1 (the usual one, plus):
/// - `hiver`: 100,00 € of fixed costs among 3 declared participants, so 33,34 € each (33,333…
///   rounded up); its gifts are g-6 (10 €, bob) and g-13 (25 €, eve): 35,00 € received, 35,00 €
///   covered, nothing beyond.
/// - `troc`: 11 PTJ of fixed costs, participants not declared: counted, alice and frank, 2
///   (the cash gift g-9 has no supporter); 11 ÷ 2 = 5,5 so 6 PTJ each. Its gifts: g-7 (3 PTJ),
///   g-10 (2 PTJ) and g-9 (5 €): 5 PTJ covered, 6 PTJ still missing, nothing beyond; the 5 € cover
///   no Point Jeu.
/// - The office rent (350 € a month, 175,00 € for half of November) is answered by two offers
///   still standing (a desk, accepted; a room, offered) and, in money, by the euros of the
///   period: 155,00 € for 205,00 € of needs in EUR, 76 %. The declined offer answering the
///   bills no longer answers it, so the bills are not listed.
enum CampaignFixture {
    typealias F = Fixture

    static let hiver = Campaign(slug: "hiver", name: "Appel d’hiver", start: F.day("2026-11-01"), end: F.day("2026-12-31"),
                                fixedCosts: F.eur(10000), participants: 3)
    static let troc = Campaign(slug: "troc", name: "Marché de troc", start: F.day("2026-10-15"),
                               fixedCosts: Money(minor: 11, unit: F.ptj))

    static func gifts() -> [PublicGift] {
        F.gifts().map { g in
            var g = g
            if [7, 9, 10].contains(g.id.number) { g.campaign = "troc" }
            return g
        }
    }

    static func offers() -> [(id: ID<Offer>, offer: Offer, status: OfferStatus, statusDay: Day)] {
        var offers = F.offers()
        offers[1].offer.need = ID<Need>(1)   // the desk, accepted
        offers[2].offer.need = ID<Need>(1)   // the room, offered
        offers[3].offer.need = ID<Need>(2)   // declined: no longer answers the bills
        return offers
    }

    static func snapshot(name: String = "Appel d’hiver", gifts: [PublicGift] = gifts(),
                         offers: [(id: ID<Offer>, offer: Offer, status: OfferStatus, statusDay: Day)] = offers(),
                         needs: [(id: ID<Need>, need: Need)] = F.needs()) -> LedgerSnapshot {
        var s = F.snapshot(gifts: gifts, needs: needs, offers: offers)
        var h = hiver
        h.name = name
        s.campaigns = [(troc, gifts.filter { $0.campaign == "troc" }), (h, gifts.filter { $0.campaign == "hiver" })]
        return s
    }

    static func report(_ language: ReportLanguage = .fr, snapshot: LedgerSnapshot = snapshot()) -> PublicReport {
        F.report(language, snapshot: snapshot)
    }
}

@Suite("Campaign and need-offer sections of the period report")
struct CampaignReportTests {
    typealias F = Fixture
    typealias C = CampaignFixture

    @Test("The campaign figures of the report are the hand sums, unit by unit")
    func handSums() throws {
        let r = C.report()
        #expect(r.campaigns.map(\.slug) == ["hiver", "troc"])
        let hiver = r.campaigns[0], troc = r.campaigns[1]
        #expect(hiver.fixedCosts == F.eur(10000))
        #expect(hiver.participants == 3 && hiver.participantsDeclared)
        #expect(hiver.share == F.eur(3334))                   // 10 000 / 3 = 3 333,33… → 3 334
        #expect(hiver.received == [F.eur(1000 + 2500)])
        #expect(hiver.covered == F.eur(3500))
        #expect(hiver.beyond == F.eur(0))

        let ptj = F.ptj
        #expect(troc.fixedCosts == Money(minor: 11, unit: ptj))
        #expect(troc.participants == 2 && !troc.participantsDeclared)   // alice and frank; the cash gift has no one
        #expect(troc.share == Money(minor: 6, unit: ptj))                // 11 / 2 = 5,5 → 6
        #expect(troc.received == [F.eur(500), Money(minor: 3 + 2, unit: ptj)])
        #expect(troc.covered == Money(minor: 5, unit: ptj))               // the 5 € cover no Point Jeu
        #expect(troc.beyond == Money(minor: 0, unit: ptj))
    }

    @Test("Fixed costs in a complementary unit: only that unit covers them, and beyond is counted in it")
    func complementaryUnitBeyond() throws {
        let ptj = F.ptj
        let c = Campaign(slug: "troc", name: "Troc", start: F.day("2026-10-01"), fixedCosts: Money(minor: 11, unit: ptj), participants: 4)
        let gifts = [F.gift(1, Money(minor: 7, unit: ptj), "2026-11-01", F.alice, campaign: "troc"),
                     F.gift(2, Money(minor: 9, unit: ptj), "2026-11-02", F.bob, campaign: "troc"),
                     F.gift(3, F.eur(100_000), "2026-11-03", F.carol, campaign: "troc")]
        let f = try #require(CampaignFigures(campaign: c, gifts: gifts, defaultUnit: .eur))
        #expect(f.share == Money(minor: 3, unit: ptj))         // 11 / 4 = 2,75 → 3
        #expect(f.covered == Money(minor: 11, unit: ptj))      // 7 + 9 = 16 ≥ 11
        #expect(f.beyond == Money(minor: 5, unit: ptj))        // 16 − 11
        #expect(f.received == [F.eur(100_000), Money(minor: 16, unit: ptj)])
        let euros = try #require(CampaignFigures(campaign: c, gifts: [gifts[2]], defaultUnit: .eur))
        #expect(euros.covered == Money(minor: 0, unit: ptj) && euros.beyond == Money(minor: 0, unit: ptj))
    }

    @Test("A campaign counts its gifts up to the period's end, earlier periods included, later ones not")
    func campaignSpan() throws {
        var gifts = C.gifts()
        gifts.append(F.gift(40, F.eur(9000), "2026-11-20", F.alice, campaign: "hiver"))   // after the period
        gifts.append(F.gift(41, F.eur(700), "2026-10-05", F.gina, campaign: "hiver"))     // before it
        let r = C.report(snapshot: C.snapshot(gifts: gifts))
        let hiver = try #require(r.campaigns.first { $0.slug == "hiver" })
        #expect(hiver.received == [F.eur(1000 + 2500 + 700)])
        // A campaign that ended before the period and got nothing in it is not in the report.
        var s = C.snapshot()
        s.campaigns.append((Campaign(slug: "ete", name: "Été", start: F.day("2026-06-01"), end: F.day("2026-08-31"),
                                     fixedCosts: F.eur(5000)), []))
        #expect(C.report(snapshot: s).campaigns.map(\.slug) == ["hiver", "troc"])
    }

    @Test("A need answered by two offers and some money: the report says both")
    func needAnsweredTwice() throws {
        let r = C.report()
        #expect(r.needOffers.count == 1)
        let rent = try #require(r.needOffers.first)
        #expect(rent.need == "Loyer du bureau")
        #expect(rent.count == 2)
        #expect(rent.offers.map(\.kind) == [.lodging, .object])        // in the order offered: 2 then 4 November
        #expect(rent.offers.map(\.status) == [.offered, .accepted])
        #expect(rent.forPeriod == F.eur(17500))                          // 350 × 15/30
        #expect(rent.moneyCoverage?.percent == 76)                       // 155 / 205
        #expect(rent.moneyCoverage == r.needs.first?.coverage)
        // Offers add no money: the needs are the same as without them.
        #expect(r.needs == C.report(snapshot: C.snapshot(offers: F.offers())).needs)

        let json = try #require(try JSONSerialization.jsonObject(with: Data(ReportFormat.json.render(r).utf8)) as? [String: Any])
        let listed = try #require((json["need_offers"] as? [[String: Any]])?.first)
        #expect(listed["count"] as? Int == 2)
        #expect(listed["needed_minor"] as? Int == 17500)
        #expect((listed["money_coverage"] as? NSNumber)?.stringValue == "0.7561")
        #expect((listed["offers"] as? [[String: Any]])?.map { $0["status"] as? String } == ["offered", "accepted"])
        let md = ReportFormat.md.render(r)
        #expect(md.contains("Pour la période\u{00A0}: 175,00\u{00A0}€"))
        #expect(md.contains("en argent, les besoins en EUR sont couverts à " + DisplayStyle(.fr).percent(Ratio(tenThousandths: 7561))))
        #expect(md.contains("Une chambre à Lyon pour deux nuits") && md.contains("Un bureau d’occasion"))
    }

    @Test("Every format in both languages matches its golden file", arguments: FormatAndLanguage.all)
    func golden(_ c: FormatAndLanguage) {
        let ext = c.format == .md ? "md" : c.format.rawValue
        Golden.check(c.format.render(C.report(c.language)), against: "report-campaigns-\(c.language.rawValue).\(ext)")
    }

    @Test("Without campaigns or answering offers the report is what it was: no empty section",
          arguments: FormatAndLanguage.all)
    func absentWhenEmpty(_ c: FormatAndLanguage) {
        let text = c.format.render(goldenReport(c.language))
        for marker in ["Frais fixes partagés", "Shared fixed costs", "need_offers", "\"campaigns\"", "campaign:",
                       "Offres en réponse", "Offers answering"] {
            #expect(!text.contains(marker), "\(c.testDescription): \(marker)")
        }
    }

    // MARK: privacy

    /// The lines of a rendering that belong to the new sections.
    static func sections(_ text: String, _ format: ReportFormat) -> String {
        switch format {
        case .html:
            return ["id=\"campaigns\"", "id=\"need-offers\""].compactMap { start -> String? in
                guard let r = text.range(of: start) else { return nil }
                let rest = text[r.lowerBound...]
                return String(rest[..<(rest.range(of: "</section>")?.lowerBound ?? rest.endIndex)])
            }.joined(separator: "\n")
        case .md:
            let parts = text.components(separatedBy: "\n## ")
            return parts.filter { $0.hasPrefix("Frais fixes partagés") || $0.hasPrefix("Shared fixed costs")
                || $0.hasPrefix("Offres en réponse") || $0.hasPrefix("Offers answering") }.joined(separator: "\n")
        case .csv:
            return text.split(separator: "\n").filter { $0.hasPrefix("campaign:") || $0.hasPrefix("need_offer") }.joined(separator: "\n")
        case .json:
            guard let root = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else { return text }
            let picked = ["campaigns": root["campaigns"] ?? [], "need_offers": root["need_offers"] ?? []]
            return (try? JSONSerialization.data(withJSONObject: picked, options: [.sortedKeys])).map { String(decoding: $0, as: UTF8.self) } ?? text
        }
    }

    @Test("The new sections name no one and give no amount per person", arguments: FormatAndLanguage.all)
    func nothingPersonal(_ c: FormatAndLanguage) {
        let part = Self.sections(c.format.render(C.report(c.language)), c.format)
        #expect(part.contains("hiver") && part.contains("troc"), "\(c.testDescription): sections not found")
        for hidden in ["Alice", "bob", "eve", "Frank", "gina", "Carol", "Dave", "example\\.org", "private note"] {
            #expect(part.range(of: "\\b\(hidden)\\b", options: [.regularExpression, .caseInsensitive]) == nil,
                    "\(c.testDescription) shows \(hidden)")
        }
        #expect(part.range(of: #"\b[sg]-[0-9]+\b"#, options: .regularExpression) == nil)
        // Bob gave 10 € and Eve 25 € to `hiver`: neither amount is published on its own.
        for single in ["10,00", "10.00", "25,00", "25.00"] {
            #expect(!part.contains(single), "\(c.testDescription) shows a single gift: \(single)")
        }
    }

    @Test("A campaign in JSON holds public figures only: no list of who gave")
    func jsonKeys() throws {
        let json = try #require(try JSONSerialization.jsonObject(with: Data(ReportFormat.json.render(C.report()).utf8)) as? [String: Any])
        let campaigns = try #require(json["campaigns"] as? [[String: Any]])
        let allowed: Set<String> = ["slug", "name", "start", "end", "unit", "fixed_costs_minor", "fixed_costs", "participants",
                                    "participants_declared", "share_minor", "share", "received", "covered_minor", "covered",
                                    "beyond_minor", "beyond"]
        for c in campaigns { #expect(Set(c.keys) == allowed) }
    }

    @Test("Hostile campaign names and offer descriptions stay text in every format", arguments: FormatAndLanguage.all)
    func hostile(_ c: FormatAndLanguage) {
        var offers = C.offers()
        offers[1].offer.description = PrivacyTests.iframe
        offers[2].offer.description = "=cmd|' /C calc'!A0"
        let needs = F.needs(label: "@<script>alert(2)</script>")
        let text = c.format.render(C.report(c.language, snapshot: C.snapshot(name: PrivacyTests.script, offers: offers, needs: needs)))
        if c.format != .csv {   // a CSV holds text as text; what matters there is formulas
            for m in PrivacyTests.markup { #expect(!text.contains(m), "\(c.testDescription) contains raw \(m)") }
        } else {
            for line in text.split(separator: "\n") {
                for cell in line.split(separator: ",", omittingEmptySubsequences: false) {
                    let bare = cell.hasPrefix("\"") ? cell.dropFirst() : cell
                    if let first = bare.first, "=+@".contains(first) { Issue.record("formula cell left as is: \(line)") }
                }
            }
        }
    }
}
