import ChapeauCore
import ChapeauReports
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

enum SiteFixture {
    static let octoberPublished = Date(timeIntervalSince1970: 1_793_512_800)  // 2026-11-01T06:00:00Z
    static let novemberRevised = Date(timeIntervalSince1970: 1_795_068_000)   // 2026-11-19T06:00:00Z
    static let now = Date(timeIntervalSince1970: 1_795_168_800)               // 2026-11-20T10:00:00Z

    /// Two closed periods (October H2, and November H1 published then revised) and the live
    /// second half of November, where eve gave 40 € on the 17th.
    static func site(_ language: ReportLanguage, revised: Bool = true, config: ReportConfig? = nil) -> Site {
        let cfg = config ?? Fixture.config(language)
        let october = PublicReport(period: Fixture.period.previous, snapshot: Fixture.snapshot(), config: cfg,
                                   now: octoberPublished)
        let november = PublicReport(period: Fixture.period, snapshot: Fixture.snapshot(), config: cfg,
                                    now: revised ? novemberRevised : Fixture.now, revised: revised)
        let liveGifts = Fixture.gifts() + [Fixture.gift(15, Fixture.eur(4000), "2026-11-17", Fixture.eve, channel: "bank")]
        let liveSnapshot = LedgerSnapshot(from: Fixture.day("2026-01-01"), to: Fixture.day("2026-11-30"), gifts: liveGifts,
                                          supporters: SupporterDirectory(Array(Fixture.supporters().values)), pledges: Fixture.pledges, offers: Fixture.offers(),
                                          needs: Fixture.needs(), expenses: Fixture.expenses(), chain: Fixture.chain)
        let live = PublicReport(period: Fixture.period.next, snapshot: liveSnapshot, config: cfg, now: now)
        var first = ReportSummary(november)
        first.published = Fixture.now   // first published on the 16th, revised on the 19th
        var site = Site(config: cfg, reports: [ReportSummary(october), first],
                        live: ReportSummary(live), generatedAt: now)
        site.feedID = feedID
        return site
    }

    /// The workspace's feed identity, as the ledger keeps it.
    static let feedID = "6f1c2a4e-0b7d-4e58-9a3c-2d5e8f0a1b2c"
}

struct SiteFileAndLanguage: CustomTestStringConvertible, Sendable {
    let file: SiteFile
    let language: ReportLanguage
    var testDescription: String { "\(file.fileName)/\(language.rawValue)" }
    static let all = SiteFile.allCases.flatMap { f in ReportLanguage.allCases.map { SiteFileAndLanguage(file: f, language: $0) } }
}

/// Collects the element paths of an XML document.
final class XMLCollector: NSObject, XMLParserDelegate {
    var path: [String] = []
    var elements: [String] = []
    var text: [String: [String]] = [:]
    var attributes: [String: [[String: String]]] = [:]
    private var buffer = ""

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes attributeDict: [String: String] = [:]) {
        path.append(name)
        let key = path.joined(separator: "/")
        elements.append(key)
        attributes[key, default: []].append(attributeDict)
        buffer = ""
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { buffer += string }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        text[path.joined(separator: "/"), default: []].append(buffer.trimmingCharacters(in: .whitespacesAndNewlines))
        buffer = ""
        path.removeLast()
    }
}

@Suite("Site files")
struct SiteTests {
    @Test("every site file in both languages matches its golden file", arguments: SiteFileAndLanguage.all)
    func golden(_ c: SiteFileAndLanguage) {
        Golden.check(SiteFixture.site(c.language).render(c.file), against: "site-\(c.language.rawValue)-\(c.file.fileName)")
    }

    @Test("deterministic: same inputs, same bytes", arguments: SiteFileAndLanguage.all)
    func deterministic(_ c: SiteFileAndLanguage) {
        #expect(SiteFixture.site(c.language).render(c.file) == SiteFixture.site(c.language).render(c.file))
    }

    @Test("the Atom feed is well-formed Atom 1.0 with one entry per closed period", arguments: ReportLanguage.allCases)
    func atom(language: ReportLanguage) throws {
        let feed = SiteFixture.site(language).render(.feed)
        let parser = XMLParser(data: Data(feed.utf8))
        let collector = XMLCollector()
        parser.delegate = collector
        parser.shouldProcessNamespaces = true
        #expect(parser.parse(), "feed.atom is not well-formed: \(String(describing: parser.parserError))")
        #expect(collector.elements.first == "feed")
        for required in ["feed/id", "feed/title", "feed/updated", "feed/author/name", "feed/link"] {
            #expect(collector.elements.contains(required), "missing \(required)")
        }
        #expect(collector.elements.filter { $0 == "feed/entry" }.count == 2)   // the live period is not in the feed
        for field in ["id", "title", "updated", "summary", "link"] {
            #expect(collector.elements.filter { $0 == "feed/entry/\(field)" }.count == 2, "every entry needs \(field)")
        }
        #expect(collector.text["feed/updated"] == ["2026-11-19T07:00:00+01:00"])   // the latest entry's
        let ids = try #require(collector.text["feed/entry/id"])
        let identity = try #require(FeedIdentity(uuid: SiteFixture.feedID))
        #expect(ids == [identity.entry("2026-11-H1"), identity.entry("2026-10-H2")])
        #expect(collector.text["feed/id"] == ["urn:uuid:\(SiteFixture.feedID)"])
        #expect(collector.text["feed/entry/published"] == ["2026-11-16T07:00:00+01:00", "2026-11-01T07:00:00+01:00"])
        let feedLinks = collector.attributes["feed/link"] ?? []
        #expect(feedLinks.contains { $0["rel"] == "self" && $0["href"] == "https://example.org/rapports/feed.atom" })
        #expect(feedLinks.contains { $0["rel"] == "payment" && $0["href"] == Fixture.config(language).supportURL })
        let links = collector.attributes["feed/entry/link"]?.compactMap { $0["href"] }
        #expect(links == ["https://example.org/rapports/2026-11-H1/index.html", "https://example.org/rapports/2026-10-H2/index.html"])
        #expect(feed.hasPrefix("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\""))
    }

    @Test("a revision changes the entry's title, summary and updated", arguments: ReportLanguage.allCases)
    func revised(language: ReportLanguage) throws {
        let first = SiteFixture.site(language, revised: false).render(.feed)
        let second = SiteFixture.site(language, revised: true).render(.feed)
        let word = language == .fr ? "(révisé)" : "(revised)"
        #expect(!first.contains(word))
        #expect(second.contains(word))
        #expect(second.contains(language == .fr ? "<summary>Révision\u{00A0}: " : "<summary>Revised: "))
        #expect(first.contains("<updated>2026-11-16T07:00:00+01:00</updated>"))
        #expect(second.contains("<updated>2026-11-19T07:00:00+01:00</updated>"))
        // The October entry is untouched.
        #expect(first.contains("<updated>2026-11-01T07:00:00+01:00</updated>"))
        #expect(second.contains("<updated>2026-11-01T07:00:00+01:00</updated>"))
    }

    @Test("everything in the feed and the index is escaped")
    func siteEscaping() throws {
        var config = Fixture.config(.en)
        config.authorName = "Camille <script>alert(1)</script> & \"co\"\u{0001}"
        let site = SiteFixture.site(.en, config: config)
        let feed = site.render(.feed), index = site.render(.index), badge = site.render(.badge)
        for text in [feed, index, badge] { #expect(!text.contains("<script")) }
        #expect(feed.contains("Camille &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;co&quot;</name>"))
        let parser = XMLParser(data: Data(feed.utf8))
        #expect(parser.parse())
        #expect(XMLParser(data: Data(badge.utf8)).parse())
    }

    @Test("without a base URL, links are relative under xml:base, with the same ids")
    func noBaseURL() {
        var config = Fixture.config()
        config.baseURL = nil
        let feed = SiteFixture.site(.fr, config: config).render(.feed)
        let identity = FeedIdentity(uuid: SiteFixture.feedID)
        #expect(feed.contains(" xml:base=\"./\">"))
        #expect(feed.contains("<id>urn:uuid:\(SiteFixture.feedID)</id>"))
        #expect(feed.contains("<id>\(identity?.entry("2026-11-H1") ?? "?")</id>"))
        #expect(feed.contains("href=\"2026-11-H1/index.html\""))
        #expect(feed.contains("<link rel=\"self\" type=\"application/atom+xml\" href=\"feed.atom\"/>"))
        #expect(XMLParser(data: Data(feed.utf8)).parse())
        // The same ids as with any base URL: they come from the workspace, never from where it is served.
        for base in ["https://example.org/rapports", "https://elsewhere.example.net/r/"] {
            var moved = config
            moved.baseURL = base
            let other = SiteFixture.site(.fr, config: moved).render(.feed)
            let ids = { (text: String) in text.components(separatedBy: "\n").filter { $0.contains("<id>") } }
            #expect(ids(other) == ids(feed))
            #expect(!other.contains("xml:base"))
        }
    }

    @Test("entry ids: valid RFC 9562 version 8 UUIDs, one per period and workspace, never the feed's")
    func entryIDs() throws {
        let a = try #require(FeedIdentity(uuid: SiteFixture.feedID))
        let b = try #require(FeedIdentity(uuid: "0b8d7e1a-3c52-4f6e-8a90-1d2c3b4a5f60"))
        let periods = ["2026-10-H2", "2026-11-H1", "2026-11", "2026-W47", "2026-Q4", "2026"]
        var seen = Set<String>()
        for p in periods {
            for identity in [a, b] {
                let id = identity.entry(p)
                #expect(id == identity.entry(p))
                let uuid = String(id.dropFirst("urn:uuid:".count))
                #expect(id.hasPrefix("urn:uuid:") && UUID(uuidString: uuid) != nil, "\(id)")
                let chars = Array(uuid)
                #expect(chars[14] == "8", "version nibble of \(id)")
                #expect("89ab".contains(chars[19]), "variant of \(id)")
                seen.insert(id)
            }
        }
        #expect(seen.count == periods.count * 2)
        #expect(!seen.contains(a.feed) && !seen.contains(b.feed))
        #expect(FeedIdentity(uuid: "not-a-uuid") == nil)
        #expect(FeedIdentity(uuid: "6F1C2A4E-0B7D-4E58-9A3C-2D5E8F0A1B2C")?.uuid == SiteFixture.feedID)
    }

    @Test("latest.json: the live period, and a link to the last closed report")
    func latest() throws {
        let text = SiteFixture.site(.fr).render(.latest)
        let root = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let current = try #require(root["current"] as? [String: Any])
        let period = try #require(current["period"] as? [String: Any])
        #expect(period["id"] as? String == "2026-11-H2")
        #expect(period["start"] as? String == "2026-11-16" && period["end"] as? String == "2026-11-30")
        #expect(current["url"] as? String == "https://example.org/rapports/2026-11-H2/index.html")
        let totals = try #require(current["totals"] as? [[String: Any]])
        #expect(totals.first?["amount_minor"] as? Int == 4000)
        #expect(current["coverage"] as? Double == 0.1951)   // 40 / 205
        let last = try #require(root["last_closed"] as? [String: Any])
        #expect(last["id"] as? String == "2026-11-H1")
        #expect(last["url"] as? String == "https://example.org/rapports/2026-11-H1/index.html")
        #expect(last["revised"] as? Bool == true)
        #expect(root["generated_at"] as? String == "2026-11-20T11:00:00+01:00")
    }

    @Test("the index lists every period, newest first, with links", arguments: ReportLanguage.allCases)
    func index(language: ReportLanguage) {
        let html = SiteFixture.site(language).render(.index)
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"\(language.rawValue)\">"))
        #expect(html.contains("<meta name=\"viewport\""))
        let h1 = html.range(of: "href=\"2026-11-H1/index.html\""), h2 = html.range(of: "href=\"2026-10-H2/index.html\"")
        #expect(h1 != nil && h2 != nil)
        if let h1, let h2 { #expect(h1.lowerBound < h2.lowerBound) }
        #expect(html.contains("href=\"2026-11-H2/index.html\""))   // the live one
        #expect(!html.lowercased().contains("<script"))
    }

    @Test("the badge shows the current coverage", arguments: ReportLanguage.allCases)
    func badge(language: ReportLanguage) {
        let svg = SiteFixture.site(language).render(.badge)
        let value = language == .fr ? "20\u{202F}%" : "20%"
        #expect(svg.contains(language == .fr ? ">besoins couverts</text>" : ">needs covered</text>"))
        #expect(svg.contains(">\(value)</text>"))
        #expect(svg.contains(language == .fr ? "aria-label=\"Besoins couverts, 16–30 novembre 2026\u{00A0}: \(value)\""
                                             : "aria-label=\"Needs covered, 16–30 November 2026: \(value)\""))
        #expect(XMLParser(data: Data(svg.utf8)).parse())
        let empty = Site(config: Fixture.config(language), reports: [], live: nil, generatedAt: SiteFixture.now).render(.badge)
        #expect(empty.contains(">—</text>"))
    }

    @Test("a summary survives a JSON round trip, for the app to keep")
    func summaryCodable() throws {
        let summary = ReportSummary(Fixture.report())
        let data = try JSONEncoder().encode(summary)
        #expect(try JSONDecoder().decode(ReportSummary.self, from: data) == summary)
        #expect(summary.coverage == Ratio(tenThousandths: 7561))
        #expect(summary.received.map(\.money) == [Fixture.eur(15500), Money(minor: 5, unit: Fixture.ptj)])
    }
}
