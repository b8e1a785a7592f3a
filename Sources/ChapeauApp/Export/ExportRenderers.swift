import ChapeauCore
import ChapeauStore
import Foundation

/// The files `chapeau export` writes.
public enum ExportFormat: String, CaseIterable, Sendable {
    /// Chapeau's generic CSV: every gift not voided (what `import --format generic` reads).
    case csv
    /// Every entry of the journal, one JSON object a line, voided ones flagged (as `list --json`).
    case jsonl
    /// An hledger journal of the gifts.
    case hledger
    /// A beancount ledger of the gifts, with balance assertions on Chapeau's totals.
    case beancount
    /// GnuCash's CSV transaction import.
    case gnucash

    /// Whether `--public` writes the anonymised ledger in this format.
    public var isPublic: Bool { self == .csv || self == .jsonl }

    /// The entry types the format needs.
    var types: Set<EntryType>? {
        switch self {
        case .jsonl: return nil
        case .csv, .hledger, .beancount, .gnucash: return [.gift]
        }
    }
}

/// One renderer per format: it sees the entries in journal order and appends text.
/// Pure: no file, no clock (the export time is passed in).
protocol ExportRenderer {
    mutating func begin(_ out: inout String)
    mutating func entry(_ e: StoredEntry, _ out: inout String) throws
    mutating func end(_ out: inout String)
}

/// Gifts not voided, as the journals and the CSV show them.
extension StoredEntry {
    var liveGift: Gift? {
        guard !voided, case .gift(let g) = body else { return nil }
        return g
    }
}

/// The ledger's name for a channel, with none named.
enum Channel {
    static func name(_ channel: String?) -> String {
        guard let c = channel, !c.isEmpty else { return "unspecified" }
        return c
    }
}

// MARK: - generic CSV

/// `id,date,kind,amount,unit,supporter,channel,campaign,reference,note`: the private ledger's gifts.
struct GenericCSVRenderer: ExportRenderer {
    static let header = ["id", "date", "kind", "amount", "unit", "supporter", "channel", "campaign", "reference", "note"]
    let handles: [ID<Supporter>: String]

    func begin(_ out: inout String) { out += CSVCell.record(Self.header) }

    func entry(_ e: StoredEntry, _ out: inout String) {
        guard let g = e.liveGift else { return }
        out += CSVCell.record([
            e.ref.description, g.day.description, "gift", g.amount.decimalString, CSVCell.text(g.amount.unit.code),
            CSVCell.text(g.supporter.flatMap { handles[$0] }), CSVCell.text(g.channel), CSVCell.text(g.campaign),
            CSVCell.text(g.reference), CSVCell.text(g.note),
        ])
    }

    func end(_ out: inout String) {}
}

// MARK: - JSON lines

/// Every entry as `list --json` shows it, one object a line.
struct JSONLinesRenderer: ExportRenderer {
    let handles: [ID<Supporter>: String]
    let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }()

    func begin(_ out: inout String) {}

    func entry(_ e: StoredEntry, _ out: inout String) throws {
        out += String(decoding: try encoder.encode(EntryView(e, handles: handles)), as: UTF8.self)
        out += "\n"
    }

    func end(_ out: inout String) {}
}

// MARK: - hledger

/// An hledger journal: each gift a transaction from `income:gifts:<channel>` to
/// `assets:<channel>`. Commodities other than plain letters are quoted (`"PT2"`);
/// `decimal-mark .` makes `1.000 PTJ` read as one, not a thousand. Every account and commodity
/// used is declared at the end (`account`, `commodity` with the unit's decimals), so the
/// journal passes `hledger check -s` (strict: no undeclared account or commodity).
struct HledgerRenderer: ExportRenderer {
    let handles: [ID<Supporter>: String]
    let exportedAt: String
    private var accounts: Set<String> = []
    private var units: [String: Int] = [:]

    init(handles: [ID<Supporter>: String], exportedAt: String) {
        self.handles = handles
        self.exportedAt = exportedAt
    }

    func begin(_ out: inout String) {
        out += "; Chapeau ledger: gifts not voided, exported \(exportedAt) by 'chapeau export --format hledger'.\n"
        out += "; Amounts are per unit and never converted. Private: it names supporters.\n"
        out += "decimal-mark .\n"
    }

    mutating func entry(_ e: StoredEntry, _ out: inout String) {
        guard let g = e.liveGift else { return }
        let account = Self.account(g.channel)
        let who = g.supporter.flatMap { handles[$0] } ?? "anonymous"
        let amount = "\(g.amount.decimalString) \(Self.commodity(g.amount.unit.code))"
        var tags = "id:\(e.ref)"
        if let r = g.reference { tags += ", ref:\(Self.tagValue(r))" }
        if let c = g.campaign { tags += ", campaign:\(Self.tagValue(c))" }
        accounts.formUnion(["assets:\(account)", "income:gifts:\(account)"])
        units[g.amount.unit.code] = g.amount.unit.decimals
        out += "\n\(g.day) * \(Self.text(who)) | gift \(e.ref)  ; \(tags)\n"
        out += "    assets:\(account)  \(amount)\n"
        out += "    income:gifts:\(account)  -\(amount)\n"
    }

    func end(_ out: inout String) {
        guard !accounts.isEmpty else { return }
        out += "\n; Accounts and commodities used above, declared for 'hledger check -s'.\n"
        out += "account assets  ; type: A\n"
        out += "account income  ; type: R\n"
        for a in accounts.sorted() { out += "account \(a)\n" }
        for (code, decimals) in units.sorted(by: { $0.key < $1.key }) {
            // `1.` for a unit without decimals: hledger wants the decimal mark in a declaration.
            let sample = decimals == 0 ? "1." : "1." + String(repeating: "0", count: decimals)
            out += "commodity \(sample) \(Self.commodity(code))\n"
        }
    }

    /// A commodity symbol: bare when it is letters only, else quoted.
    static func commodity(_ code: String) -> String {
        code.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic }) ? code : "\"\(code.replacingOccurrences(of: "\"", with: ""))\""
    }

    /// An account name part: lower case, no spaces, colons or semicolons.
    static func account(_ channel: String?) -> String {
        let cleaned = Channel.name(channel).lowercased().unicodeScalars.map { s -> Character in
            s.properties.isAlphabetic || ("0"..."9").contains(s) || s == "-" || s == "_" || s == "." ? Character(s) : "-"
        }
        return String(cleaned)
    }

    /// Description text: one line, no `;` (which would start a comment) or `|`.
    static func text(_ s: String) -> String {
        String(s.map { $0 == ";" || $0 == "|" || $0.isNewline ? "_" : $0 })
    }

    /// A tag value ends at a comma.
    static func tagValue(_ s: String) -> String {
        String(s.map { $0 == "," || $0 == ";" || $0.isNewline ? "_" : $0 })
    }
}

// MARK: - beancount

/// A beancount ledger: `commodity` and `open` directives, each gift a transaction from
/// `Income:Gifts:<Channel>` to `Assets:<Channel>`, and `balance` assertions holding
/// Chapeau's totals per account and unit, so that `bean-check` proves the two agree.
/// Units become valid commodities (2–24 capitals, starting with a letter): `EUR` stays,
/// `h` becomes `HOURS`, others are upper-cased and padded when too short.
struct BeancountRenderer: ExportRenderer {
    let handles: [ID<Supporter>: String]
    let exportedAt: String
    let commodities: [String: String]
    private var first: Day?
    private var last: Day?
    private var accounts: Set<String> = []
    private var usedUnits: Set<String> = []
    private var balances: [String: [String: Int64]] = [:]
    private var decimals: [String: Int] = [:]

    init(handles: [ID<Supporter>: String], exportedAt: String, units: [ChapeauCore.Unit]) {
        self.handles = handles
        self.exportedAt = exportedAt
        self.commodities = BeancountRenderer.commodityNames(units)
    }

    func begin(_ out: inout String) {
        out += "; Chapeau ledger: gifts not voided, exported \(exportedAt) by 'chapeau export --format beancount'.\n"
        out += "; Amounts are per unit and never converted. Private: it names supporters.\n"
        out += "option \"title\" \"Chapeau: gifts\"\n"
    }

    mutating func entry(_ e: StoredEntry, _ out: inout String) {
        guard let g = e.liveGift else { return }
        let part = Self.accountPart(g.channel)
        let assets = "Assets:\(part)", income = "Income:Gifts:\(part)"
        let code = g.amount.unit.code
        let commodity = commodities[code] ?? code
        first = min(first ?? g.day, g.day)
        last = max(last ?? g.day, g.day)
        accounts.formUnion([assets, income])
        usedUnits.insert(code)
        decimals[commodity] = g.amount.unit.decimals
        balances[assets, default: [:]][commodity, default: 0] += g.amount.minor
        balances[income, default: [:]][commodity, default: 0] -= g.amount.minor
        let who = g.supporter.flatMap { handles[$0] } ?? "anonymous"
        out += "\n\(g.day) * \(Self.string(who)) \(Self.string("Gift \(e.ref)"))\n"
        out += "  id: \(Self.string(e.ref.description))\n"
        if let r = g.reference { out += "  reference: \(Self.string(r))\n" }
        if let c = g.campaign { out += "  campaign: \(Self.string(c))\n" }
        out += "  \(assets)  \(g.amount.decimalString) \(commodity)\n"
        out += "  \(income)  -\(g.amount.decimalString) \(commodity)\n"
    }

    func end(_ out: inout String) {
        guard let first, let last else { return }
        out += "\n; Accounts and commodities, opened on the first gift's day.\n"
        for code in usedUnits.sorted() {
            let commodity = commodities[code] ?? code
            out += "\(first) commodity \(commodity)\n"
            if commodity != code { out += "  name: \(Self.string(code))\n" }
        }
        for a in accounts.sorted() { out += "\(first) open \(a)\n" }
        let after = last.adding(days: 1)
        out += "\n; Totals per account and unit, as Chapeau counts them: bean-check fails if the transactions above do not add up to them.\n"
        for a in balances.keys.sorted() {
            for (commodity, minor) in (balances[a] ?? [:]).sorted(by: { $0.key < $1.key }) {
                // One more decimal than the unit has: beancount tolerates half a unit of the last
                // digit written, so this makes a difference of one minor unit fail the check.
                let d = decimals[commodity] ?? 0
                out += "\(after) balance \(a)  \(Money.decimalString(minor * 10, decimals: d + 1)) \(commodity)\n"
            }
        }
    }

    /// Valid, distinct beancount commodities for the ledger's units.
    static func commodityNames(_ units: [ChapeauCore.Unit]) -> [String: String] {
        var out: [String: String] = [:]
        var taken: Set<String> = []
        for u in units.sorted(by: { ($0.isCurrency ? 0 : 1, $0.code) < ($1.isCurrency ? 0 : 1, $1.code) }) {
            var name = u.code.uppercased()
            if u.code.lowercased() == "h" { name = "HOURS" }
            name = String(name.unicodeScalars.filter { ("A"..."Z").contains($0) || ("0"..."9").contains($0) }.map(Character.init))
            if name.first.map({ !$0.isLetter }) ?? true { name = "U" + name }
            while name.count < 2 { name += "X" }
            name = String(name.prefix(24))
            var candidate = name
            var n = 2
            while taken.contains(candidate) {
                candidate = String(name.prefix(22)) + String(n)
                n += 1
            }
            taken.insert(candidate)
            out[u.code] = candidate
        }
        return out
    }

    /// An account component: starts with a capital or a digit, then letters, digits, dashes.
    static func accountPart(_ channel: String?) -> String {
        let folded = Channel.name(channel).folding(options: [.diacriticInsensitive], locale: Locale(identifier: "en_US_POSIX"))
        var chars = folded.unicodeScalars.map { s -> Character in
            (s.isASCII && (s.properties.isAlphabetic || ("0"..."9").contains(s))) ? Character(s) : "-"
        }
        while chars.first == "-" { chars.removeFirst() }
        guard !chars.isEmpty else { return "Unspecified" }
        // Capitalise each word: `crédit mutuel` → `Credit-Mutuel`.
        for i in chars.indices where i == 0 || chars[i - 1] == "-" {
            chars[i] = Character(chars[i].uppercased())
        }
        return String(chars)
    }

    static func string(_ s: String) -> String {
        var out = "\""
        for c in s {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n", "\r": out += " "
            default: out.append(c)
            }
        }
        return out + "\""
    }
}

// MARK: - GnuCash

/// GnuCash's CSV transaction import (File → Import → Transactions from CSV, two splits per
/// line): the header names GnuCash's own column types, so each column maps to the type of the
/// same name. Each gift is one line from `Income:Gifts:<Channel>` (Transfer Account) to
/// `Assets:<Channel>` (Account), so GnuCash balances it against the income account, not
/// Imbalance.
///
/// A GnuCash account holds one commodity: a unit other than the ledger's currency has its own
/// accounts (`Assets:<Channel>:<UNIT>`, `Income:Gifts:<Channel>:<UNIT>`), and the line names
/// that unit as its Transaction Commodity. Both splits are then in the transaction's own
/// commodity, so GnuCash books the amount as it is, never at a price of one euro for one unit
/// (what it does when the transaction is in euros and an account is not): 15 PTJ stay 15 PTJ.
/// GnuCash looks the commodity up by its mnemonic in every namespace, so a complementary unit
/// is created once in the Security Editor (symbol `PTJ`, any namespace) before the import.
struct GnuCashRenderer: ExportRenderer {
    static let header = ["Date", "Num", "Description", "Transaction Commodity", "Account", "Deposit", "Withdrawal",
                         "Transfer Account", "Memo"]
    let handles: [ID<Supporter>: String]
    let defaultUnit: ChapeauCore.Unit

    func begin(_ out: inout String) { out += CSVCell.record(Self.header) }

    func entry(_ e: StoredEntry, _ out: inout String) {
        guard let g = e.liveGift else { return }
        let part = BeancountRenderer.accountPart(g.channel)
        let suffix = g.amount.unit == defaultUnit ? "" : ":" + Self.accountName(g.amount.unit.code)
        let who = g.supporter.flatMap { handles[$0] } ?? "anonymous"
        out += CSVCell.record([g.day.description, e.ref.description, CSVCell.text("Gift \(e.ref) from \(who)"),
                               CSVCell.text(g.amount.unit.code), CSVCell.text("Assets:\(part)\(suffix)"),
                               g.amount.decimalString, "", CSVCell.text("Income:Gifts:\(part)\(suffix)"),
                               CSVCell.text(g.reference)])
    }

    func end(_ out: inout String) {}

    /// An account name part: GnuCash's separator `:` cannot be in it.
    static func accountName(_ code: String) -> String {
        code.replacingOccurrences(of: ":", with: "-")
    }
}
