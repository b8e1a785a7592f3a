/// The text of an EPC QR code ("GiroCode") for a SEPA Credit Transfer, as defined
/// by the European Payments Council guidelines EPC069-12, version 002, character
/// set 1 (UTF-8), identification SCT.
///
/// The payload is one element per line, separated by a line feed, in this order:
/// service tag `BCD`, version `002`, character set `1`, identification `SCT`,
/// BIC, beneficiary name, IBAN, amount, purpose, structured remittance,
/// unstructured remittance, beneficiary-to-originator information. Empty
/// trailing elements are left out, and the whole payload is at most 331 bytes
/// (the capacity of a version 13 QR code at error-correction level M).
public struct EPCPayload: Equatable, Sendable {
    /// The beneficiary bank's BIC; optional in version 002.
    public var bic: String?
    /// The beneficiary's name, 1 to 70 characters.
    public var name: String
    /// The beneficiary's IBAN; spaces and lower case are accepted.
    public var iban: String
    /// The amount in euro cents, 1 (EUR 0.01) to 99 999 999 999 (EUR 999 999 999.99).
    public var amountMinor: Int64?
    /// An ISO 20022 purpose code of four letters, such as `CHAR` (charity payment).
    public var purpose: String?
    /// Structured remittance information, at most 35 characters; an RF reference
    /// must be valid and is written in electronic form.
    public var reference: String?
    /// Unstructured remittance information, at most 140 characters.
    public var remittanceText: String?
    /// Beneficiary-to-originator information shown to the payer, at most 70 characters.
    public var information: String?

    public init(
        bic: String? = nil, name: String, iban: String, amountMinor: Int64? = nil,
        purpose: String? = nil, reference: String? = nil, remittanceText: String? = nil,
        information: String? = nil
    ) {
        self.bic = bic
        self.name = name
        self.iban = iban
        self.amountMinor = amountMinor
        self.purpose = purpose
        self.reference = reference
        self.remittanceText = remittanceText
        self.information = information
    }

    static let maxBytes = 331

    /// The payload text, or an error naming the first field that breaks the guidelines.
    public func text() throws(EPCError) -> String {
        var bicLine = ""
        if let bic = present(bic) {
            bicLine = IBAN.normalise(bic)
            guard BIC.isValid(bicLine) else {
                throw EPCError(field: .bic, message: "The BIC “\(bic)” is not valid: a BIC has 8 or 11 letters and digits, such as GEBABEBB.")
            }
        }

        let nameLine = try line(name, field: .name, max: 70)
        guard !nameLine.isEmpty else { throw EPCError(field: .name, message: "The beneficiary name is missing.") }

        if let problem = IBAN.validate(iban) { throw EPCError(field: .iban, message: problem.description) }

        var amountLine = ""
        if let cents = amountMinor {
            guard (1...99_999_999_999).contains(cents) else {
                throw EPCError(field: .amount, message: "The amount must be between EUR 0.01 and EUR 999999999.99.")
            }
            let fraction = cents % 100
            amountLine = "EUR\(cents / 100).\(fraction < 10 ? "0" : "")\(fraction)"
        }

        var purposeLine = ""
        if let purpose = present(purpose) {
            purposeLine = purpose.uppercased()
            guard purposeLine.utf8.count == 4, purposeLine.utf8.allSatisfy(ASCII.isLetter) else {
                throw EPCError(field: .purpose, message: "The purpose “\(purpose)” must be a code of four letters, such as CHAR.")
            }
        }

        var referenceLine = try line(reference, field: .reference, max: 35)
        if referenceLine.uppercased().hasPrefix("RF") {
            guard CreditorReference.isValid(referenceLine) else {
                throw EPCError(field: .reference, message: "The structured reference “\(referenceLine)” is not a valid RF creditor reference.")
            }
            referenceLine = CreditorReference.compact(referenceLine)
        }
        let textLine = try line(remittanceText, field: .remittanceText, max: 140)
        guard referenceLine.isEmpty || textLine.isEmpty else {
            throw EPCError(field: .remittanceText, message: "Give either a structured reference or a remittance text, not both.")
        }
        let informationLine = try line(information, field: .information, max: 70)

        var lines = ["BCD", "002", "1", "SCT", bicLine, nameLine, IBAN.normalise(iban), amountLine,
                     purposeLine, referenceLine, textLine, informationLine]
        while lines.last?.isEmpty == true { lines.removeLast() }
        let payload = lines.joined(separator: "\n")
        guard payload.utf8.count <= Self.maxBytes else {
            throw EPCError(field: .payload, message: "The payload takes \(payload.utf8.count) bytes; an EPC QR code holds at most \(Self.maxBytes). Shorten the name or the texts.")
        }
        return payload
    }

    /// `value` without surrounding whitespace, or `nil` if that leaves nothing.
    private func present(_ value: String?) -> String? {
        guard let trimmed = value.map(trim), !trimmed.isEmpty else { return nil }
        return trimmed
    }

    /// A text element: trimmed, on one line, and at most `max` characters.
    private func line(_ value: String?, field: EPCError.Field, max: Int) throws(EPCError) -> String {
        guard let text = present(value) else { return "" }
        guard !text.contains(where: \.isNewline) else {
            throw EPCError(field: field, message: "The \(field.rawValue) must fit on one line.")
        }
        guard text.count <= max else {
            throw EPCError(field: field, message: "The \(field.rawValue) has \(text.count) characters; at most \(max) are allowed.")
        }
        return text
    }

    private func trim(_ text: String) -> String {
        String(text.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}

/// A refusal to build an EPC payload: the field at fault and a sentence for the user.
public struct EPCError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Field: String, Sendable {
        case bic = "BIC"
        case name = "beneficiary name"
        case iban = "IBAN"
        case amount = "amount"
        case purpose = "purpose"
        case reference = "structured reference"
        case remittanceText = "remittance text"
        case information = "beneficiary-to-originator information"
        case payload = "payload"
    }

    public let field: Field
    public let message: String

    public init(field: Field, message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { message }
}
