/// Turns byte ranges of a statement file into trimmed strings: UTF-8 when the whole file is valid
/// UTF-8, Windows-1252 otherwise; the five XML entities and numeric character references decoded.
struct TextDecoder {
    let bytes: [UInt8]
    private var fileIsUTF8: Bool?

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// The text in `range`, trimmed of ASCII white space. `entities: false` for CDATA.
    mutating func string(_ range: Range<Int>, entities: Bool = true) -> String {
        var lo = range.lowerBound
        var hi = range.upperBound
        while lo < hi, Byte.isSpace(bytes[lo]) { lo += 1 }
        while hi > lo, Byte.isSpace(bytes[hi - 1]) { hi -= 1 }
        var plain = true
        for i in lo..<hi where bytes[i] >= 0x80 || (entities && bytes[i] == Byte.ampersand) {
            plain = false
            break
        }
        if plain { return String(decoding: bytes[lo..<hi], as: UTF8.self) }
        if isUTF8 {
            var out: [UInt8] = []
            out.reserveCapacity(hi - lo)
            var i = lo
            while i < hi {
                if entities, bytes[i] == Byte.ampersand, let (scalar, next) = entity(at: i, end: hi) {
                    out.append(contentsOf: Array(String(Character(scalar)).utf8))
                    i = next
                } else {
                    out.append(bytes[i])
                    i += 1
                }
            }
            return String(decoding: out, as: UTF8.self)
        }
        var scalars = String.UnicodeScalarView()
        var i = lo
        while i < hi {
            if entities, bytes[i] == Byte.ampersand, let (scalar, next) = entity(at: i, end: hi) {
                scalars.append(scalar)
                i = next
            } else {
                scalars.append(Self.windows1252(bytes[i]))
                i += 1
            }
        }
        return String(scalars)
    }

    /// Whether the whole file is valid UTF-8 (computed once, the first time a non-ASCII byte is met).
    private var isUTF8: Bool {
        mutating get {
            if let known = fileIsUTF8 { return known }
            let valid = Self.isValidUTF8(bytes)
            fileIsUTF8 = valid
            return valid
        }
    }

    /// `&lt;` `&gt;` `&amp;` `&quot;` `&apos;` `&#NN;` `&#xHH;` at `index`; nil if not one of those.
    private func entity(at index: Int, end: Int) -> (Unicode.Scalar, Int)? {
        var semicolon = index + 1
        while semicolon < end, semicolon - index <= 10, bytes[semicolon] != Byte.semicolon { semicolon += 1 }
        guard semicolon < end, bytes[semicolon] == Byte.semicolon, semicolon > index + 1 else { return nil }
        let body = bytes[(index + 1)..<semicolon]
        let next = semicolon + 1
        if body.first == Byte.hash {
            var value: UInt32 = 0
            var digits = body.dropFirst()
            var radix: UInt32 = 10
            if let x = digits.first, x | 0x20 == 0x78 {  // 'x' or 'X'
                radix = 16
                digits = digits.dropFirst()
            }
            guard !digits.isEmpty else { return nil }
            for d in digits {
                let v: UInt32
                if Byte.isDigit(d) {
                    v = UInt32(d - Byte.zero)
                } else if radix == 16, (d | 0x20) >= 0x61, (d | 0x20) <= 0x66 {
                    v = UInt32((d | 0x20) - 0x61 + 10)
                } else {
                    return nil
                }
                value = value * radix + v
                if value > 0x10FFFF { return nil }
            }
            guard value != 0, let scalar = Unicode.Scalar(value) else { return nil }
            return (scalar, next)
        }
        switch String(decoding: body, as: UTF8.self) {
        case "lt": return ("<", next)
        case "gt": return (">", next)
        case "amp": return ("&", next)
        case "quot": return ("\"", next)
        case "apos": return ("'", next)
        default: return nil
        }
    }

    /// Windows-1252: 0x80–0x9F per the code page (unassigned bytes kept as C1 controls), else Latin-1.
    static func windows1252(_ byte: UInt8) -> Unicode.Scalar {
        guard byte >= 0x80, byte <= 0x9F else { return Unicode.Scalar(byte) }
        let table: [UInt32] = [
            0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
            0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
            0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
            0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
        ]
        return Unicode.Scalar(table[Int(byte - 0x80)]) ?? Unicode.Scalar(byte)
    }

    static func isValidUTF8(_ bytes: [UInt8]) -> Bool {
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b < 0x80 {
                i += 1
                continue
            }
            let length: Int
            var scalar: UInt32
            let minimum: UInt32
            if b & 0xE0 == 0xC0 {
                length = 2; scalar = UInt32(b & 0x1F); minimum = 0x80
            } else if b & 0xF0 == 0xE0 {
                length = 3; scalar = UInt32(b & 0x0F); minimum = 0x800
            } else if b & 0xF8 == 0xF0 {
                length = 4; scalar = UInt32(b & 0x07); minimum = 0x10000
            } else {
                return false
            }
            guard i + length <= n else { return false }
            for k in 1..<length {
                let c = bytes[i + k]
                guard c & 0xC0 == 0x80 else { return false }
                scalar = scalar << 6 | UInt32(c & 0x3F)
            }
            guard scalar >= minimum, scalar <= 0x10FFFF, !(0xD800...0xDFFF).contains(scalar) else { return false }
            i += length
        }
        return true
    }
}

/// Amounts and dates as banks write them, normalised.
enum Values {
    /// A plain decimal ("-12.50", "30,00", "+5", ".5") as a signed decimal with '.'; nil if not one.
    /// `negate` flips the sign (a camt debit). A zero amount is never signed.
    static func amount(_ raw: String, allowSign: Bool, allowComma: Bool, negate: Bool = false) -> String? {
        var negative = false
        var body: [UInt8] = []
        body.reserveCapacity(raw.utf8.count + 1)
        var digits = 0
        var nonZero = false
        var separatorSeen = false
        var fractionDigits = 0
        for (index, b) in raw.utf8.enumerated() {
            if index == 0, allowSign, b == Byte.minus || b == Byte.plus {
                negative = b == Byte.minus
                continue
            }
            if Byte.isDigit(b) {
                digits += 1
                if separatorSeen { fractionDigits += 1 }
                if b != Byte.zero { nonZero = true }
                body.append(b)
            } else if b == Byte.dot || (allowComma && b == Byte.comma), !separatorSeen {
                separatorSeen = true
                if body.isEmpty { body.append(Byte.zero) }
                body.append(Byte.dot)
            } else {
                return nil
            }
        }
        guard digits > 0, !separatorSeen || fractionDigits > 0 else { return nil }
        if negate { negative.toggle() }
        let text = String(decoding: body, as: UTF8.self)
        return negative && nonZero ? "-" + text : text
    }

    /// OFX "YYYYMMDD[HHMMSS[.XXX]][[-5:EST]]" → "YYYY-MM-DD".
    static func ofxDate(_ raw: String) -> String? {
        let u = Array(raw.utf8)
        guard u.count >= 8, u[0..<8].allSatisfy(Byte.isDigit) else { return nil }
        if u.count > 8 {
            let next = u[8]
            guard Byte.isDigit(next) || next == 0x5B /* [ */ || next == Byte.dot else { return nil }
        }
        return validDate(year: u[0..<4], month: u[4..<6], day: u[6..<8])
    }

    /// ISO "YYYY-MM-DD", optionally followed by a time ("T…") or a zone ("Z", "+01:00") → "YYYY-MM-DD".
    static func isoDate(_ raw: String) -> String? {
        let u = Array(raw.utf8)
        guard u.count >= 10, u[4] == Byte.minus, u[7] == Byte.minus,
              u[0..<4].allSatisfy(Byte.isDigit), u[5..<7].allSatisfy(Byte.isDigit), u[8..<10].allSatisfy(Byte.isDigit)
        else { return nil }
        if u.count > 10 {
            let next = u[10]
            guard next == 0x54 /* T */ || next == 0x5A /* Z */ || next == Byte.plus || next == Byte.minus else { return nil }
        }
        return validDate(year: u[0..<4], month: u[5..<7], day: u[8..<10])
    }

    private static func validDate(year: ArraySlice<UInt8>, month: ArraySlice<UInt8>, day: ArraySlice<UInt8>) -> String? {
        func number(_ s: ArraySlice<UInt8>) -> Int { s.reduce(0) { $0 * 10 + Int($1 - Byte.zero) } }
        let y = number(year), m = number(month), d = number(day)
        guard (1...12).contains(m), d >= 1 else { return nil }
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
        guard d <= days else { return nil }
        return String(decoding: year, as: UTF8.self) + "-" + String(decoding: month, as: UTF8.self)
            + "-" + String(decoding: day, as: UTF8.self)
    }
}

enum ByteSearch {
    /// Whether `needle` (ASCII) occurs in `haystack`, optionally ignoring ASCII case.
    static func contains(_ haystack: [UInt8], _ needle: String, ignoringCase: Bool = false) -> Bool {
        firstIndex(of: needle, in: haystack, ignoringCase: ignoringCase) != nil
    }

    static func firstIndex(of needle: String, in haystack: [UInt8], from start: Int = 0, ignoringCase: Bool = false) -> Int? {
        let n = Array(needle.utf8)
        guard !n.isEmpty, haystack.count >= n.count else { return nil }
        func fold(_ b: UInt8) -> UInt8 { ignoringCase && Byte.isLetter(b) ? b | 0x20 : b }
        var i = start
        while i + n.count <= haystack.count {
            var k = 0
            while k < n.count, fold(haystack[i + k]) == fold(n[k]) { k += 1 }
            if k == n.count { return i }
            i += 1
        }
        return nil
    }
}
