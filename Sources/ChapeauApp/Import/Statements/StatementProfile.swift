import ChapeauCore

/// Bank statements read by a parser (OFX, camt.053) are classified like a bank CSV: the
/// config's rules, own accounts, payment references and the built-in payout rules; what is
/// left is a gift when it is a credit and an expense when it is a debit.
enum StatementProfile {
    static func profile(_ name: String, title: String) -> ImportProfile {
        ImportProfile(name: name, format: name, title: title, kind: .bank, hasHeader: false, skip: 0, channel: "bank", separator: nil, encoding: .utf8OrWindows1252,
                      decimalComma: false, dates: [.ymd], currency: nil, headerSearch: 1, priority: 0, referencePrefix: name,
                      columns: [:], required: [], stop: [], supporterVisibility: .anonymous, hashSupporter: true, rules: [],
                      creditDefault: .gift, debitDefault: .expense, creditReason: nil, debitReason: nil, expects: "", origin: "built-in")
    }

    /// A booked statement line as a movement, or the problem with it.
    static func movement(_ s: StatementLine, channel: String, prefix: String, _ ctx: RowContext) -> Result<Movement, StatementError> {
        guard let day = Day(iso: s.date) else { return .failure(StatementError(line: s.line, message: "'\(s.date)' is not a date")) }
        if day.ordinal > ctx.today.ordinal + 1 {
            return .failure(StatementError(line: s.line, message: "'\(s.date)' is in the future (today is \(ctx.today))"))
        }
        guard let unit = ctx.units.unit(code: s.currency) else {
            return .failure(StatementError(line: s.line, message: "unknown currency '\(s.currency)': use an ISO 4217 code"))
        }
        var text = s.amount
        let credit = !text.hasPrefix("-")
        if !credit { text.removeFirst() }
        guard let minor = FastDecimal.minor(text, decimals: unit.decimals), minor > 0, minor <= Money.ceilingMinor(for: unit) else {
            return .failure(StatementError(line: s.line, message: "'\(s.amount)' is not an amount of \(unit.code) Chapeau accepts"))
        }
        let label = [s.label, s.counterparty].compactMap { $0 }.filter { !$0.isEmpty }
        return .success(Movement(line: s.line, day: day, amount: Money(minor: minor, unit: unit), credit: credit,
                                 label: s.label, counterparty: s.counterparty, counterpartyIBAN: s.counterpartyIBAN,
                                 reference: s.reference.map { ref in
                                     // FITIDs are unique per account only: a file of several accounts keeps them apart.
                                     s.account.map { "\(prefix):\($0)/\(ref)" } ?? "\(prefix):\(ref)" }, refundOf: nil, type: s.kind, status: nil,
                                 account: s.account, supporter: nil, structuredReference: s.structuredReference, channel: channel,
                                 note: label.isEmpty ? nil : String(label.joined(separator: " · ").prefix(5000))))
    }
}
