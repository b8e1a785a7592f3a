import ChapeauCore
import Foundation

/// The files `chapeau import` reads: Chapeau's own CSV and the real exports of payment
/// platforms and French banks. Each is data: its delimiter, its text encoding and the
/// columns it needs; `ImportLayout` turns one of its rows into what to record.
public enum ImportFormat: String, CaseIterable, Sendable {
    /// What `chapeau export --format csv` writes.
    case generic
    /// HelloAsso's orders export: `;`, UTF-8 with a BOM, `dd/mm/yyyy`, `10,00`.
    case helloasso
    /// Liberapay's patrons export (supporters and weekly pledges) or a public team ledger (gifts).
    case liberapay
    /// Open Collective's transactions CSV: contributions received.
    case opencollective
    /// Patreon's members CSV: supporters, their pledges and their last charge.
    case patreon

    var delimiter: UInt8 {
        switch self {
        case .helloasso: return UInt8(ascii: ";")
        case .generic, .liberapay, .opencollective, .patreon: return UInt8(ascii: ",")
        }
    }

    var encoding: CSVTextEncoding {
        switch self {
        case .generic: return .utf8
        case .helloasso, .liberapay, .opencollective, .patreon: return .utf8OrWindows1252
        }
    }

    /// The channel gifts imported from this format come through.
    var channel: String? {
        switch self {
        case .generic: return nil
        case .helloasso: return "helloasso"
        case .liberapay: return "liberapay"
        case .opencollective: return "opencollective"
        case .patreon: return "patreon"
        }
    }

    /// How many records before the header a file may hold (bank statements start with
    /// the account's name and number).
    var headerSearchDepth: Int { 1 }
}

// MARK: - header

/// A CSV header: column names as written, and a lookup that ignores case, accents and
/// spacing (`Libellé`, `LIBELLE` and `libelle ` are one column).
struct Header: Sendable {
    let names: [String]
    private let index: [String: Int]

    init(_ names: [String]) {
        self.names = names
        var index: [String: Int] = [:]
        for (i, n) in names.enumerated() {
            let key = Header.normalise(n)
            if index[key] == nil { index[key] = i }
        }
        self.index = index
    }

    static func normalise(_ name: String) -> String {
        let folded = name.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: Locale(identifier: "en_US_POSIX"))
        return folded.split(whereSeparator: { $0 == " " || $0 == "_" || $0 == "\u{00A0}" || $0 == "-" })
            .joined(separator: " ")
    }

    /// The first column that any of these names stands for.
    func column(_ aliases: String...) -> Int? { column(aliases) }

    func column(_ aliases: [String]) -> Int? {
        for a in aliases { if let i = index[Header.normalise(a)] { return i } }
        return nil
    }

    func has(_ aliases: String...) -> Bool { column(aliases) != nil }
}

// MARK: - what a row becomes

/// A supporter as an export names them: matched by handle (then e-mail) or created.
struct SupporterDraft: Sendable, Equatable {
    var handle: String
    var name: String?
    var email: String?
    var visibility: Visibility
}

/// What one row asks to record. The supporter fields of `gift` and `pledge` are filled in
/// when the row is applied, once the supporter is known.
struct ImportRow: Sendable {
    var supporter: SupporterDraft?
    var pledge: Pledge?
    var gift: Gift?
    /// The gift fulfils this row's pledge.
    var giftFulfilsPledge = false
    /// What the row is; nil: a gift when it has one, else nothing to record (`ignored`).
    var result: RowClass?
    /// Why the row is what it is (a payout of which platform, why it is ignored…).
    var reason: String?
    /// For the review: the row's day and signed amount (a debit is negative).
    var day: Day?
    var signed: Money?
    /// The supporter a payment reference in the label names.
    var payer: ID<Supporter>?
    /// A refund: the reference of the payment it gives back.
    var refundOf: String?
    /// An expense, recorded with `--expenses`; its reference for de-duplication.
    var expense: Expense?
    var expenseReference: String?
    /// The supporter's pledges through `pledgeChannel` end on this day (the platform says the
    /// patron left or the payment lapsed).
    var pledgeEndsOn: Day?
    var pledgeChannel: String?
    /// Another reference the same payment may be recorded under (HelloAsso's order, when the
    /// orders export was imported): then it is a duplicate.
    var alsoKnownAs: String?

    init(supporter: SupporterDraft? = nil, pledge: Pledge? = nil, gift: Gift? = nil) {
        self.supporter = supporter; self.pledge = pledge; self.gift = gift
    }

    static func ignore(_ reason: String) -> ImportRow { ImportRow.classed(.ignored, reason) }

    static func classed(_ result: RowClass, _ reason: String?) -> ImportRow {
        var row = ImportRow()
        row.result = result
        row.reason = reason
        return row
    }

    var effectiveClass: RowClass { result ?? (gift != nil ? .gift : .ignored) }

    /// The reason shown for the row: a pledge-only row records a pledge and no payment.
    var effectiveReason: String? {
        if let reason { return reason }
        if result == nil, gift == nil, pledge != nil { return "a pledge, no payment in this row" }
        return nil
    }
}

/// One problem in one row: the column it is in, when it is in one.
struct FieldProblem: Sendable, Equatable {
    var column: Int?
    var message: String
}

/// Reads the cells of one row by column, collecting every problem in it.
struct Cells {
    let record: CSVRecord
    let header: Header
    private(set) var problems: [FieldProblem] = []

    init(_ record: CSVRecord, header: Header) {
        self.record = record
        self.header = header
        let n = record.fields.count, m = header.names.count
        if n < m {
            problems.append(FieldProblem(column: nil,
                message: "the row has \(n) field\(n == 1 ? "" : "s") where the header has \(m): a delimiter or a quote is missing"))
        } else if n > m, record.fields[m...].contains(where: { !$0.isEmpty }) {
            problems.append(FieldProblem(column: nil,
                message: "the row has \(n) fields where the header has \(m): a delimiter or a quote is too many"))
        }
    }

    /// The cell's text, trimmed; empty when the column is absent.
    func text(_ column: Int?) -> String {
        guard let column, column < record.fields.count else { return "" }
        let raw = record.fields[column]
        // Most cells have nothing to trim: look at the end bytes before asking Foundation.
        func plain(_ b: UInt8?) -> Bool { b.map { $0 != 0x20 && $0 != 0x09 && $0 < 0x80 } ?? true }
        if plain(raw.utf8.first) && plain(raw.utf8.last) { return raw }
        return raw.trimmingCharacters(in: .whitespaces)
    }

    /// The cell's text, or nil when it is empty.
    func optional(_ column: Int?) -> String? {
        let t = text(column)
        return t.isEmpty ? nil : t
    }

    mutating func problem(_ column: Int?, _ message: String) {
        problems.append(FieldProblem(column: column, message: message))
    }

    var isValid: Bool { problems.isEmpty }
}

/// What every row is read with: the workspace's units, its time zone and today.
struct RowContext: Sendable {
    let units: UnitRegistry
    let parser: AmountParser
    let today: Day
    let timeZone: TimeZone
    var classifier = Classifier()
    /// `[import] liberapay_username`: the member whose receipts count in a team ledger.
    var liberapayUsername: String?

    init(units: UnitRegistry, today: Day, timeZone: TimeZone) {
        self.units = units
        self.parser = AmountParser(registry: units)
        self.today = today
        self.timeZone = timeZone
    }
}

// MARK: - reading cells

extension Cells {
    /// A required cell.
    mutating func required(_ column: Int?, _ what: String) -> String? {
        let t = text(column)
        if t.isEmpty { problem(column, "\(what) is empty"); return nil }
        return t
    }

    /// A unit code.
    mutating func unit(_ column: Int?, _ ctx: RowContext) -> ChapeauCore.Unit? {
        guard let code = required(column, "the unit") else { return nil }
        guard let u = ctx.units.unit(code: code) else {
            problem(column, "unknown unit '\(code)': use an ISO 4217 code (EUR, USD…) or declare it under [[units]] in the config")
            return nil
        }
        return u
    }

    /// An amount, in `unit` when given. `zeroIsIgnored` reports a zero amount as `.zero`
    /// instead of a problem (free tickets, cancelled pledges).
    mutating func amount(_ column: Int?, unit: ChapeauCore.Unit?, _ ctx: RowContext) -> Money? {
        guard let text = required(column, "the amount") else { return nil }
        if let unit, let fast = FastDecimal.minor(text, decimals: unit.decimals),
           fast > 0, fast <= Money.ceilingMinor(for: unit) {
            return Money(minor: fast, unit: unit)
        }
        do {
            return try ctx.parser.parse(text.hasPrefix("+") ? String(text.dropFirst()) : text, explicit: unit)
        } catch {
            problem(column, error.description)
            return nil
        }
    }

    /// A day written in one of a profile's styles.
    mutating func day(_ column: Int?, _ ctx: RowContext, styles: [ImportProfile.DateStyle]) -> Day? {
        guard let text = required(column, "the date") else { return nil }
        guard let d = DateText.day(text, styles: styles, timeZone: ctx.timeZone) else {
            problem(column, "'\(text)' is not a date: this format writes dates as \(styles.map(\.rawValue).joined(separator: " or "))")
            return nil
        }
        if d.ordinal > ctx.today.ordinal + 1 {
            problem(column, "'\(text)' is in the future (today is \(ctx.today))")
            return nil
        }
        return d
    }

    /// A signed amount (`-12,50`, `+30.00`, `12.50-`, `(12.50)`) in `unit`: its magnitude and
    /// whether it is a credit. With `decimalComma`, `1.234,56`; else `1,234.56`.
    mutating func signedAmount(_ column: Int?, unit: ChapeauCore.Unit?, decimalComma: Bool, _ ctx: RowContext) -> (Money, Bool)? {
        guard var text = required(column, "the amount") else { return nil }
        var negative = false
        text = text.filter { $0 != " " && $0 != "\u{00A0}" && $0 != "\u{202F}" && $0 != "'" }
        if text.hasPrefix("(") && text.hasSuffix(")") { negative = true; text = String(text.dropFirst().dropLast()) }
        if text.hasPrefix("-") || text.hasPrefix("\u{2212}") { negative = true; text = String(text.dropFirst()) }
        else if text.hasPrefix("+") { text = String(text.dropFirst()) }
        else if text.hasSuffix("-") { negative = true; text = String(text.dropLast()) }
        // Currency signs and codes around the number.
        let original = c_original(column)
        var number = text.filter { $0.isNumber || $0 == "," || $0 == "." }
        let rest = text.filter { !($0.isNumber || $0 == "," || $0 == ".") }
        if decimalComma {
            number = number.replacingOccurrences(of: ".", with: "").replacingOccurrences(of: ",", with: ".")
        } else {
            number = number.replacingOccurrences(of: ",", with: "")
        }
        let unitText = rest.trimmingCharacters(in: .whitespaces)
        var u = unit
        if !unitText.isEmpty {
            guard let named = ctx.units.unit(token: unitText) else {
                problem(column, "'\(original)' is not an amount: '\(unitText)' is not a unit")
                return nil
            }
            if let unit, unit != named {
                problem(column, "'\(original)' is in \(named.code) where the row says \(unit.code)")
                return nil
            }
            u = named
        }
        guard let u else { problem(column, "'\(original)' has no unit: the row gives no currency"); return nil }
        guard let minor = FastDecimal.minor(number, decimals: u.decimals) else {
            if number.split(separator: ".").last.map({ $0.count > u.decimals }) == true, number.contains(".") {
                problem(column, "'\(original)' has more decimals than \(u.code) allows (\(u.decimals))")
            } else {
                problem(column, "'\(original)' is not an amount")
            }
            return nil
        }
        guard minor > 0 else { problem(column, "'\(original)' is zero"); return nil }
        guard minor <= Money.ceilingMinor(for: u) else {
            problem(column, "'\(original)' is above the ceiling of \(Money.ceilingMajor) \(u.code)")
            return nil
        }
        return (Money(minor: minor, unit: u), !negative)
    }

    private func c_original(_ column: Int?) -> String { text(column) }

    /// A day: ISO `2026-11-20` (with or without a time), or French `20/11/2026`.
    mutating func day(_ column: Int?, _ ctx: RowContext, allowFuture: Bool = false, written: String = "YYYY-MM-DD") -> Day? {
        guard let text = required(column, "the date") else { return nil }
        guard let d = DateText.day(text, timeZone: ctx.timeZone) else {
            problem(column, "'\(text)' is not a date: write it as \(written)")
            return nil
        }
        if !allowFuture && d.ordinal > ctx.today.ordinal + 1 {
            problem(column, "'\(text)' is in the future (today is \(ctx.today))")
            return nil
        }
        return d
    }

    /// A single-line text of at most `max` characters, or nil when empty.
    mutating func line(_ column: Int?, max: Int, what: String) -> String? {
        guard let t = optional(column).map(CSVCell.unneutralise) else { return nil }
        // Most cells are printable ASCII: one byte a character, no control character.
        if t.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }), t.utf8.count <= max { return t }
        if t.count > max { problem(column, "\(what) is \(t.count) characters long: at most \(max)"); return nil }
        if t.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            problem(column, "\(what) holds control characters (a line break?): write it on one line")
            return nil
        }
        return t
    }

    /// A free text (a note): line breaks and tabs allowed, at most 5 000 characters.
    mutating func note(_ column: Int?) -> String? {
        guard let t = optional(column).map(CSVCell.unneutralise) else { return nil }
        if t.count > 5000 { problem(column, "the note is \(t.count) characters long: at most 5000"); return nil }
        let allowed: Set<Unicode.Scalar> = ["\n", "\t", "\r"]
        if t.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && !allowed.contains($0) }) {
            problem(column, "the note holds control characters")
            return nil
        }
        return t
    }

    /// A supporter handle as the ledger accepts it.
    mutating func handle(_ text: String, column: Int?) -> String? {
        guard Handles.isValid(text) else {
            problem(column, "handle '\(text)' is not valid: use 1 to 64 visible characters, no spaces")
            return nil
        }
        return text
    }
}

enum Handles {
    /// The ledger's rule for handles (1 to 64 visible characters, no spaces).
    static func isValid(_ h: String) -> Bool {
        // Printable ASCII without a space, the usual case, needs no Unicode property lookup.
        if !h.isEmpty, h.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) { return h.utf8.count <= 64 }
        return !h.isEmpty && h.count <= 64 && h.unicodeScalars.allSatisfy {
            !$0.properties.isWhitespace && $0.properties.generalCategory != .control && $0.properties.generalCategory != .format
        }
    }

    /// `platform:` + an identifier the platform gives, with spaces made dashes.
    static func make(_ platform: String, _ id: String) -> String {
        let cleaned = String(id.unicodeScalars.map {
            $0.properties.isWhitespace || $0.properties.generalCategory == .control || $0.properties.generalCategory == .format
                ? "-" : Character($0)
        })
        return String((platform + ":" + cleaned).prefix(64))
    }

    /// A stable handle that does not show the e-mail it is made from.
    static func hashed(_ platform: String, _ secretish: String) -> String {
        platform + ":" + Chain.sha256Hex(secretish.lowercased()).prefix(12)
    }
}

/// Plain decimals (`12.50`, `3`) read byte by byte, without any allocation: the generic
/// format's hot path. Anything else goes to `AmountParser`, which explains what is wrong.
enum FastDecimal {
    static func minor(_ text: String, decimals: Int) -> Int64? {
        var value: Int64 = 0
        var fraction = -1
        var digits = 0
        for b in text.utf8 {
            if b == UInt8(ascii: ".") {
                guard fraction < 0, digits > 0 else { return nil }
                fraction = 0
                continue
            }
            guard b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9") else { return nil }
            if fraction >= 0 {
                fraction += 1
                guard fraction <= decimals else { return nil }
            }
            digits += 1
            guard digits <= 17 else { return nil }
            value = value * 10 + Int64(b - UInt8(ascii: "0"))
        }
        guard digits > 0, fraction != 0 else { return nil }
        for _ in 0..<(decimals - max(fraction, 0)) { value *= 10 }
        return value
    }
}

/// Dates as exports write them.
enum DateText {
    /// The decimal number written by `count` ASCII digits from `from`, or nil.
    static func number(_ b: [UInt8], _ from: Int, _ count: Int) -> Int? {
        guard from >= 0, from + count <= b.count else { return nil }
        var v = 0
        for i in from..<(from + count) {
            guard b[i] >= 48, b[i] <= 57 else { return nil }
            v = v * 10 + Int(b[i] - 48)
        }
        return v
    }

    /// A day in one of these styles; ISO dates (with a time) are always understood.
    static func day(_ text: String, styles: [ImportProfile.DateStyle], timeZone: TimeZone) -> Day? {
        let b = Array(text.utf8)
        func num(_ from: Int, _ count: Int) -> Int? { number(b, from, count) }
        /// The rest after a date of `n` bytes: nothing, or a time.
        func endsAt(_ n: Int) -> Bool { b.count == n || b[n] == UInt8(ascii: " ") || b[n] == UInt8(ascii: "T") }
        for style in styles {
            switch style {
            case .ymd:
                if b.count >= 10, b[4] == UInt8(ascii: "-"), let d = day(text, timeZone: timeZone) { return d }
            case .dmy, .dmyDots, .dmyDashes, .mdy:
                let sep: UInt8 = style == .dmyDots ? UInt8(ascii: ".") : style == .dmyDashes ? UInt8(ascii: "-") : UInt8(ascii: "/")
                // d/m/yyyy with one or two digits for the day and month.
                var i = 0
                func part() -> Int? {
                    var v = 0, n = 0
                    while i < b.count, b[i] >= 48, b[i] <= 57, n < 4 { v = v * 10 + Int(b[i] - 48); i += 1; n += 1 }
                    return n == 0 ? nil : v
                }
                guard let first = part(), i < b.count, b[i] == sep else { continue }
                i += 1
                guard let second = part(), i < b.count, b[i] == sep else { continue }
                i += 1
                let yStart = i
                guard var year = part() else { continue }
                if i - yStart == 2 { year += 2000 } else if i - yStart != 4 { continue }
                guard endsAt(i) else { continue }
                let (d, m) = style == .mdy ? (second, first) : (first, second)
                if let day = Day(year: year, month: m, day: d) { return day }
            case .compact:
                if b.count >= 8, let y = num(0, 4), let m = num(4, 2), let d = num(6, 2), endsAt(8),
                   let day = Day(year: y, month: m, day: d) { return day }
            }
        }
        if !styles.contains(.ymd), b.count >= 10, b[4] == UInt8(ascii: "-") { return day(text, timeZone: timeZone) }
        return nil
    }

    /// `2026-11-20`, `2026-11-20T10:00:00Z`, `2026-11-20 10:00:00.000000`, `2026-11-20T10:00:00+01:00`,
    /// `20/11/2026`, `20/11/2026 10:00`, `20/11/26`. A time with an offset is placed in `timeZone`;
    /// a time without one is taken as local.
    static func day(_ text: String, timeZone: TimeZone) -> Day? {
        let b = Array(text.utf8)
        func num(_ from: Int, _ count: Int) -> Int? { number(b, from, count) }
        if b.count >= 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"),
           let y = num(0, 4), let m = num(5, 2), let d = num(8, 2), let day = Day(year: y, month: m, day: d) {
            if b.count == 10 { return day }
            guard b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: " ") else { return nil }
            return shifted(day, time: Array(b[11...]), timeZone: timeZone)
        }
        // dd/mm/yyyy or dd/mm/yy, optionally followed by a time.
        if b.count >= 8, b[2] == UInt8(ascii: "/"), b[5] == UInt8(ascii: "/"), let d = num(0, 2), let m = num(3, 2) {
            var year: Int?
            var rest = 0
            if let y = num(6, 4) { year = y; rest = 10 } else if let y = num(6, 2) { year = 2000 + y; rest = 8 }
            guard let year, let day = Day(year: year, month: m, day: d) else { return nil }
            if b.count == rest { return day }
            guard b[rest] == UInt8(ascii: " ") || b[rest] == UInt8(ascii: "T") else { return nil }
            return day
        }
        return nil
    }

    /// The local day of a time of `day`: `HH:MM[:SS[.fff]][Z|±HH:MM]`.
    private static func shifted(_ day: Day, time: [UInt8], timeZone: TimeZone) -> Day? {
        func num(_ from: Int) -> Int? {
            guard from + 2 <= time.count, (48...57).contains(time[from]), (48...57).contains(time[from + 1]) else { return nil }
            return Int(time[from] - 48) * 10 + Int(time[from + 1] - 48)
        }
        guard let h = num(0), time.count >= 5, time[2] == UInt8(ascii: ":"), let mi = num(3), h < 24, mi < 60 else { return nil }
        var i = 5
        var s = 0
        if i < time.count, time[i] == UInt8(ascii: ":") {
            guard let sec = num(i + 1), sec < 61 else { return nil }
            s = sec
            i += 3
            if i < time.count, time[i] == UInt8(ascii: ".") {
                i += 1
                while i < time.count, (48...57).contains(time[i]) { i += 1 }
            }
        }
        if i == time.count { return day }
        var offset = 0
        if time[i] == UInt8(ascii: "Z") {
            guard i + 1 == time.count else { return nil }
        } else if time[i] == UInt8(ascii: "+") || time[i] == UInt8(ascii: "-") {
            guard let oh = num(i + 1) else { return nil }
            var om = 0
            if i + 3 < time.count {
                let j = time[i + 3] == UInt8(ascii: ":") ? i + 4 : i + 3
                guard let m = num(j), j + 2 == time.count else { return nil }
                om = m
            } else if i + 3 != time.count { return nil }
            offset = (oh * 3600 + om * 60) * (time[i] == UInt8(ascii: "-") ? -1 : 1)
        } else {
            return nil
        }
        let seconds = Double(day.ordinal) * 86400 + Double(h * 3600 + mi * 60 + s - offset)
        return Day(Date(timeIntervalSince1970: seconds), in: timeZone)
    }
}

/// Status words meaning "paid" in HelloAsso's and Patreon's exports (compared without accents or case).
enum PaidStatus {
    static let words: Set<String> = ["valide", "validee", "validated", "paye", "payee", "paid", "succeeded"]

    static func isPaid(_ status: String) -> Bool { words.contains(Header.normalise(status)) }
}
