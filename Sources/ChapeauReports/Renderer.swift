import ChapeauCore
internal import Mustache

/// The formats of a period's report, each written to `Reports/<PERIOD>/<fileName>`.
/// `allCases` drives `--format` and publishing; an unknown name is a parse error at the edge.
///
/// - `html` — `index.html`: standalone page (inline CSS, inline SVG charts, no script,
///   no external asset), readable at 360 px, `lang`, headings, captioned tables.
/// - `md` — `report.md`: to paste as a blog post; every value HTML-escaped and its Markdown
///   punctuation backslash-escaped.
/// - `json` — `report.json`: the whole model, sorted keys, stable snake_case names:
///   `period.{id,start,end,cadence,label,closed,revised}`, `generated_at`, `language`,
///   `totals[]` (`unit`, `amount_minor`, `amount`, `gifts`, `supporters`, `new_supporters`,
///   `returning_supporters`, `small_group`, `distribution` (null for a small group),
///   `by_channel[]`, `by_campaign[]`), `pledges[]`, `needs[]` (`unit`, `needed_minor`,
///   `received_minor`, `carried_in_minor`, `carried_out_minor`, `coverage` as a ratio or null,
///   `lines[]`), `expenses[]`, `balance[]`, `offers.{count,by_kind,by_status,hours_given,
///   delivered_value,public}`, `comparison.{previous,year_to_date}`, `thanks[]`,
///   `integrity.{entries,head}`.
/// - `csv` — `report.csv`: `section,unit,metric,value`, one figure a row.
public enum ReportFormat: String, CaseIterable, Sendable, Codable {
    case html, md, json, csv

    /// The file name inside `Reports/<PERIOD>/`.
    public var fileName: String {
        switch self {
        case .html: return "index.html"
        case .md: return "report.md"
        case .json: return "report.json"
        case .csv: return "report.csv"
        }
    }


    /// Renders the report in this format with the built-in templates.
    public func render(_ report: PublicReport) -> String {
        ReportRenderer.builtIn.render(report, as: self)
    }
}

/// Template sources that replace the built-in HTML and Markdown layouts (for instance read by
/// the app from `Config/`). nil keeps the built-in one. The context is documented by the
/// built-in templates, `ReportTemplates.builtInHTML` and `.builtInMarkdown`.
public struct ReportTemplates: Sendable, Equatable {
    public var html: String?
    public var markdown: String?
    /// The site's `index.html` (context: `IndexContext`, documented by the built-in one).
    public var index: String?

    public init(html: String? = nil, markdown: String? = nil, index: String? = nil) {
        self.html = html
        self.markdown = markdown
        self.index = index
    }

    public static var builtInHTML: String { BuiltInTemplates.html }
    public static var builtInMarkdown: String { BuiltInTemplates.markdown }
    public static var builtInIndex: String { BuiltInTemplates.index }
}

/// A template that could not be parsed.
public enum ReportTemplateError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalid(format: ReportFormat, reason: String)
    case indexInvalid(reason: String)

    public var description: String {
        switch self {
        case .indexInvalid(let reason):
            return "the index template is not valid Mustache: \(reason); fix the template or remove it to use the built-in one"
        case .invalid(let format, let reason):
            return "the \(format.rawValue) report template is not valid Mustache: \(reason); fix the template or remove it to use the built-in one"
        }
    }
}

/// Renders reports, with the built-in layouts or the user's. Parse once, render many.
public struct ReportRenderer: Sendable {
    private let html: MustacheTemplate?
    private let markdown: MustacheTemplate?
    private let index: MustacheTemplate?
    /// The built-in HTML and Markdown layouts, when they are not replaced: rendered without
    /// reflection (`CompiledTemplate`), to the same bytes.
    private var compiledHTML: CompiledTemplate?
    private var compiledMarkdown: CompiledTemplate?

    /// Parses the templates; throws if an override is not valid Mustache. The built-in ones
    /// are parsed once per process (the job builds a renderer at every run: parsing the three
    /// of them again was 6 % of a run with one new period at a million gifts).
    public init(templates: ReportTemplates = ReportTemplates()) throws(ReportTemplateError) {
        (html, compiledHTML) = try Self.layout(templates.html, compiled: Self.compiledBuiltInHTML, builtIn: Self.builtInHTML, format: .html)
        (markdown, compiledMarkdown) = try Self.layout(templates.markdown, compiled: Self.compiledBuiltInMarkdown,
                                                       builtIn: Self.builtInMarkdown, format: .md)
        do { index = try Self.parse(templates.index, builtIn: Self.builtInIndex) } catch {
            throw .indexInvalid(reason: String(describing: error))
        }
    }

    /// A report layout: the built-in one compiled, else a replacement parsed now (or the
    /// built-in one through Mustache, should it not compile).
    private static func layout(_ replacement: String?, compiled: CompiledTemplate?, builtIn: MustacheTemplate?,
                               format: ReportFormat) throws(ReportTemplateError) -> (MustacheTemplate?, CompiledTemplate?) {
        if replacement == nil, let compiled { return (nil, compiled) }
        do { return (try parse(replacement, builtIn: builtIn), nil) } catch {
            throw .invalid(format: format, reason: String(describing: error))
        }
    }

    /// A replacement parsed now, or the built-in one parsed once.
    private static func parse(_ replacement: String?, builtIn: MustacheTemplate?) throws -> MustacheTemplate? {
        if let replacement { return try MustacheTemplate(string: replacement) }
        return builtIn
    }

    private static let compiledBuiltInHTML = CompiledTemplate(BuiltInTemplates.html)
    private static let compiledBuiltInMarkdown = CompiledTemplate(BuiltInTemplates.markdown)
    private static let builtInHTML = try? MustacheTemplate(string: BuiltInTemplates.html)
    private static let builtInMarkdown = try? MustacheTemplate(string: BuiltInTemplates.markdown)
    private static let builtInIndex = try? MustacheTemplate(string: BuiltInTemplates.index)

    private init(html: MustacheTemplate?, markdown: MustacheTemplate?, index: MustacheTemplate?) {
        self.html = html
        self.markdown = markdown
        self.index = index
    }

    /// The built-in layouts, parsed once. (They always parse: a test pins it.)
    public static let builtIn: ReportRenderer = (try? ReportRenderer()) ?? ReportRenderer(html: nil, markdown: nil, index: nil)

    /// The site's index page.
    func renderIndex(_ site: Site) -> String {
        index?.render(TemplateValue.tree(IndexContext(site))) ?? ""
    }

    /// The report in one format. Same report, same bytes.
    public func render(_ report: PublicReport, as format: ReportFormat) -> String {
        switch format {
        case .html:
            if let compiledHTML { return compiledHTML.render(ReportRoot(ReportContext(report, escape: .html))) }
            return html?.render(TemplateValue.tree(ReportContext(report, escape: .html))) ?? ""
        case .md:
            if let compiledMarkdown { return compiledMarkdown.render(ReportRoot(ReportContext(report, escape: .markdown))) }
            return markdown?.render(TemplateValue.tree(ReportContext(report, escape: .markdown))) ?? ""
        case .json:
            return JSONReport.render(report)
        case .csv:
            return CSVReport.render(report)
        }
    }

    /// Every format, keyed by file name, in `ReportFormat.allCases` order.
    public func renderAll(_ report: PublicReport, formats: [ReportFormat] = ReportFormat.allCases) -> [(fileName: String, text: String)] {
        formats.map { ($0.fileName, render(report, as: $0)) }
    }
}

/// The typed contexts turned, once per render, into dictionaries and arrays. The template
/// engine looks a plain struct's keys up by reflection at every tag (and again on every level
/// of the context stack); a dictionary answers from a hash table. Same values, same output:
/// the golden files pin it.
enum TemplateValue {
    static func tree(_ value: Any) -> Any {
        switch value {
        case let text as String: return text
        case let flag as Bool: return flag
        case let list as [Any]: return list.map(tree)
        case let context as ReportContext:
            // The labels of a language never change: their dictionary is made once.
            return fields(of: context) { $0 == "t" ? (context.lang == "fr" ? frenchLabels : englishLabels) : nil }
        default:
            return Mirror(reflecting: value).displayStyle == .struct ? fields(of: value) : value
        }
    }

    nonisolated(unsafe) private static let frenchLabels: Any = fields(of: Labels.fr)
    nonisolated(unsafe) private static let englishLabels: Any = fields(of: Labels.en)

    private static func fields(of value: Any, known: (String) -> Any? = { _ in nil }) -> [String: Any] {
        var fields: [String: Any] = [:]
        for child in Mirror(reflecting: value).children {
            if let label = child.label { fields[label] = known(label) ?? tree(child.value) }
        }
        return fields
    }
}
