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

    /// A language tag (`fr`, `fr-FR`, `en_GB`, `EN`…) as one of the two; nil for another
    /// language or none.
    public init?(tag: String?) {
        guard let tag else { return nil }
        let primary = tag.lowercased().prefix { $0.isLetter }
        self.init(rawValue: String(primary))
    }
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
    /// The bank transfer without fees (`[author] iban`), shown beside the support link in the
    /// HTML pages; nil when no IBAN is configured.
    public var payment: PaymentBlock?
    /// The day of the ledger's first dated entry: the first period the job publishes, so the
    /// first report page links to no previous one. nil: no previous link at all.
    public var firstDay: Day?

    public init(authorName: String, supportURL: String, baseURL: String? = nil,
                language: ReportLanguage = .fr, minGroup: Int = 3, carryOver: Bool = false,
                cadence: Cadence = .monthly, timeZone: String = "Europe/Paris",
                defaultUnit: Unit = .eur, payment: PaymentBlock? = nil) {
        self.authorName = authorName
        self.supportURL = supportURL
        self.baseURL = baseURL
        self.language = language
        self.minGroup = minGroup
        self.carryOver = carryOver
        self.cadence = cadence
        self.timeZone = timeZone
        self.defaultUnit = defaultUnit
        self.payment = payment
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

/// How to pay the author by bank transfer, as the HTML pages show it: a QR code and the IBAN
/// as text. Computed by the application from `[author] iban` and `bic`: this module draws
/// nothing and reads no config. Everything here is the author's own, meant to be published.
public struct PaymentBlock: Sendable, Equatable {
    /// A standalone SVG image of the SEPA transfer QR code (`role="img"` and a `<title>`),
    /// drawn by the application from the IBAN and the author's name alone, never from ledger
    /// text. It is the one value the HTML layouts insert without escaping (`{{{svg}}}`), so
    /// only an image whose markup is limited to `svg`, `title`, `rect` and `path` elements is
    /// inserted; any other is left out and the IBAN is shown as text alone.
    public var svg: String
    /// The IBAN in groups of four, as printed (`FR76 3000 6000 0112 3456 7890 189`).
    public var iban: String
    /// The bank's BIC, when configured.
    public var bic: String?
    /// The caption, in the report's language: « Virement sans frais », "Bank transfer, no fees".
    public var label: String

    public init(svg: String, iban: String, bic: String? = nil, label: String) {
        self.svg = svg
        self.iban = iban
        self.bic = bic
        self.label = label
    }

    /// The SVG when it holds nothing but the elements of a drawn QR code (no script, no
    /// link, no event attribute, no foreign content); nil otherwise.
    var safeSVG: String? {
        let allowed: Set<String> = ["svg", "/svg", "title", "/title", "rect", "path"]
        guard svg.hasPrefix("<svg "), svg.hasSuffix("</svg>") else { return nil }
        var rest = Substring(svg)
        while let open = rest.firstIndex(of: "<") {
            let after = rest[rest.index(after: open)...]
            let name = after.prefix { $0.isLetter || $0 == "/" }
            guard allowed.contains(String(name)) else { return nil }
            guard let close = after.firstIndex(of: ">") else { return nil }
            let tag = after[..<close].lowercased()
            if tag.contains("href") || tag.contains("javascript") || tag.contains(" on") || tag.contains("url(") { return nil }
            rest = after[after.index(after: close)...]
        }
        return svg
    }
}
