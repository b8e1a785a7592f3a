internal import Foundation
internal import Mustache

/// A footer template: Mustache source with an optional head part and a footer part.
///
/// The source is split by lines holding only `{{! chapeau:head }}` or `{{! chapeau:footer }}`
/// (Mustache comments, so the file stays valid Mustache); see `FooterContext` for the convention
/// and the variables. Rendering escapes values for HTML in Markdown and HTML articles and writes
/// them as they are in plain-text ones.
public struct FooterTemplate: Sendable {
    /// `presslib-fr`, `presslib-en`, or the name the caller gave (e.g. the file name).
    public let name: String
    /// The Mustache source, as written; for a built-in, what a user can copy to start their own.
    public let source: String
    private let head: Part?
    private let footer: Part

    /// Names of the templates that ship with Chapeau.
    public static let builtInNames = BuiltInFooters.all.map(\.name)

    /// Parses `source`; throws `FooterError.invalidTemplate` naming the line and column.
    public init(name: String, source: String) throws(FooterError) {
        self.name = name
        self.source = source
        let sections = Self.split(source.replacingOccurrences(of: "\r\n", with: "\n"))
        head = try sections.head.map { section throws(FooterError) in try Part(section, templateName: name) }
        footer = try Part(sections.footer, templateName: name)
    }

    /// A built-in template by name (`presslib-fr`, `presslib-en`), or nil.
    public static func builtIn(named name: String) -> FooterTemplate? {
        guard let wording = BuiltInFooters.all.first(where: { $0.name == name }) else { return nil }
        return try? FooterTemplate(name: wording.name, source: wording.source)
    }

    /// The built-in template for a language: `presslib-en` for English, `presslib-fr` otherwise.
    public static func builtIn(language: String) -> FooterTemplate? {
        builtIn(named: language.lowercased().hasPrefix("en") ? "presslib-en" : "presslib-fr")
    }

    /// Whether the template defines a head line.
    public var hasHead: Bool { head != nil }

    /// The head and footer for one article of one kind.
    public func render(_ context: FooterContext, for kind: FileKind) -> RenderedFooter {
        let values = context.mustacheValues(for: kind).mapValues(\.renderable)
        let rendered = head.map { Self.tidy($0.render(values, kind: kind)) }
        return RenderedFooter(
            head: rendered.flatMap { $0.isEmpty ? nil : $0 },
            tail: Self.tidy(footer.render(values, kind: kind)))
    }

    // MARK: - Parts

    /// One part of the source, parsed twice: escaping for HTML, and as plain text.
    private struct Part: Sendable {
        let escaping: MustacheTemplate
        let plain: MustacheTemplate

        init(_ section: Section, templateName: String) throws(FooterError) {
            do {
                escaping = try MustacheTemplate(string: section.text)
                plain = try MustacheTemplate(string: "{{% CONTENT_TYPE: TEXT }}\n" + section.text)
            } catch let error as MustacheTemplate.ParserError {
                throw .invalidTemplate(
                    name: templateName, line: section.firstLine + error.context.lineNumber - 1,
                    column: error.context.columnNumber, reason: "\(error.error)")
            } catch {
                throw .invalidTemplate(name: templateName, line: section.firstLine, column: 1, reason: "\(error)")
            }
        }

        func render(_ values: [String: Any], kind: FileKind) -> String {
            (kind == .text ? plain : escaping).render(values)
        }
    }

    struct Section: Equatable {
        var text: String
        /// Line of the source where this section's text starts (1-based).
        var firstLine: Int
    }

    static let headMarker = "chapeau:head"
    static let footerMarker = "chapeau:footer"

    /// Splits the source at `{{! chapeau:head }}` / `{{! chapeau:footer }}` lines.
    static func split(_ source: String) -> (head: Section?, footer: Section) {
        var head: Section?
        var footer = Section(text: "", firstLine: 1)
        var current: StampPart = .footer
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        for (index, line) in lines.enumerated() {
            if let part = sectionMarker(line) {
                current = part
                switch part {
                case .head: head = head ?? Section(text: "", firstLine: index + 2)
                case .footer: if footer.text.isEmpty { footer.firstLine = index + 2 }
                }
                continue
            }
            let text = String(line) + (index < lines.count - 1 ? "\n" : "")
            switch current {
            case .head: head?.text += text
            case .footer: footer.text += text
            }
        }
        return (head, footer)
    }

    /// The part a line introduces, when it holds only `{{! chapeau:head }}` or `{{! chapeau:footer }}`.
    private static func sectionMarker(_ line: Substring) -> StampPart? {
        let trimmed = line.trimmingASCIIWhitespace()
        guard trimmed.hasPrefix("{{!"), trimmed.hasSuffix("}}") else { return nil }
        switch trimmed.dropFirst(3).dropLast(2).trimmingASCIIWhitespace() {
        case headMarker: return .head
        case footerMarker: return .footer
        default: return nil
        }
    }

    /// Rendered text made tidy: no trailing spaces, runs of inner spaces collapsed, blank lines
    /// trimmed at both ends and never two in a row.
    static func tidy(_ rendered: String) -> String {
        var lines: [String] = []
        // "\r\n" is one Character in Swift: splitting on it and on "\n" reads CRLF and LF lines
        // alike, without Foundation's replacingOccurrences (a third of a large stamp's time).
        for line in rendered.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            let indent = line.prefix { $0 == " " || $0 == "\t" }
            var body = ""
            for character in line.dropFirst(indent.count) where !(character == " " && body.last == " ") {
                body.append(character)
            }
            while body.last == " " || body.last == "\t" { body.removeLast() }
            let tidied = body.isEmpty ? "" : indent + body
            if tidied.isEmpty, lines.last?.isEmpty ?? true { continue }
            lines.append(tidied)
        }
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines.joined(separator: "\n")
    }
}
