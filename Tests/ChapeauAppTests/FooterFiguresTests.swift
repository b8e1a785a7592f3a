import Foundation
import Testing
@testable import ChapeauApp
import ChapeauCore

@Suite("The footer's live figures")
struct FooterFiguresTests {
    static let november = Period(containing: Day(year: 2026, month: 11, day: 20) ?? Day(ordinal: 0), cadence: .monthly)

    static func figures(received: Int64, needs: Int64?) throws -> FooterFigures {
        FooterFigures(period: november, received: Money(minor: received, unit: .eur),
                      needs: needs.map { Money(minor: $0, unit: .eur) })
    }

    @Test("Amounts are written the French and the English way")
    func amounts() {
        let cases: [(Int64, String, String)] = [
            (0, "0,00\u{A0}€", "€0.00"),
            (5, "0,05\u{A0}€", "€0.05"),
            (123_456, "1\u{202F}234,56\u{A0}€", "€1,234.56"),
            (100_000_000, "1\u{202F}000\u{202F}000,00\u{A0}€", "€1,000,000.00"),
        ]
        for (minor, fr, en) in cases {
            let money = Money(minor: minor, unit: .eur)
            #expect(FooterFigures.format(money, .fr) == fr)
            #expect(FooterFigures.format(money, .en) == en)
        }
        let yen = Money(minor: 1234, unit: ChapeauCore.Unit(code: "JPY", decimals: 0, name: "Yen", isCurrency: true))
        #expect(FooterFigures.format(yen, .fr) == "1\u{202F}234\u{A0}JPY")
        #expect(FooterFigures.format(yen, .en) == "JPY\u{A0}1,234")
    }

    @Test("Coverage is a whole percentage, rounded half up; none without needs")
    func coverage() throws {
        #expect(try Self.figures(received: 123_456, needs: 200_000).texts(language: .fr).coverage == "62\u{202F}%")
        #expect(try Self.figures(received: 123_456, needs: 200_000).texts(language: .en).coverage == "62%")
        #expect(try Self.figures(received: 1, needs: 200).texts(language: .en).coverage == "1%")
        #expect(try Self.figures(received: 500, needs: 200).texts(language: .en).coverage == "250%")
        #expect(try Self.figures(received: 500, needs: nil).texts(language: .en).coverage == "")
        #expect(try Self.figures(received: 500, needs: nil).texts(language: .en).needs == "")
        #expect(try Self.figures(received: 500, needs: 0).texts(language: .en).coverage == "")
    }

    @Test("Periods are named as a reader would", arguments: [
        (Cadence.monthly, "novembre 2026", "November 2026"),
        (.semiMonthly, "la quinzaine du 16 au 30 novembre 2026", "16–30 November 2026"),
        (.weekly, "la semaine du 16 novembre 2026", "the week of 16 November 2026"),
        (.quarterly, "le 4e trimestre 2026", "Q4 2026"),
        (.yearly, "2026", "2026"),
    ])
    func periodLabels(_ cadence: Cadence, _ fr: String, _ en: String) throws {
        let day = try #require(Day(year: 2026, month: 11, day: 20))
        let period = Period(containing: day, cadence: cadence)
        #expect(FooterFigures.label(period, .fr) == fr)
        #expect(FooterFigures.label(period, .en) == en)
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

        let figures = try FooterFigures.current(store: treasurer.store, workspace: tree.workspace, now: now)
        #expect(figures.period.id == "2026-11")
        #expect(figures.received == Money(minor: 123_456, unit: .eur))
        #expect(figures.needs == Money(minor: 200_000, unit: .eur))
        let fr = figures.texts(language: .fr)
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
}
