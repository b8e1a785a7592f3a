import ChapeauCore
import ChapeauReports
import Foundation
import Testing

/// `docs/report-json.md` documents every field of `report.json` and `latest.json`: each field
/// the golden files (and a report with the optional sections) hold is in its tables, and each
/// field in its tables appears in one of them.
@Suite("docs/report-json.md documents every field")
struct ReportJSONDocsTests {
    static let doc = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("docs/report-json.md")

    /// The backquoted field paths of the tables under `## \`name\``, up to the next `## ` heading.
    static func documented(_ name: String) throws -> Set<String> {
        let text = try String(contentsOf: doc, encoding: .utf8)
        var inSection = false
        var out = Set<String>()
        for line in text.components(separatedBy: "\n") {
            if line.hasPrefix("## ") { inSection = line == "## `\(name)`"; continue }
            guard inSection, line.hasPrefix("| `") else { continue }
            let rest = line.dropFirst(3)
            guard let end = rest.firstIndex(of: "`") else { continue }
            out.insert(String(rest[..<end]))
        }
        return out
    }

    /// Every field path of a JSON document: `a.b`, arrays as `[]`.
    static func paths(_ text: String) throws -> Set<String> {
        var out = Set<String>()
        func walk(_ value: Any, _ path: String) {
            if let object = value as? [String: Any] {
                for (key, v) in object {
                    let p = path.isEmpty ? key : "\(path).\(key)"
                    out.insert(p)
                    walk(v, p)
                }
            } else if let array = value as? [Any] {
                for v in array { walk(v, path + "[]") }
            }
        }
        walk(try JSONSerialization.jsonObject(with: Data(text.utf8)), "")
        return out
    }

    static func golden(_ name: String) throws -> String {
        try String(contentsOf: Golden.directory.appendingPathComponent(name), encoding: .utf8)
    }

    /// A report with the sections present only when not empty: a campaign with fixed costs, an
    /// offer answering a need.
    static func reportWithExtras() -> String {
        var offers = Fixture.offers()
        offers[1].offer.need = ID<Need>(1)
        offers[4].offer.need = ID<Need>(2)   // with a quantity (hours)
        var snapshot = Fixture.snapshot(offers: offers)
        snapshot.campaigns = [(CampaignFiguresTests.fest, CampaignFiguresTests.gifts())]
        return ReportFormat.json.render(Fixture.report(snapshot: snapshot))
    }

    @Test("report.json: every field of the golden reports is documented, every documented field is in a report")
    func reportJSON() throws {
        let doc = try Self.documented("report.json")
        #expect(doc.count > 150, "the report.json tables were not found in \(Self.doc.path)")
        var seen = Set<String>()
        for name in ["report-fr.json", "report-en.json"] {
            let fields = try Self.paths(Self.golden(name))
            for f in fields.subtracting(doc).sorted() { Issue.record("\(name): `\(f)` is not documented in docs/report-json.md") }
            seen.formUnion(fields)
        }
        let extras = try Self.paths(Self.reportWithExtras())
        #expect(extras.contains("campaigns[].share_minor") && extras.contains("need_offers[].offers[].kind"))
        for f in extras.subtracting(doc).sorted() { Issue.record("`\(f)` (a report with a campaign and an offer for a need) is not documented") }
        seen.formUnion(extras)
        // A live report (10 November, inside 1–15 November) holds its pace.
        let live = PublicReport(period: Fixture.period, snapshot: Fixture.snapshot(), config: Fixture.config(.fr),
                                now: Date(timeIntervalSince1970: 1_794_290_400))
        let livePaths = try Self.paths(ReportFormat.json.render(live))
        #expect(livePaths.contains("pace.days_left"))
        for f in livePaths.subtracting(doc).sorted() { Issue.record("`\(f)` (a live report) is not documented") }
        seen.formUnion(livePaths)
        for f in doc.subtracting(seen).sorted() { Issue.record("`\(f)` is documented but no report.json holds it") }
    }

    @Test("latest.json: every field of the golden files is documented, every documented field is in one")
    func latestJSON() throws {
        let doc = try Self.documented("latest.json")
        #expect(doc.count > 30, "the latest.json tables were not found in \(Self.doc.path)")
        var seen = Set<String>()
        for name in ["site-fr-latest.json", "site-en-latest.json"] {
            let fields = try Self.paths(Self.golden(name))
            for f in fields.subtracting(doc).sorted() { Issue.record("\(name): `\(f)` is not documented in docs/report-json.md") }
            seen.formUnion(fields)
        }
        for f in doc.subtracting(seen).sorted() { Issue.record("`\(f)` is documented but no latest.json holds it") }
    }
}
