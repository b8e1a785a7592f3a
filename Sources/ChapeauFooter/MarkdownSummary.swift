/// Where a Markdown article's summary ends, so that the head line goes after it.
///
/// Generators build excerpts from the start of the body: Hugo's summary is what precedes
/// `<!--more-->`, else its first paragraphs; Jekyll's excerpt is the first paragraph (or what precedes
/// its `excerpt_separator`, often `<!--more-->`); Zola's summary is what precedes `<!-- more -->`;
/// feeds quote the summary. A head line placed before the first paragraph becomes every excerpt.
///
/// The summary ends:
/// - after the line holding `<!--more-->` (any spacing, any case), outside fenced code, when the
///   body has one;
/// - else after the first paragraph: the first block of text lines, outside fenced code, paired
///   shortcodes and Liquid/Tera blocks, that is not a heading, list, quote, table, HTML block,
///   image, shortcode, footnote or link definition, thematic break or indented code.
/// nil when there is neither (the head then goes right after the title).
enum MarkdownSummary {
    static func end(in bytes: [UInt8], from start: Int) -> Int? {
        let lines = bytes.lines(from: start)
        return moreSeparator(bytes, lines) ?? firstParagraph(bytes, lines)
    }

    private static let more = Array("<!--more-->".utf8)

    private static func moreSeparator(_ bytes: [UInt8], _ lines: [LineSpan]) -> Int? {
        var fence: [UInt8]?
        for line in lines {
            let content = trimmed(bytes, line)
            if let open = fence {
                if content.starts(with: open) { fence = nil }
                continue
            }
            if let opening = fenceOpening(content) {
                fence = opening
                continue
            }
            guard content.count >= more.count, content.first == ASCII.lessThan else { continue }
            let squeezed = content.filter { !ASCII.isSpace($0) }.map(ASCII.lowercased)
            if squeezed == more { return line.end }
        }
        return nil
    }

    private static func firstParagraph(_ bytes: [UInt8], _ lines: [LineSpan]) -> Int? {
        var index = 0
        while index < lines.count {
            while index < lines.count, bytes.isBlank(lines[index]) { index += 1 }
            guard index < lines.count else { return nil }
            // A block runs to the next blank line outside a fence or an HTML comment.
            var isParagraph = isParagraphStart(bytes, lines[index])
            var last = index
            var fence: [UInt8]?
            var openComment = false
            while true {
                let line = lines[last]
                let content = trimmed(bytes, line)
                if let open = fence {
                    if content.starts(with: open) { fence = nil }
                } else if let opening = fenceOpening(content) {
                    fence = opening
                    isParagraph = false
                } else if openComment {
                    openComment = bytes.firstOffset(of: commentClose, from: line.start, before: line.contentEnd) == nil
                } else if let comment = bytes.firstOffset(of: commentOpen, from: line.start, before: line.contentEnd) {
                    openComment = bytes.firstOffset(of: commentClose, from: comment + 4, before: line.contentEnd) == nil
                }
                let next = last + 1
                if next == lines.count { break }
                if fence == nil, !openComment, bytes.isBlank(lines[next]) { break }
                last = next
            }
            if fence != nil || openComment { return nil }
            if isParagraph { return lines[last].end }
            // A paired shortcode or template block opened here: go on after the line that closes it.
            index = closingLine(opened: Array(bytes[lines[index].start..<lines[last].contentEnd]), bytes, lines,
                                after: last).map { $0 + 1 } ?? last + 1
        }
        return nil
    }

    private static let commentOpen = Array("<!--".utf8)
    private static let commentClose = Array("-->".utf8)

    private static func trimmed(_ bytes: [UInt8], _ line: LineSpan) -> ArraySlice<UInt8> {
        var start = line.start
        var end = line.contentEnd
        while start < end, bytes[start] == ASCII.space || bytes[start] == ASCII.tab { start += 1 }
        while end > start, ASCII.isSpace(bytes[end - 1]) { end -= 1 }
        return bytes[start..<end]
    }

    /// "```" or "~~~" (three or more) opening a fence, as the prefix that closes it.
    private static func fenceOpening(_ content: ArraySlice<UInt8>) -> [UInt8]? {
        guard let first = content.first, first == 0x60 || first == 0x7E else { return nil }
        let run = content.prefix { $0 == first }.count
        return run >= 3 ? Array(repeating: first, count: run) : nil
    }

    /// Whether a block starting with this line reads as a paragraph of text.
    private static func isParagraphStart(_ bytes: [UInt8], _ line: LineSpan) -> Bool {
        let indent = bytes[line.start..<line.contentEnd].prefix { $0 == ASCII.space || $0 == ASCII.tab }
        guard indent.count < 4, !indent.contains(ASCII.tab) else { return false }
        let content = trimmed(bytes, line)
        guard let first = content.first else { return false }
        let second = content.dropFirst().first
        switch first {
        case 0x23, ASCII.lessThan, 0x7B, 0x21, 0x7C, ASCII.greaterThan, 0x3A, 0x3D, 0x60, 0x7E:
            // # < { ! | > : = ` ~
            return false
        case 0x2D, 0x2A, 0x2B, 0x5F:
            // - * + _ : a list item or a thematic break, else emphasis opening a paragraph.
            if second == ASCII.space || second == ASCII.tab || second == nil { return false }
            let marks = content.filter { $0 != ASCII.space }
            if marks.count >= 3, marks.allSatisfy({ $0 == first }) { return false }
            return first == 0x2A || first == 0x5F
        case 0x5B:
            // [^note]: and [label]: url are definitions; [a link](…) opens a paragraph.
            if second == 0x5E { return false }
            if let close = content.firstIndex(of: 0x5D), content.index(after: close) < content.endIndex,
               content[content.index(after: close)] == 0x3A { return false }
            return true
        case 0x30...0x39:
            let digits = content.prefix { (0x30...0x39).contains($0) }
            let after = content.dropFirst(digits.count).first
            return !(after == 0x2E || after == 0x29)
        default:
            return true
        }
    }

    /// When the block opens a paired Hugo shortcode (`{{< name >}}` … `{{< /name >}}`) or a
    /// Liquid/Tera block (`{% name %}` … `{% endname %}` / `{% end %}`) that it does not close, the
    /// index of the line that closes it.
    private static func closingLine(opened block: [UInt8], _ bytes: [UInt8], _ lines: [LineSpan],
                                    after last: Int) -> Int? {
        for (name, style) in openings(in: block[...]) {
            let closers: [[UInt8]]
            switch style {
            case .shortcode: closers = [Array("/\(name)".utf8)]
            case .tag: closers = [Array("end\(name)".utf8), Array("{% end %}".utf8), Array("{%- end -%}".utf8)]
            }
            if closers.contains(where: { block.firstOffset(of: $0) != nil }) { continue }
            for candidate in (last + 1)..<lines.count {
                let line = lines[candidate]
                if closers.contains(where: { bytes.firstOffset(of: $0, from: line.start, before: line.contentEnd) != nil }) {
                    return candidate
                }
            }
        }
        return nil
    }

    private enum Style { case shortcode, tag }

    /// Names opened by `{{<`, `{{%` (shortcodes) and `{%` (template tags) in a block.
    private static func openings(in block: ArraySlice<UInt8>) -> [(String, Style)] {
        var found: [(String, Style)] = []
        var index = block.startIndex
        while index + 1 < block.endIndex {
            guard block[index] == 0x7B else { index += 1; continue }
            var cursor = index + 1
            let style: Style
            if block[cursor] == 0x7B, cursor + 1 < block.endIndex, block[cursor + 1] == ASCII.lessThan || block[cursor + 1] == 0x25 {
                style = .shortcode
                cursor += 2
            } else if block[cursor] == 0x25 {
                style = .tag
                cursor += 1
            } else {
                index += 1
                continue
            }
            while cursor < block.endIndex, ASCII.isSpace(block[cursor]) || block[cursor] == 0x2D { cursor += 1 }
            let nameStart = cursor
            while cursor < block.endIndex, isNameByte(block[cursor]) { cursor += 1 }
            if cursor > nameStart {
                let name = String(decoding: block[nameStart..<cursor], as: UTF8.self)
                if !name.hasPrefix("end") { found.append((name, style)) }
            }
            index = cursor
        }
        return found
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte)
            || byte == 0x5F || byte == 0x2D
    }
}
