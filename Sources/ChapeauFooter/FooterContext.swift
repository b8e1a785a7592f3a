/// What a footer template may say: every value as text, already formatted for the reader.
///
/// # Writing a footer template
///
/// A footer template is a Mustache file (`.mustache`). It has up to two parts, each introduced by a
/// Mustache comment alone on its line:
///
/// ```mustache
/// {{! chapeau:head }}
/// This text is a free-participation article (*)
/// {{! chapeau:footer }}
/// (*) You may republish this text … {{support_url}} …
/// ```
///
/// - The **head** (optional) is a short line placed after the article's first paragraph (after
///   its title and front matter), or right after `<!--more-->` when the article has one, so
///   that excerpts and feeds show the article; `[footer] head = false` leaves it out.
/// - The **footer** is the paragraph placed at the end of the article. Text before any
///   `{{! chapeau:… }}` line belongs to the footer, so a file without those lines is all footer.
/// - Both parts are stamped, checked and removed together. In what each part renders, leading
///   and trailing blank lines are dropped, several blank lines in a row become one, spaces at the
///   end of lines are dropped and runs of spaces inside a line become one: a section that renders
///   nothing leaves no gap.
/// - `{{name}}` is escaped for HTML in Markdown and HTML articles, and written as it is in
///   plain-text articles. `{{#name}}…{{/name}}` shows its content only when the flag is true,
///   `{{^name}}…{{/name}}` only when it is false.
///
/// Values (text; an unknown value is empty, never "nil"):
///
/// | variable | what it holds |
/// | --- | --- |
/// | `author_name` | the author's name, from `[author] name` |
/// | `support_url` | where to contribute, from `[author] support_url` |
/// | `article_title` | the article's title (front matter `title`, else its first heading) |
/// | `article_url` | the article's canonical URL (front matter `url`, else `site_url` + path) |
/// | `licence` | a sentence on the licence of the text, e.g. "Licence CC BY-SA 4.0." |
/// | `period` | the current period, as a reader would name it, e.g. "November 2026" |
/// | `received` | what came in during the period, formatted, e.g. "1 234,56 €" |
/// | `needs` | the needs declared for the period, formatted, e.g. "2 000,00 €" |
/// | `carried_in` | with `[reports] carry_over`, what earlier periods received beyond their needs, counted towards this one, e.g. "50,00 €"; empty otherwise |
/// | `coverage` | (received + carried in) ÷ needs as a percentage, as the report gives it, e.g. "62 %" |
/// | `report_url` | the latest transparency report |
/// | `lang` | the article's language: `fr` or `en` |
///
/// Flags (true or false), for sections:
///
/// | flag | true when |
/// | --- | --- |
/// | `has_title`, `has_article_url`, `has_licence`, `has_report`, `has_lang` | the value is not empty |
/// | `has_progress` | `period` and `received` are not empty |
/// | `has_needs`, `has_carried_in`, `has_coverage` | `needs` / `carried_in` / `coverage` are not empty |
/// | `markdown`, `html`, `text` | the article is of that kind: use them to write links and markup |
/// | `fr`, `en` | `lang` is that language |
public struct FooterContext: Sendable, Hashable {
    public var authorName: String
    public var supportURL: String
    public var articleTitle: String
    public var articleURL: String
    public var licence: String
    public var periodLabel: String
    public var received: String
    public var needs: String
    public var carriedIn: String
    public var coverage: String
    public var reportURL: String
    public var language: String

    public init(
        authorName: String = "", supportURL: String = "", articleTitle: String = "", articleURL: String = "",
        licence: String = "", periodLabel: String = "", received: String = "", needs: String = "",
        carriedIn: String = "", coverage: String = "", reportURL: String = "", language: String = ""
    ) {
        self.authorName = authorName
        self.supportURL = supportURL
        self.articleTitle = articleTitle
        self.articleURL = articleURL
        self.licence = licence
        self.periodLabel = periodLabel
        self.received = received
        self.needs = needs
        self.carriedIn = carriedIn
        self.coverage = coverage
        self.reportURL = reportURL
        self.language = language
    }

    /// The names a template may use, with their values; no nil anywhere.
    func mustacheValues(for kind: FileKind) -> [String: MustacheValue] {
        let texts: [String: String] = [
            "author_name": authorName, "support_url": supportURL, "article_title": articleTitle,
            "article_url": articleURL, "licence": licence, "period": periodLabel, "received": received,
            "needs": needs, "carried_in": carriedIn, "coverage": coverage, "report_url": reportURL, "lang": language,
        ]
        let present: (String) -> Bool = { !$0.allSatisfy(\.isWhitespace) }
        let flags: [String: Bool] = [
            "has_title": present(articleTitle), "has_article_url": present(articleURL),
            "has_licence": present(licence), "has_report": present(reportURL), "has_lang": present(language),
            "has_progress": present(periodLabel) && present(received),
            "has_needs": present(needs), "has_carried_in": present(carriedIn), "has_coverage": present(coverage),
            "markdown": kind == .markdown, "html": kind == .html, "text": kind == .text,
            "fr": language.lowercased().hasPrefix("fr"), "en": language.lowercased().hasPrefix("en"),
        ]
        return texts.mapValues(MustacheValue.text).merging(flags.mapValues(MustacheValue.flag)) { text, _ in text }
    }
}

/// One value a template can see: a text or a flag.
enum MustacheValue: Sendable, Equatable {
    case text(String)
    case flag(Bool)

    var renderable: Any {
        switch self {
        case .text(let value): value
        case .flag(let value): value
        }
    }
}
