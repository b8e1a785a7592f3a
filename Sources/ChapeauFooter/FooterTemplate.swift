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
    ///
    /// Works on the UTF-8 bytes. The rules speak of characters as Swift counts them, where a
    /// space followed by a combining mark (or preceded by a prepended mark) is one character and
    /// no space: a text where a space or tab touches a scalar outside the plain ranges is tidied
    /// character by character instead, so both ways always agree.
    static func tidy(_ rendered: String) -> String {
        var rendered = rendered
        return rendered.withUTF8 { bytes in
            guard spacesStandAlone(bytes) else { return tidyCharacters(String(decoding: bytes, as: UTF8.self)) }
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count)
            // Where the last non-blank line ended in `out`, and whether a blank line is pending.
            var pendingBlank = false
            var start = 0
            let count = bytes.count
            while start <= count {
                var end = start
                while end < count && bytes[end] != ASCII.lf { end += 1 }
                // "\r\n" ends a line as "\n" does; a lone "\r" is text.
                let contentEnd = end < count && end > start && bytes[end - 1] == ASCII.cr ? end - 1 : end
                var index = start
                while index < contentEnd && (bytes[index] == ASCII.space || bytes[index] == ASCII.tab) { index += 1 }
                let indentEnd = index
                let lineStart = out.count
                var wroteBody = false
                while index < contentEnd {
                    let byte = bytes[index]
                    if !(byte == ASCII.space && wroteBody && out.last == ASCII.space) {
                        if !wroteBody {
                            // A blank line between two lines of text stays (one at most).
                            if pendingBlank && !out.isEmpty { out.append(ASCII.lf) }
                            if !out.isEmpty { out.append(ASCII.lf) }
                            pendingBlank = false
                            out.append(contentsOf: bytes[start..<indentEnd])
                            wroteBody = true
                        }
                        out.append(byte)
                    }
                    index += 1
                }
                if wroteBody {
                    while let last = out.last, last == ASCII.space || last == ASCII.tab, out.count > lineStart { out.removeLast() }
                } else if !out.isEmpty {
                    pendingBlank = true
                }
                if end >= count { break }
                start = end + 1
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// Whether every space and tab in `bytes` is a character of its own: no scalar that could
    /// join it (a combining mark after it, a prepended mark before it) is outside the plain ranges.
    private static func spacesStandAlone(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        // Fast answer for ASCII text.
        guard bytes.contains(where: { $0 >= 0x80 }) else { return true }
        var previous: Unicode.Scalar?
        var previousWasSpace = false
        for scalar in String(decoding: bytes, as: UTF8.self).unicodeScalars {
            let isSpace = scalar == " " || scalar == "\t"
            if isSpace, let previous, !isPlainNeighbour(previous) { return false }
            if previousWasSpace, !isSpace, !isPlainNeighbour(scalar) { return false }
            previous = scalar
            previousWasSpace = isSpace
        }
        return true
    }

    /// A scalar that never forms one character with a space next to it: ASCII, Latin letters and
    /// signs, general punctuation (dashes, quotes, no-break spaces) and currency signs.
    static func isPlainNeighbour(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x7F, 0xA0...0x2FF, 0x2000...0x200B, 0x2010...0x2027, 0x202F...0x205F, 0x20A0...0x20C0: true
        default: false
        }
    }

    /// `tidy`, character by character.
    static func tidyCharacters(_ rendered: String) -> String {
        var lines: [String] = []
        // "\r\n" is one Character in Swift: splitting on it and on "\n" reads CRLF and LF lines
        // alike.
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
