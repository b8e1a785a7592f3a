import Testing
@testable import ChapeauCore

@Suite("Canonical encoding and the chain")
struct ChainTests {
    func gift(_ minor: Int64, note: String? = nil) -> EntryBody {
        .gift(Gift(amount: Money(minor: minor, unit: .eur), day: day("2026-11-20"), supporter: ID(3),
                   channel: "bank", pledge: ID(1), note: note))
    }

    @Test func canonicalEncodingIsLengthPrefixedAndStable() {
        let r = gift(1250).record(ref: EntryRef(.gift, 42), recordedAt: "2026-11-20T10:00:00Z", privateDigest: nil)
        #expect(r.canonical == """
            chapeau-entry-v1
            id=4:g-42
            type=4:gift
            recorded=20:2026-11-20T10:00:00Z
            day=10:2026-11-20
            amount=4:1250
            unit=3:EUR
            supporter=3:s-3
            link=3:p-1
            channel=4:bank

            """)
        #expect(r.chainHash(previous: Chain.genesis).count == 64)
    }

    @Test func everyPublicFieldChangesTheHash() {
        let base = gift(1250).record(ref: EntryRef(.gift, 1), recordedAt: "t", privateDigest: nil)
        let h = base.chainHash(previous: Chain.genesis)
        var changed: [EntryRecord] = []
        var r = base; r.amountMinor = 1251; changed.append(r)
        r = base; r.unit = "USD"; changed.append(r)
        r = base; r.day = day("2026-11-21"); changed.append(r)
        r = base; r.supporter = EntryRef(.supporter, 4); changed.append(r)
        r = base; r.channel = "cash"; changed.append(r)
        r = base; r.channel = nil; changed.append(r)
        r = base; r.recordedAt = "u"; changed.append(r)
        r = base; r.privateDigest = "x"; changed.append(r)
        for c in changed { #expect(c.chainHash(previous: Chain.genesis) != h) }
        #expect(base.chainHash(previous: String(repeating: "1", count: 64)) != h)
    }

    @Test("Values cannot be shifted between fields to forge the same encoding")
    func encodingIsUnambiguous() {
        var a = EntryRecord(ref: EntryRef(.expense, 1), recordedAt: "t")
        a.text = "rent\ncategory=4:home"
        var b = EntryRecord(ref: EntryRef(.expense, 1), recordedAt: "t")
        b.text = "rent"
        b.category = "home"
        #expect(a.canonical != b.canonical)
    }

    @Test("Personal data is outside the chain; only its salted digest is chained")
    func personalDataIsNotChained() {
        let body = EntryBody.supporter(Supporter(handle: "marie", name: "Marie Dupont", email: "m@example.org", visibility: .public))
        let p1 = body.privateFields(salt: "aa")
        let p2 = body.privateFields(salt: "bb")
        #expect(p1?.digest != p2?.digest)
        let r = body.record(ref: EntryRef(.supporter, 1), recordedAt: "t", privateDigest: p1?.digest)
        #expect(!r.canonical.contains("Marie"))
        #expect(!r.canonical.contains("marie"))
        #expect(!r.canonical.contains("example.org"))
        #expect(gift(5, note: "secret").privateFields(salt: "s")?.note == "secret")
        #expect(gift(5).privateFields(salt: "s") == nil)
    }

    @Test func recordsRoundTripToTypedEntries() throws {
        let bodies: [EntryBody] = [
            gift(1250),
            .pledge(Pledge(amount: Money(minor: 500, unit: .eur), every: .month, supporter: ID(2), start: day("2026-01-05"), end: day("2026-12-31"))),
            .offer(Offer(kind: .time, description: "Montage", supporter: ID(1), quantity: Money(minor: 20, unit: hours),
                         value: Money(minor: 4000, unit: .eur), day: day("2026-11-01"))),
            .offerStatus(OfferStatusChange(offer: ID(1), status: .accepted, day: day("2026-11-02"))),
            .need(Need(label: "Loyer", amount: Money(minor: 35000, unit: .eur), every: .month, start: day("2026-01-01"))),
            .expense(Expense(label: "Hébergement", amount: Money(minor: 999, unit: .eur), day: day("2026-11-03"), category: "hosting")),
            .void(Correction(target: EntryRef(.gift, 1), reason: "doublon", day: day("2026-11-04"))),
            .pledgeEnd(PledgeEnd(pledge: ID(1), day: day("2026-12-01"))),
            .erasure(Erasure(supporter: ID(2), day: day("2026-12-02"))),
        ]
        for (i, b) in bodies.enumerated() {
            let r = b.record(ref: EntryRef(b.type, Int64(i + 1)), recordedAt: "t", privateDigest: nil)
            #expect(try EntryBody(record: r, privateFields: nil, units: registry) == b)
        }
    }

    @Test("A supporter update chains its supporter and day, keeps name, e-mail and address private, and reads back whole")
    func supporterUpdates() throws {
        let u = SupporterUpdate(supporter: ID(3), name: "Zoé Petit", email: "", address: "5 rue Basse, 13001 Marseille", day: day("2026-11-05"))
        let body = EntryBody.supporterUpdate(u)
        let p = try #require(body.privateFields(salt: "aa"))
        let r = body.record(ref: EntryRef(.supporterUpdate, 1), recordedAt: "t", privateDigest: p.digest)
        #expect(r.canonical.contains("id=4:su-1\n") && r.canonical.contains("supporter=3:s-3\n") && r.canonical.contains("day=10:2026-11-05\n"))
        for secret in ["Zoé", "rue Basse"] { #expect(!r.canonical.contains(secret)) }
        #expect(try EntryBody(record: r, privateFields: p, units: registry) == body)
        // Erased: the record still reads, as an update that changes nothing.
        guard case .supporterUpdate(let gone) = try EntryBody(record: r, privateFields: nil, units: registry) else {
            Issue.record("not an update"); return
        }
        #expect(gone.isEmpty)
        // nil leaves a field, "" clears it, a value replaces it.
        let before = Supporter(handle: "zoe", name: "Zoé", email: "z@example.org", visibility: .public, address: nil)
        let after = before.updated(with: u)
        #expect(after == Supporter(handle: "zoe", name: "Zoé Petit", email: nil, visibility: .public, address: "5 rue Basse, 13001 Marseille"))
        #expect(before.updated(with: SupporterUpdate(supporter: ID(3), day: day("2026-11-05"))) == before)
        #expect(EntryRef("su-12") == EntryRef(.supporterUpdate, 12))
    }

    @Test func idsAreTyped() {
        #expect(EntryRef("g-42") == EntryRef(.gift, 42))
        #expect(EntryRef("pe-3") == EntryRef(.pledgeEnd, 3))
        #expect(EntryRef("G-42") == EntryRef(.gift, 42))
        for bad in ["g-0", "g-", "g42", "q-1", "g--1", "g-1x", "-1", ""] { #expect(EntryRef(bad) == nil, "\(bad)") }
        #expect(ID<Pledge>("p-3")?.number == 3)
        #expect(ID<Pledge>("g-3") == nil)
    }

    @Test func voidsAndEndsShapeTheLedgerState() {
        let entries: [(EntryRef, EntryBody)] = [
            (EntryRef(.offer, 1), .offer(Offer(kind: .skill, description: "x", day: day("2026-01-01")))),
            (EntryRef(.offerStatus, 1), .offerStatus(OfferStatusChange(offer: ID(1), status: .accepted, day: day("2026-01-02")))),
            (EntryRef(.offerStatus, 2), .offerStatus(OfferStatusChange(offer: ID(1), status: .delivered, day: day("2026-01-03")))),
            (EntryRef(.void, 1), .void(Correction(target: EntryRef(.offerStatus, 2), reason: "too early", day: day("2026-01-04")))),
            (EntryRef(.pledgeEnd, 1), .pledgeEnd(PledgeEnd(pledge: ID(1), day: day("2026-06-30")))),
        ]
        let s = LedgerState(entries: entries)
        #expect(s.offerStatus[ID(1)]?.status == .accepted)
        #expect(s.isVoided(EntryRef(.offerStatus, 2)))
        #expect(s.pledgeEnds[ID(1)] == day("2026-06-30"))
    }
}
