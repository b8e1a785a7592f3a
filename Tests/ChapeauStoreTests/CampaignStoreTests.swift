import Foundation
import GRDB
import Testing
@testable import ChapeauCore
@testable import ChapeauStore

@Suite("Campaigns and offers answering needs in the ledger")
struct CampaignStoreTests {
    static func fest(_ slug: String = "fest-2026") -> EntryBody {
        .campaign(Campaign(slug: slug, name: "Festival", start: day("2026-11-01"), fixedCosts: eur(10000), participants: 3))
    }

    @Test("An upgraded ledger keeps every hash, verifies, and then records campaigns and offers for needs")
    func upgradeKeepsHashes() throws {
        let l = try TempLedger()
        try l.seed()
        let before = try l.store.verify()
        try MigrationTests.forgetLaterMigrations(l.path)
        let reopened = try LedgerStore.open(path: l.path, units: units)
        let after = try reopened.verify()
        #expect(after.isIntact, "\(after.problems)")
        #expect(after.chain == before.chain)
        try reopened.append(Self.fest(), recordedAt: "2026-11-20T10:00:00Z")
        let need = try reopened.append(.need(Need(label: "Loyer", amount: eur(35000), every: .month, start: day("2026-01-01"))),
                                       recordedAt: "2026-11-20T10:00:00Z")
        try reopened.append(.offer(Offer(kind: .object, description: "Un bureau", day: day("2026-11-03"), need: ID(need))),
                            recordedAt: "2026-11-20T10:00:00Z")
        #expect(try reopened.verify().isIntact)
        let offer = try #require(try reopened.entries(types: [.offer]).first)
        guard case .offer(let o) = offer.body else { Issue.record("not an offer"); return }
        #expect(o.need == ID<Need>(1))
        let c = try #require(try reopened.campaign(slug: "fest-2026"))
        #expect(c.campaign.participants == 3)
        #expect(c.campaign.fixedCosts == eur(10000))
    }

    @Test("Entries without the new fields encode as before: no participants line")
    func canonicalUnchanged() {
        let r = EntryBody.offer(Offer(kind: .time, description: "x", day: day("2026-11-01")))
            .record(ref: EntryRef(.offer, 1), recordedAt: "2026-11-20T10:00:00Z", privateDigest: nil)
        #expect(!r.canonical.contains("participants="))
        #expect(!r.canonical.contains("link="))
    }

    @Test("Bad slugs, taken slugs, zero or absurd participants and unknown or voided needs are refused")
    func refusals() throws {
        let l = try TempLedger()
        try l.seed()
        for bad in ["", "Fest", "fête", "a b", "fest_2026", String(repeating: "a", count: 65)] {
            #expect(throws: LedgerError.badSlug(bad)) { try l.add(Self.fest(bad)) }
        }
        for n: Int64 in [0, -1, 1_000_000_001] {
            #expect(throws: LedgerError.badParticipants(n)) {
                try l.add(.campaign(Campaign(slug: "zero", name: "Zero", start: day("2026-11-01"), fixedCosts: eur(100), participants: n)))
            }
        }
        #expect(try l.store.campaign(slug: "zero") == nil)
        try l.add(Self.fest(String(repeating: "a", count: 64)))
        try l.add(Self.fest())
        #expect(throws: LedgerError.campaignTaken("fest-2026")) { try l.add(Self.fest()) }
        #expect(throws: LedgerError.unknownEntry(EntryRef(.need, 9))) {
            try l.add(.offer(Offer(kind: .time, description: "x", day: day("2026-11-01"), need: ID(9))))
        }
        let n = try l.add(.need(Need(label: "Loyer", amount: eur(100), every: .month, start: day("2026-01-01"))))
        try l.add(.void(Correction(target: n, reason: "typo", day: day("2026-11-02"))))
        #expect(throws: LedgerError.voided(n)) {
            try l.add(.offer(Offer(kind: .time, description: "x", day: day("2026-11-01"), need: ID(n))))
        }
    }

    @Test("A campaign's gifts: every one recorded for it, voided ones left out")
    func campaignGifts() throws {
        let l = try TempLedger()
        try l.seed()
        try l.add(Self.fest())
        try l.add(.gift(Gift(amount: eur(4000), day: day("2026-11-02"), supporter: ID(1), campaign: "fest-2026")))
        let g = try l.add(.gift(Gift(amount: eur(100), day: day("2026-11-02"), campaign: "fest-2026")))
        try l.add(.gift(Gift(amount: Money(minor: 3, unit: units.unit(code: "PTJ")!), day: day("2026-11-03"), supporter: ID(2), campaign: "fest-2026")))
        try l.add(.void(Correction(target: g, reason: "twice", day: day("2026-11-04"))))
        let c = try #require(try l.store.campaign(slug: "fest-2026"))
        #expect(c.gifts.map(\.amount.minor) == [4000, 3])
        let snap = try l.store.snapshot(from: day("2026-11-01"), to: day("2026-11-30"))
        #expect(snap.campaigns.count == 1)
        #expect(snap.campaigns.first?.gifts.map(\.id) == c.gifts.map(\.id))
    }
}
