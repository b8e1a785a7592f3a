import ChapeauCore
import ChapeauStore
import ChapeauReports
import Crypto
import Foundation

/// The anonymised ledger anyone may download to recompute a published report: gifts,
/// pledges and their ends, needs, expenses, offers and their status changes, campaigns (with
/// their fixed costs and declared participants), voided ones left out. Supporters appear only as keyed pseudonyms, `anon-` and 16 hex digits of
/// HMAC-SHA256 over their id under a secret key kept in the ledger (`meta`), created at
/// the first public export: stable from one export to the next, so new and returning
/// supporters can be counted, and unlinkable to anyone without the key. No handle, name,
/// e-mail, note, external reference or offer value is in it.
///
/// One row builder, two formats: CSV (text cells neutralised for spreadsheets) and JSON Lines
/// (the same fields, raw, `null` when empty, and `amount_minor` beside `amount`).
struct PublicRows {
    static let columns = ["id", "date", "kind", "amount", "unit", "supporter", "channel", "campaign", "category",
                          "link", "every", "end", "status", "label", "participants"]
    let key: SymmetricKey
    private var pseudonyms: [ID<Supporter>: String] = [:]

    init(key: [UInt8]) { self.key = SymmetricKey(data: key) }

    mutating func pseudonym(_ id: ID<Supporter>?) -> String? {
        guard let id else { return nil }
        if let p = pseudonyms[id] { return p }
        let mac = HMAC<SHA256>.authenticationCode(for: Array(id.description.utf8), using: key)
        let hex = mac.prefix(8).map { b in (b < 16 ? "0" : "") + String(b, radix: 16) }.joined()
        let p = "anon-" + hex
        pseudonyms[id] = p
        return p
    }

    /// The row of an entry, in `columns` order, and its amount in minor units; nil for what the
    /// public ledger leaves out (voided entries, supporters, voids, erasures).
    mutating func row(_ e: StoredEntry) -> (cells: [String?], minor: Int64?)? {
        guard !e.voided else { return nil }
        var row = [String?](repeating: nil, count: Self.columns.count)
        var minor: Int64?
        row[0] = e.ref.description
        row[2] = e.ref.type.rawValue
        func money(_ m: Money) { row[3] = m.decimalString; row[4] = m.unit.code; minor = m.minor }
        switch e.body {
        case .gift(let g):
            row[1] = g.day.description; money(g.amount); row[5] = pseudonym(g.supporter)
            row[6] = g.channel; row[7] = g.campaign; row[9] = g.pledge?.description
        case .pledge(let p):
            row[1] = p.start.description; money(p.amount); row[5] = pseudonym(p.supporter)
            row[10] = p.every.rawValue; row[11] = p.end?.description
        case .pledgeEnd(let x):
            row[1] = x.day.description; row[9] = x.pledge.description
        case .need(let n):
            row[1] = n.start.description; money(n.amount); row[10] = n.every.rawValue
            row[11] = n.end?.description; row[13] = n.label
        case .expense(let x):
            row[1] = x.day.description; money(x.amount); row[8] = x.category; row[13] = x.label
        case .offer(let o):
            row[1] = o.day.description; row[5] = pseudonym(o.supporter); row[8] = o.kind.rawValue
            if let q = o.quantity { money(q) }
            row[12] = OfferStatus.offered.rawValue; row[13] = o.description; row[9] = o.need?.description
        case .offerStatus(let c):
            row[1] = c.day.description; row[9] = c.offer.description; row[12] = c.status.rawValue
        case .campaign(let c):
            // Public by nature: its name, its span, the costs it shares and how many share them.
            row[1] = c.start.description; if let f = c.fixedCosts { money(f) }
            row[7] = c.slug; row[11] = c.end?.description; row[13] = c.name
            row[14] = c.participants.map { String($0) }
        case .supporter, .void, .erasure, .receipt, .supporterUpdate:
            // A receipt states one person's yearly total: never public. An update holds only
            // personal data.
            return nil
        }
        return (row.map { $0?.isEmpty == true ? nil : $0 }, minor)
    }
}

/// The public ledger as CSV: every text cell a spreadsheet would run as a formula is neutralised.
struct PublicCSVRenderer: ExportRenderer {
    var rows: PublicRows

    init(key: [UInt8]) { rows = PublicRows(key: key) }

    func begin(_ out: inout String) { out += CSVCell.record(PublicRows.columns) }

    mutating func entry(_ e: StoredEntry, _ out: inout String) {
        guard let (cells, _) = rows.row(e) else { return }
        out += CSVCell.record(cells.map { CSVCell.text($0) })
    }

    func end(_ out: inout String) {}
}

/// The public ledger as JSON Lines: one object a line with every column (`null` when empty)
/// and `amount_minor`, the amount in minor units, for scripts that add amounts exactly.
struct PublicJSONLinesRenderer: ExportRenderer {
    var rows: PublicRows

    init(key: [UInt8]) { rows = PublicRows(key: key) }

    func begin(_ out: inout String) {}

    mutating func entry(_ e: StoredEntry, _ out: inout String) throws {
        guard let (cells, minor) = rows.row(e) else { return }
        var fields = zip(PublicRows.columns, cells).map { (name: $0, value: $1.map { JSON.quote($0) } ?? "null") }
        fields.append(("amount_minor", minor.map(String.init) ?? "null"))
        // Keys sorted, no spaces: one stable line per entry.
        out += "{" + fields.sorted { $0.name < $1.name }.map { "\"\($0.name)\":\($0.value)" }.joined(separator: ",") + "}\n"
    }

    func end(_ out: inout String) {}
}

/// The secret key of public pseudonyms, kept in the ledger.
enum PseudonymKey {
    static let metaKey = "export.public.hmac-key"

    static func fresh() -> String {
        var g = SystemRandomNumberGenerator()
        return (0..<32).map { _ in
            let b = UInt8.random(in: 0...255, using: &g)
            return (b < 16 ? "0" : "") + String(b, radix: 16)
        }.joined()
    }

    static func bytes(_ hex: String) -> [UInt8]? {
        let chars = Array(hex.utf8)
        guard chars.count >= 32, chars.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(chars.count / 2)
        for i in stride(from: 0, to: chars.count, by: 2) {
            guard let b = UInt8(String(decoding: chars[i...(i + 1)], as: UTF8.self), radix: 16) else { return nil }
            out.append(b)
        }
        return out
    }
}

/// What an export wrote.
public struct ExportResult: Sendable {
    /// The text written (to standard output when no file was named).
    public let text: String
    /// The file written, if one was named.
    public let path: String?
}

extension Treasurer {
    /// Renders the ledger in a format. With `anonymised`, the public ledger (`format` must be
    /// csv or jsonl).
    public func exportText(_ format: ExportFormat, anonymised: Bool = false) throws -> String {
        var out = ""
        if anonymised {
            guard format.isPublic else {
                throw AppError.usage("--public writes the anonymised ledger as csv or jsonl only: drop --format \(format.rawValue) or use --format jsonl")
            }
            let hex = try store.metaValue(PseudonymKey.metaKey, creatingWith: PseudonymKey.fresh)
            guard let key = PseudonymKey.bytes(hex) else {
                throw AppError.io("the pseudonym key in the ledger (\(PseudonymKey.metaKey)) is damaged: restore the ledger from a backup")
            }
            if format == .jsonl {
                var r = PublicJSONLinesRenderer(key: key)
                try render(&r, types: nil, into: &out)
            } else {
                var r = PublicCSVRenderer(key: key)
                try render(&r, types: nil, into: &out)
            }
            return out
        }
        let handles = try store.handles()
        switch format {
        case .csv:
            var r = GenericCSVRenderer(handles: handles)
            try render(&r, types: format.types, into: &out)
        case .jsonl:
            var r = JSONLinesRenderer(handles: handles)
            try render(&r, types: format.types, into: &out)
        case .hledger:
            var r = HledgerRenderer(handles: handles, exportedAt: recordedAt)
            try render(&r, types: format.types, into: &out)
        case .beancount:
            var r = BeancountRenderer(handles: handles, exportedAt: recordedAt,
                                      units: ISO4217.units + workspace.units.customUnits)
            try render(&r, types: format.types, into: &out)
        case .gnucash:
            var r = GnuCashRenderer(handles: handles, defaultUnit: workspace.units.defaultUnit)
            try render(&r, types: format.types, into: &out)
        }
        return out
    }

    /// Renders and writes to `path` atomically (the file appears whole or not at all), or
    /// returns the text for standard output when `path` is nil. Private exports are
    /// written readable by their owner only (0600), the public one 0644.
    public func export(_ format: ExportFormat, anonymised: Bool = false, to path: String? = nil) throws -> ExportResult {
        let text = try exportText(format, anonymised: anonymised)
        guard let path else { return ExportResult(text: text, path: nil) }
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: absolute, isDirectory: &isDir), isDir.boolValue {
            throw AppError.usage("--output \(path) is a folder: name a file")
        }
        try AtomicFile.write(Data(text.utf8), to: absolute, mode: anonymised ? 0o644 : 0o600)
        if format == .csv && !anonymised {
            // hledger reads FILE.csv with FILE.csv.rules beside it: `hledger -f FILE.csv bal`.
            try AtomicFile.write(Data(HledgerCSVRules.text.utf8), to: absolute + ".rules", mode: 0o644)
        }
        return ExportResult(text: text, path: absolute)
    }

    private func render(_ renderer: inout some ExportRenderer, types: Set<EntryType>?, into out: inout String) throws {
        renderer.begin(&out)
        try store.forEachEntry(types: types) { try renderer.entry($0, &out) }
        renderer.end(&out)
    }
}

/// The hledger CSV rules for Chapeau's generic CSV, written beside `export --format csv --output FILE`.
enum HledgerCSVRules {
    static let text = """
        # hledger rules for a CSV written by 'chapeau export --format csv'.
        # hledger finds this file beside the CSV: hledger -f gifts.csv bal
        skip 1
        fields id, date, kind, amount_, unit, supporter, channel, campaign, reference, note
        date-format %Y-%m-%d
        decimal-mark .
        description %supporter | gift %id
        amount %amount_ %unit
        account1 assets:%channel
        account2 income:gifts:%channel

        if %channel ^$
          account1 assets:unknown
          account2 income:gifts:unknown

        """
}
