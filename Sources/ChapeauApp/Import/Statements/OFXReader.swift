/// Reads the transactions of OFX 1.x (SGML, leaf tags left open) and OFX 2.x (XML) statements.
enum OFXReader {
    /// Whether these first bytes look like OFX (1.x header "OFXHEADER:100" or 2.x "<?OFX" / "<OFX>").
    static func looksLike(_ prefix: [UInt8]) -> Bool {
        var i = 0
        if prefix.count >= 3, prefix[0] == 0xEF, prefix[1] == 0xBB, prefix[2] == 0xBF { i = 3 }
        while i < prefix.count, Byte.isSpace(prefix[i]) { i += 1 }
        if ByteSearch.firstIndex(of: "OFXHEADER:", in: prefix, from: i, ignoringCase: true) == i { return true }
        return ByteSearch.contains(prefix, "<?OFX", ignoringCase: true)
            || ByteSearch.contains(prefix, "<OFX>", ignoringCase: true)
    }

    /// Every STMTTRN of every statement (bank and credit-card) in the file.
    static func read(_ data: [UInt8]) throws(StatementError) -> [StatementLine] {
        var parser = OFXParser(data)
        return try parser.run()
    }
}

private struct OFXParser {
    private struct Value {
        var text: String
        var line: Int
    }

    private struct Transaction {
        var line: Int
        var type: String?
        var posted: Value?
        var user: Value?
        var amount: Value?
        var fitID: String?
        var name: String?
        var memo: String?
        var payeeName: String?
        var currency: String?
        var accountTo: String?
    }

    private var scanner: XMLScanner
    private var decoder: TextDecoder
    private var lines: [StatementLine] = []

    private var inStatement = false
    private var statementCurrency: String?
    private var statementAccount: String?
    private var inAccountFrom = false
    private var inAccountTo = false
    private var inPayee = false
    /// Inside <CURRENCY>: TRNAMT is in its CURSYM. (Inside <ORIGCURRENCY> TRNAMT was converted to
    /// CURDEF and CURSYM only names the original currency, so it does not change the amount's currency.)
    private var inCurrency = false
    private var transaction: Transaction?
    /// The tag whose value the next text run is (OFX 1.x leaves have no end tag).
    private var pendingTag: String?
    private var pendingLine = 0

    init(_ data: [UInt8]) {
        scanner = XMLScanner(data)
        decoder = TextDecoder(data)
    }

    mutating func run() throws(StatementError) -> [StatementLine] {
        while let event = try scanner.next() {
            switch event {
            case let .start(nameRange, _, selfClosing):
                let name = tagName(nameRange)
                try open(name, line: scanner.eventLine)
                if selfClosing {
                    try close(name)
                }
            case let .end(nameRange):
                try close(tagName(nameRange))
            case let .text(range):
                try value(range, entities: true)
            case let .cdata(range):
                try value(range, entities: false)
            }
        }
        if let transaction {
            throw StatementError(
                line: transaction.line,
                message: "<STMTTRN> opened here is not closed at the end of the file")
        }
        return lines
    }

    private func tagName(_ range: Range<Int>) -> String {
        let bytes = scanner.bytes
        var lower = false
        for i in range where bytes[i] >= 0x61 && bytes[i] <= 0x7A {
            lower = true
            break
        }
        let name = String(decoding: bytes[range], as: UTF8.self)
        return lower ? name.uppercased() : name
    }

    private mutating func open(_ name: String, line: Int) throws(StatementError) {
        pendingTag = name
        pendingLine = line
        switch name {
        case "STMTRS", "CCSTMTRS":
            try finishTransaction()
            inStatement = true
            statementCurrency = nil
            statementAccount = nil
        case "STMTTRN":
            guard inStatement else { return }
            try finishTransaction()  // an SGML file may leave the previous one open
            transaction = Transaction(line: line)
        case "BANKACCTFROM", "CCACCTFROM": inAccountFrom = true
        case "BANKACCTTO", "CCACCTTO": inAccountTo = true
        case "PAYEE": inPayee = true
        case "CURRENCY": inCurrency = true
        default: break
        }
    }

    private mutating func close(_ name: String) throws(StatementError) {
        pendingTag = nil
        switch name {
        case "STMTTRN", "BANKTRANLIST":
            try finishTransaction()
        case "STMTRS", "CCSTMTRS":
            try finishTransaction()
            inStatement = false
        case "BANKACCTFROM", "CCACCTFROM": inAccountFrom = false
        case "BANKACCTTO", "CCACCTTO": inAccountTo = false
        case "PAYEE": inPayee = false
        case "CURRENCY": inCurrency = false
        default: break
        }
    }

    private mutating func value(_ range: Range<Int>, entities: Bool) throws(StatementError) {
        guard let tag = pendingTag, inStatement else { return }
        pendingTag = nil
        let wanted: Bool
        switch tag {
        case "CURDEF", "ACCTID": wanted = true
        case "TRNTYPE", "DTPOSTED", "DTUSER", "TRNAMT", "FITID", "NAME", "MEMO", "CURSYM": wanted = transaction != nil
        default: wanted = false
        }
        guard wanted else { return }
        let text = decoder.string(range, entities: entities)
        guard !text.isEmpty else { return }
        let line = pendingLine
        switch tag {
        case "CURDEF":
            if transaction == nil { statementCurrency = text }
        case "ACCTID":
            if inAccountFrom, transaction == nil {
                statementAccount = text
            } else if inAccountTo, transaction != nil {
                transaction?.accountTo = text
            }
        case "TRNTYPE": transaction?.type = text
        case "DTPOSTED": transaction?.posted = Value(text: text, line: line)
        case "DTUSER": transaction?.user = Value(text: text, line: line)
        case "TRNAMT": transaction?.amount = Value(text: text, line: line)
        case "FITID": transaction?.fitID = text
        case "NAME":
            if inPayee { transaction?.payeeName = text } else { transaction?.name = text }
        case "MEMO": transaction?.memo = text
        case "CURSYM":
            if inCurrency { transaction?.currency = text }
        default: break
        }
    }

    private mutating func finishTransaction() throws(StatementError) {
        guard let t = transaction else { return }
        transaction = nil
        guard let rawAmount = t.amount else {
            throw StatementError(line: t.line, message: "<STMTTRN> has no <TRNAMT>")
        }
        guard let amount = Values.amount(rawAmount.text, allowSign: true, allowComma: true) else {
            throw StatementError(line: rawAmount.line, message: "<TRNAMT> '\(rawAmount.text)' is not an amount")
        }
        guard let posted = t.posted else {
            throw StatementError(line: t.line, message: "<STMTTRN> has no <DTPOSTED>")
        }
        guard let date = Values.ofxDate(posted.text) else {
            throw StatementError(line: posted.line, message: "<DTPOSTED> '\(posted.text)' is not a date")
        }
        var valueDate: String?
        if let user = t.user {
            guard let parsed = Values.ofxDate(user.text) else {
                throw StatementError(line: user.line, message: "<DTUSER> '\(user.text)' is not a date")
            }
            valueDate = parsed
        }
        guard let currency = t.currency ?? statementCurrency else {
            throw StatementError(
                line: t.line,
                message: "<STMTTRN> has no currency: neither its <CURRENCY><CURSYM> nor the statement's <CURDEF> is given")
        }
        let name = t.name ?? t.payeeName
        var label = name ?? ""
        if let memo = t.memo, memo != name {
            label = label.isEmpty ? memo : label + " " + memo
        }
        lines.append(StatementLine(
            line: t.line,
            date: date,
            valueDate: valueDate,
            amount: amount,
            currency: currency,
            label: label,
            counterparty: t.payeeName ?? t.name,
            counterpartyIBAN: t.accountTo,
            reference: t.fitID,
            endToEndId: nil,
            structuredReference: nil,
            kind: t.type,
            account: statementAccount))
    }
}
