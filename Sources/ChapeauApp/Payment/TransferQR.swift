import ChapeauCore
import ChapeauStore
public import Foundation

/// The SEPA transfer QR code (EPC069-12, "BCD") that pays the author without fees: the
/// beneficiary is `[author] name`, the account `[author] iban` and `bic`. A supporter's own
/// code carries their payment reference, so that the bank credit is matched to them on import.
public enum TransferQR {
    /// What `chapeau qr` wrote.
    public struct Written: Sendable, Encodable {
        /// The SVG file, as given on the command line.
        public let path: String
        public let beneficiary: String
        /// The IBAN in groups of four.
        public let iban: String
        public let bic: String?
        /// Euro cents, or nil when the payer chooses the amount.
        public let amountMinor: Int64?
        /// `12.50`, or nil.
        public let amount: String?
        /// The supporter's handle, with `--supporter`.
        public let supporter: String?
        /// Their payment reference (structured remittance), electronic form.
        public let reference: String?
        /// The free remittance text, without `--supporter`.
        public let remittance: String?
        /// The text the QR code holds.
        public let payload: String

        enum CodingKeys: String, CodingKey {
            case path, beneficiary, iban, bic, amountMinor = "amount_minor", amount, supporter, reference, remittance, payload
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(path, forKey: .path)
            try c.encode(beneficiary, forKey: .beneficiary)
            try c.encode(iban, forKey: .iban)
            try c.encode(bic, forKey: .bic)
            try c.encode(amountMinor, forKey: .amountMinor)
            try c.encode(amount, forKey: .amount)
            try c.encode(supporter, forKey: .supporter)
            try c.encode(reference, forKey: .reference)
            try c.encode(remittance, forKey: .remittance)
            try c.encode(payload, forKey: .payload)
        }

        /// One line for the terminal.
        public var line: String {
            var s = "wrote \(path): a SEPA transfer QR code to \(beneficiary), IBAN \(iban)"
            if let bic { s += ", BIC \(bic)" }
            s += amount.map { ", \($0) EUR" } ?? ", any amount"
            if let reference, let supporter {
                s += ", reference \(CreditorReference.printable(reference)) (\(supporter))"
            } else if let remittance {
                s += ", remittance \"\(remittance)\""
            }
            return s
        }
    }

    /// The free remittance text of a code that names no supporter.
    static func remittance(language: String) -> String {
        language == "en" ? "Support" : "Soutien"
    }

    /// The image's title, for assistive technology.
    static func title(author: String, language: String, reference: String?) -> String {
        let ref = reference.map(CreditorReference.printable)
        if language == "en" {
            return "QR code of a SEPA bank transfer to \(author)" + (ref.map { ", reference \($0)" } ?? "")
        }
        return "Code QR de virement SEPA à \(author)" + (ref.map { ", référence \($0)" } ?? "")
    }

    /// The EPC payload for a transfer to the author. Without `[author] iban`: invalid data,
    /// naming the key to add.
    static func payload(_ workspace: Workspace, amountMinor: Int64?, reference: String?) throws -> EPCPayload {
        let author = workspace.config.author
        guard let iban = author.iban else {
            throw AppError.invalid("no IBAN to pay into: add iban = \"FR76 …\" (and optionally bic) under [author] in \(workspace.configPath)")
        }
        return EPCPayload(bic: author.bic, name: author.name, iban: iban, amountMinor: amountMinor,
                          reference: reference,
                          remittanceText: reference == nil ? remittance(language: workspace.config.reports.language) : nil)
    }

    /// The payload's text and its SVG image, errors made into invalid data (65).
    static func render(_ payload: EPCPayload, title: String) throws -> (text: String, svg: String) {
        do {
            let text = try payload.text()
            return (text, try QRSVG.svg(for: text, title: title))
        } catch let e as EPCError {
            throw AppError.invalid("cannot make the SEPA transfer QR code: \(e.description)")
        } catch {
            throw AppError.invalid("cannot make the SEPA transfer QR code: \(error)")
        }
    }

    /// An amount in euros: the EPC QR code knows no other currency.
    static func euros(_ text: String, _ workspace: Workspace) throws -> Money {
        let money = try AmountParser(registry: workspace.units).parse(text, explicit: nil)
        guard money.unit.code == "EUR" else {
            let hint = workspace.units.defaultUnit.code == "EUR" ? "" : " (the ledger's currency is \(workspace.units.defaultUnit.code): write \"\(text) EUR\" if you mean euros)"
            throw AppError.invalid("--amount '\(text)' is in \(money.unit.code): a SEPA transfer QR code is for euros only\(hint)")
        }
        return money
    }

    /// `chapeau qr`: writes the SVG atomically to `output` (relative to the current folder).
    /// With `supporter` (a handle, or an id `s-12`), the code carries their payment reference.
    public static func write(workspace: Workspace, now: Date, amount: String?, supporter: String?, output: String) throws -> Written {
        guard output.lowercased().hasSuffix(".svg") else {
            throw AppError.usage("--output '\(output)' should end in .svg: the QR code is written as an SVG image")
        }
        let money = try amount.map { try euros($0, workspace) }
        var reference: String?
        var handle: String?
        if let supporter {
            let treasurer = try Treasurer(workspace: workspace, now: now)
            let (id, entry) = try treasurer.storedSupporter(supporter)
            guard case .supporter(let person) = entry.body, !person.handle.isEmpty else {
                throw AppError.invalid("supporter \(id) was erased: their payment reference is no longer matched to anyone")
            }
            reference = CreditorReference.forSupporter(number: id.number)
            handle = person.handle
        }
        let payload = try payload(workspace, amountMinor: money?.minor, reference: reference)
        let author = workspace.config.author
        let (text, svg) = try render(payload, title: title(author: author.name, language: workspace.config.reports.language,
                                                            reference: reference))
        let absolute = output.hasPrefix("/") ? output : FileManager.default.currentDirectoryPath + "/" + output
        try AtomicFile.write(Data((svg + "\n").utf8), to: absolute, mode: 0o644)
        return Written(path: output, beneficiary: author.name, iban: IBAN.printable(payload.iban), bic: author.bic,
                       amountMinor: money?.minor, amount: money?.decimalString, supporter: handle, reference: reference,
                       remittance: payload.remittanceText, payload: text)
    }
}
