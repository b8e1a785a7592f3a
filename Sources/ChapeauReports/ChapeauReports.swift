/// ChapeauReports — the public transparency report of Chapeau.
///
/// Owns the public report model (`PublicReport`: it can hold only what may be published —
/// privacy by construction), one renderer per format chosen by an enum (`ReportFormat`:
/// HTML, Markdown, JSON, CSV), the site-level files (`SiteFile`: index, Atom feed,
/// `latest.json`, badge), and number, money and date formatting per language (`DisplayStyle`).
///
/// Pure: it never reads the store, a file or the clock (`now` is passed in), and never sees
/// an e-mail or a private note — its input is ChapeauCore's `LedgerSnapshot`, which holds
/// neither. Imports: ChapeauCore, Foundation value types, swift-mustache.
public import ChapeauCore

/// The language a report is written in. French is the default.
public enum ReportLanguage: String, CaseIterable, Sendable, Codable {
    case fr, en
}

/// What the reports need from the configuration (`[author]`, `[ledger]`, `[reports]`).
public struct ReportConfig: Sendable, Equatable {
    /// `[author] name`: whose report it is.
    public var authorName: String
    /// `[author] support_url`: where to contribute.
    public var supportURL: String
    /// `[reports] base_url`: where the reports are served (links in the feed and `latest.json`).
    public var baseURL: String?
    /// `[reports] language`.
    public var language: ReportLanguage
    /// `[reports] min_group`: below this many distinct supporters in a unit, no median,
    /// quartiles or histogram are published for that unit.
    public var minGroup: Int
    /// `[reports] carry_over`: what is received beyond the goal is carried to the next period.
    public var carryOver: Bool
    /// `[reports] cadence`.
    public var cadence: Cadence
    /// `[ledger] timezone`: the IANA identifier the generation time is shown in.
    public var timeZone: String
    /// `[ledger] currency`: the unit of the headline (received, coverage) and of the badge.
    public var defaultUnit: Unit

    public init(authorName: String, supportURL: String, baseURL: String? = nil,
                language: ReportLanguage = .fr, minGroup: Int = 3, carryOver: Bool = false,
                cadence: Cadence = .monthly, timeZone: String = "Europe/Paris",
                defaultUnit: Unit = .eur) {
        self.authorName = authorName
        self.supportURL = supportURL
        self.baseURL = baseURL
        self.language = language
        self.minGroup = minGroup
        self.carryOver = carryOver
        self.cadence = cadence
        self.timeZone = timeZone
        self.defaultUnit = defaultUnit
    }

    /// The URL of a period's report page (`<base>/<PERIOD>/index.html`), or the relative path
    /// `<PERIOD>/index.html` when no base URL is configured.
    public func reportURL(periodID: String) -> String {
        let path = "\(periodID)/\(ReportFormat.html.fileName)"
        guard let base = baseURL, !base.isEmpty else { return path }
        return base.hasSuffix("/") ? base + path : base + "/" + path
    }

    /// The URL of a site-level file (`<base>/feed.atom`), or its bare name without a base URL.
    public func siteURL(_ file: String) -> String {
        guard let base = baseURL, !base.isEmpty else { return file }
        return base.hasSuffix("/") ? base + file : base + "/" + file
    }
}
