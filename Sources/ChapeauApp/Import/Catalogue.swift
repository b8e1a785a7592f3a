public import ChapeauCore
import Foundation

/// Every format `chapeau import` reads: Chapeau's own CSV and the platform exports read by
/// code, the profiles (built-in and the workspace's `Config/import/*.toml`), and the bank
/// statements that need a real parser (OFX, camt.053).
public struct ImportCatalogue: Sendable {
    public enum Reader: Sendable, Equatable {
        case code(ImportFormat)
        case profile(ImportProfile)
        case ofx, camt053
    }

    public struct Format: Sendable {
        public let name: String
        public let title: String
        public let reader: Reader
        public let expects: String
        public let origin: String

        /// `bank`, `platform` or `chapeau`.
        public var kind: String {
            switch reader {
            case .code(let f): return f == .generic ? "chapeau" : "platform"
            case .profile(let p): return p.kind.rawValue
            case .ofx, .camt053: return "bank"
            }
        }
    }

    /// Every layout; several may answer to one format name (PayPal in English and in French,
    /// HelloAsso's orders and payments exports), told apart by their header.
    public private(set) var formats: [Format]

    /// The built-in formats, then the workspace's profiles (which may not reuse a built-in name).
    public init(userProfilesIn folder: String?) throws(ConfigError) {
        formats = ImportFormat.allCases.map { f in
            Format(name: f.rawValue, title: f.title, reader: .code(f), expects: f.expects, origin: "built-in")
        }
        formats.append(Format(name: "ofx", title: "an OFX bank statement", reader: .ofx,
                              expects: "OFX 1.x (SGML, CHARSET:1252, decimal comma) or 2.x (XML) statements: every booked transaction; "
                                  + "credits classified (payouts, own transfers, refunds, payment references), debits are expenses",
                              origin: "built-in"))
        formats.append(Format(name: "camt053", title: "an ISO 20022 camt.053 bank statement", reader: .camt053,
                              expects: "camt.053.001.02 to .13: booked entries (batches split per transaction), AcctSvcrRef or "
                                  + "EndToEndId as references, structured RF references matched to supporters",
                              origin: "built-in"))
        for (name, text) in BuiltInProfiles.all {
            let p = try ImportProfile.parse(text, name: name, origin: "built-in")
            formats.append(Format(name: p.format, title: p.title, reader: .profile(p), expects: p.expects, origin: "built-in"))
        }
        guard let folder, let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for file in names.sorted() where file.hasSuffix(".toml") {
            let path = (folder as NSString).appendingPathComponent(file)
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                throw ConfigError(file: path, key: "", message: "cannot be read as UTF-8 text")
            }
            let p = try ImportProfile.parse(text, name: String(file.dropLast(5)), origin: path)
            if let clash = formats.first(where: { $0.name == p.format && $0.origin == "built-in" }) {
                throw ConfigError(file: path, key: "format", message: "'\(p.format)' is already the name of \(clash.title) (built in): choose another")
            }
            formats.append(Format(name: p.format, title: p.title, reader: .profile(p), expects: p.expects, origin: path))
        }
    }

    /// The layouts of a format name.
    public func layouts(named name: String) -> [Format] { formats.filter { $0.name == name.lowercased() } }

    public func format(named name: String) -> Format? { formats.first { $0.name == name.lowercased() } }

    /// Every format name, once, in catalogue order.
    public var names: [String] {
        var seen = Set<String>()
        return formats.map(\.name).filter { seen.insert($0).inserted }
    }
}

extension ImportFormat {
    /// What `import formats` says a format expects.
    var expects: String {
        switch self {
        case .generic: return "id,date,kind,amount,unit,supporter,channel,campaign,reference,note (what 'chapeau export --format csv' writes)"
        case .helloasso: return "the orders export (paid or validated orders) or the payments export (one row a payment: "
            + "monthly gifts, refunds, offline payments); ';', UTF-8 with a BOM, dd/mm/yyyy, 10,00"
        case .liberapay: return "the patrons export (supporters, weekly pledges paid through Liberapay) or a team ledger "
            + "(only what [import] liberapay_username received counts; reversed amounts are refunds)"
        case .opencollective: return "the transactions export: contributions and added funds are gifts; refunds (REFUND, REFUNDED) "
            + "void what they refund; fees and expenses are not gifts"
        case .patreon: return "the members export: pledges paid through Patreon (ended for former or declined patrons) "
            + "and each member's last paid charge"
        }
    }
}

// MARK: - detection

extension ImportCatalogue {
    /// A format recognised from the file's first bytes: its reader, and for CSV the separator.
    struct Detected {
        let format: Format
        let separator: UInt8
    }

    /// The one format whose columns the file has (the best fit when several do), or an error
    /// naming the closest formats.
    func detect(path: String, prefix: [UInt8]) throws -> Detected {
        if OFXReader.looksLike(prefix), let f = format(named: "ofx") { return Detected(format: f, separator: 0) }
        if Camt053Reader.looksLike(prefix), let f = format(named: "camt053") { return Detected(format: f, separator: 0) }
        // Only whole lines: the prefix may end in the middle of one.
        var bytes = prefix
        if bytes.count >= Self.prefixSize, let lastNewline = bytes.lastIndex(of: 0x0A) { bytes = Array(bytes[...lastNewline]) }
        var fits: [(format: Format, separator: UInt8, score: Int, priority: Int)] = []
        var partial: [(format: Format, found: Int)] = []
        for f in formats {
            let separators: [UInt8]
            let depth: Int
            switch f.reader {
            case .ofx, .camt053: continue
            case .code(let c): separators = [c.delimiter]; depth = max(c.headerSearchDepth, 1)
            case .profile(let p): separators = p.separator.map { [$0] } ?? [0x3B, 0x2C, 0x09]; depth = p.headerSearch
            }
            var best: (UInt8, Int)?
            var bestPartial = 0
            if case .profile(let p) = f.reader, !p.hasHeader {
                // No header to recognise: the first rows after the skipped lines must read as rows.
                for sep in separators where best == nil && Self.rowsFit(p, bytes: bytes, separator: sep) {
                    best = (sep, p.positionalHeader.names.count)
                }
                if let (sep, score) = best { fits.append((f, sep, score, p.priority)) }
                continue
            }
            for sep in separators {
                var reader = CSVReader(bytes: bytes, delimiter: sep, encoding: .utf8OrWindows1252)
                var seen = 0
                while seen < depth, let record = try? reader.next() {
                    if record.isBlank { continue }
                    seen += 1
                    let header = Header(record.fields.map { $0.trimmingCharacters(in: .whitespaces) })
                    switch f.reader {
                    case .code(let c):
                        if case .success(let m) = c.mapping(for: header) { best = (sep, Self.columnsRead(by: m)) }
                    case .profile(let p):
                        if let s = ProfileMapping.score(p, header: header) { best = (sep, s) }
                        else { bestPartial = max(bestPartial, p.columns.values.filter { header.column($0) != nil }.count) }
                    case .ofx, .camt053: break
                    }
                    if best != nil { break }
                }
                if best != nil { break }
            }
            if let (sep, score) = best {
                let priority: Int
                if case .profile(let p) = f.reader { priority = p.priority } else { priority = 0 }
                fits.append((f, sep, score, priority))
            } else if bestPartial > 0 {
                partial.append((f, bestPartial))
            }
        }
        let ranked = fits.sorted { ($0.score, $0.priority) > ($1.score, $1.priority) }
        if let first = ranked.first {
            if ranked.count > 1, ranked[1].score == first.score, ranked[1].priority == first.priority {
                let names = ranked.prefix { $0.score == first.score && $0.priority == first.priority }.map(\.format.name)
                throw AppError.invalid("\(path): several formats fit this file (\(names.joined(separator: ", "))): choose one with --format")
            }
            return Detected(format: first.format, separator: first.separator)
        }
        let closest = partial.sorted { $0.found > $1.found }.prefix(3).map(\.format.name)
        throw AppError.invalid("\(path): no format Chapeau knows fits this file"
            + (closest.isEmpty ? "" : "; the closest are \(closest.joined(separator: ", "))")
            + ": name one with --format, or describe the file in Config/import/NAME.toml (see 'chapeau import formats')")
    }

    static let prefixSize = 65_536

    /// How many of a header's columns a mapping read by code found: its fit, beside a profile's.
    static func columnsRead(by mapping: any RowMapping) -> Int {
        Mirror(reflecting: mapping).children.reduce(0) { n, child in
            if let column = child.value as? Int? { return n + (column == nil ? 0 : 1) }
            return n
        }
    }

    /// Whether the first rows of a file without a header read as this profile's rows: enough
    /// fields, a date where the date goes, a number where the amount goes.
    static func rowsFit(_ p: ImportProfile, bytes: [UInt8], separator: UInt8) -> Bool {
        var reader = CSVReader(bytes: bytes, delimiter: separator, encoding: .utf8OrWindows1252)
        let width = p.positionalHeader.names.count
        guard let dateAt = p.columns[.date]?.first.flatMap(ImportProfile.position) else { return false }
        let amountAt = (p.columns[.amount] ?? p.columns[.credit])?.first.flatMap(ImportProfile.position)
        var skipped = 0, checked = 0
        while checked < 5, let record = try? reader.next() {
            if record.isBlank { continue }
            if skipped < p.skip { skipped += 1; continue }
            if record.fields.count < width { continue }
            guard DateText.day(record.fields[dateAt - 1].trimmingCharacters(in: .whitespaces), styles: p.dates,
                               timeZone: TimeZone(identifier: "UTC") ?? .current) != nil else { return false }
            if let amountAt {
                let cell = record.fields[amountAt - 1]
                guard cell.contains(where: \.isNumber), cell.allSatisfy({ $0.isNumber || " ,.-+\u{00A0}\u{202F}".contains($0) }) else {
                    return false
                }
            }
            checked += 1
        }
        return checked > 0
    }
}
