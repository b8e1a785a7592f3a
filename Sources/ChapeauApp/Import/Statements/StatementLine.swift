/// One booked entry of a bank statement, as the bank wrote it.
struct StatementLine: Sendable, Equatable {
    /// 1-based line number in the file where this entry starts (the `<STMTTRN>` / `<Ntry>` tag,
    /// or the `<TxDtls>` tag for one transaction of a camt batch entry).
    var line: Int
    /// Booking date, ISO "YYYY-MM-DD" (OFX DTPOSTED; camt BookgDt/Dt or the date part of BookgDt/DtTm).
    var date: String
    /// Value date, ISO, when given (OFX DTUSER; camt ValDt).
    var valueDate: String?
    /// Signed plain decimal with '.': "-12.50", "30.00", "5" (credit positive, debit negative).
    var amount: String
    /// ISO 4217 code.
    var currency: String
    /// Human text: OFX NAME + " " + MEMO; camt RmtInf/Ustrd, else AddtlNtryInf, else AddtlTxInf.
    var label: String
    /// OFX PAYEE/NAME (else NAME); camt debtor of a credit, creditor of a debit.
    var counterparty: String?
    /// camt DbtrAcct (credit) or CdtrAcct (debit) IBAN; OFX BANKACCTTO/ACCTID.
    var counterpartyIBAN: String?
    /// A stable id for de-duplication: OFX FITID; camt AcctSvcrRef, else NtryRef, else EndToEndId.
    var reference: String?
    /// camt EndToEndId, when not "NOTPROVIDED".
    var endToEndId: String?
    /// camt RmtInf/Strd/CdtrRefInf/Ref (e.g. an ISO 11649 "RF.." reference).
    var structuredReference: String?
    /// OFX TRNTYPE; camt BkTxCd/Domn/Fmly/SubFmlyCd, else BkTxCd/Prtry/Cd.
    var kind: String?
    /// The statement's own account: OFX BANKACCTFROM/CCACCTFROM ACCTID; camt Stmt/Acct/Id/IBAN (or Othr/Id).
    var account: String?
}

/// Why a statement file could not be read: the line, and one sentence naming the tag and the value.
struct StatementError: Error, Sendable, Equatable, CustomStringConvertible {
    var line: Int
    var message: String
    var description: String { "line \(line): \(message)" }
}
