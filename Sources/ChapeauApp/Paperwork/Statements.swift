public import ChapeauCore
import ChapeauReports
public import ChapeauStore
public import Foundation

/// `statement --year Y`: the author's yearly income statement, for their own tax return.
///
/// Every published figure in it (received per unit, per channel, per month, expenses, the value
/// of the offers delivered) is read from the report model of the year and of its months, the
/// same computation as the published reports; only what reports never publish (the gifts
/// voided, the list of offers delivered) is read from the ledger here. Private: written under
/// the workspace with mode 0600, never published.
public struct YearStatement: Sendable, Encodable {
    public struct Received: Sendable, Encodable {
        public let total: PaperAmount
        public let gifts: Int
        public let supporters: Int
    }
    public struct Line: Sendable, Encodable {
        /// A channel, a month (`2026-03`) or an expense category; nil: none recorded.
        public let key: String?
        public let total: PaperAmount
        public let count: Int
    }
    public struct InKind: Sendable, Encodable {
        public let id: String
        public let day: String
        public let kind: String
        public let description: String
        public let quantity: String?
        public let value: PaperAmount?
    }

    public let document = "statement"
    public let year: Int
    public let author: String
    public let authorKind: String
    public let address: String?
    /// Received per unit (gifts not voided); never added across units.
    public let received: [Received]
    public let byChannel: [Line]
    public let byMonth: [Line]
    /// Gifts dated in the year and voided since (refunds, corrections), per unit: not in `received`.
    public let voided: [Line]
    public let expenses: [Line]
    /// Offers delivered during the year, with their estimated value, apart from money.
    public let inKind: [InKind]
    /// Their estimated value per unit (the report's own figure).
    public let inKindValue: [PaperAmount]
    public let entries: Int
    public let head: String
    public let generatedOn: String

    enum CodingKeys: String, CodingKey {
        case document, year, author, authorKind = "author_kind", address, received, byChannel = "by_channel", byMonth = "by_month",
             voided, expenses, inKind = "in_kind", inKindValue = "in_kind_value", entries, head, generatedOn = "generated_on"
    }
}

extension YearStatement.Received {
    enum CodingKeys: String, CodingKey { case total, gifts, supporters }
}

/// `statement --year Y --supporter H`: one supporter's *attestation de soutien*. Not a tax receipt.
public struct Attestation: Sendable, Encodable {
    public struct GiftLine: Sendable, Encodable {
        public let id: String
        public let day: String
        public let total: PaperAmount
        public let channel: String?
    }
    public let document = "attestation"
    public let year: Int
    public let author: String
    public let supporter: String
    public let name: String?
    public let address: String?
    public let gifts: [GiftLine]
    public let totals: [PaperAmount]
    public let inKind: [YearStatement.InKind]
    public let notice: String
    public let generatedOn: String

    enum CodingKeys: String, CodingKey {
        case document, year, author, supporter, name, address, gifts, totals, inKind = "in_kind", notice, generatedOn = "generated_on"
    }

    static let noticeText = "Cette attestation n’est pas un reçu fiscal : elle n’ouvre droit à aucune réduction d’impôt."
}

/// What a statement run wrote.
public struct PaperWritten: Sendable, Encodable {
    public let files: [String]
    /// One line instead of the list of files, for runs that write many.
    public var summary: String? = nil
    public var line: String { summary ?? files.joined(separator: "\n") }
}

public struct Paperwork: Sendable {
    public let workspace: Workspace
    public let store: LedgerStore
    public let now: Date

    public init(workspace: Workspace, now: Date) throws {
        self.workspace = workspace
        self.store = try workspace.openLedger()
        self.now = now
    }

    public var today: Day { Day(now, in: workspace.timeZone) }

    static func span(_ year: Int) -> (from: Day, to: Day)? {
        guard let a = Day(year: year, month: 1, day: 1), let b = Day(year: year, month: 12, day: 31) else { return nil }
        return (a, b)
    }

    // MARK: the author's statement

    public func yearStatement(year rawYear: Int) throws -> YearStatement {
        let year = try PaperFiles.year(rawYear)
        guard let (from, to) = Self.span(year), let yearPeriod = Period(id: String(year)) else {
            throw AppError.invalid("--year \(year) is not a year")
        }
        let months = (1...12).compactMap { Period(id: "\(year)-" + ($0 < 10 ? "0\($0)" : "\($0)")) }
        let reporting = Reporting(workspace: workspace, store: store, now: now)
        let reports = try reporting.reports([yearPeriod] + months)
        guard let yr = reports.first else { throw AppError.invalid("no report for \(year)") }

        let received = yr.received.map { YearStatement.Received(total: PaperAmount($0.total), gifts: $0.gifts, supporters: $0.supporters) }
        var byChannel: [YearStatement.Line] = []
        for r in yr.received { for b in r.byChannel { byChannel.append(.init(key: b.key, total: PaperAmount(b.amount), count: b.count)) } }
        var byMonth: [YearStatement.Line] = []
        for m in reports.dropFirst() { for r in m.received { byMonth.append(.init(key: m.period.id, total: PaperAmount(r.total), count: r.gifts)) } }
        let expenses = yr.expenses.map { YearStatement.Line(key: nil, total: PaperAmount($0.total), count: $0.count) }

        // Voided gifts of the year: not published, read from the ledger.
        var voided: [ChapeauCore.Unit: (Int64, Int)] = [:]
        for e in try store.entries(types: [.gift], from: from, to: to) where e.voided {
            guard case .gift(let g) = e.body else { continue }
            let t = voided[g.amount.unit] ?? (0, 0)
            voided[g.amount.unit] = (t.0 &+ g.amount.minor, t.1 + 1)
        }
        let voidedLines = voided.keys.sorted { $0.code < $1.code }.map { u in
            YearStatement.Line(key: nil, total: PaperAmount(Money(minor: voided[u]?.0 ?? 0, unit: u)), count: voided[u]?.1 ?? 0)
        }
        let head = try store.chainHead()
        return YearStatement(
            year: year, author: workspace.config.author.name, authorKind: workspace.config.author.kind.rawValue,
            address: workspace.config.author.address, received: received, byChannel: byChannel, byMonth: byMonth,
            voided: voidedLines, expenses: expenses, inKind: try deliveredOffers(from: from, to: to, supporter: nil),
            inKindValue: yr.offers.deliveredValue.map(PaperAmount.init), entries: head.entries, head: head.head,
            generatedOn: today.description)
    }

    /// Offers delivered in the span (by the day they were delivered), not voided, optionally one supporter's.
    func deliveredOffers(from: Day, to: Day, supporter: ID<Supporter>?) throws -> [YearStatement.InKind] {
        try deliveredOffersBySupporter(from: from, to: to, only: supporter).map(\.line)
    }

    /// The same, each with the supporter who made the offer (nil: none named).
    func deliveredOffersBySupporter(from: Day, to: Day, only supporter: ID<Supporter>?) throws
        -> [(supporter: ID<Supporter>?, line: YearStatement.InKind)] {
        let entries = try store.entries(types: [.offer, .offerStatus, .void])
        let state = LedgerState(entries: entries.map { ($0.ref, $0.body) })
        var out: [(supporter: ID<Supporter>?, line: YearStatement.InKind)] = []
        for e in entries where !e.voided {
            guard case .offer(let o) = e.body, let id = ID<Offer>(e.ref), let st = state.offerStatus[id],
                  st.status == .delivered, from <= st.day, st.day <= to else { continue }
            if let supporter, o.supporter != supporter { continue }
            out.append((o.supporter, .init(id: e.ref.description, day: st.day.description, kind: o.kind.rawValue, description: o.description,
                                           quantity: o.quantity.map { PaperStyle.money($0) }, value: o.value.map(PaperAmount.init))))
        }
        return out
    }

    // MARK: a supporter's attestation

    public func attestation(year rawYear: Int, supporter who: String) throws -> Attestation {
        let year = try PaperFiles.year(rawYear)
        guard let (from, to) = Self.span(year) else { throw AppError.invalid("--year \(year) is not a year") }
        guard let id = try store.supporterID(handle: who) else { throw LedgerError.unknownHandle(who) }
        let entries = try store.entries(of: id)
        guard let person = LedgerStore.fold(entries)[id] else { throw LedgerError.unknownHandle(who) }
        var gifts: [(ref: EntryRef, gift: Gift)] = []
        for e in entries where !e.voided {
            guard case .gift(let g) = e.body, g.supporter == id, from <= g.day, g.day <= to else { continue }
            gifts.append((e.ref, g))
        }
        return makeAttestation(year: year, handle: who, person: person, gifts: gifts,
                               inKind: try deliveredOffers(from: from, to: to, supporter: id))
    }

    /// `statement --year Y --all-supporters`: the attestation of every supporter (not erased) who
    /// gave that year or whose offer was delivered in it, in handle order, read in one pass over
    /// the year rather than one query per supporter.
    public func attestations(year rawYear: Int) throws -> [Attestation] {
        let year = try PaperFiles.year(rawYear)
        guard let (from, to) = Self.span(year) else { throw AppError.invalid("--year \(year) is not a year") }
        var gifts: [ID<Supporter>: [(ref: EntryRef, gift: Gift)]] = [:]
        for e in try store.entries(types: [.gift], from: from, to: to) where !e.voided {
            guard case .gift(let g) = e.body, let s = g.supporter else { continue }
            gifts[s, default: []].append((e.ref, g))
        }
        var inKind: [ID<Supporter>: [YearStatement.InKind]] = [:]
        for o in try deliveredOffersBySupporter(from: from, to: to, only: nil) {
            if let s = o.supporter { inKind[s, default: []].append(o.line) }
        }
        // Erased supporters have no handle left, and get none.
        let people = try store.supporters().filter { !$0.value.handle.isEmpty }
        let ids = Set(gifts.keys).union(inKind.keys).filter { people[$0] != nil }
        return ids.sorted { (people[$0]?.handle ?? "", $0) < (people[$1]?.handle ?? "", $1) }.compactMap { id in
            guard let person = people[id] else { return nil }
            return makeAttestation(year: year, handle: person.handle, person: person, gifts: gifts[id] ?? [], inKind: inKind[id] ?? [])
        }
    }

    func makeAttestation(year: Int, handle: String, person: Supporter, gifts list: [(ref: EntryRef, gift: Gift)],
                         inKind: [YearStatement.InKind]) -> Attestation {
        var totals: [ChapeauCore.Unit: Int64] = [:]
        var gifts: [Attestation.GiftLine] = []
        for (ref, g) in list {
            gifts.append(.init(id: ref.description, day: g.day.description, total: PaperAmount(g.amount), channel: g.channel))
            totals[g.amount.unit, default: 0] &+= g.amount.minor
        }
        gifts.sort { ($0.day, $0.id) < ($1.day, $1.id) }
        let main = workspace.units.defaultUnit
        let units = totals.keys.sorted { ($0 == main ? 0 : 1, $0.code) < ($1 == main ? 0 : 1, $1.code) }
        return Attestation(year: year, author: workspace.config.author.name, supporter: handle, name: person.name, address: person.address,
                           gifts: gifts, totals: units.map { PaperAmount(Money(minor: totals[$0] ?? 0, unit: $0)) },
                           inKind: inKind, notice: Attestation.noticeText, generatedOn: today.description)
    }

    // MARK: writing

    /// Writes the statement (or, with a supporter, the attestation) as PDF, JSON and CSV.
    public func writeStatement(year: Int, supporter: String?, output: String?) throws -> PaperWritten {
        let dir = try PaperFiles.folder(output, default: "Statements/\(year)", workspace: workspace)
        if let supporter {
            return PaperWritten(files: try PaperFiles.write(try attestationFiles(try attestation(year: year, supporter: supporter)), in: dir))
        }
        let s = try yearStatement(year: year)
        let base = "releve-\(year)"
        let pdf = try PDFRenderer.render(StatementPaper.statement(s, units: workspace.units))
        return PaperWritten(files: try PaperFiles.write([
            (base + ".pdf", pdf), (base + ".json", try PaperFiles.json(s)), (base + ".csv", StatementPaper.csv(s)),
        ], in: dir))
    }

    /// Writes every supporter's attestation of the year (see `attestations(year:)`).
    public func writeAttestations(year: Int, output: String?) throws -> PaperWritten {
        let dir = try PaperFiles.folder(output, default: "Statements/\(year)", workspace: workspace)
        let all = try attestations(year: year)
        var files: [String] = []
        files.reserveCapacity(all.count * 3)
        // Rendered on every core, a few hundred at a time (the PDFs wait in memory to be written).
        for batch in PaperFiles.batches(all.count) {
            let pdfs = try PDFRenderer.renderAll(all[batch].map { StatementPaper.attestation($0, units: workspace.units) })
            for (a, pdf) in zip(all[batch], pdfs) { files += try PaperFiles.write(try attestationFiles(a, pdf: pdf), in: dir) }
        }
        return PaperWritten(files: files, summary: "\(all.count) attestation\(all.count == 1 ? "" : "s") de soutien for \(year) written in \(dir) (PDF, JSON and CSV each)")
    }

    func attestationFiles(_ a: Attestation, pdf rendered: Data? = nil) throws -> [(name: String, data: Data)] {
        let base = "attestation-\(a.year)-\(Self.fileSafe(a.supporter))"
        let pdf = try rendered ?? PDFRenderer.render(StatementPaper.attestation(a, units: workspace.units))
        return [(base + ".pdf", pdf), (base + ".json", try PaperFiles.json(a)), (base + ".csv", StatementPaper.csv(a))]
    }

    /// A handle as part of a file name: letters, digits, `-` and `_` kept, anything else `_`;
    /// when anything was replaced, eight hex digits of the handle's digest follow, so that `a.b`
    /// and `a_b` (two supporters) never share a file.
    static func fileSafe(_ text: String) -> String {
        let safe = String(text.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") ? $0 : "_" })
        return safe == text ? safe : safe + "-" + Chain.sha256Hex(text).prefix(8)
    }
}

/// The statement and the attestation as documents and CSV (pure).
enum StatementPaper {
    static func amount(_ a: PaperAmount, units: UnitRegistry) -> String {
        guard let u = units.unit(code: a.unit) else { return "\(a.amount) \(a.unit)" }
        return PaperStyle.money(Money(minor: a.amountMinor, unit: u))
    }

    static func day(_ iso: String) -> String { Day(iso: iso).map(PaperStyle.date) ?? iso }

    static func statement(_ s: YearStatement, units: UnitRegistry) -> Paper {
        func a(_ x: PaperAmount) -> String { amount(x, units: units) }
        var p = Paper(title: "Relevé annuel des dons reçus — \(s.year)", footer: "\(s.author) — relevé \(s.year)")
        p.blocks.append(.title("Relevé annuel des dons reçus en \(s.year)"))
        p.blocks.append(.text("\(s.author)\(s.authorKind == "association" ? " (association)" : "")"))
        if let addr = s.address { p.blocks.append(.text(addr)) }
        p.blocks.append(.small("Document privé établi à partir du registre tenu avec Chapeau, pour la déclaration de revenus ou la comptabilité. Les montants de monnaies ou d’unités différentes ne sont jamais additionnés."))
        p.blocks.append(.heading("Reçu en \(s.year), par unité"))
        p.blocks.append(s.received.isEmpty ? .text("Aucun don reçu.") : .table(
            [.init("Unité", width: 0.25), .init("Montant", width: 0.35, right: true), .init("Dons", width: 0.2, right: true), .init("Soutiens", width: 0.2, right: true)],
            s.received.map { [$0.total.unit, a($0.total), String($0.gifts), String($0.supporters)] }))
        if !s.byChannel.isEmpty {
            p.blocks.append(.heading("Par canal ou plateforme"))
            p.blocks.append(.table([.init("Canal", width: 0.45), .init("Montant", width: 0.35, right: true), .init("Dons", width: 0.2, right: true)],
                                   s.byChannel.map { [$0.key ?? "(non précisé)", a($0.total), String($0.count)] }))
        }
        if !s.byMonth.isEmpty {
            p.blocks.append(.heading("Par mois"))
            p.blocks.append(.table([.init("Mois", width: 0.45), .init("Montant", width: 0.35, right: true), .init("Dons", width: 0.2, right: true)],
                                   s.byMonth.map { [monthName($0.key), a($0.total), String($0.count)] }))
        }
        p.blocks.append(.heading("Dons annulés (remboursements, corrections)"))
        p.blocks.append(s.voided.isEmpty ? .text("Aucun.") : .table(
            [.init("Montant annulé", width: 0.6, right: true), .init("Dons", width: 0.4, right: true)],
            s.voided.map { [a($0.total), String($0.count)] }))
        p.blocks.append(.small("Ces dons ne sont pas comptés dans les montants reçus ci-dessus."))
        p.blocks.append(.heading("Dépenses"))
        p.blocks.append(s.expenses.isEmpty ? .text("Aucune.") : .table(
            [.init("Montant", width: 0.6, right: true), .init("Dépenses", width: 0.4, right: true)],
            s.expenses.map { [a($0.total), String($0.count)] }))
        p.blocks.append(.heading(s.authorKind == "association"
            ? "Contributions volontaires en nature (comptes 86 et 87)" : "Offres en nature réalisées"))
        if s.inKind.isEmpty {
            p.blocks.append(.text("Aucune offre réalisée cette année."))
        } else {
            p.blocks.append(.table(
                [.init("Date", width: 0.2), .init("Nature", width: 0.14), .init("Description", width: 0.36),
                 .init("Quantité", width: 0.12, right: true), .init("Valeur estimée", width: 0.18, right: true)],
                s.inKind.map { [day($0.day), $0.kind, $0.description, $0.quantity ?? "", $0.value.map(a) ?? ""] }))
            let totals = s.inKindValue.map(a).joined(separator: " ; ")
            p.blocks.append(.strong("Valeur estimée totale : \(totals.isEmpty ? "non estimée" : totals)"))
        }
        p.blocks.append(.small(s.authorKind == "association"
            ? "Valeurs estimées, tenues à part de l’argent reçu : à inscrire en comptes 86 (emplois) et 87 (contributions) sans changer le résultat."
            : "Valeurs estimées, tenues à part de l’argent reçu : elles ne sont pas des revenus en argent."))
        p.blocks.append(.space)
        p.blocks.append(.small("Registre : \(s.entries) entrées, empreinte de la chaîne \(s.head). Établi le \(day(s.generatedOn))."))
        return p
    }

    static func monthName(_ id: String?) -> String {
        guard let id, let m = Int(id.suffix(2)), (1...12).contains(m) else { return id ?? "" }
        return PaperStyle.months[m - 1] + " " + id.prefix(4)
    }

    static func attestation(_ x: Attestation, units: UnitRegistry) -> Paper {
        func a(_ v: PaperAmount) -> String { amount(v, units: units) }
        let who = x.name ?? x.supporter
        var p = Paper(title: "Attestation de soutien \(x.year) — \(who)", footer: "\(x.author) — attestation de soutien \(x.year)")
        p.blocks.append(.title("Attestation de soutien — \(x.year)"))
        p.blocks.append(.text("\(x.author) atteste avoir reçu de \(who) les dons suivants en \(x.year) :"))
        if let addr = x.address { p.blocks.append(.small(addr)) }
        p.blocks.append(x.gifts.isEmpty ? .text("Aucun don en \(x.year).") : .table(
            [.init("Date", width: 0.3), .init("Montant", width: 0.3, right: true), .init("Canal", width: 0.25), .init("Entrée", width: 0.15)],
            x.gifts.map { [day($0.day), a($0.total), $0.channel ?? "", $0.id] }))
        for t in x.totals { p.blocks.append(.strong("Total en \(t.unit) : \(a(t))")) }
        if !x.inKind.isEmpty {
            p.blocks.append(.heading("Offres en nature réalisées"))
            p.blocks.append(.table(
                [.init("Date", width: 0.25), .init("Description", width: 0.45), .init("Valeur estimée", width: 0.3, right: true)],
                x.inKind.map { [day($0.day), $0.description, $0.value.map(a) ?? ""] }))
        }
        p.blocks.append(.space)
        p.blocks.append(.strong(x.notice))
        p.blocks.append(.small("Établie le \(day(x.generatedOn)) à partir du registre tenu avec Chapeau."))
        return p
    }

    static func csv(_ s: YearStatement) -> Data {
        var rows: [[String]] = []
        for r in s.received { rows.append(["received", r.total.unit, "", String(r.total.amountMinor), r.total.amount, String(r.gifts)]) }
        for l in s.byChannel { rows.append(["channel", l.total.unit, l.key ?? "", String(l.total.amountMinor), l.total.amount, String(l.count)]) }
        for l in s.byMonth { rows.append(["month", l.total.unit, l.key ?? "", String(l.total.amountMinor), l.total.amount, String(l.count)]) }
        for l in s.voided { rows.append(["voided", l.total.unit, "", String(l.total.amountMinor), l.total.amount, String(l.count)]) }
        for l in s.expenses { rows.append(["expenses", l.total.unit, "", String(l.total.amountMinor), l.total.amount, String(l.count)]) }
        for o in s.inKind {
            rows.append(["in_kind", o.value?.unit ?? "", o.id, o.value.map { String($0.amountMinor) } ?? "", o.value?.amount ?? "", "1"])
        }
        return PaperFiles.csv(["section", "unit", "key", "amount_minor", "amount", "count"], rows)
    }

    static func csv(_ x: Attestation) -> Data {
        PaperFiles.csv(["id", "date", "amount_minor", "unit", "amount", "channel"],
                       x.gifts.map { [$0.id, $0.day, String($0.total.amountMinor), $0.total.unit, $0.total.amount, $0.channel ?? ""] })
    }
}
