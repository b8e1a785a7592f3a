import Foundation

/// A footer rendered for one article and one file kind: the optional head line and the paragraph.
public struct RenderedFooter: Sendable, Equatable {
    /// The short line placed after the title; nil (or blank) for none.
    public var head: String?
    /// The paragraph placed at the end of the article.
    public var tail: String

    public init(head: String? = nil, tail: String) {
        self.head = head
        self.tail = tail
    }
}

/// Where an article stands with respect to its footer.
public enum FooterStatus: Sendable, Equatable {
    /// Stamped, and stamping again would change no byte.
    case current
    /// Never stamped.
    case missing
    /// Stamped, but with other wording or figures, or not where stamping puts it.
    case stale
    /// The article opted out (`chapeau: off`).
    case disabled
    /// The markers are broken; the error says where.
    case malformed(FooterError)

    /// True when `footer check` should list the file (exit 1).
    public var needsAttention: Bool {
        switch self {
        case .current, .disabled: false
        case .missing, .stale, .malformed: true
        }
    }
}

/// Stamping, checking and removing the footer block, as text → text.
///
/// A stamped part is inserted as whole lines delimited by marker lines, and carries its own
/// separator: what is inserted at offset p is `NL begin-marker NL content… NL end-marker NL`, where
/// NL is the file's line ending. When p ends a file whose last line has no line ending, one more NL
/// goes first and the begin marker says `eof-newline-added`. Removal cuts exactly those bytes, so
/// `remove(stamp(t)) == t` for every text t; stamping removes any earlier block first, so
/// `stamp(stamp(t)) == stamp(t)`.
///
/// Placement:
/// - Markdown: head after the front matter and, when the body opens with a level-1 heading, after
///   that heading; tail at the end.
/// - HTML: tail before the last `</article>`, else before `</body>`, else at the end; head after
///   the first `<h1>…</h1>` inside the article or body, else right after the `<article…>` or
///   `<body…>` opening tag, else at the start.
/// - Text: head after the first line when it is not blank; tail at the end.
public enum Footer {
    /// The text with the footer (and head, if rendered) stamped in, replacing any earlier stamp.
    /// A text that opted out (`chapeau: off`) comes back unchanged (`remove` takes out an earlier stamp).
    public static func stamp(_ text: String, kind: FileKind,
                             rendered: RenderedFooter) throws(FooterError) -> String {
        if DocumentInfo(parsing: text, kind: kind).disabled { return text }
        return String(decoding: try stampEnabled(text, kind: kind, rendered: rendered).bytes, as: UTF8.self)
    }

    /// `stamp` for a text already known not to opt out, as UTF-8 bytes, and whether the text held
    /// a stamped block (as `isStamped` says): the markers are scanned once for both.
    public static func stampEnabled(_ text: String, kind: FileKind,
                                    rendered: RenderedFooter) throws(FooterError) -> (bytes: [UInt8], wasStamped: Bool) {
        let given = Array(text.utf8)
        let blocks = try Block.scan(given, kind: kind)
        let original = blocks.isEmpty ? given : removing(blocks, from: given)
        let lineEnding = original.lineEnding
        let positions = Placement.positions(in: original, kind: kind)
        // Block-editor (Gutenberg) content: each part is a block of its own, which the editor
        // keeps as it is.
        let asBlock = kind == .html && original.firstOffset(of: gutenbergOpening) != nil
            && HTMLLayout(original).isGutenberg
        let wrap: (String) -> String = { asBlock ? "<!-- wp:html -->\n" + $0 + "\n<!-- /wp:html -->" : $0 }
        var bytes = original
        var tailOffset = positions.tail
        if let head = rendered.head, !isBlank(head) {
            let inserted = insert(.head, content: wrap(head), at: positions.head, into: &bytes, kind: kind,
                                  lineEnding: lineEnding)
            if tailOffset >= positions.head { tailOffset += inserted }
        }
        insert(.footer, content: wrap(rendered.tail), at: tailOffset, into: &bytes, kind: kind,
               lineEnding: lineEnding)
        // Text that reads like a marker, split onto a line of its own by the insertion (say
        // `<!-- chapeau:footer v1 begin --></body>`), would leave a stamp that cannot be found
        // again or removed: refuse with the error that names the line, rather than write it.
        if original.firstOffset(of: markerWord) != nil { _ = try Block.scan(bytes, kind: kind) }
        return (bytes, !blocks.isEmpty)
    }

    private static let markerWord = Array("chapeau:".utf8)
    private static let gutenbergOpening = Array("<!-- wp:".utf8)

    /// Whether the text carries the footer that `rendered` would stamp.
    public static func check(_ text: String, kind: FileKind, rendered: RenderedFooter) -> FooterStatus {
        if DocumentInfo(parsing: text, kind: kind).disabled { return .disabled }
        do throws(FooterError) {
            let blocks = try Block.scan(Array(text.utf8), kind: kind)
            guard blocks.contains(where: { $0.part == .footer }) else { return .missing }
            // Bytes, not String equality: a canonically equivalent re-stamp still rewrites the file.
            let restamped = try stamp(text, kind: kind, rendered: rendered)
            return restamped.utf8.elementsEqual(text.utf8) ? .current : .stale
        } catch {
            return .malformed(error)
        }
    }

    /// The text without any stamped block, exactly as it was before stamping.
    public static func remove(_ text: String, kind: FileKind) throws(FooterError) -> String {
        let bytes = Array(text.utf8)
        let blocks = try Block.scan(bytes, kind: kind)
        guard !blocks.isEmpty else { return text }
        return String(decoding: removing(blocks, from: bytes), as: UTF8.self)
    }

    /// `bytes` without the stamped `blocks` found in them.
    private static func removing(_ blocks: [Block], from bytes: [UInt8]) -> [UInt8] {
        var ranges: [Range<Int>] = []
        for block in blocks {
            let range = block.insertedRange(in: bytes)
            // Blocks edited to touch each other: never cut the same bytes twice.
            let start = Swift.max(range.lowerBound, ranges.last?.upperBound ?? 0)
            ranges.append(start..<Swift.max(start, range.upperBound))
        }
        var result = bytes
        for range in ranges.reversed() {
            result.removeSubrange(range)
        }
        return result
    }

    /// Whether the text holds a stamped block (of any part, any marker version).
    public static func isStamped(_ text: String, kind: FileKind) throws(FooterError) -> Bool {
        try !Block.scan(Array(text.utf8), kind: kind).isEmpty
    }

    private static func isBlank(_ text: String) -> Bool {
        text.allSatisfy(\.isWhitespace)
    }

    /// Inserts a marked block at `offset`; returns the number of bytes inserted.
    @discardableResult
    private static func insert(_ part: StampPart, content: String, at offset: Int, into bytes: inout [UInt8],
                               kind: FileKind, lineEnding: [UInt8]) -> Int {
        let endsUnterminatedLine = offset == bytes.count && offset > bytes.contentStart
            && bytes[offset - 1] != ASCII.lf
        let syntax = kind.markerSyntax
        var lines = [syntax.beginLine(part, flags: endsUnterminatedLine ? [Marker.eofNewlineAdded] : [])]
        lines += contentLines(content, syntax: syntax)
        lines.append(syntax.endLine(part))
        var block: [UInt8] = endsUnterminatedLine ? lineEnding + lineEnding : lineEnding
        for line in lines {
            block += Array(line.utf8) + lineEnding
        }
        bytes.insert(contentsOf: block, at: offset)
        return block.count
    }

    /// The rendered text as lines, without leading or trailing blank lines; a line that would read
    /// as a marker is defused so that the block stays well formed.
    private static func contentLines(_ content: String, syntax: MarkerSyntax) -> [String] {
        // Lines end with LF, CRLF or a lone CR (never inside a character: a line break is one
        // of its own), cut on the bytes.
        let bytes = Array(content.utf8)
        var lines: [String] = []
        var start = 0
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            guard byte == ASCII.lf || byte == ASCII.cr else {
                index += 1
                continue
            }
            lines.append(bytes.text(start..<index))
            index += byte == ASCII.cr && index + 1 < bytes.count && bytes[index + 1] == ASCII.lf ? 2 : 1
            start = index
        }
        lines.append(bytes.text(start..<bytes.count))
        while let first = lines.first, first.allSatisfy(\.isWhitespace) { lines.removeFirst() }
        while let last = lines.last, last.allSatisfy(\.isWhitespace) { lines.removeLast() }
        return lines.map { line in
            // Only a line holding "chapeau:" can read as a marker.
            guard Array(line.utf8).contains(exactly: markerWord, in: 0..<line.utf8.count),
                  syntax.parse(line[...]) != nil else { return line }
            return line.replacingOccurrences(of: "chapeau:", with: "chapeau :")
        }
    }
}

/// A stamped block found in a text.
struct Block: Equatable {
    private static let markerPrefix = Array("chapeau:".utf8)

    let part: StampPart
    /// 1-based line number of the begin marker.
    let beginLine: Int
    /// Offset of the begin marker line.
    let beginStart: Int
    /// Offset just after the end marker line (and its terminator).
    let end: Int
    let flags: Set<String>
    /// The begin marker line's terminator: the line ending used when stamping.
    let lineEnding: [UInt8]

    /// The bytes that stamping inserted: the block and the separator line ending(s) before it.
    /// A separator that was edited away is not looked for further back.
    func insertedRange(in bytes: [UInt8]) -> Range<Int> {
        let separators = flags.contains(Marker.eofNewlineAdded) ? 2 : 1
        var start = beginStart
        for _ in 0..<separators {
            let candidate = start - lineEnding.count
            guard candidate >= 0, Array(bytes[candidate..<start]) == lineEnding else { break }
            start = candidate
        }
        return start..<end
    }

    /// Every stamped block, in order; throws on a begin without end, an end without begin, or a
    /// part stamped twice.
    static func scan(_ bytes: [UInt8], kind: FileKind) throws(FooterError) -> [Block] {
        let syntax = kind.markerSyntax
        var blocks: [Block] = []
        var open: (marker: Marker, line: Int, span: LineSpan)?
        // A marker line holds "chapeau:" byte for byte: other lines are not decoded at all.
        guard bytes.contains(exactly: markerPrefix, in: 0..<bytes.count) else { return [] }
        for (index, span) in bytes.lines().enumerated() {
            guard bytes.contains(exactly: markerPrefix, in: span.start..<span.contentEnd),
                  let marker = syntax.parse(Substring(bytes.text(of: span))) else { continue }
            let lineNumber = index + 1
            switch marker.role {
            case .begin:
                if let pending = open { throw .unclosedBlock(part: pending.marker.part, line: pending.line) }
                open = (marker, lineNumber, span)
            case .end:
                guard let pending = open, pending.marker.part == marker.part else {
                    if let pending = open { throw .unclosedBlock(part: pending.marker.part, line: pending.line) }
                    throw .unopenedBlock(part: marker.part, line: lineNumber)
                }
                if let earlier = blocks.first(where: { $0.part == marker.part }) {
                    throw .duplicateBlock(part: marker.part, firstLine: earlier.beginLine, secondLine: pending.line)
                }
                blocks.append(Block(
                    part: marker.part, beginLine: pending.line, beginStart: pending.span.start, end: span.end,
                    flags: pending.marker.flags,
                    lineEnding: Array(bytes[pending.span.contentEnd..<pending.span.end])))
                open = nil
            }
        }
        if let pending = open { throw .unclosedBlock(part: pending.marker.part, line: pending.line) }
        return blocks
    }
}

/// Where each part goes in a text that holds no stamped block.
enum Placement {
    static func positions(in bytes: [UInt8], kind: FileKind) -> (head: Int, tail: Int) {
        switch kind {
        case .markdown: markdown(bytes)
        case .html: html(bytes)
        case .text: text(bytes)
        }
    }

    private static func markdown(_ bytes: [UInt8]) -> (head: Int, tail: Int) {
        let body = FrontMatter.locate(in: bytes)?.end ?? bytes.contentStart
        let afterTitle = MarkdownHeading.leadingTitle(in: bytes, from: body)?.end ?? body
        return (MarkdownSummary.end(in: bytes, from: afterTitle) ?? afterTitle, bytes.count)
    }

    /// After the first line, and after its underline (`===`, `---`) when the next line is one.
    private static func text(_ bytes: [UInt8]) -> (head: Int, tail: Int) {
        let start = bytes.contentStart
        let lines = bytes.lines(from: start).prefix(2)
        guard let first = lines.first, !bytes.isBlank(first) else { return (start, bytes.count) }
        if lines.count == 2, let underline = lines.last, isUnderline(bytes[underline.start..<underline.contentEnd]) {
            return (underline.end, bytes.count)
        }
        return (first.end, bytes.count)
    }

    /// A line of three or more `=`, `-`, `~`, `*` or `#` (one character repeated), spaces around.
    static func isUnderline(_ line: ArraySlice<UInt8>) -> Bool {
        let content = line.filter { $0 != ASCII.space && $0 != ASCII.tab && $0 != ASCII.cr }
        guard content.count >= 3, let first = content.first, Array("=-~*#_".utf8).contains(first) else { return false }
        return content.allSatisfy { $0 == first }
    }

    private static func html(_ bytes: [UInt8]) -> (head: Int, tail: Int) {
        let start = bytes.contentStart
        let layout = HTMLLayout(bytes)
        if layout.isGutenberg, layout.articles.isEmpty, layout.bodyOpenEnd == nil {
            // Block-editor content: the parts go between top-level blocks, never inside one; the
            // head after the first paragraph block, so that excerpts stay the article's own.
            let head = layout.gutenbergParagraphEnds.first ?? layout.gutenbergBlockEnds.first ?? start
            return (Swift.min(afterRestOfLineIfBlank(head, in: bytes), bytes.count), bytes.count)
        }
        let article = layout.mainArticle
        let closing = article?.close ?? layout.lastBodyClose
        let tail = closing.map { atLineStartIfIndented($0, in: bytes) } ?? bytes.count

        // The scope: inside the main <article…>, else inside <body…>, else the whole text.
        let scope = article?.openEnd ?? layout.bodyOpenEnd ?? start
        var head = scope
        if let h1 = layout.h1Opens.first(where: { $0 >= scope && $0 < tail }),
           let close = layout.h1CloseEnds.first(where: { $0 > h1 && $0 <= tail }) {
            head = close
        }
        // After the first paragraph that follows: excerpts and summaries then show the article.
        if let paragraph = layout.topLevelParagraphEnds.first(where: { $0 > head && $0 <= tail }) {
            head = paragraph
        }
        head = Swift.min(afterRestOfLineIfBlank(head, in: bytes), tail)
        return (head, tail)
    }

    /// When only indentation precedes `offset` on its line, the start of that line instead, so
    /// the block goes on lines of its own before the indented tag.
    private static func atLineStartIfIndented(_ offset: Int, in bytes: [UInt8]) -> Int {
        let lineStart = bytes.lineStart(before: offset, floor: bytes.contentStart)
        let indented = bytes[lineStart..<offset].allSatisfy { $0 == ASCII.space || $0 == ASCII.tab }
        return indented ? lineStart : offset
    }

    /// When only whitespace follows `offset` on its line, the start of the next line instead.
    private static func afterRestOfLineIfBlank(_ offset: Int, in bytes: [UInt8]) -> Int {
        var index = offset
        while index < bytes.count, bytes[index] == ASCII.space || bytes[index] == ASCII.tab || bytes[index] == ASCII.cr {
            index += 1
        }
        if index < bytes.count, bytes[index] == ASCII.lf { return index + 1 }
        return offset
    }
}
