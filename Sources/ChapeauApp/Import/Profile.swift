public import ChapeauCore
import Foundation
import TOMLKit

/// What a row of a file is, once classified. Every row becomes exactly one of these; only
/// `gift` rows become gifts (and `expense` rows expenses, with `--expenses`).
public enum RowClass: String, CaseIterable, Sendable, Codable, Comparable {
    /// Money given to the author.
    case gift
    /// A platform paying out money whose gifts come from that platform's own export.
    case payout
    /// Between the author's own accounts.
    case transfer
    /// A payment given back: never a gift; voids the gift it refunds when that is recorded.
    case refund
    /// Money spent (a debit).
    case expense
    /// Recorded nowhere, for the reason given.
    case ignored
    /// Already in the ledger.
    case duplicate

    public static func < (a: RowClass, b: RowClass) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// A file format as data: how to find the header, read the columns, and classify each row.
/// Every bank and payment-platform CSV Chapeau reads is one of these (see `BuiltInProfiles`),
/// and `Config/import/NAME.toml` adds one in the same language (every key is read by
/// `parse(_:name:origin:)`; `BuiltInProfiles` holds complete examples).
public struct ImportProfile: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        /// A bank statement: the built-in payout rules, `own_accounts` and payment references apply.
        case bank
        /// A payment platform's export: each credit is a supporter's payment.
        case platform
    }

    /// The dates a profile accepts, tried in order.
    public enum DateStyle: String, Sendable, CaseIterable {
        case dmy = "dd/mm/yyyy", ymd = "yyyy-mm-dd", dmyDots = "dd.mm.yyyy", dmyDashes = "dd-mm-yyyy",
             mdy = "mm/dd/yyyy", compact = "yyyymmdd"
    }

    /// The canonical fields a column can feed.
    public enum Field: String, Sendable, CaseIterable {
        case date, amount, debit, credit, currency, label, detail, counterparty
        case counterpartyIBAN = "counterparty_iban"
        case reference
        case refundOf = "refund_of"
        case type, status, account
        case supporterID = "supporter_id"
        case supporterName = "supporter_name"
        case supporterEmail = "supporter_email"
        case supporterFirstName = "supporter_first_name"
        /// What was refunded of the amount: the gift is the difference; all of it, a refund.
        case refunded
        case note
    }

    /// The fields a rule can look at.
    public struct Rule: Sendable, Equatable {
        /// Each list: the row matches when its text contains one of them (case, accents and
        /// spacing ignored); for `type` and `status`, when it equals one of them.
        public var label: [String] = []
        public var counterparty: [String] = []
        public var type: [String] = []
        public var status: [String] = []
        /// The row matches when its status is none of these.
        public var statusNot: [String] = []
        public var account: [String] = []
        /// Any other column (by its names), whose value must be one of `values` (empty text for
        /// an empty cell), or none of `valuesNot`.
        public var column: [String] = []
        public var values: [String] = []
        public var valuesNot: [String] = []
        /// `credit` or `debit`.
        public var sign: Sign?
        /// Bounds on the amount's magnitude, in minor units of the row's unit.
        public var min: String?
        public var max: String?
        /// Only for these formats (config rules).
        public var formats: [String] = []
        public var result: RowClass
        public var reason: String?
        public var category: String?

        public enum Sign: String, Sendable { case credit, debit }
    }

    /// The layout's own name (unique), and the `--format` name it answers to (several layouts
    /// may share one: `paypal` in English and in French).
    public var name: String
    public var format: String
    public var title: String
    public var kind: Kind
    /// Whether the file has a header line; without one, columns are named by position (`#1`).
    public var hasHeader: Bool
    /// Lines to skip before the first row when there is no header.
    public var skip: Int
    public var channel: String
    public var separator: UInt8?
    public var encoding: CSVTextEncoding
    public var decimalComma: Bool
    public var dates: [DateStyle]
    public var currency: String?
    public var headerSearch: Int
    public var priority: Int
    public var referencePrefix: String
    /// The column names each field goes by.
    public var columns: [Field: [String]]
    /// Fields the header must have, beside the amount (one column or a debit/credit pair).
    public var required: [Field]
    /// A row whose first cell starts with one of these ends the section (a balance line).
    public var stop: [String]
    public var supporterVisibility: Visibility
    /// Handles made from a digest of the id (e-mails), or the id as it is (user names).
    public var hashSupporter: Bool
    public var rules: [Rule]
    public var creditDefault: RowClass
    public var debitDefault: RowClass
    public var creditReason: String?
    public var debitReason: String?
    /// A short sentence for `import formats`.
    public var expects: String
    /// Where the profile comes from: `built-in` or the file's path.
    public var origin: String

    var amountColumns: Bool { columns[.amount] != nil }

    /// `#3` → 3.
    static func position(_ name: String) -> Int? {
        guard name.hasPrefix("#"), let n = Int(name.dropFirst()), n >= 1, n <= 1000 else { return nil }
        return n
    }

    /// The columns a file without a header has: `#1` to the highest position named.
    var positionalHeader: Header {
        let highest = columns.values.flatMap { $0 }.compactMap(ImportProfile.position).max() ?? 1
        return Header((1...highest).map { "#\($0)" })
    }
}

extension ImportProfile {
    /// Reads a profile from TOML. Unknown keys and wrong types are refused, naming the key.
    public static func parse(_ text: String, name defaultName: String, origin: String) throws(ConfigError) -> ImportProfile {
        let file = origin
        let root: TOMLTable
        do { root = try TOMLTable(string: text) } catch let e as TOMLParseError {
            throw ConfigError(file: file, key: "", message: "line \(e.source.begin.line), column \(e.source.begin.column): \(e.description)")
        } catch {
            throw ConfigError(file: file, key: "", message: "not valid TOML: \(error)")
        }
        let r = ChapeauConfig.Reader(file: file)
        try r.only(root, "", ["name", "format", "title", "kind", "channel", "separator", "encoding", "decimal", "dates", "currency",
                              "header", "skip", "header_search", "priority", "reference_prefix", "expects", "columns", "required",
                              "stop", "supporters", "rules", "defaults"])
        func slug(_ key: String, _ value: String) throws(ConfigError) -> String {
            guard !value.isEmpty, value.utf8.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }) else {
                throw r.fail(key, "'\(value)' is not a format name: use lowercase letters, digits and dashes")
            }
            return value
        }
        let name = try slug("name", try r.string(root, "name") ?? defaultName)
        let format = try slug("format", try r.string(root, "format") ?? name)
        let hasHeader = try r.bool(root, "header") ?? true
        let skip = try r.int(root, "skip") ?? 0
        guard (0...200).contains(skip) else { throw r.fail("skip", "\(skip) is not between 0 and 200") }
        let kindText = try r.string(root, "kind") ?? "bank"
        guard let kind = Kind(rawValue: kindText) else { throw r.fail("kind", "'\(kindText)' is not one of bank, platform") }
        var separator: UInt8?
        if let s = try r.string(root, "separator") {
            switch s {
            case "tab", "\t": separator = 0x09
            case "auto": separator = nil
            default:
                guard s.utf8.count == 1, let b = s.utf8.first, b != 0x22, b >= 0x20 else {
                    throw r.fail("separator", "'\(s)' is not one character (or \"tab\", \"auto\")")
                }
                separator = b
            }
        }
        let encodingText = try r.string(root, "encoding") ?? "auto"
        let encoding: CSVTextEncoding
        switch encodingText.lowercased() {
        case "utf-8", "utf8": encoding = .utf8
        case "auto", "windows-1252", "cp1252", "latin-1", "latin1", "iso-8859-1", "iso-8859-15": encoding = .utf8OrWindows1252
        default: throw r.fail("encoding", "'\(encodingText)' is not one of utf-8, windows-1252, auto")
        }
        let decimal = try r.string(root, "decimal") ?? ","
        guard decimal == "," || decimal == "." else { throw r.fail("decimal", "'\(decimal)' is not \",\" or \".\"") }
        var dates: [DateStyle] = []
        for d in try r.strings(root, "dates") ?? ["dd/mm/yyyy", "yyyy-mm-dd"] {
            guard let s = DateStyle(rawValue: d.lowercased()) else {
                throw r.fail("dates", "'\(d)' is not one of \(DateStyle.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            dates.append(s)
        }
        guard !dates.isEmpty else { throw r.fail("dates", "empty: name at least one date style") }
        let search = try r.int(root, "header_search") ?? 1
        guard (1...200).contains(search) else { throw r.fail("header_search", "\(search) is not between 1 and 200") }

        var columns: [Field: [String]] = [:]
        if let t = try r.table(root, "columns") {
            try r.only(t, "columns", Set(Field.allCases.map(\.rawValue)))
            for f in Field.allCases {
                guard let v = t[f.rawValue] else { continue }
                if let s = v.string { columns[f] = [s]; continue }
                guard let names = try r.strings(t, "columns.\(f.rawValue)"), !names.isEmpty else {
                    throw r.fail("columns.\(f.rawValue)", "empty: give the names this column goes by")
                }
                columns[f] = names
            }
        }
        guard columns[.date] != nil else { throw r.fail("columns.date", "missing: every format needs a date column") }
        let hasAmount = columns[.amount] != nil
        let hasPair = columns[.debit] != nil || columns[.credit] != nil
        guard hasAmount || hasPair else {
            throw r.fail("columns.amount", "missing: give one signed amount column, or debit and credit columns")
        }
        guard !(hasAmount && hasPair) else {
            throw r.fail("columns.amount", "give either one signed amount column or a debit/credit pair, not both")
        }
        var required: [Field] = [.date]
        for f in try r.strings(root, "required") ?? [] {
            guard let field = Field(rawValue: f) else {
                throw r.fail("required", "'\(f)' is not a column of [columns]: \(Field.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard columns[field] != nil else { throw r.fail("required", "'\(f)' has no names under [columns]") }
            if !required.contains(field) { required.append(field) }
        }
        if hasAmount { required.append(.amount) } else {
            if columns[.credit] != nil { required.append(.credit) }
            if columns[.debit] != nil { required.append(.debit) }
        }

        var visibility = Visibility.anonymous
        var hashSupporter = true
        if let t = try r.table(root, "supporters") {
            try r.only(t, "supporters", ["visibility", "handle"])
            if let v = try r.string(t, "supporters.visibility") {
                guard let vis = Visibility(rawValue: v) else { throw r.fail("supporters.visibility", "'\(v)' is not one of public, pseudonym, anonymous") }
                visibility = vis
            }
            if let h = try r.string(t, "supporters.handle") {
                guard h == "hashed" || h == "plain" else { throw r.fail("supporters.handle", "'\(h)' is not hashed or plain") }
                hashSupporter = h == "hashed"
            }
        }
        var rules: [Rule] = []
        for (i, t) in try r.tables(root, "rules").enumerated() {
            rules.append(try Rule.parse(t, key: "rules[\(i + 1)]", reader: r, allowFormats: false))
        }
        var creditDefault = RowClass.gift, debitDefault = RowClass.expense
        var creditReason: String?, debitReason: String?
        if let t = try r.table(root, "defaults") {
            try r.only(t, "defaults", ["credit", "debit", "credit_reason", "debit_reason"])
            if let c = try r.string(t, "defaults.credit") { creditDefault = try Rule.resultClass(c, key: "defaults.credit", reader: r) }
            if let c = try r.string(t, "defaults.debit") { debitDefault = try Rule.resultClass(c, key: "defaults.debit", reader: r) }
            creditReason = try r.string(t, "defaults.credit_reason")
            debitReason = try r.string(t, "defaults.debit_reason")
        }
        if !hasHeader {
            for (field, names) in columns {
                for n in names where ImportProfile.position(n) == nil {
                    throw r.fail("columns.\(field.rawValue)", "'\(n)' is not a position: a file without a header names its columns #1, #2…")
                }
            }
        }
        return ImportProfile(
            name: name, format: format, title: try r.string(root, "title") ?? "a \(name) export", kind: kind,
            hasHeader: hasHeader, skip: skip,
            channel: try r.string(root, "channel") ?? (kind == .bank ? "bank" : name),
            separator: separator, encoding: encoding, decimalComma: decimal == ",", dates: dates,
            currency: try r.string(root, "currency"), headerSearch: search, priority: try r.int(root, "priority") ?? 0,
            referencePrefix: try r.string(root, "reference_prefix") ?? name, columns: columns, required: required,
            stop: try r.strings(root, "stop") ?? [], supporterVisibility: visibility, hashSupporter: hashSupporter,
            rules: rules, creditDefault: creditDefault, debitDefault: debitDefault,
            creditReason: creditReason, debitReason: debitReason,
            expects: try r.string(root, "expects") ?? "", origin: origin)
    }
}

extension ImportProfile.Rule {
    static let keys: Set<String> = ["label", "counterparty", "type", "status", "status_not", "account", "sign", "min", "max",
                                    "column", "values", "values_not", "class", "reason", "category"]

    static func resultClass(_ text: String, key: String, reader r: ChapeauConfig.Reader) throws(ConfigError) -> RowClass {
        guard let c = RowClass(rawValue: text), c != .duplicate else {
            throw r.fail(key, "'\(text)' is not one of gift, payout, transfer, refund, expense, ignored")
        }
        return c
    }

    /// One `[[rules]]` table of a profile, or `[[import.rules]]` of the config (which may name formats).
    static func parse(_ t: TOMLTable, key k: String, reader r: ChapeauConfig.Reader, allowFormats: Bool) throws(ConfigError) -> Self {
        try r.only(t, k, allowFormats ? keys.union(["format"]) : keys)
        func list(_ name: String) throws(ConfigError) -> [String] {
            guard let v = t[name] else { return [] }
            if let s = v.string { return [s] }
            return try r.strings(t, "\(k).\(name)") ?? []
        }
        guard let c = try r.string(t, "\(k).class") else {
            throw r.fail("\(k).class", "missing: what the rows it matches are (gift, payout, transfer, refund, expense, ignored)")
        }
        var rule = Self(result: try resultClass(c, key: "\(k).class", reader: r))
        rule.label = try list("label").map(TextKey.make)
        rule.counterparty = try list("counterparty").map(TextKey.make)
        rule.type = try list("type").map(TextKey.make)
        rule.status = try list("status").map(TextKey.make)
        rule.statusNot = try list("status_not").map(TextKey.make)
        rule.account = try list("account").map(TextKey.make)
        rule.column = try list("column")
        rule.values = try list("values").map(TextKey.make)
        rule.valuesNot = try list("values_not").map(TextKey.make)
        if !rule.column.isEmpty && rule.values.isEmpty && rule.valuesNot.isEmpty {
            throw r.fail("\(k).values", "missing: the values of column '\(rule.column[0])' this rule matches (values or values_not)")
        }
        if rule.column.isEmpty && !(rule.values.isEmpty && rule.valuesNot.isEmpty) {
            throw r.fail("\(k).column", "missing: the column whose values are listed")
        }
        if allowFormats { rule.formats = try list("format") }
        if let s = try r.string(t, "\(k).sign") {
            guard let sign = Sign(rawValue: s) else { throw r.fail("\(k).sign", "'\(s)' is not credit or debit") }
            rule.sign = sign
        }
        rule.min = try r.string(t, "\(k).min")
        rule.max = try r.string(t, "\(k).max")
        rule.reason = try r.string(t, "\(k).reason")
        rule.category = try r.string(t, "\(k).category")
        if rule.label.isEmpty && rule.counterparty.isEmpty && rule.type.isEmpty && rule.status.isEmpty && rule.statusNot.isEmpty
            && rule.account.isEmpty && rule.column.isEmpty && rule.sign == nil && rule.min == nil && rule.max == nil {
            throw r.fail(k, "matches every row: give at least one of label, counterparty, type, status, account, column, sign, min, max")
        }
        return rule
    }
}

/// Text as rules compare it: upper case, no accents, runs of spaces and punctuation as one space.
enum TextKey {
    static func make(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var space = true
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            for b in text.utf8 {
                let alnum = (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
                if alnum {
                    out.unicodeScalars.append(Unicode.Scalar(b >= 0x61 ? b - 32 : b))
                    space = false
                } else if !space {
                    out.append(" ")
                    space = true
                }
            }
        } else {
            let folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: Locale(identifier: "en_US_POSIX"))
            for ch in folded.uppercased() {
                if ch.isLetter || ch.isNumber {
                    out.append(ch)
                    space = false
                } else if !space {
                    out.append(" ")
                    space = true
                }
            }
        }
        if out.hasSuffix(" ") { out.removeLast() }
        return out
    }

    /// Whether `haystack` (a key) holds `needle` (a key) starting at a word: `PAYPAL` is in
    /// `VIR PAYPAL EUROPE` and in `PRLV PAYPALEUROPE`, not in `REPAYPAL`.
    static func contains(_ haystack: String, _ needle: String) -> Bool {
        guard !needle.isEmpty else { return false }
        if haystack.hasPrefix(needle) { return true }
        if let found = asciiContainsAtWord(haystack, needle) { return found }
        return haystack.contains(" " + needle)
    }

    /// `" " + needle` in `haystack` compared byte by byte, when both are ASCII (where that is
    /// exactly what Foundation's search finds, without bridging each key to UTF-16: a statement's
    /// every row is compared with every built-in rule's words); nil otherwise.
    private static func asciiContainsAtWord(_ haystack: String, _ needle: String) -> Bool? {
        let found: Bool?? = haystack.utf8.withContiguousStorageIfAvailable { h -> Bool? in
            needle.utf8.withContiguousStorageIfAvailable { n -> Bool? in
                guard !h.contains(where: { $0 >= 0x80 }), !n.contains(where: { $0 >= 0x80 }) else { return nil }
                let m = n.count
                guard h.count > m else { return false }
                var i = 0
                while i < h.count - m {
                    if h[i] == 0x20, h[i + 1] == n[0] {
                        var j = 1
                        while j < m, h[i + 1 + j] == n[j] { j += 1 }
                        if j == m { return true }
                    }
                    i += 1
                }
                return false
            } ?? nil
        }
        return found ?? nil
    }
}
