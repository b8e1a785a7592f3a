/// Reads the booked entries of ISO 20022 camt.053 bank-to-customer statements, versions 001.02 to 001.13.
enum Camt053Reader {
    /// A Document in a camt.053.001.02 … .13 namespace, or a BkToCstmrStmt element.
    static func looksLike(_ prefix: [UInt8]) -> Bool {
        let namespace = "urn:iso:std:iso:20022:tech:xsd:camt.053.001."
        var from = 0
        while let at = ByteSearch.firstIndex(of: namespace, in: prefix, from: from) {
            let v = at + namespace.utf8.count
            if v + 1 < prefix.count, Byte.isDigit(prefix[v]), Byte.isDigit(prefix[v + 1]) {
                let version = Int(prefix[v] - Byte.zero) * 10 + Int(prefix[v + 1] - Byte.zero)
                if (2...13).contains(version) { return true }
            }
            from = at + 1
        }
        from = 0
        while let at = ByteSearch.firstIndex(of: "BkToCstmrStmt", in: prefix, from: from) {
            if at > 0, prefix[at - 1] == Byte.lt || prefix[at - 1] == Byte.colon { return true }
            from = at + 1
        }
        return false
    }

    static func read(_ data: [UInt8]) throws(StatementError) -> [StatementLine] {
        var parser = CamtParser(data)
        return try parser.run()
    }
}

/// The camt elements the reader looks at; every other element is `.other`.
private enum Tag: UInt8 {
    case other
    case stmt, acct, id, iban, othr, ccy
    case ntry, ntryDtls, txDtls, amt, amtDtls, txAmt, cdtDbtInd, sts, cd, ntryRef, bookgDt, valDt, dt, dtTm
    case acctSvcrRef, refs, endToEndId, bkTxCd, domn, fmly, subFmlyCd, prtry
    case rltdPties, dbtr, cdtr, pty, nm, dbtrAcct, cdtrAcct, rmtInf, ustrd, strd, cdtrRefInf, ref
    case addtlTxInf, addtlNtryInf

    /// Known names grouped by length, so a lookup compares a few short byte strings and hashes nothing.
    private static let byLength: [[(name: StaticString, tag: Tag)]] = [
        [],
        [],
        [("Id", .id), ("Cd", .cd), ("Dt", .dt), ("Nm", .nm)],
        [("Ccy", .ccy), ("Amt", .amt), ("Sts", .sts), ("Pty", .pty), ("Ref", .ref)],
        [("Stmt", .stmt), ("Acct", .acct), ("IBAN", .iban), ("Othr", .othr), ("Ntry", .ntry), ("DtTm", .dtTm), ("Refs", .refs), ("Domn", .domn), ("Fmly", .fmly), ("Dbtr", .dbtr), ("Cdtr", .cdtr), ("Strd", .strd)],
        [("TxAmt", .txAmt), ("ValDt", .valDt), ("Prtry", .prtry), ("Ustrd", .ustrd)],
        [("TxDtls", .txDtls), ("BkTxCd", .bkTxCd), ("RmtInf", .rmtInf)],
        [("AmtDtls", .amtDtls), ("NtryRef", .ntryRef), ("BookgDt", .bookgDt)],
        [("NtryDtls", .ntryDtls), ("DbtrAcct", .dbtrAcct), ("CdtrAcct", .cdtrAcct)],
        [("CdtDbtInd", .cdtDbtInd), ("SubFmlyCd", .subFmlyCd), ("RltdPties", .rltdPties)],
        [("EndToEndId", .endToEndId), ("CdtrRefInf", .cdtrRefInf), ("AddtlTxInf", .addtlTxInf)],
        [("AcctSvcrRef", .acctSvcrRef)],
        [("AddtlNtryInf", .addtlNtryInf)],
    ]

    static func of(_ range: Range<Int>, in scanner: XMLScanner) -> Tag {
        guard range.count < byLength.count else { return .other }
        for candidate in byLength[range.count] where scanner.equal(range, candidate.name) {
            return candidate.tag
        }
        return .other
    }
}

/// One open element: what it is, where its name is in the file, the line it opened on.
private struct Frame {
    var tag: Tag
    var name: Range<Int>
    var line: Int
}

/// Whether the elements below some ancestor are exactly `a`, `b`, `c`, `d` (no array built per call).
private func below(_ path: ArraySlice<Frame>, _ a: Tag, _ b: Tag? = nil, _ c: Tag? = nil, _ d: Tag? = nil) -> Bool {
    let count = b == nil ? 1 : c == nil ? 2 : d == nil ? 3 : 4
    guard path.count == count else { return false }
    let i = path.startIndex
    guard path[i].tag == a else { return false }
    if let b, path[i + 1].tag != b { return false }
    if let c, path[i + 2].tag != c { return false }
    if let d, path[i + 3].tag != d { return false }
    return true
}

private struct Value {
    var text: String
    var line: Int
}

private struct Amount {
    var text: String
    var currency: String?
    var line: Int
}

/// The fields an entry (Ntry) and a transaction (TxDtls) share.
private struct Details {
    var line: Int
    var amount: Amount?
    var detailAmount: Amount?  // TxDtls/AmtDtls/TxAmt/Amt
    var creditDebit: Value?
    var acctSvcrRef: String?
    var endToEndId: String?
    var family: String?
    var proprietary: String?
    var debtorName: String?
    var creditorName: String?
    var debtorIBAN: String?
    var creditorIBAN: String?
    var unstructured: [String] = []
    var structuredReference: String?
    var additionalInfo: String?
    var kind: String? { family ?? proprietary }

    init(line: Int) { self.line = line }

    /// Takes a leaf's value, by its path below the Ntry or TxDtls.
    mutating func take(_ tag: Tag, path p: ArraySlice<Frame>, value: String, line: Int, currency: String?) {
        switch tag {
        case .amt where below(p, .amt):
            amount = Amount(text: value, currency: currency, line: line)
        case .amt where below(p, .amtDtls, .txAmt, .amt):
            detailAmount = Amount(text: value, currency: currency, line: line)
        case .cdtDbtInd where below(p, .cdtDbtInd):
            creditDebit = Value(text: value, line: line)
        case .acctSvcrRef where below(p, .acctSvcrRef) || below(p, .refs, .acctSvcrRef):
            acctSvcrRef = value
        case .endToEndId where below(p, .refs, .endToEndId):
            endToEndId = value
        case .subFmlyCd where below(p, .bkTxCd, .domn, .fmly, .subFmlyCd):
            family = value
        case .cd where below(p, .bkTxCd, .prtry, .cd):
            proprietary = value
        case .nm where below(p, .rltdPties, .dbtr, .nm) || below(p, .rltdPties, .dbtr, .pty, .nm):
            debtorName = value
        case .nm where below(p, .rltdPties, .cdtr, .nm) || below(p, .rltdPties, .cdtr, .pty, .nm):
            creditorName = value
        case .iban where below(p, .rltdPties, .dbtrAcct, .id, .iban):
            debtorIBAN = value
        case .iban where below(p, .rltdPties, .cdtrAcct, .id, .iban):
            creditorIBAN = value
        case .ustrd where below(p, .rmtInf, .ustrd):
            unstructured.append(value)
        case .ref where below(p, .rmtInf, .strd, .cdtrRefInf, .ref):
            structuredReference = value
        case .addtlTxInf where below(p, .addtlTxInf):
            additionalInfo = value
        default:
            break
        }
    }
}

private struct Entry {
    var details: Details
    var status: String?
    var entryRef: String?
    var booking: Value?
    var value: Value?
    var transactions: [Details] = []
}

private struct CamtParser {
    private var scanner: XMLScanner
    private var decoder: TextDecoder
    private var lines: [StatementLine] = []

    private var stack: [Frame] = []
    private var text: [(range: Range<Int>, cdata: Bool)] = []
    private var amountCurrency: String?

    private var statementDepth: Int?
    private var account: String?
    private var accountIsIBAN = false
    private var accountCurrency: String?
    private var entry: Entry?
    private var entryDepth = 0
    private var transaction: Details?
    private var transactionDepth = 0

    init(_ data: [UInt8]) {
        scanner = XMLScanner(data)
        decoder = TextDecoder(data)
        stack.reserveCapacity(32)
        text.reserveCapacity(4)
    }

    private func name(_ range: Range<Int>) -> String {
        String(decoding: scanner.bytes[range], as: UTF8.self)
    }

    mutating func run() throws(StatementError) -> [StatementLine] {
        while let event = try scanner.next() {
            switch event {
            case let .start(nameRange, attributes, selfClosing):
                open(nameRange, attributes: attributes)
                if selfClosing {
                    try close()
                }
            case let .end(nameRange):
                guard let top = stack.last else {
                    throw StatementError(line: scanner.eventLine, message: "</\(name(nameRange))> closes no open tag")
                }
                let tag = Tag.of(nameRange, in: scanner)
                let bytes = scanner.bytes
                guard tag == top.tag, tag != .other || bytes[nameRange].elementsEqual(bytes[top.name]) else {
                    throw StatementError(
                        line: scanner.eventLine,
                        message: "</\(name(nameRange))> does not close <\(name(top.name))>, opened on line \(top.line)")
                }
                try close()
            case let .text(range):
                if !stack.isEmpty { text.append((range, false)) }
            case let .cdata(range):
                if !stack.isEmpty { text.append((range, true)) }
            }
        }
        if let top = stack.last {
            throw StatementError(line: top.line, message: "<\(name(top.name))> opened here is not closed at the end of the file")
        }
        return lines
    }

    private mutating func open(_ nameRange: Range<Int>, attributes: Range<Int>) {
        let tag = Tag.of(nameRange, in: scanner)
        stack.append(Frame(tag: tag, name: nameRange, line: scanner.eventLine))
        text.removeAll(keepingCapacity: true)
        let depth = stack.count
        switch tag {
        case .amt:
            amountCurrency = scanner.attribute("Ccy", in: attributes).map { decoder.string($0) }
        case .stmt:
            statementDepth = depth
            account = nil
            accountIsIBAN = false
            accountCurrency = nil
        case .ntry:
            if let statementDepth, depth == statementDepth + 1 {
                entry = Entry(details: Details(line: scanner.eventLine))
                entryDepth = depth
            }
        case .txDtls:
            if entry != nil, depth == entryDepth + 2, stack[entryDepth].tag == .ntryDtls {
                transaction = Details(line: scanner.eventLine)
                transactionDepth = depth
            }
        default:
            break
        }
    }

    /// Closes the innermost element (already checked to match).
    private mutating func close() throws(StatementError) {
        guard let top = stack.last else { return }
        let depth = stack.count
        if !text.isEmpty {
            if top.tag != .other { leaf(top.tag, line: top.line, depth: depth) }
            text.removeAll(keepingCapacity: true)
        }
        switch top.tag {
        case .txDtls where transaction != nil && depth == transactionDepth:
            if let transaction { entry?.transactions.append(transaction) }
            transaction = nil
        case .ntry where entry != nil && depth == entryDepth:
            if let entry { try finish(entry) }
            entry = nil
        case .stmt where depth == statementDepth:
            statementDepth = nil
        default:
            break
        }
        stack.removeLast()
    }

    private mutating func leafText() -> String {
        if text.count == 1 {
            return decoder.string(text[0].range, entities: !text[0].cdata)
        }
        var joined = ""
        for piece in text {
            joined += decoder.string(piece.range, entities: !piece.cdata)
        }
        return joined
    }

    /// A leaf's text, routed by its path below the TxDtls, the Ntry or the Stmt.
    private mutating func leaf(_ tag: Tag, line: Int, depth: Int) {
        switch tag {
        case .amt, .cdtDbtInd, .acctSvcrRef, .endToEndId, .subFmlyCd, .cd, .nm, .iban, .ustrd, .ref,
             .addtlTxInf, .addtlNtryInf, .sts, .ntryRef, .dt, .dtTm, .id, .ccy:
            break
        default:
            return
        }
        let value = leafText()
        guard !value.isEmpty else { return }
        if transaction != nil, depth > transactionDepth {
            transaction?.take(tag, path: stack[transactionDepth...], value: value, line: line, currency: amountCurrency)
            return
        }
        if entry != nil, depth > entryDepth {
            let p = stack[entryDepth...]
            switch tag {
            case .sts where below(p, .sts), .cd where below(p, .sts, .cd):
                entry?.status = value
            case .ntryRef where below(p, .ntryRef):
                entry?.entryRef = value
            case .dt where below(p, .bookgDt, .dt), .dtTm where below(p, .bookgDt, .dtTm):
                entry?.booking = Value(text: value, line: line)
            case .dt where below(p, .valDt, .dt), .dtTm where below(p, .valDt, .dtTm):
                entry?.value = Value(text: value, line: line)
            case .addtlNtryInf where below(p, .addtlNtryInf):
                entry?.details.additionalInfo = value
            default:
                entry?.details.take(tag, path: p, value: value, line: line, currency: amountCurrency)
            }
            return
        }
        if let statementDepth, depth > statementDepth {
            let p = stack[statementDepth...]
            switch tag {
            case .iban where below(p, .acct, .id, .iban):
                account = value
                accountIsIBAN = true
            case .id where below(p, .acct, .id, .othr, .id):
                if !accountIsIBAN { account = value }
            case .ccy where below(p, .acct, .ccy):
                accountCurrency = value
            default:
                break
            }
        }
    }

    private static func isCredit(_ value: Value) throws(StatementError) -> Bool {
        switch value.text {
        case "CRDT": return true
        case "DBIT": return false
        default: throw StatementError(line: value.line, message: "<CdtDbtInd> '\(value.text)' is neither CRDT nor DBIT")
        }
    }

    private func signed(_ amount: Amount, credit: Bool) throws(StatementError) -> String {
        guard let text = Values.amount(amount.text, allowSign: false, allowComma: false, negate: !credit) else {
            throw StatementError(line: amount.line, message: "<Amt> '\(amount.text)' is not an amount")
        }
        return text
    }

    private func currency(of amount: Amount) throws(StatementError) -> String {
        guard let currency = amount.currency ?? accountCurrency, !currency.isEmpty else {
            throw StatementError(line: amount.line, message: "<Amt> '\(amount.text)' has no Ccy attribute")
        }
        return currency
    }

    private static func provided(_ id: String?) -> String? {
        guard let id, id.uppercased() != "NOTPROVIDED" else { return nil }
        return id
    }

    private mutating func finish(_ entry: Entry) throws(StatementError) {
        // camt.053 lists only booked entries in principle; an entry without status is taken as booked.
        if let status = entry.status, status.uppercased() != "BOOK" { return }
        let e = entry.details
        guard let entryAmount = e.amount else {
            throw StatementError(line: e.line, message: "<Ntry> has no <Amt>")
        }
        guard let entryIndicator = e.creditDebit else {
            throw StatementError(line: e.line, message: "<Ntry> has no <CdtDbtInd>")
        }
        let entryCredit = try Self.isCredit(entryIndicator)
        guard let booking = entry.booking else {
            throw StatementError(line: e.line, message: "<Ntry> has no <BookgDt>")
        }
        guard let date = Values.isoDate(booking.text) else {
            throw StatementError(line: booking.line, message: "<BookgDt> '\(booking.text)' is not a date")
        }
        var valueDate: String?
        if let value = entry.value {
            guard let parsed = Values.isoDate(value.text) else {
                throw StatementError(line: value.line, message: "<ValDt> '\(value.text)' is not a date")
            }
            valueDate = parsed
        }
        let entryRef = e.acctSvcrRef ?? entry.entryRef
        let signedEntryAmount = try signed(entryAmount, credit: entryCredit)
        let entryCurrency = try currency(of: entryAmount)

        let transactions = entry.transactions.isEmpty ? [Details(line: e.line)] : entry.transactions
        let batch = transactions.count > 1
        for (index, t) in transactions.enumerated() {
            var credit = entryCredit
            var amount = signedEntryAmount
            var currency = entryCurrency
            var line = e.line
            var reference = entryRef ?? Self.provided(t.endToEndId)
            if batch {
                // One line per transaction of the batch, with its own amount and references.
                line = t.line
                if let indicator = t.creditDebit { credit = try Self.isCredit(indicator) }
                guard let own = t.amount ?? t.detailAmount else {
                    throw StatementError(
                        line: t.line,
                        message: "<TxDtls> in a batch of \(transactions.count) has no <Amt> of its own")
                }
                amount = try signed(own, credit: credit)
                currency = try self.currency(of: own)
                reference = entryRef.map { "\($0)/\(index + 1)" } ?? t.acctSvcrRef ?? Self.provided(t.endToEndId)
            }
            // A single TxDtls keeps the entry's booked amount: its own Amt may be in another currency.
            let unstructured = t.unstructured.isEmpty ? e.unstructured : t.unstructured
            let label = unstructured.isEmpty
                ? (e.additionalInfo ?? t.additionalInfo ?? "")
                : unstructured.joined(separator: " ")
            lines.append(StatementLine(
                line: line,
                date: date,
                valueDate: valueDate,
                amount: amount,
                currency: currency,
                label: label,
                counterparty: credit ? (t.debtorName ?? e.debtorName) : (t.creditorName ?? e.creditorName),
                counterpartyIBAN: credit ? (t.debtorIBAN ?? e.debtorIBAN) : (t.creditorIBAN ?? e.creditorIBAN),
                reference: reference,
                endToEndId: Self.provided(t.endToEndId),
                structuredReference: t.structuredReference ?? e.structuredReference,
                kind: t.kind ?? e.kind,
                account: account))
        }
    }
}

