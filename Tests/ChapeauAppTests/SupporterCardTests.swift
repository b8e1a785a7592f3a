import ChapeauCore
import ChapeauStore
import Foundation
import Testing
@testable import ChapeauApp

/// A fresh workspace made by `init` (EUR, units PTJ and h), its clock on 2026-11-20.
final class CardWorkspace: @unchecked Sendable {
    let root: URL
    let treasurer: Treasurer
    static let now = Date(timeIntervalSince1970: 1_795_168_800)  // 2026-11-20T10:00:00Z

    init(iban: String? = nil) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("chapeau-card-\(UUID().uuidString)")
        _ = try Scaffold.initialise(at: root.path, authorName: "Camille Martin")
        let configPath = root.appendingPathComponent("Config/chapeau.toml").path
        if let iban {
            let text = try String(contentsOfFile: configPath, encoding: .utf8)
                .replacingOccurrences(of: "# iban = \"FR76 3000 6000 0112 3456 7890 189\"", with: "iban = \"\(iban)\"")
            try Data(text.utf8).write(to: URL(fileURLWithPath: configPath))
        }
        treasurer = try Treasurer(workspace: try Workspace.load(configPath: configPath), now: Self.now)
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    /// marie (public, with an e-mail): two gifts in EUR (one voided), one in PTJ, a monthly pledge
    /// since September paid once, a second pledge ended, a third voided, an accepted offer;
    /// and paul, whose entries must never show on marie's card.
    func marieAndPaul() throws {
        let t = treasurer
        _ = try t.addSupporter(handle: "marie", name: "Marie Dupont", email: "marie@example.org", visibility: .public)
        _ = try t.addSupporter(handle: "paul", name: "Paul Roux", email: "paul@example.org", visibility: .anonymous)
        _ = try t.addGift(.init(amount: "12,50 €", from: "marie", date: "2026-11-02", channel: "bank"))            // g-1
        _ = try t.addGift(.init(amount: "3 PTJ", from: "marie", date: "2026-11-03"))                              // g-2
        _ = try t.addPledge(amount: "5 €", unit: nil, every: .month, from: "marie", start: "2026-09-01", end: nil) // p-1
        _ = try t.addGift(.init(amount: "5", from: "marie", date: "2026-09-02", pledge: "p-1"))                   // g-3
        _ = try t.addPledge(amount: "2 €", unit: nil, every: .week, from: "marie", start: "2026-10-01", end: nil)  // p-2
        _ = try t.endPledge("p-2", date: "2026-10-15")
        _ = try t.addPledge(amount: "9 €", unit: nil, every: .year, from: "marie", start: "2026-01-01", end: nil)  // p-3
        _ = try t.void("p-3", reason: "wrong amount")
        _ = try t.addOffer(description: "Relecture", kind: .skill, from: "marie", quantity: nil, value: nil, date: "2026-11-10") // o-1
        _ = try t.moveOffer("o-1", to: .accepted, date: "2026-11-12")
        _ = try t.void("g-1", reason: "recorded twice")
        _ = try t.addGift(.init(amount: "40 €", from: "paul", date: "2026-11-04", note: "private"))                // g-4
        _ = try t.addOffer(description: "Chambre d'amis", kind: .lodging, from: "paul", quantity: nil, value: nil, date: "2026-11-05")
        _ = try t.addGift(.init(amount: "7 €", date: "2026-11-06"))                                               // g-5, nobody's
    }
}

@Suite("supporter show")
struct SupporterCardTests {
    @Test("the card: contact, payment reference, amounts per unit, pledges' standing, offers' status, entries")
    func card() throws {
        let w = try CardWorkspace()
        try w.marieAndPaul()
        let card = try w.treasurer.supporterCard("marie")
        #expect(card.id == "s-1" && card.handle == "marie" && card.name == "Marie Dupont" && card.email == "marie@example.org")
        #expect(card.visibility == "public" && !card.erased && card.erasedOn == nil)
        #expect(card.paymentReference == CreditorReference.forSupporter(number: 1))
        #expect(card.paymentReference.map(CreditorReference.isValid) == true)
        #expect(card.paymentReferencePrintable == card.paymentReference.map(CreditorReference.printable))

        #expect(card.given.map(\.unit) == ["EUR", "PTJ"])
        #expect(card.given.map(\.amountMinor) == [500, 3])    // 12.50 voided: only the 5 € instalment
        #expect(card.given.map(\.gifts) == [1, 1])

        #expect(card.pledges.map(\.id) == ["p-1", "p-2", "p-3"])
        let monthly = card.pledges[0]
        #expect(monthly.status == "active" && monthly.end == nil && monthly.due == 3 && monthly.paid == 1 && monthly.overdue == 2)
        let weekly = card.pledges[1]
        #expect(weekly.status == "ended" && weekly.end == "2026-10-15" && weekly.overdue == 3)  // Oct 1, 8, 15 unpaid
        #expect(card.pledges[2].status == "voided")

        #expect(card.offers.count == 1)
        #expect(card.offers.first?.status == "accepted" && card.offers.first?.since == "2026-11-12")

        let ids = card.entries.map(\.id)
        #expect(ids == ["s-1", "g-1", "g-2", "p-1", "g-3", "p-2", "pe-1", "p-3", "v-1", "o-1", "os-1", "v-2"])
        #expect(card.entries.first { $0.id == "g-1" }?.voided == true)
        let text = card.lines.joined(separator: "\n")
        #expect(!text.contains("paul") && !text.contains("40.00") && !text.contains("private") && !text.contains("Chambre"))
        #expect(text.contains("payment reference: \(card.paymentReferencePrintable ?? "?")"))
        #expect(text.contains("  p-1  5.00 EUR every month from 2026-09-01  active  1/3 paid, 2 overdue"))
        #expect(text.contains("given: 5.00 EUR in 1 gift; 3 PTJ in 1 gift"))
    }

    @Test("JSON: documented field names, null where nothing is known")
    func json() throws {
        let w = try CardWorkspace()
        try w.marieAndPaul()
        let data = try JSONEncoder().encode(try w.treasurer.supporterCard("paul"))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(Set(object.keys) == ["id", "handle", "name", "email", "address", "visibility", "erased", "erased_on", "payment_reference",
                                     "payment_reference_printable", "given", "pledges", "offers", "entries"])
        #expect(object["erased_on"] is NSNull && object["address"] is NSNull)
        #expect(object["payment_reference"] as? String == CreditorReference.forSupporter(number: 2))
        let given = try #require(object["given"] as? [[String: Any]])
        #expect(given.count == 1 && given[0]["amount_minor"] as? Int == 4000 && given[0]["amount"] as? String == "40.00")
        let offers = try #require(object["offers"] as? [[String: Any]])
        #expect(offers.first?["status"] as? String == "offered")
        let entries = try #require(object["entries"] as? [[String: Any]])
        #expect(entries.map { $0["id"] as? String } == ["s-2", "g-4", "o-2"])
        #expect(entries[1]["note"] as? String == "private")   // the treasurer's own view
    }

    @Test("an erased supporter: shown by id, personal data gone, amounts kept, no reference")
    func erased() throws {
        let w = try CardWorkspace()
        try w.marieAndPaul()
        _ = try w.treasurer.erase(handle: "marie")
        #expect(throws: AppError.self) { try w.treasurer.supporterCard("marie") }
        let card = try w.treasurer.supporterCard("s-1")
        #expect(card.erased && card.erasedOn == "2026-11-20")
        #expect(card.handle == nil && card.name == nil && card.email == nil)
        #expect(card.paymentReference == nil && card.paymentReferencePrintable == nil)
        #expect(card.given.map(\.amountMinor) == [500, 3])
        #expect(card.pledges.map(\.status) == ["active", "ended", "voided"])
        #expect(card.entries.last?.kind == "erasure")
        let text = card.lines.joined(separator: "\n")
        #expect(text.hasPrefix("s-1  personal data erased on 2026-11-20"))
        #expect(!text.contains("Marie") && !text.contains("marie@") && !text.contains("RF"))
    }

    @Test("unknown: invalid data (65), naming the handle, with a hint", arguments: ["nobody", "s-99", "g-1", ""])
    func unknown(handle: String) throws {
        let w = try CardWorkspace()
        try w.marieAndPaul()
        do {
            _ = try w.treasurer.supporterCard(handle)
            Issue.record("no error for '\(handle)'")
        } catch {
            let (code, message) = ExitStatus.of(error)
            #expect(code == 65)
            #expect(message.hasPrefix("no supporter '\(handle)'") && message.contains("chapeau supporter list"))
        }
    }
}
