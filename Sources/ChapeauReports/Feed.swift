public import ChapeauCore

/// The Atom ids of a site's feed, stable for ever.
///
/// The feed's id is `urn:uuid:<U>`, where U is a random UUID made once per workspace, with its
/// ledger, and kept in it (a copy of the ledger publishes the same feed); each entry's id is `urn:uuid:<V>`, where V is the name-based UUID (RFC 9562,
/// version 8 with SHA-256, as in its appendix B.2) of U and the period id. Nothing else goes in:
/// neither `base_url` nor the author's name, so moving the reports to another address, setting
/// `base_url` for the first time or renaming the author changes no id, and a feed reader never
/// shows a report twice.
///
/// Feeds published before these ids used the report's URL (with `base_url`) or
/// `urn:chapeau:<author>:<period>` (without) as entry ids. Their subscribers see each report
/// once more as a new entry the first time they fetch the feed after the upgrade, and never
/// again: an id cannot be kept when it was derived from an address that may itself change.
public struct FeedIdentity: Sendable, Equatable {
    /// The workspace's UUID, lower case (`3f2c…`).
    public let uuid: String

    /// Key of the ledger's `meta` table that holds the UUID.
    public static let metaKey = "site.feed_uuid"

    /// Nil unless `uuid` is a UUID written as 8-4-4-4-12 hexadecimal digits.
    public init?(uuid: String) {
        let text = uuid.lowercased()
        let groups = text.split(separator: "-", omittingEmptySubsequences: false).map(\.count)
        guard groups == [8, 4, 4, 4, 12], text.allSatisfy({ $0 == "-" || $0.isHexDigit }) else { return nil }
        self.uuid = text
    }

    /// The feed's `<id>`.
    public var feed: String { "urn:uuid:\(uuid)" }

    /// An entry's `<id>`: the same for the same workspace and period, whatever else changes.
    public func entry(_ periodID: String) -> String {
        var hex = Array(Chain.sha256Hex("chapeau-feed-entry\n\(uuid)\n\(periodID)").prefix(32))
        hex[12] = "8"  // version 8
        let variant = Int(String(hex[16]), radix: 16) ?? 0
        hex[16] = Array("0123456789abcdef")[(variant & 0x3) | 0x8]  // RFC 9562 variant (10xx)
        let s = String(hex)
        func part(_ from: Int, _ to: Int) -> Substring {
            s[s.index(s.startIndex, offsetBy: from)..<s.index(s.startIndex, offsetBy: to)]
        }
        return "urn:uuid:\(part(0, 8))-\(part(8, 12))-\(part(12, 16))-\(part(16, 20))-\(part(20, 32))"
    }
}

/// `feed.atom`: one entry per closed period published, newest first.
///
/// - ids come from `FeedIdentity`;
/// - an entry's `published` is when the job first published the report, its `updated` when it
///   published this version (the first publication or the latest revision), as the ledger
///   records them: a catch-up run dates every report it publishes with that run, a revision
///   moves `updated` and nothing else;
/// - `rel="self"` names the feed itself; with `base_url` every link is absolute, without it the
///   links are relative to where the feed is served, which `xml:base="./"` states explicitly;
/// - `rel="payment"` points to `support_url` (§12).
enum AtomFeed {
    static func slug(_ s: String) -> String {
        var out = ""
        for scalar in s.lowercased().unicodeScalars {
            if scalar.isASCII, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                out.unicodeScalars.append(scalar)
            } else if !out.isEmpty, !out.hasSuffix("-") {
                out += "-"
            }
        }
        while out.hasSuffix("-") { out.removeLast() }
        return out.isEmpty ? "reports" : out
    }

    static func render(_ site: Site) -> String {
        let config = site.config, fr = config.language == .fr
        let closed = site.closedReports
        let hasBase = !(config.baseURL ?? "").isEmpty
        let identity = site.feedID.flatMap(FeedIdentity.init(uuid:))
        // Without a kept identity (a site built outside a workspace), ids from the author's
        // name: still never from base_url.
        let legacy = "urn:chapeau:\(slug(config.authorName))"
        let feedID = identity?.feed ?? legacy
        let updated = closed.map(\.updated).max() ?? site.generatedAt
        var x = """
        <?xml version="1.0" encoding="utf-8"?>
        <feed xmlns="http://www.w3.org/2005/Atom" xml:lang="\(config.language.rawValue)"\(hasBase ? "" : " xml:base=\"./\"")>
          <id>\(xml(feedID))</id>
          <title>\(xml(site.labels.reportTitle)) · \(xml(config.authorName))</title>
          <subtitle>\(xml(fr ? "Rapports de transparence des dons en participation libre" : "Transparency reports of a free-participation work"))</subtitle>
          <updated>\(site.iso(updated))</updated>
          <author>
            <name>\(xml(config.authorName))</name>

        """
        if let url = safeURL(config.supportURL) { x += "    <uri>\(xml(url))</uri>\n" }
        x += "  </author>\n"
        x += "  <link rel=\"self\" type=\"application/atom+xml\" href=\"\(xml(config.siteURL(SiteFile.feed.fileName)))\"/>\n"
        x += "  <link rel=\"alternate\" type=\"text/html\" href=\"\(xml(config.siteURL(SiteFile.index.fileName)))\"/>\n"
        if let url = safeURL(config.supportURL) { x += "  <link rel=\"payment\" href=\"\(xml(url))\"/>\n" }
        x += "  <generator>Chapeau</generator>\n"
        for r in closed {
            let id = identity?.entry(r.periodID) ?? "\(legacy):\(r.periodID)"
            let summary = (r.revised ? (fr ? "Révision\u{00A0}: " : "Revised: ") : "") + site.summaryLine(r)
            x += """
              <entry>
                <id>\(xml(id))</id>
                <title>\(xml(site.title(r)))</title>
                <published>\(site.iso(r.published ?? r.updated))</published>
                <updated>\(site.iso(r.updated))</updated>
                <link rel="alternate" type="text/html" href="\(xml(config.reportURL(periodID: r.periodID)))"/>
                <summary>\(xml(summary))</summary>
              </entry>

            """
        }
        return x + "</feed>\n"
    }
}
