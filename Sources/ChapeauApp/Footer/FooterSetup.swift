import ChapeauCore
import Foundation
import ChapeauFooter
public import ChapeauReports

/// What `footer stamp` and `footer check` are told on the command line.
public struct FooterOptions: Sendable, Equatable {
    /// `--template`: a built-in name (`presslib-fr`, `presslib-en`) or a `.mustache` file, relative
    /// to the current folder; nil for the config's `[footer] template`.
    public var template: String?
    /// `--lang`: the language of articles whose front matter does not say; nil for the template's.
    public var language: ReportLanguage?

    public init(template: String? = nil, language: ReportLanguage? = nil) {
        self.template = template
        self.language = language
    }
}

/// The footer one workspace stamps: the template, the values from the config, the live period's
/// report (whose figures the footer quotes, in the article's language), and how each article's
/// own values (title, URL, language) are found.
///
/// Choosing the template: a built-in name picks `presslib-fr` or `presslib-en` per article from
/// its `lang` (front matter, or `<html lang>`), else `--lang`, else the language of the name
/// given. A template file is used as it is for every article; its `lang` variable still follows
/// the article, else `--lang`, else `[reports] language`.
struct FooterSetup: Sendable {
    enum Templates: Sendable {
        /// The two built-ins, by language.
        case builtIn(fr: FooterRenderer, en: FooterRenderer)
        case file(FooterRenderer)

        func renderer(_ language: ReportLanguage) -> FooterRenderer {
            switch self {
            case let .builtIn(fr, en): language == .en ? en : fr
            case let .file(file): file
            }
        }
    }

    let templates: Templates
    let defaultLanguage: ReportLanguage
    let authorName: String
    let supportURL: String
    let siteURL: String?
    /// How article URLs are made: `site_url` and `[footer] permalink`.
    let articleURLs: ArticleURL
    /// `[footer] head`: whether the head line is stamped.
    let stampsHead: Bool
    let reportURL: String
    /// The current period's report, as `report build` and `chapeau run` compute it; nil: no figures.
    let live: PublicReport?
    /// Real paths that article URLs are relative to, most specific first: the configured
    /// article folders, then the workspace.
    let urlRoots: [String]
    /// Where the record of current articles is kept (`StampRecord`): next to the ledger; nil when
    /// that folder does not exist yet.
    let recordPath: String?
    /// A digest of all that goes into a footer besides the article's own file.
    let fingerprint: String
    /// `[footer] exclude`: files and folders never stamped or checked.
    let excluding: [ExcludePattern]
    /// The live report's figures as each language words them (worded once, quoted by every article).
    let progressTexts: [ReportLanguage: ProgressText]

    init(workspace: Workspace, options: FooterOptions, live: PublicReport?,
         currentDirectory: String = FileManager.default.currentDirectoryPath) throws {
        let config = workspace.config
        let name = options.template ?? config.footer.template
        if FooterTemplate.builtInNames.contains(name) {
            guard let fr = FooterTemplate.builtIn(named: "presslib-fr"),
                  let en = FooterTemplate.builtIn(named: "presslib-en")
            else { throw AppError.invalid("the built-in footer templates do not parse: this is a bug in Chapeau") }
            templates = .builtIn(fr: FooterRenderer(fr), en: FooterRenderer(en))
            defaultLanguage = options.language ?? (name == "presslib-en" ? .en : .fr)
        } else {
            let path = try Self.templatePath(name, fromOption: options.template != nil, workspace: workspace,
                                             currentDirectory: currentDirectory)
            templates = .file(FooterRenderer(try Self.loadTemplate(at: path, shownAs: name)))
            defaultLanguage = options.language ?? ReportLanguage(tag: config.reports.language) ?? .fr
        }
        authorName = config.author.name
        supportURL = config.author.supportURL
        siteURL = config.author.siteURL
        articleURLs = ArticleURL(siteURL: config.author.siteURL, pattern: config.footer.permalink)
        stampsHead = config.footer.head
        excluding = config.footer.exclude.compactMap(ExcludePattern.init)
        // The last closed period's report page (the one before the live period), else the index;
        // nothing without a base URL to link to.
        let reports = Reporting.config(workspace)
        reportURL = (reports.baseURL ?? "").isEmpty ? ""
            : live.map { reports.reportURL(periodID: $0.period.previous.id) } ?? reports.siteURL(SiteFile.index.fileName)
        self.live = live
        var progressTexts: [ReportLanguage: ProgressText] = [:]
        if let live {
            for language in ReportLanguage.allCases { progressTexts[language] = ProgressText(live, language: language) }
        }
        self.progressTexts = progressTexts
        let workspaceRoot = FileSystem.realPath(workspace.root.path) ?? workspace.root.path
        let articleRoots = config.footer.articles.compactMap { FileSystem.realPath(workspace.resolve($0)) }
        urlRoots = (articleRoots + [workspaceRoot]).sorted { $0.count > $1.count }
        let stateFolder = (workspace.ledgerPath as NSString).deletingLastPathComponent
        recordPath = FileSystem.kind(atPath: stateFolder, followingLinks: true) == .folder
            ? stateFolder + "/" + StampRecord.fileName : nil
        fingerprint = Self.fingerprint(templates: templates, defaultLanguage: defaultLanguage, authorName: authorName,
                                       supportURL: supportURL, siteURL: siteURL, articleURLs: articleURLs,
                                       stampsHead: stampsHead, reportURL: reportURL, progressTexts: progressTexts,
                                       urlRoots: urlRoots)
    }

    /// Everything a footer is made of besides the article's own file, and the program that makes
    /// it (another build may stamp otherwise): a change to any of them changes the digest.
    private static func fingerprint(templates: Templates, defaultLanguage: ReportLanguage, authorName: String,
                                    supportURL: String, siteURL: String?, articleURLs: ArticleURL, stampsHead: Bool,
                                    reportURL: String, progressTexts: [ReportLanguage: ProgressText],
                                    urlRoots: [String]) -> String {
        var parts: [String]
        switch templates {
        case let .builtIn(fr, en): parts = ["built-in", fr.template.name, fr.template.source, en.template.name, en.template.source]
        case let .file(file): parts = ["file", file.template.name, file.template.source]
        }
        parts += [defaultLanguage.rawValue, authorName, supportURL, siteURL ?? "-", String(describing: articleURLs),
                  stampsHead ? "head" : "no head", reportURL]
        for language in ReportLanguage.allCases {
            parts.append(progressTexts[language].map { String(describing: $0) } ?? "no figures")
        }
        parts += urlRoots
        let program = FileState.of("/proc/self/exe") ?? Bundle.main.executablePath.flatMap(FileState.of)
        parts.append(program.map { "\($0.device) \($0.inode) \($0.size) \($0.modified)" } ?? "unknown program")
        return StampRecord.fingerprint(parts)
    }

    /// Where a template file named `name` is: relative to the current folder for `--template`;
    /// for the config, relative to the workspace, else to the config's own folder.
    static func templatePath(_ name: String, fromOption: Bool, workspace: Workspace,
                             currentDirectory: String) throws -> String {
        if name.hasPrefix("/") {
            guard FileManager.default.fileExists(atPath: name) else { throw missingTemplate(name, fromOption: fromOption, workspace) }
            return name
        }
        let candidates = fromOption
            ? [(currentDirectory as NSString).appendingPathComponent(name)]
            : [workspace.resolve(name),
               (URL(fileURLWithPath: workspace.configPath).deletingLastPathComponent().path as NSString)
                   .appendingPathComponent(name)]
        guard let found = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }) else {
            throw missingTemplate(name, fromOption: fromOption, workspace)
        }
        return found
    }

    private static func missingTemplate(_ name: String, fromOption: Bool, _ workspace: Workspace) -> any Error {
        let hint = "name \(FooterTemplate.builtInNames.joined(separator: ", ")) or a .mustache file"
        if fromOption {
            return AppError.usage("--template \(name): no such built-in template or file; \(hint)")
        }
        return ConfigError(file: workspace.configPath, key: "footer.template",
                           message: "'\(name)' is neither a built-in template nor a file in \(workspace.root.path); \(hint)")
    }

    static func loadTemplate(at path: String, shownAs name: String) throws -> FooterTemplate {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw AppError.io("cannot read the footer template \(path): check its permissions")
        }
        guard let source = String(validating: data, as: UTF8.self) else {
            throw AppError.invalid("the footer template \(path) is not UTF-8 text")
        }
        do {
            return try FooterTemplate(name: name, source: source)
        } catch {
            throw AppError.invalid(error.description)
        }
    }

    /// `base` and a relative path joined with exactly one `/`.
    static func joinURL(_ base: String, _ path: String) -> String {
        var base = base
        while base.hasSuffix("/") { base.removeLast() }
        return base + "/" + path
    }

    // MARK: - One article

    /// The language an article is stamped in.
    func language(of info: DocumentInfo) -> ReportLanguage {
        ReportLanguage(tag: info.lang) ?? defaultLanguage
    }

    /// The template and values for one article.
    func render(_ file: ArticleTree.File, info: DocumentInfo) -> RenderedFooter {
        render(kind: file.kind, info: info, url: articleURL(file, info: info))
    }

    /// The template and values for a text of `kind` titled and found as `info` and `url` say.
    func render(kind: FileKind, info: DocumentInfo, url: String?) -> RenderedFooter {
        let language = language(of: info)
        var context = FooterContext(authorName: authorName, supportURL: supportURL,
                                    articleTitle: info.title ?? "", articleURL: url ?? "",
                                    reportURL: reportURL, language: language.rawValue)
        if let live {
            let progress = progressTexts[language] ?? ProgressText(live, language: language)
            context.periodLabel = progress.period
            context.received = progress.received
            context.needs = progress.needs
            context.carriedIn = progress.carriedIn
            context.coverage = progress.coverage
        }
        var rendered = templates.renderer(language).render(context, for: kind)
        if !stampsHead { rendered.head = nil }
        return rendered
    }

    /// The article's URL (see `ArticleURL`): what it declares, else `site_url` and its path under
    /// the configured article folder holding it, else under the workspace, else under the tree it
    /// was found in; nil without either.
    func articleURL(_ file: ArticleTree.File, info: DocumentInfo = DocumentInfo()) -> String? {
        let root = urlRoots.first { FileSystem.isInside(file.realPath, $0) && file.realPath != $0 } ?? file.treeRoot
        let relative = file.realPath.hasPrefix(root + "/") ? String(file.realPath.dropFirst(root.count + 1))
            : (file.realPath as NSString).lastPathComponent
        return articleURLs.resolve(info, relativePath: relative, kind: file.kind)
    }

    // MARK: - Texts that are not files

    /// The footer of a text that is no file (a newsletter, a WordPress post, a social post), to
    /// paste: the head line, a blank line, the paragraph, in the format of `kind`.
    func printable(kind: FileKind, title: String?, url: String?, language: ReportLanguage?) -> String {
        let info = DocumentInfo(title: title, url: url, lang: language?.rawValue)
        let rendered = render(kind: kind, info: info, url: url)
        let head = rendered.head.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) } ?? ""
        return (head.isEmpty ? "" : head + "\n\n") + rendered.tail.trimmingCharacters(in: .whitespacesAndNewlines) + "\n"
    }

    /// At most this many characters, link included: a post on X, Bluesky (300) or Mastodon (500).
    static let shortLimit = 280

    /// The footer for a social post: in plain text, at most `shortLimit` characters with the
    /// support link, the current figures when they fit, the article's link when given and it fits.
    func short(url: String?, language requested: ReportLanguage?) -> String {
        let language = requested ?? defaultLanguage
        let progress = live.map { ProgressText($0, language: language) }
        let nbsp = "\u{A0}"
        var parts: [String]
        var figures: String?
        var original: String?
        switch language {
        case .fr:
            parts = ["Texte en participation libre\(nbsp): republiez-le librement avec cette mention.",
                     "\(authorName) vit de ce que les lecteurs donnent.", "Participer\(nbsp): \(supportURL)"]
            if let progress {
                figures = progress.coverage.isEmpty ? "\(progress.period.capitalisedFirst)\(nbsp): \(progress.received) reçus."
                    : "\(progress.period.capitalisedFirst)\(nbsp): \(progress.received) reçus, besoins couverts à \(progress.coverage)."
            }
            original = url.map { "Original\(nbsp): \($0)" }
        case .en:
            parts = ["A free-participation text: republish it freely with this note.",
                     "\(authorName) lives on what readers give.", "Take part: \(supportURL)"]
            if let progress {
                figures = progress.coverage.isEmpty ? "\(progress.period.capitalisedFirst): \(progress.received) received."
                    : "\(progress.period.capitalisedFirst): \(progress.received) received, \(progress.coverage) of needs covered."
            }
            original = url.map { "Original: \($0)" }
        }
        let fits: ([String]) -> Bool = { $0.joined(separator: " ").count <= Self.shortLimit }
        // The figures go before the link (a link is best last, or before another link).
        if let figures, fits(parts + [figures]) { parts.insert(figures, at: parts.count - 1) }
        if let original, fits(parts + [original]) { parts.append(original) }
        if !fits(parts) { parts.remove(at: 1) }
        return parts.joined(separator: " ") + "\n"
    }

    // MARK: - Audit

    /// The paragraphs a republished copy should carry, as a reader sees them: rendered for plain
    /// text with what does not change from one article or period to the next (no title, article
    /// URL, figures or report link). Both languages for the built-ins.
    /// The words that introduce the link to the original text in the paragraph of `language`
    /// ("Texte original :"), when articles get one (a `site_url` is set and the template links
    /// to `article_url`): a copy must keep that sentence and its link.
    func auditAttribution(_ language: ReportLanguage) -> String? {
        guard let siteURL, !siteURL.isEmpty else { return nil }
        let template = templates.renderer(language).template
        let context = FooterContext(authorName: authorName, supportURL: supportURL, articleURL: Audit.articleURLSentinel,
                                    language: language.rawValue)
        return Audit.attributionLead(template.render(context, for: .text).tail)
    }

    func auditParagraphs() -> [(language: ReportLanguage, paragraph: String)] {
        func paragraph(_ template: FooterTemplate, _ language: ReportLanguage) -> String {
            let context = FooterContext(authorName: authorName, supportURL: supportURL, language: language.rawValue)
            return template.render(context, for: .text).tail
        }
        switch templates {
        case let .builtIn(fr, en):
            let both = [(ReportLanguage.fr, paragraph(fr.template, .fr)), (.en, paragraph(en.template, .en))]
            return defaultLanguage == .fr ? both : both.reversed()
        case let .file(renderer):
            return [(defaultLanguage, paragraph(renderer.template, defaultLanguage))]
        }
    }
}

/// The footer templates that ship with Chapeau, as Mustache source a user can copy to start
/// their own (`Config/footers/presslib-fr.mustache` and `presslib-en.mustache` are these).
public enum BuiltInFooterTemplates {
    public static var names: [String] { FooterTemplate.builtInNames }

    public static func source(named name: String) -> String? {
        FooterTemplate.builtIn(named: name)?.source
    }
}

private extension String {
    /// The first letter in upper case ("novembre 2026" → "Novembre 2026").
    var capitalisedFirst: String { prefix(1).uppercased() + dropFirst() }
}
