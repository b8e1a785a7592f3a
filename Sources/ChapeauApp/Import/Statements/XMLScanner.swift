/// A small pull scanner for XML and for the SGML flavour of OFX 1.x (leaf tags left open).
///
/// It reports start tags, end tags, text runs and CDATA sections as byte ranges, and keeps the
/// line number. Comments and processing instructions are skipped. It never expands an entity and
/// never resolves anything external: any `<!DOCTYPE`, `<!ENTITY` or other markup declaration is
/// refused before a single entry is read.
struct XMLScanner {
    enum Event: Equatable {
        /// `name` is the local name (any `prefix:` removed); `attributes` is the raw attribute text.
        case start(name: Range<Int>, attributes: Range<Int>, selfClosing: Bool)
        case end(name: Range<Int>)
        case text(Range<Int>)
        case cdata(Range<Int>)
    }

    let bytes: [UInt8]
    private var position: Int
    /// Line of the scanner's current position.
    private var line = 1
    /// Line where the last returned event starts.
    private(set) var eventLine = 1

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        // A UTF-8 byte order mark is not content.
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            position = 3
        } else {
            position = 0
        }
    }

    /// The next event, or nil at the end of the input.
    mutating func next() throws(StatementError) -> Event? {
        let n = bytes.count
        while position < n {
            eventLine = line
            if bytes[position] != Byte.lt {
                let start = position
                var i = position
                while i < n {
                    let b = bytes[i]
                    if b == Byte.lt { break }
                    if b == Byte.lf || (b == Byte.cr && (i + 1 >= n || bytes[i + 1] != Byte.lf)) { line += 1 }
                    i += 1
                }
                position = i
                return .text(start..<i)
            }
            // At '<'.
            let open = position
            guard open + 1 < n else { throw unclosedTag(at: open) }
            let second = bytes[open + 1]
            if second == Byte.bang {
                if matches("<!--", at: open) {
                    let (end, _) = try skip(past: "-->", from: open + 4, opened: open, what: "a comment")
                    position = end
                    continue
                }
                if matches("<![CDATA[", at: open) {
                    let (end, contentEnd) = try skip(past: "]]>", from: open + 9, opened: open, what: "a CDATA section")
                    position = end
                    return .cdata((open + 9)..<contentEnd)
                }
                throw refusedDeclaration(at: open)
            }
            if second == Byte.question {
                let (end, _) = try skip(past: "?>", from: open + 2, opened: open, what: "a processing instruction")
                position = end
                continue
            }
            let isEnd = second == Byte.slash
            let nameStart = isEnd ? open + 2 : open + 1
            var i = nameStart
            var localStart = nameStart
            while i < n {
                let b = bytes[i]
                if b == Byte.gt || b == Byte.slash || Byte.isSpace(b) || b == Byte.lt { break }
                if b == Byte.colon { localStart = i + 1 }
                i += 1
            }
            let nameEnd = i
            guard nameEnd > localStart else {
                if i >= n { throw unclosedTag(at: open) }
                throw StatementError(line: line, message: "'<' is not followed by a tag name")
            }
            // Attributes, up to the closing '>' outside quotes.
            let attributesStart = i
            var quote: UInt8 = 0
            while i < n {
                let b = bytes[i]
                if b == Byte.lf || (b == Byte.cr && (i + 1 >= n || bytes[i + 1] != Byte.lf)) { line += 1 }
                if quote != 0 {
                    if b == quote { quote = 0 }
                } else if b == Byte.quote || b == Byte.apostrophe {
                    quote = b
                } else if b == Byte.gt {
                    break
                } else if b == Byte.lt {
                    throw unclosedTag(at: open)
                }
                i += 1
            }
            guard i < n else { throw unclosedTag(at: open) }
            let selfClosing = !isEnd && i > attributesStart && bytes[i - 1] == Byte.slash
            let attributesEnd = selfClosing ? i - 1 : i
            position = i + 1
            if isEnd { return .end(name: localStart..<nameEnd) }
            return .start(name: localStart..<nameEnd, attributes: attributesStart..<attributesEnd, selfClosing: selfClosing)
        }
        return nil
    }

    /// The raw value range of attribute `name` (local name compared, prefix ignored) in `range`.
    func attribute(_ name: StaticString, in range: Range<Int>) -> Range<Int>? {
        var i = range.lowerBound
        let end = range.upperBound
        while i < end {
            while i < end, Byte.isSpace(bytes[i]) { i += 1 }
            let nameStart = i
            var localStart = i
            while i < end, bytes[i] != Byte.equals, !Byte.isSpace(bytes[i]) {
                if bytes[i] == Byte.colon { localStart = i + 1 }
                i += 1
            }
            let nameEnd = i
            while i < end, Byte.isSpace(bytes[i]) { i += 1 }
            guard i < end, bytes[i] == Byte.equals, nameEnd > nameStart else { return nil }
            i += 1
            while i < end, Byte.isSpace(bytes[i]) { i += 1 }
            guard i < end, bytes[i] == Byte.quote || bytes[i] == Byte.apostrophe else { return nil }
            let quote = bytes[i]
            i += 1
            let valueStart = i
            while i < end, bytes[i] != quote { i += 1 }
            let valueEnd = i
            i += 1
            if equal(localStart..<nameEnd, name) { return valueStart..<valueEnd }
        }
        return nil
    }

    /// Whether the bytes in `range` spell `literal` exactly.
    func equal(_ range: Range<Int>, _ literal: StaticString) -> Bool {
        guard range.count == literal.utf8CodeUnitCount else { return false }
        return literal.withUTF8Buffer { lit in
            var k = 0
            for i in range {
                if bytes[i] != lit[k] { return false }
                k += 1
            }
            return true
        }
    }

    // MARK: - Private

    private func matches(_ literal: StaticString, at index: Int) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        return equal(index..<(index + count), literal)
    }

    /// Advances past `terminator`, counting lines; returns the index after it and the index where it starts.
    private mutating func skip(
        past terminator: StaticString, from start: Int, opened: Int, what: String
    ) throws(StatementError) -> (end: Int, contentEnd: Int) {
        let openedLine = eventLine
        let first = terminator.withUTF8Buffer { $0[0] }
        var i = start
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b == first, matches(terminator, at: i) {
                return (i + terminator.utf8CodeUnitCount, i)
            }
            if b == Byte.lf || (b == Byte.cr && (i + 1 >= n || bytes[i + 1] != Byte.lf)) { line += 1 }
            i += 1
        }
        throw StatementError(line: openedLine, message: "\(what) opened here is not closed at the end of the file")
    }

    private func unclosedTag(at open: Int) -> StatementError {
        var end = open + 1
        while end < bytes.count, end - open < 40, bytes[end] != Byte.lt, !Byte.isSpace(bytes[end]) { end += 1 }
        let shown = String(decoding: bytes[open..<end], as: UTF8.self)
        return StatementError(line: eventLine, message: "the tag '\(shown)' is not closed with '>'")
    }

    private func refusedDeclaration(at open: Int) -> StatementError {
        var end = open + 2
        while end < bytes.count, end - open < 12, Byte.isLetter(bytes[end]) { end += 1 }
        let keyword = String(decoding: bytes[(open + 2)..<end], as: UTF8.self).uppercased()
        let reason = "statements need no DTD, and no entity is ever expanded or fetched"
        switch keyword {
        case "DOCTYPE":
            return StatementError(line: eventLine, message: "a DOCTYPE is not accepted: \(reason)")
        case "ENTITY":
            return StatementError(line: eventLine, message: "an ENTITY declaration is not accepted: \(reason)")
        default:
            return StatementError(line: eventLine, message: "the markup declaration '<!\(keyword)' is not accepted: \(reason)")
        }
    }
}

/// ASCII byte constants and classes.
enum Byte {
    static let tab: UInt8 = 0x09
    static let lf: UInt8 = 0x0A
    static let cr: UInt8 = 0x0D
    static let space: UInt8 = 0x20
    static let bang: UInt8 = 0x21
    static let quote: UInt8 = 0x22
    static let hash: UInt8 = 0x23
    static let ampersand: UInt8 = 0x26
    static let apostrophe: UInt8 = 0x27
    static let plus: UInt8 = 0x2B
    static let comma: UInt8 = 0x2C
    static let minus: UInt8 = 0x2D
    static let dot: UInt8 = 0x2E
    static let slash: UInt8 = 0x2F
    static let zero: UInt8 = 0x30
    static let nine: UInt8 = 0x39
    static let colon: UInt8 = 0x3A
    static let semicolon: UInt8 = 0x3B
    static let lt: UInt8 = 0x3C
    static let equals: UInt8 = 0x3D
    static let gt: UInt8 = 0x3E
    static let question: UInt8 = 0x3F

    @inline(__always) static func isSpace(_ b: UInt8) -> Bool {
        b == space || b == lf || b == cr || b == tab
    }
    @inline(__always) static func isDigit(_ b: UInt8) -> Bool { b >= zero && b <= nine }
    @inline(__always) static func isLetter(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }
}
