public import ChapeauCore
import Foundation

/// One closed year of the funding history: what the yearly report of that year says was
/// received and spent in the ledger's currency (`PublicReport` of the year `2025`).
public struct FundingYear: Sendable, Equatable {
    public var year: Int
    public var income: Money
    public var expenses: Money

    public init(year: Int, income: Money, expenses: Money) {
        self.year = year
        self.income = income
        self.expenses = expenses
    }

    /// The figures of a yearly report, read from it (never added up again).
    public init?(_ report: PublicReport) {
        guard report.period.cadence == .yearly else { return nil }
        let unit = report.defaultUnit
        year = report.period.start.year
        income = report.receivedInDefaultUnit?.total ?? Money(minor: 0, unit: unit)
        expenses = report.expenses.first { $0.unit == unit }?.total ?? Money(minor: 0, unit: unit)
    }
}

/// `funding.json`: the funding manifest of the FLOSS/fund funding.json v1 schema
/// (`https://fundingjson.org/schema/v1.0.0.json`), written with the site (§12).
///
/// - entity: the author (an individual, owner of the work), the site's address as web page;
///   the e-mail the schema requires is left empty: Chapeau publishes no address;
/// - channels: the support page (`support_url`) and, with `[author] iban`, the bank transfer;
/// - plans: "any amount" (the schema's 0), then each need declared for the live period in an
///   ISO currency, at its own amount and rhythm; at most 30, as the reference validator asks;
/// - history: each closed year's income and expenses in the ledger's currency, from the yearly
///   reports.
///
/// Pure: the same inputs give the same bytes; no time is written, so the file changes only
/// when its figures do.
public enum FundingManifest {
    public static let fileName = "funding.json"
    public static let version = "v1.0.0"

    public static func render(config: ReportConfig, siteURL: String?, live: PublicReport, history: [FundingYear]) -> String {
        let fr = config.language == .fr
        let currency = config.defaultUnit.code
        let iso = isISOCurrency(currency)
        var channels: [JSON] = []
        var channelIDs: [String] = []
        if let url = safeURL(config.supportURL) {
            channels.append(.object([
                "guid": .string("support-page"), "type": .string("payment-provider"), "address": .string(String(url.prefix(250))),
                "description": .string(fr ? "Page de soutien : un don ponctuel ou régulier, du montant de votre choix."
                                           : "Support page: a one-off or regular gift, of the amount you choose."),
            ]))
            channelIDs.append("support-page")
        }
        if let payment = config.payment {
            var address = "IBAN \(payment.iban)"
            if let bic = payment.bic { address += ", BIC \(bic)" }
            channels.append(.object([
                "guid": .string("bank-transfer"), "type": .string("bank"), "address": .string(String(address.prefix(250))),
                "description": .string(String(((fr ? "Virement sans frais au nom de " : "Bank transfer without fees to ") + config.authorName).prefix(500))),
            ]))
            channelIDs.append("bank-transfer")
        }

        var plans: [JSON] = []
        if iso {
            plans.append(.object([
                "guid": .string("any-amount"), "status": .string("active"),
                "name": .string(fr ? "Participation libre" : "Free participation"),
                "description": .string(fr ? "Le montant de votre choix, une fois ou régulièrement." : "The amount you choose, once or regularly."),
                "amount": .int(0), "currency": .string(currency), "frequency": .string("one-time"),
                "channels": .array(channelIDs.map(JSON.string)),
            ]))
        }
        var taken: Set<String> = ["any-amount"]
        for figures in live.needs where isISOCurrency(figures.unit.code) {
            for line in figures.lines where plans.count < 30 {
                let guid = uniqueGuid(line.label, taken: &taken)
                var plan: [String: JSON] = [
                    "guid": .string(guid), "status": .string("active"), "name": .string(String(line.label.prefix(250))),
                    "amount": .number(line.amount.decimalString), "currency": .string(line.amount.unit.code),
                    "frequency": .string(frequency(line.every)), "channels": .array(channelIDs.map(JSON.string)),
                ]
                if line.every == .quarter { plan["description"] = .string(fr ? "Par trimestre." : "Per quarter.") }
                plans.append(.object(plan))
            }
        }

        var funding: [String: JSON] = ["channels": .array(channels), "plans": .array(plans)]
        if iso {
            funding["history"] = .array(history.sorted { $0.year < $1.year }.map { y in
                .object(["year": .int(Int64(y.year)), "income": .number(y.income.decimalString),
                         "expenses": .number(y.expenses.decimalString), "currency": .string(currency)])
            })
        }
        let site = siteURL.flatMap(safeURL) ?? config.baseURL.flatMap(safeURL) ?? safeURL(config.supportURL) ?? ""
        let description = fr
            ? "\(config.authorName) publie une œuvre en participation libre et rend compte de ce qui est reçu, de combien de personnes et face à quels besoins, dans des rapports de transparence périodiques."
            : "\(config.authorName) publishes a free-participation work and reports what comes in, from how many people and against which needs, in periodic transparency reports."
        return JSON.object([
            "version": .string(version),
            "entity": .object([
                "type": .string("individual"), "role": .string("owner"), "name": .string(String(config.authorName.prefix(250))),
                "email": .string(""), "description": .string(String(description.prefix(2000))),
                "webpageUrl": .object(["url": .string(String(site.prefix(250)))]),
            ]),
            "funding": .object(funding),
        ]).document
    }

    /// The schema's currencies: three capital letters (ISO 4217). Complementary units have no
    /// place in funding.json.
    static func isISOCurrency(_ code: String) -> Bool {
        code.count == 3 && code.unicodeScalars.allSatisfy { ("A"..."Z").contains($0) }
    }

    static func frequency(_ every: Recurrence) -> String {
        switch every {
        case .week: return "weekly"
        case .month: return "monthly"
        case .quarter: return "other"
        case .year: return "yearly"
        }
    }

    /// A plan id from a need's label: `[a-z0-9-]`, at most 32 characters, not yet taken.
    static func uniqueGuid(_ label: String, taken: inout Set<String>) -> String {
        var base = AtomFeed.slug(label.folding(options: [.diacriticInsensitive], locale: nil))
        if base == "reports" && !label.lowercased().contains("report") { base = "need" }
        base = String(base.prefix(28))
        while base.hasSuffix("-") { base.removeLast() }
        if base.isEmpty { base = "need" }
        var candidate = base, n = 2
        while taken.contains(candidate) {
            candidate = "\(base)-\(n)"
            n += 1
        }
        taken.insert(candidate)
        return candidate
    }
}
