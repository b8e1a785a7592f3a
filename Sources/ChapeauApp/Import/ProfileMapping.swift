import ChapeauCore
import Foundation

/// Reads the rows of a CSV file with an import profile: each row becomes a `Movement`, then
/// the classifier decides what it is.
struct ProfileMapping: RowMapping {
    let profile: ImportProfile
    let index: [ImportProfile.Field: Int]
    let stopKeys: [String]
    /// The columns rules look at: the rule's first column name → the column's index.
    var ruleColumns: [(String, Int)] = []
    var title: String { profile.title }

    /// The mapping for this header, or the columns it lacks.
    static func make(_ profile: ImportProfile, header: Header, userRules: [ImportProfile.Rule] = []) -> Result<ProfileMapping, MissingColumns> {
        var index: [ImportProfile.Field: Int] = [:]
        for (field, names) in profile.columns {
            if let i = header.column(names) { index[field] = i }
        }
        let missing = profile.required.filter { index[$0] == nil }
        guard missing.isEmpty else {
            return .failure(MissingColumns(names: missing.compactMap { profile.columns[$0]?.first }, title: profile.title))
        }
        var mapping = ProfileMapping(profile: profile, index: index, stopKeys: profile.stop.map(TextKey.make))
        var seen = Set<String>()
        for rule in userRules + profile.rules where !rule.column.isEmpty {
            guard let name = rule.column.first, seen.insert(name).inserted, let i = header.column(rule.column) else { continue }
            mapping.ruleColumns.append((name, i))
        }
        return .success(mapping)
    }

    /// How many of the profile's columns the header has: the better fit wins detection.
    static func score(_ profile: ImportProfile, header: Header) -> Int? {
        guard case .success(let m) = make(profile, header: header) else { return nil }
        return m.index.count
    }

    /// Whether a record is not a movement: a balance or total line, a section's title.
    func isStop(_ record: CSVRecord) -> Bool {
        guard !stopKeys.isEmpty, let first = record.fields.first(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) else {
            return false
        }
        let key = TextKey.make(first)
        return stopKeys.contains { key.hasPrefix($0) }
    }

    func read(_ c: inout Cells, _ ctx: RowContext) -> ImportRow {
        guard let m = movement(&c, ctx) else { return c.isValid ? .ignore("no amount") : ImportRow() }
        return ImportRow.classified(m, profile: profile, ctx)
    }

    /// The row's movement, or nil with the problems in `c` (or nothing to record: a zero amount).
    func movement(_ c: inout Cells, _ ctx: RowContext) -> Movement? {
        let p = profile
        let day = c.day(index[.date], ctx, styles: p.dates)
        var unit: ChapeauCore.Unit? = ctx.units.defaultUnit
        if let code = p.currency { unit = ctx.units.unit(code: code) ?? unit }
        if let col = index[.currency], !c.text(col).isEmpty { unit = c.unit(col, ctx) }
        var credit = true
        var money: Money?
        if let col = index[.amount] {
            if let (m, isCredit) = c.signedAmount(col, unit: unit, decimalComma: p.decimalComma, ctx) {
                money = m; credit = isCredit
            }
        } else {
            let creditText = c.text(index[.credit]), debitText = c.text(index[.debit])
            let hasCredit = !creditText.isEmpty && !ctx.isZeroText(creditText), hasDebit = !debitText.isEmpty && !ctx.isZeroText(debitText)
            if hasCredit && hasDebit {
                c.problem(index[.credit], "both a debit '\(debitText)' and a credit '\(creditText)': one of them should be empty")
            } else if hasCredit || hasDebit {
                let col = hasCredit ? index[.credit] : index[.debit]
                if let (m, _) = c.signedAmount(col, unit: unit, decimalComma: p.decimalComma, ctx) { money = m; credit = hasCredit }
            } else if c.isValid {
                return nil
            }
        }
        var label = c.text(index[.label])
        if let d = c.optional(index[.detail]), !label.contains(d) { label = label.isEmpty ? d : label + " " + d }
        let reference = c.line(index[.reference], max: 180, what: "the reference")
        let refundOf = c.line(index[.refundOf], max: 180, what: "the reference of the refunded payment")
        let supporterID = c.line(index[.supporterID], max: 254, what: "the payer")
        var name = c.line(index[.supporterName], max: 200, what: "the payer's name")
        if let first = c.line(index[.supporterFirstName], max: 100, what: "the payer's first name") {
            name = name.map { first + " " + $0 } ?? first
        }
        let mail = c.optional(index[.supporterEmail]).flatMap { $0.contains("@") && !$0.contains(" ") ? $0 : nil }
        let note = c.note(index[.note])
        var refundedAll = false
        var amount = money
        if let col = index[.refunded], !c.text(col).isEmpty, !ctx.isZeroText(c.text(col)), let money {
            if let (back, _) = c.signedAmount(col, unit: money.unit, decimalComma: p.decimalComma, ctx) {
                if back.minor >= money.minor { refundedAll = true }
                else { amount = Money(minor: money.minor - back.minor, unit: money.unit) }
            }
        }
        guard c.isValid, let day, let amount else { return nil }
        var supporter: SupporterDraft?
        if p.kind == .platform, let key = supporterID ?? mail ?? name, !key.isEmpty {
            let handle = p.hashSupporter ? Handles.hashed(p.name, key) : Handles.make(p.name, key)
            supporter = SupporterDraft(handle: handle, name: name, email: mail, visibility: p.supporterVisibility)
        }
        return Movement(line: c.record.line, day: day, amount: amount, credit: credit, label: label,
                        counterparty: c.optional(index[.counterparty]) ?? (p.kind == .bank ? nil : name),
                        counterpartyIBAN: c.optional(index[.counterpartyIBAN]),
                        reference: reference.map { "\(p.referencePrefix):\($0)" },
                        refundOf: refundOf.map { "\(p.referencePrefix):\($0)" },
                        type: c.optional(index[.type]), status: c.optional(index[.status]), account: c.optional(index[.account]),
                        supporter: supporter, structuredReference: nil, channel: p.channel,
                        note: note ?? (p.kind == .bank && !label.isEmpty ? String(label.prefix(5000)) : nil),
                        extra: Dictionary(ruleColumns.map { ($0.0, TextKey.make(c.text($0.1))) }, uniquingKeysWith: { a, _ in a }),
                        refundedAll: refundedAll)
    }
}

extension ImportRow {
    /// What a movement records once classified: a gift (with its supporter), a refund to
    /// void, an expense, or nothing, for the reason given.
    static func classified(_ m: Movement, profile: ImportProfile, _ ctx: RowContext) -> ImportRow {
        var c = ctx.classifier.classify(m, profile: profile)
        // A payment refunded whole is never a gift: it voids what an earlier import recorded.
        if m.refundedAll, c.result == .gift { c = Classification(result: .refund, reason: "refunded in full") }
        var row = ImportRow()
        row.result = c.result
        row.reason = c.reason
        row.day = m.day
        row.signed = m.credit ? m.amount : Money(minor: -m.amount.minor, unit: m.amount.unit)
        switch c.result {
        case .gift:
            row.supporter = m.supporter
            row.payer = c.payer
            row.gift = Gift(amount: m.amount, day: m.day, channel: m.channel, reference: m.reference, note: m.note)
        case .refund:
            row.refundOf = m.refundedAll ? m.reference : m.refundOf
        case .expense:
            let label = m.label.isEmpty ? (m.counterparty ?? "expense") : m.label
            row.expense = Expense(label: String(label.prefix(200)), amount: m.amount, day: m.day, category: c.category)
            row.expenseReference = m.reference
        case .payout, .transfer, .ignored, .duplicate:
            break
        }
        return row
    }
}
