import ChapeauCore
import ChapeauReports
import ChapeauStore
import Foundation
import Testing
@testable import ChapeauApp

/// The demo's ledger in a temporary folder, and the reports over it, as of 2026-11-20T09:00:00Z.
enum DemoLedger {
    static let now = Date(timeIntervalSince1970: 1_795_165_200)

    static func make() async throws -> (dir: String, workspace: Workspace, reporting: Reporting) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chapeau-demo-\(UUID().uuidString)").path
        let demo = try await Demo.create(at: dir, now: now)
        let ws = try Workspace.load(configPath: demo.root + "/Config/chapeau.toml")
        return (dir, ws, Reporting(workspace: ws, store: try ws.openLedger(), now: now))
    }
}

/// The job builds a few reports with each year to date summed by the store, and many reports
/// with one pass from January 1st. Both ways must publish the same bytes.
@Suite("Reports: the few-periods way and the one-pass way agree")
struct ReportingPathTests {
    @Test("On the demo ledger (voids, two units, pledges, offers), every way gives the same reports")
    func sameReports() async throws {
        let (dir, _, reporting) = try await DemoLedger.make()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let all = try reporting.periods()
        #expect(all.count > 20)
        let sets: [[Period]] = [
            [all[all.count - 2], all[all.count - 1]],         // the job's usual case
            [all[0]],                                          // the very first period
            [all[all.count / 2], all[3], all[all.count - 5]],  // out of order, across years
        ] + (Period(id: "2026-Q1").map { [[$0, all[all.count - 1]]] } ?? [])
        for periods in sets {
            let few = try reporting.reports(periods, revised: { _ in false }, fewPeriods: 4)
            let onePass = try reporting.reports(periods, revised: { _ in false }, fewPeriods: 0)
            #expect(few.count == periods.count)
            for (a, b) in zip(few, onePass) {
                #expect(ReportFormat.json.render(a) == ReportFormat.json.render(b), "\(a.period.id)")
                #expect(a.yearToDate != nil && a.yearToDate == b.yearToDate, "\(a.period.id)")
            }
        }
    }
}

@Suite("The closed years' reports are kept, not built at every run")
struct ClosedYearsKeptTests {
    @Test("Once built, a closed year's summary is read back from the ledger, not built again")
    func keptAcrossRuns() async throws {
        let (dir, ws, reporting) = try await DemoLedger.make()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let now = DemoLedger.now
        let first = try reporting.closedYears()
        #expect(first.map(\.periodID) == ["2025"])
        let text = try #require(try reporting.store.meta(Reporting.FundingHistory.key))
        var kept = try #require(Reporting.FundingHistory.decode(text), "the kept record does not read back: \(text.prefix(200))")
        #expect(kept.years["2025"]?.summary == first.first)
        // A mark only the kept record holds: the next call must return it (read, not rebuilt).
        kept.years["2025"]?.summary?.gifts = 123_456
        try reporting.store.setMeta(Reporting.FundingHistory.key, try kept.encoded())
        let again = try Reporting(workspace: ws, store: try ws.openLedger(), now: now.addingTimeInterval(3600)).closedYears()
        #expect(again.first?.gifts == 123_456)
        #expect(try reporting.fundingHistory().first?.year == 2025)
    }
}

@Suite("The published record's times")
struct PublishedTimesTests {
    @Test("Times read without a formatter are the formatter's, and anything else still goes through it")
    func readLikeTheFormatter() throws {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        var rng = SplitMix64(seed: 7)
        for _ in 0..<500 {
            let t = Date(timeIntervalSince1970: TimeInterval(rng.next() % 4_000_000_000))
            let text = f.string(from: t)
            #expect(PublishedSite.date(text) == f.date(from: text), "\(text)")
        }
        for text in ["2026-11-20T10:00:00+01:00", "1969-12-31T23:59:59Z", "2024-02-29T00:00:00Z"] {
            #expect(PublishedSite.date(text) == f.date(from: text), "\(text)")
        }
        for bad in ["2026-13-20T10:00:00Z", "2026-11-20T24:00:00Z", "2026-11-20 10:00:00Z", "x"] {
            #expect(PublishedSite.date(bad) == f.date(from: bad), "\(bad)")
        }
    }
}
