internal import Foundation

/// What an article says about itself: its title, canonical URL, language, and whether it opted out.
///
/// - Markdown: YAML (`---` … `---`) or TOML (`+++` … `+++`) front matter at the very start (after
///   an optional byte-order mark) with the simple keys `chapeau` (`off`, `false` or `no` opts out),
///   `lang`, `title`, `url`; without a front-matter title, the first level-1 heading (`# Title` or
///   a `===` underline).
/// - HTML: `<title>`, else the first `<h1>`; `lang` of `<html lang="…">`; the URL of
///   `<link rel="canonical" href="…">`; `<meta name="chapeau" content="off">` opts out.
/// - Text: the first line, when it is not blank, is the title.
public struct DocumentInfo: Sendable, Equatable {
    public var title: String?
    public var url: String?
    public var lang: String?
    /// Front matter `slug`, `permalink`, `canonical_url` (Markdown) and `date` (as written).
    public var slug: String?
    public var permalink: String?
    public var canonicalURL: String?
    public var date: String?
    /// True when the article asks not to be stamped (`chapeau: off`).
    public var disabled: Bool

    public init(title: String? = nil, url: String? = nil, lang: String? = nil, disabled: Bool = false) {
        self.title = title
        self.url = url
        self.lang = lang
        self.disabled = disabled
    }

    public init(parsing text: String, kind: FileKind) {
        let bytes = Array(text.utf8)
        switch kind {
        case .markdown: self = Self.markdown(bytes)
        case .html: self = Self.html(bytes)
        case .text: self = Self.plainText(bytes)
        }
    }

    static func isOptOut(_ value: String) -> Bool {
        ["off", "false", "no"].contains(value.lowercased())
    }

    private static func markdown(_ bytes: [UInt8]) -> DocumentInfo {
        let frontMatter = FrontMatter.locate(in: bytes)
        let fields = frontMatter?.fields ?? [:]
        let body = frontMatter?.end ?? bytes.contentStart
        var info = DocumentInfo(
            title: fields["title"].nonEmpty ?? MarkdownHeading.firstTitle(in: bytes, from: body),
            url: fields["url"].nonEmpty,
            lang: fields["lang"].nonEmpty,
            disabled: fields["chapeau"].map(isOptOut) ?? false)
        info.slug = fields["slug"].nonEmpty
        info.permalink = fields["permalink"].nonEmpty
        info.canonicalURL = fields["canonical_url"].nonEmpty ?? fields["canonicalurl"].nonEmpty
        info.date = fields["date"].nonEmpty
        return info
    }

    private static func html(_ bytes: [UInt8]) -> DocumentInfo {
        var info = DocumentInfo()
        info.title = HTMLScan.elementText("title", in: bytes).nonEmpty
            ?? HTMLScan.elementText("h1", in: bytes).nonEmpty
        info.lang = HTMLScan.firstTagAttributes("html", in: bytes)?["lang"].nonEmpty
        info.url = HTMLScan.tagsAttributes("link", in: bytes)
            .first { ($0["rel"] ?? "").lowercased().split(separator: " ").contains("canonical") }?["href"]
            .nonEmpty
        info.disabled = HTMLScan.tagsAttributes("meta", in: bytes)
            .contains { ($0["name"] ?? "").lowercased() == "chapeau" && isOptOut($0["content"] ?? "") }
        return info
    }

    private static func plainText(_ bytes: [UInt8]) -> DocumentInfo {
        guard let first = bytes.lines(from: bytes.contentStart).first else { return DocumentInfo() }
        return DocumentInfo(title: String(bytes.text(of: first).trimmingASCIIWhitespace()).nonEmpty)
    }
}

extension Optional where Wrapped == String {
    /// The value, or nil when absent or blank.
    var nonEmpty: String? { self?.nonEmpty }
}

extension String {
    /// The value trimmed, or nil when blank.
    var nonEmpty: String? {
        let value = trimmingASCIIWhitespace()
        return value.isEmpty ? nil : String(value)
    }
}

/// Front matter at the very start of a Markdown file: its simple top-level `key: value` (YAML) or
/// `key = value` (TOML) fields, and the offset just after its closing line.
struct FrontMatter: Equatable {
    enum Syntax: Equatable { case yaml, toml, metadata }

    let syntax: Syntax
    let fields: [String: String]
    let end: Int

    static func locate(in bytes: [UInt8]) -> FrontMatter? {
        let lines = bytes.lines(from: bytes.contentStart)
        guard let opening = lines.first else { return nil }
        let syntax: Syntax
        switch bytes.text(of: opening).trimmingASCIIWhitespace() {
        case "---": syntax = .yaml
        case "+++": syntax = .toml
        default: return metadataLines(bytes, lines)
        }
        let closers: Set<String> = syntax == .yaml ? ["---", "..."] : ["+++"]
        var fields: [String: String] = [:]
        for line in lines.dropFirst() {
            let content = bytes.text(of: line)
            if closers.contains(String(content.trimmingASCIIWhitespace())) {
                return FrontMatter(syntax: syntax, fields: fields, end: line.end)
            }
            if let (key, value) = field(content, syntax: syntax), fields[key] == nil {
                fields[key] = value
            }
        }
        return nil
    }

    /// Pelican / MultiMarkdown metadata: `key: value` lines from the very start to the first blank
    /// line, with no `---` around them. Read as metadata only when every line of that first block is
    /// such a line (or an indented continuation) and one key is `title`, `slug` or `date`, so a
    /// paragraph that opens with "Note: …" stays text.
    private static let metadataKeys: Set<String> = ["title", "slug", "date"]

    private static func metadataLines(_ bytes: [UInt8], _ lines: [LineSpan]) -> FrontMatter? {
        var fields: [String: String] = [:]
        var end: Int?
        for (index, line) in lines.enumerated() {
            if bytes.isBlank(line) { break }
            let content = bytes.text(of: line)
            if index > 0, content.first == " " || content.first == "\t" {
                end = line.end
                continue
            }
            guard let (key, value) = metadataField(content) else { return nil }
            if fields[key] == nil { fields[key] = value }
            end = line.end
        }
        guard let end, !metadataKeys.isDisjoint(with: fields.keys) else { return nil }
        return FrontMatter(syntax: .metadata, fields: fields, end: end)
    }

    /// `Key: value`: a key of letters, digits, `_` and `-` (spaces allowed inside, as MultiMarkdown
    /// does), a colon followed by a space or the end of the line.
    private static func metadataField(_ line: String) -> (String, String)? {
        guard let colon = line.firstIndex(of: ":") else { return nil }
        let key = line[..<colon]
        let after = line[line.index(after: colon)...]
        guard let first = key.first, first.isASCII, first.isLetter, key.count <= 40,
              key.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == " ") }),
              after.isEmpty || after.first == " " || after.first == "\t"
        else { return nil }
        return (key.trimmingASCIIWhitespace().lowercased(), String(after.trimmingASCIIWhitespace()))
    }

    /// A top-level `key: value` / `key = value` line with a scalar value, or nil.
    static func field(_ line: String, syntax: Syntax) -> (String, String)? {
        guard let first = line.first, first != " ", first != "\t", first != "#" else { return nil }
        let separator: Character = syntax == .yaml ? ":" : "="
        guard let cut = line.firstIndex(of: separator) else { return nil }
        var key = line[..<cut].trimmingASCIIWhitespace()
        if key.count >= 2, let quote = key.first, quote == "\"" || quote == "'", key.last == quote {
            key = key.dropFirst().dropLast()
        }
        let raw = line[line.index(after: cut)...].trimmingASCIIWhitespace()
        guard !key.isEmpty, let value = scalar(raw) else { return nil }
        return (key.lowercased(), value)
    }

    /// A quoted or bare scalar; nil for values that open a block, list or table.
    static func scalar(_ raw: Substring) -> String? {
        guard let first = raw.first else { return "" }
        if first == "\"" || first == "'" {
            return quoted(raw.dropFirst(), quote: first)
        }
        if "[{|>".contains(first) { return nil }
        let bare = raw.range(of: " #").map { raw[..<$0.lowerBound] } ?? raw
        return String(bare.trimmingASCIIWhitespace())
    }

    /// The content of a quoted string up to its closing quote, with the usual escapes:
    /// backslash escapes in double quotes, a doubled quote in YAML single quotes.
    private static func quoted(_ rest: Substring, quote: Character) -> String? {
        var value = ""
        var index = rest.startIndex
        while index < rest.endIndex {
            let character = rest[index]
            let next = rest.index(after: index)
            if character == quote {
                guard quote == "'", next < rest.endIndex, rest[next] == "'" else { return value }
                value.append("'")
                index = rest.index(after: next)
                continue
            }
            if character == "\\", quote == "\"", next < rest.endIndex {
                switch rest[next] {
                case "n": value.append("\n")
                case "t": value.append("\t")
                default: value.append(rest[next])
                }
                index = rest.index(after: next)
                continue
            }
            value.append(character)
            index = next
        }
        return nil
    }
}

/// Level-1 Markdown headings: `# Title` or a line underlined with `===`.
enum MarkdownHeading {
    /// The line span of the title heading when the body (from `from`, after blank lines) opens
    /// with one: one line for `# Title`, two for a `===` underline.
    static func leadingTitle(in bytes: [UInt8], from: Int) -> (title: String, end: Int)? {
        let lines = bytes.lines(from: from).drop { bytes.isBlank($0) }
        guard let first = lines.first else { return nil }
        if let title = atxTitle(bytes.text(of: first)) { return (title, first.end) }
        let rest = lines.dropFirst()
        if let underline = rest.first, isSetextUnderline(bytes.text(of: underline)) {
            return (String(bytes.text(of: first).trimmingASCIIWhitespace()), underline.end)
        }
        return nil
    }

    /// The first level-1 heading outside fenced code blocks.
    static func firstTitle(in bytes: [UInt8], from: Int) -> String? {
        var fence: Substring?
        var previous: String?
        for line in bytes.lines(from: from) {
            let content = bytes.text(of: line)
            let trimmed = content.trimmingASCIIWhitespace()
            if let open = fence {
                if trimmed.hasPrefix(open) { fence = nil }
                previous = nil
                continue
            }
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
                fence = trimmed.prefix(3)
                previous = nil
                continue
            }
            if let title = atxTitle(content) { return title }
            if let above = previous, isSetextUnderline(content) {
                return String(above.trimmingASCIIWhitespace())
            }
            previous = trimmed.isEmpty ? nil : content
        }
        return nil
    }

    static func atxTitle(_ line: String) -> String? {
        let indent = line.prefix { $0 == " " }
        guard indent.count <= 3 else { return nil }
        let rest = line.dropFirst(indent.count)
        guard rest.hasPrefix("#") else { return nil }
        let afterHash = rest.dropFirst()
        guard afterHash.isEmpty || afterHash.first == " " || afterHash.first == "\t" else { return nil }
        var title = afterHash.trimmingASCIIWhitespace()
        // An optional closing sequence of #s, preceded by a space.
        let closing = title.reversed().prefix { $0 == "#" }.count
        if closing > 0 {
            let before = title.dropLast(closing)
            if before.isEmpty || before.last == " " || before.last == "\t" {
                title = before.trimmingASCIIWhitespace()
            }
        }
        return title.isEmpty ? nil : String(title)
    }

    static func isSetextUnderline(_ line: String) -> Bool {
        let trimmed = line.trimmingASCIIWhitespace()
        return line.prefix { $0 == " " }.count <= 3 && !trimmed.isEmpty && trimmed.allSatisfy { $0 == "=" }
    }
}
