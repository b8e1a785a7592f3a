import ChapeauCore
import ChapeauStore
import Foundation
import Testing
@testable import ChapeauApp

/// `list offers` and `list pledges` say where each offer and pledge stands, as `supporter show` does.
@Suite("The treasurer's view: where offers and pledges stand")
struct ListStandingTests {
    /// The JSON object of one row of `list --json`.
    static func json(_ view: EntryView) throws -> [String: Any] {
        let data = try JSONEncoder().encode(view)
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    static func row(_ rows: [EntryView], _ id: String) throws -> [String: Any] {
        try json(try #require(rows.first { $0.id == id }, "no row \(id)"))
    }

    @Test("Given an offer accepted then delivered, when listing offers, then its row says delivered and since when")
    func offerStatus() throws {
        let w = try CardWorkspace()
        try w.marieAndPaul()
        let t = w.treasurer
        _ = try t.moveOffer("o-1", to: .delivered, date: "2026-11-15")
        _ = try t.moveOffer("o-2", to: .declined, date: "2026-11-16")
        _ = try t.addOffer(description: "Vélo", kind: .object, from: nil, quantity: nil, value: nil, date: "2026-11-17") // o-3
        _ = try t.addOffer(description: "Tente", kind: .object, from: nil, quantity: nil, value: nil, date: "2026-11-18") // o-4
        _ = try t.void("o-4", reason: "mistake")

        let rows = try t.list(kind: .offers, period: nil)
        let o1 = try Self.row(rows, "o-1")
        #expect(o1["status"] as? String == "delivered")
        #expect(o1["since"] as? String == "2026-11-15")
        #expect(try Self.row(rows, "o-2")["status"] as? String == "declined")
        #expect(try Self.row(rows, "o-2")["since"] as? String == "2026-11-16")
        #expect(try Self.row(rows, "o-3")["status"] as? String == "offered")
        #expect(try Self.row(rows, "o-3")["since"] as? String == "2026-11-17")
        #expect(try Self.row(rows, "o-4")["status"] as? String == "voided")
        // A status change keeps saying which status it moved to.
        let change = try #require(rows.first { $0.kind == "offer-status" && $0.details["offer"] == "o-1" && $0.details["status"] == "delivered" })
        #expect(try Self.json(change)["status"] as? String == "delivered")
        // The terminal line shows it too.
        #expect(try #require(rows.first { $0.id == "o-1" }).line.contains("status=delivered since=2026-11-15"))

        // Listed within a period that holds the offer but not its later status changes.
        let inPeriod = try t.list(kind: .offers, period: "2026-11-H1")
        #expect(try Self.row(inPeriod, "o-1")["status"] as? String == "delivered")
    }

    @Test("Given pledges active, ended and voided, when listing pledges, then each row has end, status and the overdue count")
    func pledgeStanding() throws {
        let w = try CardWorkspace()
        try w.marieAndPaul()
        let t = w.treasurer
        let rows = try t.list(kind: .pledges, period: nil)

        // p-1: monthly 5 € since 2026-09-01, paid once; today 2026-11-20: October and November overdue.
        let p1 = try Self.row(rows, "p-1")
        #expect(p1["status"] as? String == "active")
        #expect(p1.keys.contains("end") && p1["end"] is NSNull, "\(p1)")
        #expect(p1["overdue"] as? Int == 2)
        // p-2: ended on 2026-10-15.
        let p2 = try Self.row(rows, "p-2")
        #expect(p2["status"] as? String == "ended")
        #expect(p2["end"] as? String == "2026-10-15")
        #expect(p2["overdue"] as? Int == 3)
        // p-3: voided.
        #expect(try Self.row(rows, "p-3")["status"] as? String == "voided")
        #expect(try #require(rows.first { $0.id == "p-1" }).line.contains("status=active overdue=2"))

        // The same figures as the supporter's card: one computation.
        let card = try t.supporterCard("marie")
        for p in card.pledges {
            let row = try Self.row(rows, p.id)
            #expect(row["status"] as? String == p.status)
            #expect(row["overdue"] as? Int == p.overdue)
            #expect((row["end"] as? String) == p.end)
        }
    }

    @Test("A pledge ended in the past, with its own end date, shows the earlier of the two")
    func endedTwice() throws {
        let w = try CardWorkspace()
        let t = w.treasurer
        _ = try t.addPledge(amount: "5 €", unit: nil, every: .month, from: nil, start: "2025-01-05", end: "2026-06-30")
        _ = try t.endPledge("p-1", date: "2025-12-31")
        let p1 = try Self.row(try t.list(kind: .pledges, period: nil), "p-1")
        #expect(p1["end"] as? String == "2025-12-31")
        #expect(p1["status"] as? String == "ended")
        #expect(p1["overdue"] as? Int == 12)
    }

    @Test("A pledge paid through a platform is never overdue: its past unpaid instalments are the platform's")
    func platformPledge() throws {
        let w = try CardWorkspace()
        let t = w.treasurer
        let start = try #require(Day(iso: "2026-06-01"))
        _ = try t.store.append(.pledge(Pledge(amount: Money(minor: 300, unit: .eur), every: .month, start: start, channel: "liberapay")),
                               recordedAt: t.recordedAt)
        _ = try t.addPledge(amount: "3 €", unit: nil, every: .month, from: nil, start: "2026-06-01", end: nil)
        let rows = try t.list(kind: .pledges, period: nil)
        #expect(try Self.row(rows, "p-1")["overdue"] as? Int == 0)
        #expect(try Self.row(rows, "p-1")["status"] as? String == "active")
        #expect(try Self.row(rows, "p-2")["overdue"] as? Int == 6)
    }
}
