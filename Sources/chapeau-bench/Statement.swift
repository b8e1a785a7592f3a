import ChapeauCore
import Foundation

/// A French current account's statement of N rows for B6, generated from a seed and written
/// as OFX 1.x SGML, as camt.053.001.02 and as a plain CSV (the same rows, for the peer).
///
/// About 70 % of the rows are debits (card payments, direct debits, cash withdrawals, fees,
/// outgoing transfers, savings); the credits are individual transfers (gifts, a quarter of them
/// quoting an ISO 11649 reference), platform payouts (PayPal, Stripe, HelloAsso, Leetchi through
/// Mangopay), transfers from the savings account and card refunds, with the labels French banks
/// print for them. Dates run over the bench's four years, in order.
struct StatementData {
    enum Kind: String, CaseIterable {
        case card, directDebit, withdrawal, fee, transferOut, toSavings
        case gift, payoutPayPal, payoutStripe, payoutHelloAsso, payoutLeetchi, fromSavings, cardRefund

        /// What `chapeau import` is meant to make of the row with the built-in rules.
        var intended: String {
            switch self {
            case .card, .directDebit, .withdrawal, .fee, .transferOut: return "expense"
            case .toSavings, .fromSavings: return "transfer"
            case .gift: return "gift"
            case .payoutPayPal, .payoutStripe, .payoutHelloAsso, .payoutLeetchi: return "payout"
            case .cardRefund: return "refund"
            }
        }
    }

    struct Row {
        var day: Int               // day ordinal
        var minor: Int64           // signed: a debit is negative
        var kind: Kind
        var trnType: String        // OFX TRNTYPE
        var family: (String, String, String)  // camt BkTxCd Domn / Fmly / SubFmlyCd
        var counterparty: String   // camt Dbtr (credit) or Cdtr (debit) name
        var counterpartyIBAN: String?
        var name: String           // OFX NAME (the bank's first label line)
        var memo: String           // OFX MEMO
        var remittance: String     // camt RmtInf/Ustrd
        var creditorReference: String?  // ISO 11649, camt RmtInf/Strd/CdtrRefInf/Ref
        var endToEnd: String?
    }

    static let account = "FR7630004008170001234567890"
    static let holder = "CAMILLE MARTIN"
    /// Row kinds and their weights in thousandths.
    static let weights: [(Kind, UInt64)] = [
        (.card, 430), (.directDebit, 140), (.withdrawal, 45), (.fee, 15), (.transferOut, 40), (.toSavings, 20),
        (.gift, 200), (.payoutPayPal, 30), (.payoutStripe, 15), (.payoutHelloAsso, 15), (.payoutLeetchi, 10),
        (.fromSavings, 15), (.cardRefund, 25),
    ]
    static let merchants: [(String, String)] = [
        ("CARREFOUR MARKET", "PARIS"), ("MONOPRIX", "LYON"), ("LECLERC", "RENNES"), ("BIOCOOP", "NANTES"),
        ("FNAC", "PARIS"), ("DECATHLON", "LILLE"), ("SNCF INTERNET", "PARIS"), ("LA POSTE", "BORDEAUX"),
        ("LIBRAIRIE DIALOGUES", "BREST"), ("BOULANGERIE DU MARCHE", "TOULOUSE"), ("TOTALENERGIES", "ANGERS"),
        ("AMAZON EU SARL", "LUXEMBOURG"), ("OVH SAS", "ROUBAIX"), ("PHARMACIE CENTRALE", "DIJON"),
        ("CAFE DE LA GARE", "TOURS"), ("IMPRIMERIE NOUVELLE", "GRENOBLE"), ("LEROY MERLIN", "METZ"),
        ("CINEMA LE MELIES", "MONTREUIL"),
    ]
    static let creditors: [(String, Int64, String)] = [
        ("EDF", 6240, "EDF CLIENTS PARTICULIERS"), ("FREE MOBILE", 1999, "FREE MOBILE"), ("ORANGE", 3899, "ORANGE SA"),
        ("MAIF", 3817, "MAIF ASSURANCES"), ("URSSAF", 18600, "URSSAF ILE DE FRANCE"), ("GANDI", 1560, "GANDI SAS"),
        ("NAVIGO", 8640, "COMUTITRES SAS"), ("MUTUELLE MGEN", 4212, "MGEN"),
    ]
    static let givenNames = ["MARIE", "JEAN", "CAMILLE", "HUGO", "LEA", "NATHAN", "CHLOE", "LOUIS", "INES", "JULES",
                             "MANON", "ARTHUR", "SARAH", "PAUL", "EMMA", "THOMAS", "ALICE", "NICOLAS", "ZOE", "VICTOR"]
    static let familyNames = ["MARTIN", "BERNARD", "DUBOIS", "THOMAS", "ROBERT", "RICHARD", "PETIT", "DURAND", "LEROY",
                              "MOREAU", "SIMON", "LAURENT", "LEFEBVRE", "MICHEL", "GARCIA", "DAVID", "BERTRAND", "ROUX",
                              "VINCENT", "FOURNIER", "GIRARD", "BONNET", "LAMBERT", "FONTAINE", "ROUSSEAU", "BLANC"]
    /// Gift remittance texts; a few carry accents (camt only: the OFX file says CHARSET 1252 and stays ASCII).
    static let giftMotifs = ["DON", "DON MENSUEL", "SOUTIEN", "MERCI POUR LES TEXTES", "POUR LE CHAPEAU", "CONTRIBUTION LIBRE",
                             "Don régulier", "Merci pour la lecture à Brest", "SOUTIEN TOURNEE", "CADEAU"]

    var rows: [Row] = []

    init(rows n: Int, seed: UInt64) {
        var rng = SplitMix64.bench(seed: seed ^ 0x5EA7_E0F5)
        let first = Dataset.firstDay.ordinal, last = Dataset.lastDay.ordinal
        let table = DeterministicMath.cumulative(StatementData.weights.map(\.1))
        // Individual donors, drawn Zipf–Mandelbrot so that most give more than once.
        let donors = DeterministicMath.zipfTable(count: max(20, n / 8), q: 10)
        var days: [Int] = (0..<n).map { _ in first + rng.below(last - first + 1) }
        days.sort()
        rows.reserveCapacity(n)
        func iban(_ k: Int) -> String {
            let digits = String(1_000_000_000 + (k * 7919) % 900_000_000)
            return "FR76" + String(10_000 + k % 89_999) + "0000" + digits + "0" + String(10 + k % 89)
        }
        func alnum(_ count: Int) -> String {
            let chars = Array("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789")
            return String((0..<count).map { _ in chars[rng.below(chars.count)] })
        }
        func euros(medianCents: Double, sigma: Double, min: Int64) -> Int64 {
            Swift.max(min, Int64((medianCents * DeterministicMath.exp(sigma * rng.normal())).rounded()))
        }
        for (i, day) in days.enumerated() {
            let kind = StatementData.weights[rng.pick(cumulative: table)].0
            let d = Day(ordinal: day)
            let ddmm = (d.day < 10 ? "0" : "") + String(d.day) + (d.month < 10 ? "0" : "") + String(d.month)
            let ref = alnum(10)
            var row: Row
            switch kind {
            case .card:
                let (m, city) = StatementData.merchants[rng.below(StatementData.merchants.count)]
                let minor = euros(medianCents: 2500, sigma: 0.9, min: 100)
                row = Row(day: day, minor: -minor, kind: kind, trnType: "POS", family: ("PMNT", "CCRD", "POSD"),
                          counterparty: m, counterpartyIBAN: nil, name: "CB \(m) \(ddmm)",
                          memo: "PAIEMENT PAR CARTE \(ddmm) \(m) \(city) CARTE 4974XXXXXXXX\(1000 + i % 9000)",
                          remittance: "PAIEMENT PAR CARTE \(ddmm) \(m) \(city)", creditorReference: nil, endToEnd: nil)
            case .directDebit:
                let (short, amount, full) = StatementData.creditors[rng.below(StatementData.creditors.count)]
                let minor = amount + Int64(rng.below(3)) * 100
                row = Row(day: day, minor: -minor, kind: kind, trnType: "DIRECTDEBIT", family: ("PMNT", "RDDT", "ESDD"),
                          counterparty: full, counterpartyIBAN: iban(900 + short.count), name: "PRLV SEPA \(full)",
                          memo: "/MOTIF ECHEANCE \(short) \(ddmm) /RUM \(ref)", remittance: "ECHEANCE \(short) \(ddmm)",
                          creditorReference: nil, endToEnd: "PRLV-\(ref)")
            case .withdrawal:
                let minor = Int64([20, 40, 50, 60, 100][rng.below(5)]) * 100
                row = Row(day: day, minor: -minor, kind: kind, trnType: "ATM", family: ("PMNT", "CCRD", "CWDL"),
                          counterparty: "DAB", counterpartyIBAN: nil, name: "RETRAIT DAB \(ddmm)",
                          memo: "RETRAIT DAB \(ddmm) CARTE 4974XXXXXXXX\(1000 + i % 9000)", remittance: "RETRAIT DAB \(ddmm)",
                          creditorReference: nil, endToEnd: nil)
            case .fee:
                let minor: Int64 = rng.percent(70) ? 250 : 800
                row = Row(day: day, minor: -minor, kind: kind, trnType: "FEE", family: ("ACMT", "MDOP", "CHRG"),
                          counterparty: "BANQUE", counterpartyIBAN: nil, name: "FRAIS TENUE DE COMPTE",
                          memo: "COTISATION MENSUELLE \(ddmm)", remittance: "FRAIS TENUE DE COMPTE \(ddmm)",
                          creditorReference: nil, endToEnd: nil)
            case .transferOut:
                let who = "\(StatementData.givenNames[rng.below(20)]) \(StatementData.familyNames[rng.below(26)])"
                let minor = euros(medianCents: 15000, sigma: 0.8, min: 1000)
                row = Row(day: day, minor: -minor, kind: kind, trnType: "XFER", family: ("PMNT", "ICDT", "ESCT"),
                          counterparty: who, counterpartyIBAN: iban(rng.below(5000)), name: "VIR SEPA EMIS /A \(who)",
                          memo: "/MOTIF FACTURE \(ref) /REF \(ref)", remittance: "FACTURE \(ref)", creditorReference: nil,
                          endToEnd: "VIR-\(ref)")
            case .toSavings:
                let minor = Int64(100 + rng.below(5) * 100) * 100
                row = Row(day: day, minor: -minor, kind: kind, trnType: "XFER", family: ("PMNT", "ICDT", "BOOK"),
                          counterparty: StatementData.holder, counterpartyIBAN: nil, name: "VIR VERS LIVRET A",
                          memo: "VIREMENT VERS LIVRET A \(StatementData.holder)", remittance: "VIR VERS LIVRET A",
                          creditorReference: nil, endToEnd: nil)
            case .gift:
                let k = Int(rng.pick(cumulative: donors))
                let given = StatementData.givenNames[k % 20], family = StatementData.familyNames[(k / 20) % 26]
                let who = k % 11 == 0 ? "M OU MME \(family) \(given)" : "\(given) \(family)"
                var motif = StatementData.giftMotifs[rng.below(StatementData.giftMotifs.count)]
                let minor = euros(medianCents: 1000, sigma: 1.1, min: 100)
                var structured: String?
                if rng.percent(25) {
                    // The supporter's payment reference, as Chapeau prints it on their card.
                    structured = CreditorReference.forSupporter(number: Int64(k + 1))
                    motif = structured!
                }
                let ascii = motif.unicodeScalars.allSatisfy { $0.isASCII } ? motif.uppercased() : "DON"
                row = Row(day: day, minor: minor, kind: kind, trnType: "CREDIT", family: ("PMNT", "RCDT", "ESCT"),
                          counterparty: k % 13 == 0 ? "\(family) &amp; \(given)" : who, counterpartyIBAN: iban(k),
                          name: "VIR SEPA RECU /DE \(who)", memo: "/MOTIF \(ascii) /REF \(ref)", remittance: motif,
                          creditorReference: structured, endToEnd: rng.percent(50) ? "NOTPROVIDED" : "E2E-\(ref)")
            case .payoutPayPal:
                let minor = euros(medianCents: 18000, sigma: 0.9, min: 1000)
                let id = alnum(13)
                row = Row(day: day, minor: minor, kind: kind, trnType: "CREDIT", family: ("PMNT", "RCDT", "ESCT"),
                          counterparty: "PAYPAL EUROPE S.A.R.L. ET CIE S.C.A", counterpartyIBAN: "LU89751000135104200E",
                          name: "VIR SEPA RECU /DE PAYPAL EUROPE S.A.R.L. ET CIE S.C.A",
                          memo: "/MOTIF PAYPAL \(id) /REF \(ref)", remittance: "PAYPAL \(id)", creditorReference: nil,
                          endToEnd: id)
            case .payoutStripe:
                let minor = euros(medianCents: 25000, sigma: 0.8, min: 1000)
                let id = "po_1" + alnum(23)
                row = Row(day: day, minor: minor, kind: kind, trnType: "CREDIT", family: ("PMNT", "RCDT", "ESCT"),
                          counterparty: "STRIPE", counterpartyIBAN: "IE44CITI99005136424545",
                          name: "VIR SEPA RECU /DE STRIPE", memo: "/MOTIF STRIPE \(id) /REF \(ref)", remittance: "STRIPE \(id)",
                          creditorReference: nil, endToEnd: id)
            case .payoutHelloAsso:
                let minor = euros(medianCents: 30000, sigma: 0.8, min: 1000)
                let id = String(100_000 + rng.below(900_000))
                row = Row(day: day, minor: minor, kind: kind, trnType: "CREDIT", family: ("PMNT", "RCDT", "ESCT"),
                          counterparty: "HELLOASSO", counterpartyIBAN: "FR7610278060760002053400114",
                          name: "VIR SEPA RECU /DE HELLOASSO", memo: "/MOTIF HELLOASSO VERSEMENT \(id) /REF \(ref)",
                          remittance: "HELLOASSO VERSEMENT \(id)", creditorReference: nil, endToEnd: "HA\(id)")
            case .payoutLeetchi:
                let minor = euros(medianCents: 40000, sigma: 0.8, min: 1000)
                let id = alnum(8)
                row = Row(day: day, minor: minor, kind: kind, trnType: "CREDIT", family: ("PMNT", "RCDT", "ESCT"),
                          counterparty: "MANGOPAY SA", counterpartyIBAN: "LU14001000006025000EUR",
                          name: "VIR SEPA RECU /DE MANGOPAY SA", memo: "/MOTIF LEETCHI \(id) CAGNOTTE /REF \(ref)",
                          remittance: "LEETCHI \(id) CAGNOTTE", creditorReference: nil, endToEnd: "LTC\(id)")
            case .fromSavings:
                let minor = Int64(100 + rng.below(10) * 100) * 100
                row = Row(day: day, minor: minor, kind: kind, trnType: "XFER", family: ("PMNT", "RCDT", "BOOK"),
                          counterparty: StatementData.holder, counterpartyIBAN: nil, name: "VIR CEL/LIVRET A",
                          memo: "VIREMENT DEPUIS LIVRET A \(StatementData.holder)", remittance: "VIR CEL/LIVRET A",
                          creditorReference: nil, endToEnd: nil)
            case .cardRefund:
                let (m, city) = StatementData.merchants[rng.below(StatementData.merchants.count)]
                let minor = euros(medianCents: 3000, sigma: 0.8, min: 100)
                row = Row(day: day, minor: minor, kind: kind, trnType: "CREDIT", family: ("PMNT", "CCRD", "RIMB"),
                          counterparty: m, counterpartyIBAN: nil, name: "AVOIR CARTE \(ddmm) \(m)",
                          memo: "AVOIR CARTE \(ddmm) \(m) \(city) CARTE 4974XXXXXXXX\(1000 + i % 9000)",
                          remittance: "AVOIR CARTE \(ddmm) \(m) \(city)", creditorReference: nil, endToEnd: nil)
            }
            rows.append(row)
        }
    }

    static func amount(_ minor: Int64) -> String {
        (minor < 0 ? "-" : "") + Money.decimalString(abs(minor), decimals: 2)
    }

    /// Text as XML character data: `&` is written by the rows themselves as `&amp;` (a few
    /// names hold one, to exercise entities), so only `<` and `>` need escaping here.
    static func xml(_ s: String) -> String {
        guard s.contains(where: { $0 == "<" || $0 == ">" }) else { return s }
        return s.replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }

    static func ofxDay(_ day: Int) -> String {
        let d = Day(ordinal: day)
        return String(d.year) + (d.month < 10 ? "0" : "") + String(d.month) + (d.day < 10 ? "0" : "") + String(d.day)
    }

    func fitID(_ i: Int, _ r: Row) -> String { StatementData.ofxDay(r.day) + String(1_000_000 + i) }

    /// OFX 1.x (SGML: leaf tags left open), one bank statement, as French banks export it.
    func writeOFX(to path: String) throws {
        var out = try ChunkedWriter(path: path)
        let last = rows.last.map(\.day) ?? Dataset.lastDay.ordinal
        try out.write("""
            OFXHEADER:100\r
            DATA:OFXSGML\r
            VERSION:102\r
            SECURITY:NONE\r
            ENCODING:USASCII\r
            CHARSET:1252\r
            COMPRESSION:NONE\r
            OLDFILEUID:NONE\r
            NEWFILEUID:NONE\r
            \r
            <OFX>\r
            <SIGNONMSGSRSV1><SONRS><STATUS><CODE>0<SEVERITY>INFO</STATUS><DTSERVER>20261120100000<LANGUAGE>FRA</SONRS></SIGNONMSGSRSV1>\r
            <BANKMSGSRSV1><STMTTRNRS><TRNUID>1<STATUS><CODE>0<SEVERITY>INFO</STATUS>\r
            <STMTRS><CURDEF>EUR<BANKACCTFROM><BANKID>30004<BRANCHID>00817<ACCTID>00012345678<ACCTTYPE>CHECKING</BANKACCTFROM>\r
            <BANKTRANLIST><DTSTART>\(StatementData.ofxDay(Dataset.firstDay.ordinal))<DTEND>\(StatementData.ofxDay(last))\r

            """)
        var balance: Int64 = 0
        for (i, r) in rows.enumerated() {
            balance += r.minor
            try out.write("<STMTTRN><TRNTYPE>\(r.trnType)<DTPOSTED>\(StatementData.ofxDay(r.day))<TRNAMT>\(StatementData.amount(r.minor))"
                          + "<FITID>\(fitID(i, r))<NAME>\(r.name)<MEMO>\(r.memo)</STMTTRN>\r\n")
        }
        try out.write("</BANKTRANLIST><LEDGERBAL><BALAMT>\(StatementData.amount(balance))<DTASOF>\(StatementData.ofxDay(last))"
                      + "</LEDGERBAL></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>\r\n")
        try out.close()
    }

    /// camt.053.001.02: one statement, one Ntry per row with its TxDtls, parties and remittance.
    func writeCamt(to path: String) throws {
        var out = try ChunkedWriter(path: path)
        let first = Day(ordinal: Dataset.firstDay.ordinal), last = Day(ordinal: rows.last.map(\.day) ?? Dataset.lastDay.ordinal)
        let closing = rows.reduce(Int64(0)) { $0 + $1.minor }
        func bal(_ code: String, _ minor: Int64, _ day: Day) -> String {
            "<Bal><Tp><CdOrPrtry><Cd>\(code)</Cd></CdOrPrtry></Tp><Amt Ccy=\"EUR\">\(Money.decimalString(abs(minor), decimals: 2))</Amt>"
                + "<CdtDbtInd>\(minor < 0 ? "DBIT" : "CRDT")</CdtDbtInd><Dt><Dt>\(day)</Dt></Dt></Bal>\n"
        }
        try out.write("""
            <?xml version="1.0" encoding="UTF-8"?>
            <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
            <BkToCstmrStmt>
            <GrpHdr><MsgId>CAMT053-BENCH-\(rows.count)</MsgId><CreDtTm>2026-11-20T10:00:00</CreDtTm></GrpHdr>
            <Stmt>
            <Id>STMT-\(rows.count)</Id><ElctrncSeqNb>1</ElctrncSeqNb><CreDtTm>2026-11-20T10:00:00</CreDtTm>
            <FrToDt><FrDtTm>\(first)T00:00:00</FrDtTm><ToDtTm>\(last)T23:59:59</ToDtTm></FrToDt>
            <Acct><Id><IBAN>\(StatementData.account)</IBAN></Id><Ccy>EUR</Ccy><Ownr><Nm>\(StatementData.holder)</Nm></Ownr><Svcr><FinInstnId><BIC>BNPAFRPPXXX</BIC></FinInstnId></Svcr></Acct>
            \(bal("OPBD", 0, first))\(bal("CLBD", closing, last))
            """)
        for (i, r) in rows.enumerated() {
            let credit = r.minor > 0
            let d = Day(ordinal: r.day)
            var s = "<Ntry><Amt Ccy=\"EUR\">\(Money.decimalString(abs(r.minor), decimals: 2))</Amt>"
            s += "<CdtDbtInd>\(credit ? "CRDT" : "DBIT")</CdtDbtInd><Sts>BOOK</Sts>"
            s += "<BookgDt><Dt>\(d)</Dt></BookgDt><ValDt><Dt>\(d)</Dt></ValDt><AcctSvcrRef>\(fitID(i, r))</AcctSvcrRef>"
            s += "<BkTxCd><Domn><Cd>\(r.family.0)</Cd><Fmly><Cd>\(r.family.1)</Cd><SubFmlyCd>\(r.family.2)</SubFmlyCd></Fmly></Domn></BkTxCd>"
            s += "<NtryDtls><TxDtls>"
            if let e2e = r.endToEnd { s += "<Refs><EndToEndId>\(StatementData.xml(e2e))</EndToEndId></Refs>" }
            let party = credit ? "Dbtr" : "Cdtr"
            s += "<RltdPties><\(party)><Nm>\(StatementData.xml(r.counterparty))</Nm></\(party)>"
            if let iban = r.counterpartyIBAN { s += "<\(party)Acct><Id><IBAN>\(iban)</IBAN></Id></\(party)Acct>" }
            s += "</RltdPties>"
            if let ref = r.creditorReference {
                s += "<RmtInf><Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry><Issr>ISO</Issr></Tp><Ref>\(ref)</Ref>"
                s += "</CdtrRefInf></Strd></RmtInf>"
            } else {
                s += "<RmtInf><Ustrd>\(StatementData.xml(r.remittance))</Ustrd></RmtInf>"
            }
            s += "</TxDtls></NtryDtls><AddtlNtryInf>\(StatementData.xml(r.name))</AddtlNtryInf></Ntry>\n"
            try out.write(s)
        }
        try out.write("</Stmt>\n</BkToCstmrStmt>\n</Document>\n")
        try out.close()
    }

    /// The same rows as a plain CSV, for a peer that reads CSV (hledger with a rules file):
    /// `date,amount,currency,counterparty,label,reference`; label is NAME and MEMO as in the OFX.
    func writeCSV(to path: String) throws {
        var out = try ChunkedWriter(path: path)
        try out.write("date,amount,currency,counterparty,label,reference\n")
        for (i, r) in rows.enumerated() {
            let counterparty = r.counterparty.replacingOccurrences(of: "&amp;", with: "&")
            try out.write("\(Day(ordinal: r.day)),\(StatementData.amount(r.minor)),EUR,\(CSVOutput.cell(counterparty)),"
                          + "\(CSVOutput.cell(r.name + " " + r.memo)),\(fitID(i, r))\n")
        }
        try out.close()
    }

    /// Rows per intended class, for the harness to print beside what `chapeau import` made of them.
    var intendedCounts: [String: Int] {
        var counts: [String: Int] = [:]
        for r in rows { counts[r.kind.intended, default: 0] += 1 }
        return counts
    }
}
