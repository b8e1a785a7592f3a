import Foundation

/// A CSV file that cannot be read as CSV: names the line (and field) where it breaks.
public struct CSVSyntaxError: Error, Equatable, Sendable, CustomStringConvertible {
    public let line: Int
    /// 1-based field number, when the problem is in one field.
    public let field: Int?
    public let message: String

    public var description: String {
        "line \(line)\(field.map { ", field \($0)" } ?? ""): \(message)"
    }
}

/// How the bytes of a field become text.
public enum CSVTextEncoding: Sendable {
    /// UTF-8 only: a field that is not valid UTF-8 is an error.
    case utf8
    /// UTF-8, else Windows-1252 (what French banks' and older platforms' exports often are).
    case utf8OrWindows1252
}

/// One record of a CSV file and the line it starts on (1-based; a quoted field may span lines).
public struct CSVRecord: Sendable {
    public var line: Int
    public var fields: [String]

    /// Whether the record holds nothing (a blank line).
    public var isBlank: Bool { fields.allSatisfy(\.isEmpty) }
}

/// A streaming RFC 4180 reader over bytes: quoted fields with `""` escapes and embedded
/// line breaks, LF or CRLF records, any single-byte delimiter (`,` or `;`), a leading
/// UTF-8 byte-order mark skipped. It reads a file in fixed-size blocks, so memory stays flat
/// whatever the file's size, and keeps the line number of every record for error messages.
///
/// Lenient where real exports are sloppy: a quote inside an unquoted field is kept as text.
/// Strict where guessing would corrupt data: text after a closing quote, or a quoted field
/// still open at the end of the file, is an error naming the line and field.
public struct CSVReader: ~Copyable {
    private let fd: Int32
    private var buffer: [UInt8]
    private var pos = 0
    private var end = 0
    private var atEOF = false
    private var started = false
    private var field: [UInt8] = []
    /// The line the reader is on (1-based).
    public private(set) var line = 1
    /// Bytes consumed so far, for progress.
    public private(set) var bytesRead: Int64 = 0
    public let delimiter: UInt8
    public let encoding: CSVTextEncoding

    /// Opens a file for reading.
    public init(path: String, delimiter: UInt8 = UInt8(ascii: ","), encoding: CSVTextEncoding = .utf8) throws(AppError) {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw AppError.io("cannot read \(path): \(String(cString: strerror(errno)))")
        }
        var st = stat()
        if fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR {
            close(fd)
            throw AppError.io("\(path) is a folder: give a CSV file")
        }
        self.fd = fd
        self.buffer = [UInt8](repeating: 0, count: 1 << 18)
        self.delimiter = delimiter
        self.encoding = encoding
    }

    /// Reads CSV held in memory (tests, small inputs).
    public init(bytes: [UInt8], delimiter: UInt8 = UInt8(ascii: ","), encoding: CSVTextEncoding = .utf8) {
        self.fd = -1
        self.buffer = bytes
        self.end = bytes.count
        self.atEOF = true
        self.delimiter = delimiter
        self.encoding = encoding
    }

    deinit { if fd >= 0 { close(fd) } }

    private static let quote = UInt8(ascii: "\"")
    private static let lf = UInt8(ascii: "\n")
    private static let cr = UInt8(ascii: "\r")

    /// Refills the buffer; false at the end of the input.
    private mutating func fill() throws(AppError) -> Bool {
        guard pos >= end else { return true }
        guard !atEOF else { return false }
        let count = buffer.count
        let n = buffer.withUnsafeMutableBytes { raw -> Int in
            guard let base = raw.baseAddress else { return 0 }
            while true {
                let r = read(fd, base, count)
                if r < 0 && errno == EINTR { continue }
                return r
            }
        }
        guard n >= 0 else { throw AppError.io("cannot read the file: \(String(cString: strerror(errno)))") }
        pos = 0
        end = n
        if n == 0 { atEOF = true; return false }
        return true
    }

    private mutating func peek() throws(AppError) -> UInt8? {
        guard try fill() else { return nil }
        return buffer[pos]
    }

    private mutating func advance() {
        pos += 1
        bytesRead += 1
    }

    /// Skips a UTF-8 byte-order mark at the very start of the input.
    private mutating func skipBOM() throws(AppError) {
        started = true
        guard try fill() else { return }
        // A BOM is three bytes; the first block holds them whenever the file is that long.
        if end - pos >= 3, buffer[pos] == 0xEF, buffer[pos + 1] == 0xBB, buffer[pos + 2] == 0xBF {
            pos += 3
            bytesRead += 3
        }
    }

    private enum State { case fieldStart, unquoted, quoted, afterQuote }

    /// No export has a field of a megabyte or a record of ten thousand fields: past these, the
    /// file is not CSV, and reading on would hold a whole gigabyte line in memory.
    static let maxFieldBytes = 1 << 20
    static let maxFields = 10_000

    private func tooLong(_ fields: [String]) -> CSVSyntaxError {
        CSVSyntaxError(line: line, field: fields.count + 1,
                       message: "a field longer than \(Self.maxFieldBytes >> 20) MB: this is not a CSV export (or a quote is missing)")
    }

    /// The next record, or nil at the end of the input.
    public mutating func next() throws -> CSVRecord? {
        if !started { try skipBOM() }
        guard try peek() != nil else { return nil }
        let startLine = line
        var fields: [String] = []
        fields.reserveCapacity(16)
        field.removeAll(keepingCapacity: true)
        var state = State.fieldStart
        var quoteLine = line

        while true {
            guard let b = try peek() else {
                if state == .quoted {
                    throw CSVSyntaxError(line: quoteLine, field: fields.count + 1,
                                         message: "a quoted field opened here is never closed: a \" is missing")
                }
                try finish(&fields, line: startLine)
                return CSVRecord(line: startLine, fields: fields)
            }
            switch state {
            case .fieldStart:
                if b == Self.quote {
                    state = .quoted
                    quoteLine = line
                    advance()
                } else {
                    state = .unquoted
                }
            case .unquoted:
                // Fast path: copy the run of ordinary bytes at once.
                var i = pos
                let delimiter = self.delimiter
                while i < end {
                    let c = buffer[i]
                    if c == delimiter || c == Self.lf || c == Self.cr { break }
                    i += 1
                }
                if i > pos {
                    guard field.count + (i - pos) <= Self.maxFieldBytes else { throw tooLong(fields) }
                    field.append(contentsOf: buffer[pos..<i])
                    bytesRead += Int64(i - pos)
                    pos = i
                    continue
                }
                if b == delimiter {
                    advance()
                    try finish(&fields, line: startLine)
                    state = .fieldStart
                } else {
                    try endOfRecord(b)
                    try finish(&fields, line: startLine)
                    return CSVRecord(line: startLine, fields: fields)
                }
            case .quoted:
                if b == Self.quote {
                    advance()
                    if try peek() == Self.quote {
                        field.append(Self.quote)
                        advance()
                    } else {
                        state = .afterQuote
                    }
                } else {
                    if b == Self.lf { line += 1 }
                    guard field.count < Self.maxFieldBytes else { throw tooLong(fields) }
                    field.append(b)
                    advance()
                }
            case .afterQuote:
                if b == delimiter {
                    advance()
                    try finish(&fields, line: startLine)
                    state = .fieldStart
                } else if b == Self.lf || b == Self.cr {
                    try endOfRecord(b)
                    try finish(&fields, line: startLine)
                    return CSVRecord(line: startLine, fields: fields)
                } else {
                    throw CSVSyntaxError(line: line, field: fields.count + 1,
                                         message: "unexpected text after a closing quote: write a quote inside a quoted field as \"\"")
                }
            }
        }
    }

    private mutating func finish(_ fields: inout [String], line: Int) throws(CSVSyntaxError) {
        guard fields.count < Self.maxFields else {
            throw CSVSyntaxError(line: line, field: nil, message: "more than \(Self.maxFields) fields on one line: this is not a CSV export")
        }
        fields.append(try text(field, line: line, number: fields.count + 1))
        field.removeAll(keepingCapacity: true)
    }

    /// Consumes LF, CR or CRLF.
    private mutating func endOfRecord(_ b: UInt8) throws(AppError) {
        advance()
        if b == Self.cr, try peek() == Self.lf { advance() }
        line += 1
    }

    private func text(_ bytes: [UInt8], line: Int, number: Int) throws(CSVSyntaxError) -> String {
        if let s = String(validating: bytes, as: UTF8.self) { return s }
        switch encoding {
        case .utf8:
            throw CSVSyntaxError(line: line, field: number, message: "the text is not UTF-8: save the file as UTF-8")
        case .utf8OrWindows1252:
            return Windows1252.decode(bytes)
        }
    }
}

/// Windows-1252, the usual 8-bit encoding of French exports.
enum Windows1252 {
    /// Code points of bytes 0x80–0x9F; the rest is Latin-1.
    private static let high: [UInt32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
        0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ]

    static func decode(_ bytes: [UInt8]) -> String {
        var s = String.UnicodeScalarView()
        for b in bytes {
            let v = (0x80...0x9F).contains(b) ? high[Int(b) - 0x80] : UInt32(b)
            if let scalar = Unicode.Scalar(v) { s.append(scalar) }
        }
        return String(s)
    }
}
