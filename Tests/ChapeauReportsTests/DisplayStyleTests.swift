import ChapeauCore
@testable import ChapeauReports
import Foundation
import Testing

@Suite("Display style per language")
struct DisplayStyleTests {
    let fr = DisplayStyle(.fr), en = DisplayStyle(.en)
    static let nnbsp = "\u{202F}", nbsp = "\u{00A0}"
    static let chf = Unit(code: "CHF", decimals: 2, name: "Swiss Franc", isCurrency: true)

    @Test("currency amounts: French 1 234,56 €, English €1,234.56",
          arguments: [(Int64(123456), "1\(nnbsp)234,56\(nbsp)€", "€1,234.56"),
                      (0, "0,00\(nbsp)€", "€0.00"),
                      (5, "0,05\(nbsp)€", "€0.05"),
                      (-1200, "-12,00\(nbsp)€", "-€12.00"),
                      (123_456_789_012, "1\(nnbsp)234\(nnbsp)567\(nnbsp)890,12\(nbsp)€", "€1,234,567,890.12")])
    func currency(minor: Int64, french: String, english: String) {
        #expect(fr.money(Money(minor: minor, unit: .eur)) == french)
        #expect(en.money(Money(minor: minor, unit: .eur)) == english)
    }

    @Test("a currency without a symbol is written with its code")
    func currencyCode() {
        #expect(fr.money(Money(minor: 123456, unit: Self.chf)) == "1\(Self.nnbsp)234,56\(Self.nbsp)CHF")
        #expect(en.money(Money(minor: 123456, unit: Self.chf)) == "CHF\(Self.nbsp)1,234.56")
    }

    @Test("custom units: the number, then the code, without trailing zeros")
    func customUnits() {
        #expect(fr.money(Money(minor: 3, unit: Fixture.ptj)) == "3\(Self.nbsp)PTJ")
        #expect(fr.money(Money(minor: 125, unit: Fixture.hours)) == "12,5\(Self.nbsp)h")
        #expect(en.money(Money(minor: 125, unit: Fixture.hours)) == "12.5\(Self.nbsp)h")
        #expect(fr.money(Money(minor: 30, unit: Fixture.hours)) == "3\(Self.nbsp)h")
        #expect(en.money(Money(minor: 1_234_000, unit: Fixture.ptj)) == "1,234,000\(Self.nbsp)PTJ")
    }

    @Test("extreme amounts do not trap")
    func extremes() {
        #expect(en.money(Money(minor: .min, unit: .eur)) == "-€92,233,720,368,547,758.08")
        #expect(fr.money(Money(minor: .max, unit: Fixture.ptj)).hasPrefix("9\(Self.nnbsp)223"))
    }

    @Test("percentages", arguments: [(Int64(7561), "76\(nnbsp)%", "76%"), (14555, "146\(nnbsp)%", "146%"), (0, "0\(nnbsp)%", "0%")])
    func percent(tenThousandths: Int64, french: String, english: String) {
        #expect(fr.percent(Ratio(tenThousandths: tenThousandths)) == french)
        #expect(en.percent(Ratio(tenThousandths: tenThousandths)) == english)
    }

    @Test("dates: 16 novembre 2026, 1er novembre 2026, 16 November 2026")
    func dates() {
        #expect(fr.date(Fixture.day("2026-11-16")) == "16 novembre 2026")
        #expect(fr.date(Fixture.day("2026-11-01")) == "1er novembre 2026")
        #expect(en.date(Fixture.day("2026-11-16")) == "16 November 2026")
        #expect(en.date(Fixture.day("2026-08-01")) == "1 August 2026")
        #expect(fr.date(Fixture.day("2026-02-28")) == "28 février 2026")
    }

    @Test("periods of every cadence", arguments: [
        ("2026-11", "novembre 2026", "November 2026"),
        ("2026-11-H1", "1er–15 novembre 2026", "1–15 November 2026"),
        ("2026-11-H2", "16–30 novembre 2026", "16–30 November 2026"),
        ("2026-Q4", "4e trimestre 2026", "Q4 2026"),
        ("2026-Q1", "1er trimestre 2026", "Q1 2026"),
        ("2026", "2026", "2026"),
        ("2026-W49", "semaine 49\u{00A0}: 30 novembre – 6 décembre 2026", "week 49: 30 November – 6 December 2026"),
        ("2026-W01", "semaine 1\u{00A0}: 29 décembre 2025 – 4 janvier 2026", "week 1: 29 December 2025 – 4 January 2026"),
    ])
    func periods(id: String, french: String, english: String) throws {
        let p = try #require(Period(id: id))
        #expect(fr.period(p) == french)
        #expect(en.period(p) == english)
    }

    @Test("periods inside a sentence (the footer's \"Pour …, 12 € reçus\"), with the same months and days", arguments: [
        ("2026-11", "novembre 2026", "November 2026"),
        ("2026-11-H1", "la quinzaine du 1er au 15 novembre 2026", "1–15 November 2026"),
        ("2026-11-H2", "la quinzaine du 16 au 30 novembre 2026", "16–30 November 2026"),
        ("2026-W47", "la semaine du 16 novembre 2026", "the week of 16 November 2026"),
        ("2026-W01", "la semaine du 29 décembre 2025", "the week of 29 December 2025"),
        ("2026-Q4", "le 4e trimestre 2026", "Q4 2026"),
        ("2026-Q1", "le 1er trimestre 2026", "Q1 2026"),
        ("2026", "2026", "2026"),
    ])
    func periodsInSentences(id: String, french: String, english: String) throws {
        let p = try #require(Period(id: id))
        #expect(fr.periodInSentence(p) == french)
        #expect(en.periodInSentence(p) == english)
    }

    @Test("a language tag is one of the two languages, or none")
    func languageTags() {
        #expect(ReportLanguage(tag: "fr") == .fr)
        #expect(ReportLanguage(tag: "fr-FR") == .fr)
        #expect(ReportLanguage(tag: "EN_gb") == .en)
        #expect(ReportLanguage(tag: "de") == nil)
        #expect(ReportLanguage(tag: "") == nil)
        #expect(ReportLanguage(tag: nil) == nil)
    }

    @Test("generation time in the configured zone, RFC 3339 with its offset")
    func timestamps() {
        #expect(LocalTime(Fixture.now, zoneIdentifier: "Europe/Paris").iso == "2026-11-16T07:00:00+01:00")
        let july = Date(timeIntervalSince1970: 1_782_907_200)  // 2026-07-01T12:00:00Z
        #expect(LocalTime(july, zoneIdentifier: "Europe/Paris").iso == "2026-07-01T14:00:00+02:00")
        #expect(LocalTime(july, zoneIdentifier: "America/New_York").iso == "2026-07-01T08:00:00-04:00")
        #expect(LocalTime(july, zoneIdentifier: "UTC").iso == "2026-07-01T12:00:00Z")
        #expect(LocalTime(july, zoneIdentifier: "Not/AZone").zone == "UTC")
        let beforeEpoch = Date(timeIntervalSince1970: -1)
        #expect(LocalTime(beforeEpoch, zoneIdentifier: "UTC").iso == "1969-12-31T23:59:59Z")
    }
}
