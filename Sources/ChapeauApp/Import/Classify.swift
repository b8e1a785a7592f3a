public import ChapeauCore
import Foundation

/// One money movement read from a bank statement or a platform's export, in the fields every
/// format is read into, before it is classified.
struct Movement: Sendable {
    var line: Int
    var day: Day
    /// The amount's magnitude; `credit` says which way it went.
    var amount: Money
    var credit: Bool
    var label: String
    var counterparty: String?
    var counterpartyIBAN: String?
    /// The external reference, prefixed with the format (`paypal:8AB…`), for de-duplication.
    var reference: String?
    /// The reference of the payment this row gives back, prefixed like `reference`.
    var refundOf: String?
    var type: String?
    var status: String?
    var account: String?
    var supporter: SupporterDraft?
    /// A structured creditor reference the bank gave (camt.053 `CdtrRefInf`).
    var structuredReference: String?
    var channel: String
    var note: String?
    /// The cells of the columns the rules look at, by the rule's column name (compared as keys).
    var extra: [String: String] = [:]
    /// The platform says all of it was refunded.
    var refundedAll = false
}

/// What classification decided for one movement.
struct Classification: Sendable, Equatable {
    var result: RowClass
    var reason: String?
    var category: String?
    /// The supporter whose payment reference the label holds.
    var payer: ID<Supporter>?
}

/// Classifies movements: the config's rules first, then the format's own, then (for bank
/// statements) the author's own accounts, payment references and the built-in payout rules,
/// and last the format's default for a credit or a debit.
struct Classifier: Sendable {
    var userRules: [ImportProfile.Rule] = []
    /// IBANs (normalised) and label keys of the author's own accounts.
    var ownIBANs: Set<String> = []
    var ownLabels: [String] = []
    /// Payment references (normalised, `RF…`) → supporter.
    var paymentReferences: [String: ID<Supporter>] = [:]

    func classify(_ m: Movement, profile: ImportProfile) -> Classification {
        let label = TextKey.make(m.label)
        let counterparty = m.counterparty.map(TextKey.make) ?? ""
        let rowKey = RowKeys(label: label, counterparty: counterparty, type: m.type.map(TextKey.make) ?? "",
                             status: m.status.map(TextKey.make) ?? "", account: m.account.map(TextKey.make) ?? "")
        for rule in userRules where rule.formats.isEmpty || rule.formats.contains(profile.name) {
            if rule.matches(rowKey, m) { return Classification(result: rule.result, reason: rule.reason ?? "a rule of the config", category: rule.category) }
        }
        for rule in profile.rules where rule.matches(rowKey, m) {
            return Classification(result: rule.result, reason: rule.reason, category: rule.category)
        }
        if profile.kind == .bank {
            if let iban = m.counterpartyIBAN.map(IBANText.normalise), ownIBANs.contains(iban) {
                return Classification(result: .transfer, reason: "from or to an account of the author's (own_accounts)")
            }
            if let own = ownLabels.first(where: { TextKey.contains(label, $0) || TextKey.contains(counterparty, $0) }) {
                _ = own
                return Classification(result: .transfer, reason: "from or to an account of the author's (own_accounts)")
            }
            if m.credit, !paymentReferences.isEmpty {
                for ref in ([m.structuredReference].compactMap { $0 } + CreditorReference.find(in: m.label)) {
                    if let who = paymentReferences[CreditorReference.normalise(ref)] {
                        return Classification(result: .gift, reason: "payment reference \(CreditorReference.normalise(ref))", payer: who)
                    }
                }
            }
            for rule in BankRules.builtIn where rule.matches(rowKey, m) {
                return Classification(result: rule.result, reason: rule.reason, category: rule.category)
            }
        }
        return m.credit
            ? Classification(result: profile.creditDefault, reason: profile.creditReason ?? "a credit: a gift")
            : Classification(result: profile.debitDefault, reason: profile.debitReason ?? "a debit")
    }
}

/// A row's texts as rules compare them.
struct RowKeys {
    var label, counterparty, type, status, account: String
}

extension ImportProfile.Rule {
    func matches(_ k: RowKeys, _ m: Movement) -> Bool {
        if let sign, (sign == .credit) != m.credit { return false }
        if !label.isEmpty, !label.contains(where: { TextKey.contains(k.label, $0) }) { return false }
        if !counterparty.isEmpty, !counterparty.contains(where: { TextKey.contains(k.counterparty, $0) || TextKey.contains(k.label, $0) }) {
            return false
        }
        if !type.isEmpty, !type.contains(k.type) { return false }
        if !status.isEmpty, !status.contains(k.status) { return false }
        if !statusNot.isEmpty, statusNot.contains(k.status) { return false }
        if !account.isEmpty, !account.contains(where: { TextKey.contains(k.account, $0) }) { return false }
        if let name = column.first {
            let cell = m.extra[name] ?? ""
            if !values.isEmpty, !values.contains(cell) { return false }
            if !valuesNot.isEmpty, valuesNot.contains(cell) { return false }
        }
        if let min, let bound = PlainAmount.minor(min, decimals: m.amount.unit.decimals), m.amount.minor < bound { return false }
        if let max, let bound = PlainAmount.minor(max, decimals: m.amount.unit.decimals), m.amount.minor > bound { return false }
        return true
    }
}

/// `12,50`, `12.50`, `1 234,56` as minor units (rules' bounds).
enum PlainAmount {
    static func minor(_ text: String, decimals: Int) -> Int64? {
        let cleaned = text.filter { $0 != " " && $0 != "\u{00A0}" && $0 != "\u{202F}" && $0 != "€" }.replacingOccurrences(of: ",", with: ".")
        return FastDecimal.minor(cleaned, decimals: decimals)
    }
}

/// The rules every bank statement is read with, after the config's and the format's own:
/// platforms paying out (their gifts come from their own exports) and merchants' refunds.
/// The labels are those the platforms' payouts carry on French statements.
enum BankRules {
    static let builtIn: [ImportProfile.Rule] = {
        func credit(_ words: [String], _ result: RowClass, _ reason: String) -> ImportProfile.Rule {
            var r = ImportProfile.Rule(result: result, reason: reason)
            r.sign = .credit
            r.counterparty = words.map(TextKey.make)
            return r
        }
        return [
            credit(["PAYPAL"], .payout, "a PayPal payout: its gifts come from the PayPal export"),
            credit(["HELLOASSO", "HELLO ASSO"], .payout, "a HelloAsso payout: its gifts come from the HelloAsso export"),
            credit(["STRIPE"], .payout, "a Stripe payout: its gifts come from the Stripe export"),
            credit(["LEETCHI"], .payout, "a Leetchi payout: its gifts come from the Leetchi export"),
            credit(["MANGOPAY", "MANGO PAY"], .payout, "a Mangopay payout (Leetchi, Liberapay): its gifts come from the platform's export"),
            credit(["LIBERAPAY"], .payout, "a Liberapay payout: its gifts come from the Liberapay export"),
            credit(["KO FI", "KOFI"], .payout, "a Ko-fi payout: its gifts come from the Ko-fi export"),
            credit(["TIPEEE"], .payout, "a Tipeee payout: its gifts come from the Tipeee export"),
            credit(["PATREON"], .payout, "a Patreon payout: its gifts come from the Patreon export"),
            credit(["OPEN COLLECTIVE", "OPENCOLLECTIVE", "OPEN SOURCE COLLECTIVE"], .payout,
                   "an Open Collective payout: its gifts come from the Open Collective export"),
            {
                // Savings accounts are the author's own: money moved from or to them is no gift
                // and no expense. [import] own_accounts names other accounts.
                var r = ImportProfile.Rule(result: .transfer, reason: "between the author's own accounts (a savings account)")
                r.counterparty = ["VIREMENT INTERNE", "VIR INTERNE", "LIVRET A", "DEPUIS LIVRET", "VERS LIVRET", "VIR CEL", "VIR LIVRET",
                                  "VIR LDDS", "VIREMENT DE COMPTE A COMPTE", "VIR COMPTE A COMPTE", "ALIMENTATION DEPUIS"].map(TextKey.make)
                return r
            }(),
            credit(["AVOIR", "REMBOURSEMENT CARTE", "REMB CARTE", "REMB CB", "RBT CB", "RBT CARTE", "REMBT CB", "REMBOURST CB",
                    "CARTE REMBOURSEMENT", "ANNULATION CARTE", "ANNUL CB"], .refund, "a merchant's refund of a card payment"),
        ]
    }()
}

/// IBANs as written in statements and configs: spaces removed, upper case.
enum IBANText {
    static func normalise(_ text: String) -> String {
        String(text.unicodeScalars.filter { !$0.properties.isWhitespace }.map { Character($0) }).uppercased()
    }
}
