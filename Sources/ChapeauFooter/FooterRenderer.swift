internal import Synchronization

/// Renders one footer template for many articles, giving exactly what `FooterTemplate.render`
/// gives, without running the template for every article.
///
/// Articles of one kind and language, under the same figures, differ only in their title and
/// URL. The template is rendered once for each such group with stand-ins for those two values
/// (private-use characters, one of which HTML escaping changes, so the rendered text tells
/// escaped places from raw ones), tidied, and cut into pieces; an article's footer is the pieces
/// with its own title and URL put back in.
///
/// This holds only when the template uses the title and URL as plain `{{name}}`, `{{{name}}}` or
/// `{{& name}}` tags, and when putting a value back cannot change what tidying does (no line
/// break, tab, leading, trailing or doubled space in it, and no mark at either end that would
/// join a neighbouring space). Otherwise the article's footer is rendered in full.
public final class FooterRenderer: Sendable {
    public let template: FooterTemplate
    /// Whether the template's source uses the title and URL only through plain variable tags.
    let usesValuesPlainly: Bool
    private let shapes = Mutex<[Key: Shape]>([:])

    /// At most this many groups are kept (a group per kind, language and set of figures is the usual case).
    static let capacity = 256

    public init(_ template: FooterTemplate) {
        self.template = template
        usesValuesPlainly = Self.usesPlainly(template.source, names: ["article_title", "article_url"])
    }

    /// The head and footer for one article of one kind: `template.render(context, for: kind)`.
    public func render(_ context: FooterContext, for kind: FileKind) -> RenderedFooter {
        guard usesValuesPlainly, !Self.holdsStandIn(context) else { return template.render(context, for: kind) }
        let title = Value(context.articleTitle)
        let url = Value(context.articleURL)
        guard title.fits, url.fits else { return template.render(context, for: kind) }
        var keyed = context
        if title.present { keyed.articleTitle = StandIn.title }
        if url.present { keyed.articleURL = StandIn.url }
        let key = Key(context: keyed, kind: kind)
        let shape: Shape
        if let known = shapes.withLock({ $0[key] }) {
            shape = known
        } else {
            guard let made = Shape(template.render(keyed, for: kind)) else { return template.render(context, for: kind) }
            shapes.withLock { if $0.count < Self.capacity { $0[key] = made } }
            shape = made
        }
        return RenderedFooter(head: shape.head.map { $0.fill(title: title, url: url) }, tail: shape.tail.fill(title: title, url: url))
    }

    /// How many groups have been rendered and kept.
    var groupCount: Int { shapes.withLock { $0.count } }

    // MARK: - Pieces

    struct Key: Hashable {
        let context: FooterContext
        let kind: FileKind
    }

    /// The stand-ins: `<` is escaped as `&lt;` in HTML and Markdown, kept in plain text.
    enum StandIn {
        static let open: Unicode.Scalar = "\u{E000}"
        static let close: Unicode.Scalar = "\u{E001}"
        static let title = "\u{E000}T<\u{E001}"
        static let url = "\u{E000}U<\u{E001}"
    }

    /// Whether a value other than the title and URL holds the opening stand-in character: its
    /// pieces could not be told from the stand-ins.
    private static func holdsStandIn(_ context: FooterContext) -> Bool {
        let others = [context.authorName, context.supportURL, context.licence, context.periodLabel, context.received,
                      context.needs, context.carriedIn, context.coverage, context.reportURL, context.language]
        return others.contains { $0.unicodeScalars.contains(StandIn.open) }
    }

    /// An article's title or URL, as put back into the pieces.
    struct Value {
        let raw: String
        /// Not blank: the template's `has_…` flag is true and a stand-in took its place.
        let present: Bool
        /// Putting it back cannot change what tidying does.
        let fits: Bool
        var escaped: String { Self.htmlEscape(raw) }

        init(_ raw: String) {
            self.raw = raw
            present = !raw.allSatisfy(\.isWhitespace)
            fits = !present || Self.tidyProof(raw)
        }

        /// No line break or tab, no space at either end or twice in a row, and plain scalars at
        /// both ends (nothing that joins a space next to it into one character).
        static func tidyProof(_ text: String) -> Bool {
            let scalars = text.unicodeScalars
            guard let first = scalars.first, let last = scalars.last, first != " ", last != " ",
                  FooterTemplate.isPlainNeighbour(first), FooterTemplate.isPlainNeighbour(last) else { return false }
            var previous: Unicode.Scalar = "x"
            for scalar in scalars {
                if scalar == "\n" || scalar == "\r" || scalar == "\t" || (scalar == " " && previous == " ") { return false }
                previous = scalar
            }
            return true
        }

        /// HTML escaping as the template engine does it: by character, five of them replaced.
        static func htmlEscape(_ text: String) -> String {
            // Without any of the five bytes there is nothing to replace.
            guard text.utf8.contains(where: { $0 == 0x3C || $0 == 0x3E || $0 == 0x26 || $0 == 0x22 || $0 == 0x27 }) else {
                return text
            }
            var out = ""
            out.reserveCapacity(text.utf8.count)
            for character in text {
                switch character {
                case "<": out += "&lt;"
                case ">": out += "&gt;"
                case "&": out += "&amp;"
                case "\"": out += "&quot;"
                case "'": out += "&#39;"
                default: out.append(character)
                }
            }
            return out
        }
    }

    /// A rendered, tidied footer cut at its stand-ins.
    struct Shape {
        enum Piece: Equatable {
            case text(String)
            case title(escaped: Bool)
            case url(escaped: Bool)
        }

        struct Part {
            let pieces: [Piece]

            func fill(title: Value, url: Value) -> String {
                var out = ""
                var escapedTitle: String?
                var escapedURL: String?
                for piece in pieces {
                    switch piece {
                    case .text(let text): out += text
                    case .title(false): out += title.raw
                    case .url(false): out += url.raw
                    case .title(true):
                        if escapedTitle == nil { escapedTitle = title.escaped }
                        out += escapedTitle ?? ""
                    case .url(true):
                        if escapedURL == nil { escapedURL = url.escaped }
                        out += escapedURL ?? ""
                    }
                }
                return out
            }
        }

        let head: Part?
        let tail: Part

        /// Nil when the rendered text holds a stand-in character that is not one of the four forms.
        init?(_ rendered: RenderedFooter) {
            guard let tail = Self.cut(rendered.tail) else { return nil }
            self.tail = tail
            if let head = rendered.head {
                guard let part = Self.cut(head) else { return nil }
                self.head = part
            } else {
                self.head = nil
            }
        }

        static func cut(_ text: String) -> Part? {
            var pieces: [Piece] = []
            var rest = Substring(text)
            while let open = rest.unicodeScalars.firstIndex(of: StandIn.open) {
                guard let close = rest.unicodeScalars[open...].firstIndex(of: StandIn.close) else { return nil }
                let piece: Piece
                switch String(rest.unicodeScalars[rest.unicodeScalars.index(after: open)..<close]) {
                case "T<": piece = .title(escaped: false)
                case "T&lt;": piece = .title(escaped: true)
                case "U<": piece = .url(escaped: false)
                case "U&lt;": piece = .url(escaped: true)
                default: return nil
                }
                let before = String(rest.unicodeScalars[..<open])
                if !before.isEmpty { pieces.append(.text(before)) }
                pieces.append(piece)
                rest = Substring(rest.unicodeScalars[rest.unicodeScalars.index(after: close)...])
            }
            if rest.unicodeScalars.contains(StandIn.close) { return nil }
            if !rest.isEmpty { pieces.append(.text(String(rest))) }
            return Part(pieces: pieces)
        }
    }

    // MARK: - The template's source

    /// Whether every use of `names` in `source` is a plain variable tag (`{{name}}`, `{{{name}}}`,
    /// `{{& name}}`, spaces allowed inside), and the source never changes its delimiters. A name
    /// inside a longer one (`has_article_url`) is another name.
    static func usesPlainly(_ source: String, names: [String]) -> Bool {
        let bytes = Array(source.utf8)
        if bytes.firstOffset(of: Array("{{=".utf8)) != nil { return false }
        func isNameByte(_ byte: UInt8) -> Bool {
            (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || byte == 0x5F
        }
        for name in names.map({ Array($0.utf8) }) {
            var from = 0
            while let found = bytes.firstOffset(of: name, from: from) {
                from = found + 1
                let end = found + name.count
                // Exact case: firstOffset ignores ASCII case.
                guard Array(bytes[found..<end]) == name else { continue }
                if found > 0, isNameByte(bytes[found - 1]) { continue }
                if end < bytes.count, isNameByte(bytes[end]) { continue }
                var before = found
                while before > 0, bytes[before - 1] == ASCII.space { before -= 1 }
                var after = end
                while after < bytes.count, bytes[after] == ASCII.space { after += 1 }
                let opening = String(decoding: bytes[Swift.max(0, before - 3)..<before], as: UTF8.self)
                let closing = String(decoding: bytes[after..<Swift.min(bytes.count, after + 3)], as: UTF8.self)
                let plain = (opening.hasSuffix("{{") && !opening.hasSuffix("{{{") && closing.hasPrefix("}}")
                             && !closing.hasPrefix("}}}"))
                    || (opening == "{{{" && closing == "}}}")
                    || (opening.hasSuffix("{{&") && closing.hasPrefix("}}"))
                if !plain { return false }
            }
        }
        return true
    }
}
