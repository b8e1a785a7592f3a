internal import Foundation

// Byte-level helpers. Stamping works on UTF-8 bytes so that "\r\n" (one Character in Swift)
// and a byte-order mark are handled exactly; cuts happen only at ASCII bytes, so every slice of
// a valid string stays valid UTF-8.

enum ASCII {
    static let lf: UInt8 = 0x0A
    static let cr: UInt8 = 0x0D
    static let space: UInt8 = 0x20
    static let tab: UInt8 = 0x09
    static let lessThan: UInt8 = 0x3C
    static let greaterThan: UInt8 = 0x3E
    static let slash: UInt8 = 0x2F
    static let doubleQuote: UInt8 = 0x22
    static let singleQuote: UInt8 = 0x27

    static func isSpace(_ byte: UInt8) -> Bool {
        byte == space || byte == tab || byte == lf || byte == cr || byte == 0x0C
    }

    static func lowercased(_ byte: UInt8) -> UInt8 {
        (0x41...0x5A).contains(byte) ? byte + 0x20 : byte
    }
}

/// The UTF-8 byte-order mark.
let utf8BOM: [UInt8] = [0xEF, 0xBB, 0xBF]

/// One line of a byte buffer: `start..<contentEnd` is its text without terminator,
/// `contentEnd..<end` its terminator ("\n", "\r\n" or nothing on an unterminated last line).
struct LineSpan: Equatable {
    let start: Int
    let contentEnd: Int
    let end: Int

    var isTerminated: Bool { end > contentEnd }
}

extension Array where Element == UInt8 {
    /// Offset where content starts: after a UTF-8 byte-order mark, if any.
    var contentStart: Int {
        starts(with: utf8BOM) ? utf8BOM.count : 0
    }

    /// The line ending the text uses: that of its first line break; "\n" when it has none.
    var lineEnding: [UInt8] {
        guard let lf = firstIndex(of: ASCII.lf) else { return [ASCII.lf] }
        return lf > 0 && self[lf - 1] == ASCII.cr ? [ASCII.cr, ASCII.lf] : [ASCII.lf]
    }

    /// Lines from `from` on; a trailing empty line after a final terminator is not listed.
    func lines(from: Int = 0) -> [LineSpan] {
        withUnsafeBufferPointer { buffer in
            var spans: [LineSpan] = []
            guard let base = buffer.baseAddress else { return spans }
            let count = buffer.count
            var start = from
            while start < count {
                guard let found = memchr(base + start, Int32(ASCII.lf), count - start) else {
                    spans.append(LineSpan(start: start, contentEnd: count, end: count))
                    break
                }
                let lf = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                let contentEnd = lf > start && base[lf - 1] == ASCII.cr ? lf - 1 : lf
                spans.append(LineSpan(start: start, contentEnd: contentEnd, end: lf + 1))
                start = lf + 1
            }
            return spans
        }
    }

    /// Whether `needle` occurs, byte for byte (case counts), in `range`.
    func contains(exactly needle: [UInt8], in range: Range<Int>) -> Bool {
        guard !needle.isEmpty, range.count >= needle.count else { return needle.isEmpty }
        return withUnsafeBufferPointer { buffer in
            needle.withUnsafeBufferPointer { pattern in
                guard let base = buffer.baseAddress, let wanted = pattern.baseAddress else { return false }
                var start = range.lowerBound
                let last = range.upperBound - pattern.count
                while start <= last, let found = memchr(base + start, Int32(wanted[0]), last - start + 1) {
                    let at = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                    if memcmp(base + at, wanted, pattern.count) == 0 { return true }
                    start = at + 1
                }
                return false
            }
        }
    }

    func text(_ range: Range<Int>) -> String {
        String(decoding: self[range], as: UTF8.self)
    }

    func text(of line: LineSpan) -> String {
        text(line.start..<line.contentEnd)
    }

    func isBlank(_ line: LineSpan) -> Bool {
        self[line.start..<line.contentEnd].allSatisfy(ASCII.isSpace)
    }

    /// First offset at or after `from` where `needle` occurs, ignoring ASCII case.
    func firstOffset(of needle: [UInt8], from: Int = 0, before limit: Int? = nil) -> Int? {
        let last = Swift.min(limit ?? count, count) - needle.count
        guard !needle.isEmpty, from >= 0, from <= last else { return nil }
        let wanted = needle.map(ASCII.lowercased)
        // A byte that is no letter has one case: found with memchr, then the rest compared.
        let anchor = wanted.firstIndex { !(0x61...0x7A).contains($0) }
        return withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return nil }
            func matches(at index: Int) -> Bool {
                for offset in 0..<wanted.count where ASCII.lowercased(base[index + offset]) != wanted[offset] { return false }
                return true
            }
            if let anchor {
                var index = from
                while index <= last,
                      let found = memchr(base + index + anchor, Int32(wanted[anchor]), last - index + 1) {
                    let candidate = base.distance(to: found.assumingMemoryBound(to: UInt8.self)) - anchor
                    if matches(at: candidate) { return candidate }
                    index = candidate + 1
                }
                return nil
            }
            for index in from...last where matches(at: index) { return index }
            return nil
        }
    }

    /// Last offset where `needle` occurs, ignoring ASCII case.
    func lastOffset(of needle: [UInt8], before limit: Int? = nil) -> Int? {
        let end = Swift.min(limit ?? count, count)
        guard !needle.isEmpty, needle.count <= end else { return nil }
        var index = end - needle.count
        while index >= 0 {
            if matches(needle, at: index) { return index }
            index -= 1
        }
        return nil
    }

    func matches(_ needle: [UInt8], at index: Int) -> Bool {
        guard index >= 0, index + needle.count <= count else { return false }
        for (offset, byte) in needle.enumerated()
        where ASCII.lowercased(self[index + offset]) != ASCII.lowercased(byte) {
            return false
        }
        return true
    }

    /// Offset of the `>` closing the tag that opens at `tagStart`, skipping quoted attribute values.
    func tagEnd(from tagStart: Int) -> Int? {
        var quote: UInt8?
        var index = tagStart
        while index < count {
            let byte = self[index]
            if let open = quote {
                if byte == open { quote = nil }
            } else if byte == ASCII.doubleQuote || byte == ASCII.singleQuote {
                quote = byte
            } else if byte == ASCII.greaterThan {
                return index
            }
            index += 1
        }
        return nil
    }

    /// First offset of an HTML tag named `name` (`<name` or `</name` when `closing`) followed by
    /// a space, `>` or `/`, searching from `from`.
    func firstTag(_ name: String, closing: Bool = false, from: Int = 0, before limit: Int? = nil) -> Int? {
        let needle = Array((closing ? "</" : "<").utf8) + Array(name.utf8)
        var start = from
        while let found = firstOffset(of: needle, from: start, before: limit) {
            if isTagBoundary(at: found + needle.count) { return found }
            start = found + 1
        }
        return nil
    }

    /// Last offset of a closing tag `</name`.
    func lastClosingTag(_ name: String) -> Int? {
        let needle = Array("</\(name)".utf8)
        var limit = count
        while let found = lastOffset(of: needle, before: limit) {
            if isTagBoundary(at: found + needle.count) { return found }
            limit = found + needle.count - 1
        }
        return nil
    }

    private func isTagBoundary(at index: Int) -> Bool {
        index >= count || ASCII.isSpace(self[index]) || self[index] == ASCII.greaterThan
            || self[index] == ASCII.slash
    }

    /// Start of the line holding `offset` (after the previous "\n", or `floor`).
    func lineStart(before offset: Int, floor: Int) -> Int {
        var index = offset
        while index > floor && self[index - 1] != ASCII.lf { index -= 1 }
        return index
    }
}
