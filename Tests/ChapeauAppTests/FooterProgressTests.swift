import Foundation
import Testing
@testable import ChapeauApp
import ChapeauCore
import ChapeauReports
import ChapeauStore

/// The footer quotes the live report: the same figures, the same rounding, the same words.
@Suite("The footer's live figures")
struct FooterProgressTests {
    static let november = Period(containing: Day(year: 2026, month: 11, day: 20) ?? Day(ordinal: 0), cadence: .monthly)
    static let now = Date(timeIntervalSince1970: 1_795_168_800)  // 2026-11-20T10:00:00Z

    /// November 2026's live report: `received` in one gift on the 5th, `needs` a month from January.
    static func live(received: Int64, needs: Int64?) throws -> PublicReport {
        let first = try #require(Day(year: 2026, month: 1, day: 1))
        let fifth = try #require(Day(year: 2026, month: 11, day: 5))
        let gifts = received > 0 ? [PublicGift(id: ID<Gift>(1), gift: Gift(amount: Money(minor: received, unit: .eur), day: fifth))] : []
        let snapshot = LedgerSnapshot(
            from: first, to: november.end, gifts: gifts, supporters: SupporterDirectory([]), pledges: [], offers: [],
            needs: needs.map { [(ID<Need>(1), Need(label: "Loyer", amount: Money(minor: $0, unit: .eur), every: .month, start: first))] } ?? [],
            expenses: [], chain: ChainHead(entries: 2, head: String(repeating: "0", count: 64)))
        let config = ReportConfig(authorName: "Jeanne Martin", supportURL: "https://example.org/soutenir",
                                  baseURL: "https://example.org/rapports", cadence: .monthly)
        return PublicReport(period: november, snapshot: snapshot, config: config, now: now)
    }

    static func texts(_ received: Int64, _ needs: Int64?, _ language: ReportLanguage = .en) throws -> ProgressText {
        ProgressText(try live(received: received, needs: needs), language: language)
    }

    @Test("Coverage is the report's whole percentage, rounded once; none without needs")
    func coverage() throws {
        #expect(try Self.texts(123_456, 200_000, .fr).coverage == "62\u{202F}%")
        #expect(try Self.texts(123_456, 200_000).coverage == "62%")
        #expect(try Self.texts(1, 200).coverage == "1%")
        #expect(try Self.texts(500, 200).coverage == "250%")
        #expect(try Self.texts(14_899, 20_000).coverage == "74%")  // 74.495 %: not 75
        #expect(try Self.texts(500, nil).coverage == "")
        #expect(try Self.texts(500, nil).needs == "")
        #expect(try Self.texts(0, nil).received == "€0.00")
        #expect(try Self.texts(500, 0).coverage == "")
    }

    @Test("The current period's figures come from the ledger: default unit only, needs prorated, voids honoured")
    func fromTheLedger() throws {
        let tree = try FooterTree(scaffold: true)
        let now = try #require(Timestamp.parse("2026-11-20T10:00:00Z", in: tree.workspace.timeZone))
        let treasurer = try Treasurer(workspace: tree.workspace, now: now)
        _ = try treasurer.addGift(.init(amount: "1 234,56 €", date: "2026-11-05"))
        _ = try treasurer.addGift(.init(amount: "3 PTJ", date: "2026-11-06"))
        _ = try treasurer.addGift(.init(amount: "50 €", date: "2026-10-31"))
        let voided = try treasurer.addGift(.init(amount: "99 €", date: "2026-11-07"))
        _ = try treasurer.void(voided.description, reason: "en double")
        _ = try treasurer.addNeed(label: "Loyer", amount: "2 000 €", unit: nil, every: .month, start: "2026-01-01", end: nil)
        _ = try treasurer.addNeed(label: "Jeux", amount: "10 PTJ", unit: nil, every: .month, start: "2026-01-01", end: nil)

        let live = try Reporting(workspace: tree.workspace, store: treasurer.store, now: now).live()
        #expect(live.period.id == "2026-11")
        let fr = ProgressText(live, language: .fr)
        #expect([fr.period, fr.received, fr.needs, fr.coverage]
                == ["novembre 2026", "1\u{202F}234,56\u{A0}€", "2\u{202F}000,00\u{A0}€", "62\u{202F}%"])

        try tree.write("content/a.md", "# A\n")
        let stamper = try FooterStamper(workspace: tree.workspace, now: now, currentDirectory: tree.root.path)
        _ = stamper.stamp([tree.path("content")])
        #expect(try tree.text("content/a.md").contains(
            "Pour novembre 2026, 1\u{202F}234,56\u{A0}€ reçus sur 2\u{202F}000,00\u{A0}€ de besoins déclarés (couverts à 62\u{202F}%)."))
    }

    @Test("Without a ledger, the footer is stamped without figures")
    func withoutLedger() throws {
        let tree = try FooterTree()
        #expect(!FileManager.default.fileExists(atPath: tree.workspace.ledgerPath))
        try tree.write("content/a.md", "# A\n")
        let stamper = try FooterStamper(workspace: tree.workspace, now: Date(), currentDirectory: tree.root.path)
        #expect(stamper.stamp([tree.path("content")]).items.map(\.status) == [.stamped])
        let text = try tree.text("content/a.md")
        #expect(text.contains("Pour participer\u{A0}:"))
        #expect(!text.contains("reçus"))
        #expect(!FileManager.default.fileExists(atPath: tree.workspace.ledgerPath))
    }

    // MARK: - Footer and report, one answer

    /// A ledger whose November is covered at 74.495 %: 148,99 € received against 200 € of needs,
    /// or, with carry-over, 98,99 € received and 50 € carried in from October (250 € against
    /// October's 200 €).
    static func ledger(carryOver: Bool) throws -> (tree: FooterTree, now: Date) {
        let tree = try FooterTree(reports: carryOver ? "carry_over = true\n" : "")
        #expect(tree.workspace.config.reports.carryOver == carryOver)
        let now = try #require(Timestamp.parse("2026-11-20T10:00:00Z", in: tree.workspace.timeZone))
        _ = try LedgerStore.create(path: tree.workspace.ledgerPath, units: tree.workspace.units)
        let treasurer = try Treasurer(workspace: tree.workspace, now: now)
        _ = try treasurer.addNeed(label: "Loyer", amount: "200 €", unit: nil, every: .month, start: "2026-10-01", end: nil)
        _ = try treasurer.addGift(.init(amount: "250 €", date: "2026-10-12"))
        _ = try treasurer.addGift(.init(amount: carryOver ? "98,99 €" : "148,99 €", date: "2026-11-05"))
        try tree.write("content/a.md", "# A\n")
        try tree.write("content/b.txt", "B\n\nText.\n")
        return (tree, now)
    }

    /// `numerator / denominator` as a whole percentage rounded half up, written out here on its
    /// own so the test does not borrow the code it checks.
    static func percent(_ numerator: Int64, _ denominator: Int64) -> Int64 {
        (numerator * 200 + denominator) / (denominator * 2)
    }

    @Test("Footer and report give the same percentage, rounded once: 74 %, with and without carry-over",
          arguments: [false, true])
    func sameAnswer(carryOver: Bool) throws {
        let (tree, now) = try Self.ledger(carryOver: carryOver)
        let store = try tree.workspace.openLedger()
        let live = try Reporting(workspace: tree.workspace, store: store, now: now).live()
        let needs = try #require(live.needsInDefaultUnit)
        #expect(needs.carriedIn.minor == (carryOver ? 5_000 : 0))
        #expect(needs.coverage?.percent == 74)
        for language in ReportLanguage.allCases {
            let progress = ProgressText(live, language: language)
            #expect(progress.coverage == (language == .fr ? "74\u{202F}%" : "74%"))
        }
        // The report's own pages, in the report's language, say the same percentage.
        let quoted = ProgressText(live, language: live.language).coverage
        #expect(ReportFormat.md.render(live).contains("\(quoted)"))
        #expect(ReportFormat.html.render(live).contains("\(quoted)"))
        _ = try FooterStamper(workspace: tree.workspace, now: now, currentDirectory: tree.root.path).stamp([tree.path("content")])
        let received = carryOver ? "98,99\u{A0}€ reçus (+ 50,00\u{A0}€ reportés)" : "148,99\u{A0}€ reçus"
        #expect(try tree.text("content/a.md").contains(
            "Pour novembre 2026, \(received) sur 200,00\u{A0}€ de besoins déclarés (couverts à 74\u{202F}%)."))
    }

    @Test("The job stamps what its live report.json says, from the ledger it holds open; a second run changes no byte",
          arguments: [false, true])
    func jobStampsTheLiveReport(carryOver: Bool) async throws {
        let (tree, now) = try Self.ledger(carryOver: carryOver)
        let job = Job(workspace: tree.workspace, now: now, environment: [:])
        let first = try await job.run()
        #expect(first.articlesStamped == 2, "\(first)")
        #expect(first.articleProblems.isEmpty)

        // The live report as published: its figures, read back as any reader of report.json would.
        let data = try tree.bytes("Reports/2026-11/report.json")
        let json = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        let needs = try #require((json?["needs"] as? [[String: Any]])?.first)
        let received = try #require((needs["received_minor"] as? NSNumber)?.int64Value)
        let carriedIn = try #require((needs["carried_in_minor"] as? NSNumber)?.int64Value)
        let needed = try #require((needs["needed_minor"] as? NSNumber)?.int64Value)
        #expect(carriedIn == (carryOver ? 5_000 : 0))
        let percent = Self.percent(received + carriedIn, needed)
        #expect(percent == 74)
        // The JSON's coverage, as written (four decimals), agrees: 0.745 is half a point from 74 %.
        #expect(String(decoding: data, as: UTF8.self).contains("\"coverage\": 0.745,"))

        let style = DisplayStyle(.fr)
        let carried = carriedIn > 0 ? " (+ \(style.money(Money(minor: carriedIn, unit: .eur))) reportés)" : ""
        let sentence = "Pour novembre 2026, \(style.money(Money(minor: received, unit: .eur))) reçus\(carried) sur "
            + "\(style.money(Money(minor: needed, unit: .eur))) de besoins déclarés (couverts à \(percent)\u{202F}%)."
        let stamped = try tree.text("content/a.md")
        #expect(stamped.contains(sentence), "\(stamped)")
        #expect(try tree.text("content/b.txt").contains(sentence))

        // `footer check` computes the same figures on its own: the job's stamp is current.
        let check = try FooterStamper(workspace: tree.workspace, now: now, currentDirectory: tree.root.path)
            .check([tree.path("content")])
        #expect(check.items.map(\.status) == [.current, .current])

        // A second run with the same ledger: no byte, no modification time changes.
        let before = try ["content/a.md", "content/b.txt"].map { try tree.bytes($0) }
        for file in ["content/a.md", "content/b.txt"] { try tree.age(file) }
        let second = try await job.run()
        #expect(second.articlesStamped == 0 && second.articlesUpdated == 0)
        #expect(try ["content/a.md", "content/b.txt"].map { try tree.bytes($0) } == before)
        #expect(try tree.modified("content/a.md") == FooterTree.longAgo)
    }
}
