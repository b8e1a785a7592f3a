public import ChapeauCore
import ChapeauReports
import ChapeauStore
import Foundation

/// One receipt as `receipt list` shows it.
public struct ReceiptView: Sendable, Encodable {
    public let id: String
    public let number: String
    public let year: Int
    /// The supporter's handle, or `(erased s-12)`.
    public let supporter: String
    public let total: PaperAmount
    public let issuedOn: String
    /// `issued` or `cancelled`.
    public let status: String
    public let duplicates: Int
    /// Why the receipt no longer matches the ledger (a gift voided after issue), or nil.
    public let flag: String?

    enum CodingKeys: String, CodingKey {
        case id, number, year, supporter, total, issuedOn = "issued_on", status, duplicates, flag
    }

    public var line: String {
        "\(number)  \(id)  \(supporter)  \(total.amount) \(total.unit)  issued \(issuedOn)  \(status)"
            + (duplicates > 0 ? "  duplicates=\(duplicates)" : "") + (flag.map { "  [\($0)]" } ?? "")
    }
}

/// `receipt summary`: what the association declares to the tax office for a year (CGI art. 222 bis):
/// the number of receipts issued and the total of the amounts they state, cancelled ones excluded.
public struct ReceiptSummary: Sendable, Encodable {
    public let year: Int
    public let receipts: Int
    public let total: PaperAmount
    public let cancelled: Int

    public var lines: [String] {
        ["receipts issued for \(year): \(receipts) (cancelled, not counted: \(cancelled))",
         "total of the amounts they state: \(total.amount) \(total.unit)"]
    }
}

/// What `receipt issue` did.
public struct ReceiptRun: Sendable, Encodable {
    public struct Issued: Sendable, Encodable {
        public let number: String
        public let supporter: String
        public let total: PaperAmount
        public let duplicate: Bool
        public let files: [String]
    }
    public struct Skipped: Sendable, Encodable {
        public let supporter: String
        public let reason: String
    }
    public let year: Int
    public let issued: [Issued]
    /// Supporters who should have a receipt and do not (no name, no address): exit 65.
    public let skipped: [Skipped]
    /// Supporters whose yearly total is below `[receipts] minimum`: no receipt, by design.
    public let belowMinimum: [String]

    enum CodingKeys: String, CodingKey { case year, issued, skipped, belowMinimum = "below_minimum" }

    public var lines: [String] {
        var out = issued.map { "\($0.number)  \($0.supporter)  \($0.total.amount) \($0.total.unit)\($0.duplicate ? "  DUPLICATA" : "")  \($0.files.first ?? "")" }
        for s in skipped { out.append("skipped \(s.supporter): \(s.reason)") }
        if !belowMinimum.isEmpty { out.append("below the minimum, no receipt: \(belowMinimum.joined(separator: ", "))") }
        if issued.isEmpty && skipped.isEmpty { out.append("no receipt to issue for \(year)") }
        return out
    }
}

/// The content of one receipt, as its documents show it (JSON beside the PDF).
public struct ReceiptDocument: Sendable, Encodable {
    public struct Party: Sendable, Encodable {
        public let name: String
        public let address: String
        public let object: String?
    }
    public let document = "receipt"
    public let model = "Cerfa n° 11580"
    public let number: String
    public let duplicate: Bool
    public let year: Int
    public let organisation: Party
    public let donor: Party
    public let total: PaperAmount
    public let amountInWords: String
    public let dates: [String]
    public let form: String
    public let nature: String
    public let methods: [String]
    public let article: String
    public let certification: String
    public let signatory: String
    public let place: String
    public let issuedOn: String

    enum CodingKeys: String, CodingKey {
        case document, model, number, duplicate, year, organisation, donor, total, amountInWords = "amount_in_words", dates, form,
             nature, methods, article, certification, signatory, place, issuedOn = "issued_on"
    }
}

extension Paperwork {
    static let individualRefusal = "an individual cannot issue reçus fiscaux ([author] kind is \"individual\"): only an association of general interest may; give your supporters an attestation de soutien with 'chapeau statement --year YEAR --supporter HANDLE'"

    /// The receipt rules of the config, checked before anything is written.
    func receiptSettings() throws -> (address: String, object: String, signatory: String, minimum: Int64, unit: ChapeauCore.Unit) {
        let c = workspace.config
        guard c.author.kind == .association else { throw AppError.invalid(Self.individualRefusal) }
        guard c.ledger.currency == "EUR", let eur = workspace.units.unit(code: "EUR") else {
            throw AppError.invalid("the ledger's currency is \(c.ledger.currency): reçus fiscaux state amounts in euros ([ledger] currency = \"EUR\")")
        }
        guard let address = c.author.address else {
            throw AppError.invalid("[author] address is missing: a receipt names the organisation's address (add address = \"…\" under [author])")
        }
        guard let object = c.receipts.object, !object.isEmpty else {
            throw AppError.invalid("[receipts] object is missing: a receipt states the organisation's purpose (add object = \"…\" under [receipts])")
        }
        guard let signatory = c.receipts.signatory, !signatory.isEmpty else {
            throw AppError.invalid("[receipts] signatory is missing: a receipt names who signs it (add signatory = \"name, role\" under [receipts])")
        }
        var minimum: Int64 = 0
        let m = c.receipts.minimumText.trimmingCharacters(in: .whitespaces)
        if m != "0" && !m.isEmpty { minimum = try AmountParser(registry: workspace.units).parse(m, explicit: eur).minor }
        return (address, object, signatory, minimum, eur)
    }

    /// Every receipt entry, originals with their duplicates and whether they are cancelled.
    func receiptEntries() throws -> (originals: [(ref: EntryRef, receipt: Receipt, cancelled: Bool)], duplicates: [EntryRef: Int]) {
        var originals: [(EntryRef, Receipt, Bool)] = []
        var duplicates: [EntryRef: Int] = [:]
        for e in try store.entries(types: [.receipt]) {
            guard case .receipt(let r) = e.body else { continue }
            if let o = r.original { duplicates[o.ref, default: 0] += 1 } else { originals.append((e.ref, r, e.voided)) }
        }
        return (originals.map { (ref: $0.0, receipt: $0.1, cancelled: $0.2) }, duplicates)
    }

    /// Gifts of the year in `unit`, not voided, by supporter.
    func receiptableGifts(year: Int, unit: ChapeauCore.Unit) throws -> [ID<Supporter>: [(ref: EntryRef, gift: Gift)]] {
        guard let (from, to) = Self.span(year) else { return [:] }
        var out: [ID<Supporter>: [(ref: EntryRef, gift: Gift)]] = [:]
        for e in try store.entries(types: [.gift], from: from, to: to) where !e.voided {
            guard case .gift(let g) = e.body, g.amount.unit == unit, let s = g.supporter else { continue }
            out[s, default: []].append((e.ref, g))
        }
        return out
    }

    // MARK: issue

    public func issueReceipts(year rawYear: Int, supporter only: String?, output: String?) throws -> ReceiptRun {
        let year = try PaperFiles.year(rawYear)
        let settings = try receiptSettings()
        let dir = try PaperFiles.folder(output, default: "Receipts/\(year)", workspace: workspace)
        var gifts = try receiptableGifts(year: year, unit: settings.unit)
        if let only {
            guard let id = try store.supporterID(handle: only) else { throw LedgerError.unknownHandle(only) }
            guard let mine = gifts[id], !mine.isEmpty else {
                throw AppError.invalid("no gift in \(settings.unit.code) from '\(only)' in \(year): there is nothing to receipt")
            }
            gifts = [id: mine]
        }
        let (originals, duplicates) = try receiptEntries()
        let live = Dictionary(originals.filter { !$0.cancelled && $0.receipt.year == year }.map { ($0.receipt.supporter, $0) },
                              uniquingKeysWith: { a, _ in a })
        var sequence = originals.filter { $0.receipt.year == year }.count
        // Each as they are now, updates applied: the name and address a receipt prints. An
        // erased supporter has no handle left.
        let people = try store.supporters().filter { !$0.value.handle.isEmpty }
        let issuedOn = today

        var plans: [(body: Receipt, document: ReceiptDocument, handle: String)] = []
        var skipped: [ReceiptRun.Skipped] = []
        var below: [String] = []
        for id in gifts.keys.sorted() {
            let list = (gifts[id] ?? []).sorted { ($0.gift.day, $0.ref) < ($1.gift.day, $1.ref) }
            let handle = people[id]?.handle ?? "(erased \(id))"
            guard let person = people[id] else {
                skipped.append(.init(supporter: handle, reason: "their personal data was erased: a receipt names the donor"))
                continue
            }
            let total = list.reduce(Int64(0)) { $0 &+ $1.gift.amount.minor }
            let receipt: Receipt
            if let existing = live[id] {
                receipt = Receipt(number: existing.receipt.number, supporter: id, amount: existing.receipt.amount, day: issuedOn,
                                  original: ID<Receipt>(existing.ref))
            } else {
                if total < settings.minimum { below.append(handle); continue }
                var missing: [String] = []
                if person.name?.isEmpty ?? true { missing.append("name (--name)") }
                if person.address?.isEmpty ?? true { missing.append("postal address (--address)") }
                if !missing.isEmpty {
                    skipped.append(.init(supporter: handle, reason: "no \(missing.joined(separator: " and ")): a receipt names the donor and their address; add it with 'chapeau supporter update \(handle)\(person.name?.isEmpty ?? true ? " --name \"…\"" : "")\(person.address?.isEmpty ?? true ? " --address \"…\"" : "")', then issue again"))
                    continue
                }
                sequence += 1
                receipt = Receipt(number: Receipt.number(year: year, sequence: sequence), supporter: id,
                                  amount: Money(minor: total, unit: settings.unit), day: issuedOn)
            }
            let doc = ReceiptPaper.document(receipt, year: year, gifts: list.map(\.gift), donorName: person.name ?? handle,
                                            donorAddress: person.address ?? "", settings: settings, config: workspace.config)
            plans.append((receipt, doc, handle))
        }
        // The documents are made before anything is recorded, a few hundred at a time, into a
        // private staging folder beside their place (memory holds one batch of PDFs, not all);
        // once the entries are recorded, each file is renamed into place. A failure before
        // that removes the staging folder and records nothing.
        let names = plans.map { p -> String in
            // Every duplicate keeps its own file: the first `-duplicata`, then `-duplicata-2`, …
            var base = "recu-\(p.body.number)"
            if let original = p.body.original {
                let n = (duplicates[original.ref] ?? 0) + 1
                base += n == 1 ? "-duplicata" : "-duplicata-\(n)"
            }
            return base
        }
        var issued: [ReceiptRun.Issued] = []
        guard !plans.isEmpty else { return ReceiptRun(year: year, issued: issued, skipped: skipped, belowMinimum: below) }
        let staging = try PaperFiles.staging(in: dir)
        var recorded = false
        defer { if !recorded { PaperFiles.discard(staging) } }
        var staged: [[String]] = []
        staged.reserveCapacity(plans.count)
        for batch in PaperFiles.batches(plans.count) {
            let pdfs = try PDFRenderer.renderAll(plans[batch].map { ReceiptPaper.paper($0.document, unit: settings.unit) })
            for (i, pdf) in zip(batch, pdfs) {
                staged.append(try PaperFiles.write([(names[i] + ".pdf", pdf), (names[i] + ".json", try PaperFiles.json(plans[i].document))],
                                                   in: staging))
            }
        }
        _ = try store.append(plans.map { .receipt($0.body) }, recordedAt: Timestamp.iso(now))
        recorded = true
        for (p, files) in zip(plans, staged) {
            let written = try PaperFiles.move(files, to: dir)
            issued.append(.init(number: p.body.number, supporter: p.handle, total: PaperAmount(p.body.amount),
                                duplicate: p.body.original != nil, files: written))
        }
        PaperFiles.discard(staging)
        return ReceiptRun(year: year, issued: issued, skipped: skipped, belowMinimum: below)
    }

    // MARK: cancel, list, summary

    public func cancelReceipt(number: String, reason: String) throws -> EntryRef {
        _ = try receiptSettings()
        let why = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !why.isEmpty, why.count <= 500, !why.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw AppError.invalid("--reason '\(reason)' is not a reason: write why on one line (at most 500 characters)")
        }
        guard Receipt.parse(number: number) != nil else {
            throw AppError.invalid("'\(number)' is not a receipt number: write it YEAR-NNNN (e.g. 2026-0001; see 'chapeau receipt list')")
        }
        guard let original = try receiptEntries().originals.first(where: { $0.receipt.number == number }) else {
            throw AppError.invalid("no receipt '\(number)': see 'chapeau receipt list'")
        }
        return try store.append(.void(Correction(target: original.ref, reason: why, day: today)), recordedAt: Timestamp.iso(now))
    }

    public func listReceipts(year: Int?) throws -> [ReceiptView] {
        let (originals, duplicates) = try receiptEntries()
        let handles = try store.handles()
        var current: [Int: [ID<Supporter>: Int64]] = [:]
        var out: [ReceiptView] = []
        for o in originals where year == nil || o.receipt.year == year {
            let r = o.receipt
            if current[r.year] == nil {
                current[r.year] = try receiptableGifts(year: r.year, unit: r.amount.unit).mapValues { $0.reduce(Int64(0)) { $0 &+ $1.gift.amount.minor } }
            }
            let now = current[r.year]?[r.supporter] ?? 0
            let flag = o.cancelled || now == r.amount.minor ? nil
                : "the ledger now gives \(Money(minor: now, unit: r.amount.unit).decimalString) \(r.amount.unit.code) for this year: a gift was voided or recorded after issue"
            out.append(ReceiptView(id: o.ref.description, number: r.number, year: r.year, supporter: handles[r.supporter] ?? "(erased \(r.supporter))",
                                   total: PaperAmount(r.amount), issuedOn: r.day.description, status: o.cancelled ? "cancelled" : "issued",
                                   duplicates: duplicates[o.ref] ?? 0, flag: flag))
        }
        return out.sorted { $0.number < $1.number }
    }

    public func receiptSummary(year rawYear: Int) throws -> ReceiptSummary {
        let year = try PaperFiles.year(rawYear)
        let settings = try receiptSettings()
        let all = try receiptEntries().originals.filter { $0.receipt.year == year }
        let kept = all.filter { !$0.cancelled }
        let total = kept.reduce(Int64(0)) { $0 &+ $1.receipt.amount.minor }
        return ReceiptSummary(year: year, receipts: kept.count, total: PaperAmount(Money(minor: total, unit: settings.unit)),
                              cancelled: all.count - kept.count)
    }
}

/// A receipt's content and its document (pure).
enum ReceiptPaper {
    static let channelModes: [String: String] = [
        "bank": "virement", "virement": "virement", "transfer": "virement", "sepa": "virement",
        "cash": "espèces", "especes": "espèces", "espèces": "espèces",
        "cheque": "chèque", "chèque": "chèque", "check": "chèque",
        "card": "carte bancaire", "cb": "carte bancaire",
    ]

    /// How the gifts were paid, in the words of the form: « virement », « chèque », « espèces »,
    /// « carte bancaire ou paiement en ligne (helloasso) »…
    static func methods(_ gifts: [Gift]) -> [String] {
        var out: [String] = []
        for g in gifts {
            let c = g.channel ?? ""
            let m = channelModes[c] ?? (c.isEmpty ? "non précisé" : "paiement en ligne ou carte bancaire (\(c))")
            if !out.contains(m) { out.append(m) }
        }
        return out
    }

    /// The town of a postal address: its last part, without the postcode.
    static func place(_ address: String) -> String {
        let last = address.split(whereSeparator: { $0 == "," || $0 == "\n" }).last.map(String.init) ?? address
        return last.trimmingCharacters(in: .whitespaces).drop { $0.isNumber || $0 == " " }.trimmingCharacters(in: .whitespaces)
    }

    static func certification(article: String) -> String {
        "Le bénéficiaire certifie sur l’honneur que les dons et versements qu’il reçoit ouvrent droit à la réduction d’impôt prévue à l’article \(article) du code général des impôts."
    }

    static func document(_ r: Receipt, year: Int, gifts: [Gift], donorName: String, donorAddress: String,
                         settings: (address: String, object: String, signatory: String, minimum: Int64, unit: ChapeauCore.Unit),
                         config: ChapeauConfig) -> ReceiptDocument {
        ReceiptDocument(
            number: r.number, duplicate: r.original != nil, year: year,
            organisation: .init(name: config.author.name, address: settings.address, object: settings.object),
            donor: .init(name: donorName, address: donorAddress, object: nil),
            total: PaperAmount(r.amount), amountInWords: FrenchWords.euros(cents: r.amount.minor),
            dates: gifts.map(\.day.description), form: "Déclaration de don manuel", nature: "Numéraire",
            methods: methods(gifts), article: config.receipts.article, certification: certification(article: config.receipts.article),
            signatory: settings.signatory, place: place(settings.address), issuedOn: r.day.description)
    }

    static func paper(_ d: ReceiptDocument, unit: ChapeauCore.Unit) -> Paper {
        func day(_ iso: String) -> String { Day(iso: iso).map(PaperStyle.date) ?? iso }
        let amount = PaperStyle.style.amount(d.total.amountMinor, unit: unit)
        var p = Paper(title: "Reçu fiscal \(d.number)\(d.duplicate ? " (duplicata)" : "")",
                      footer: "\(d.organisation.name) — reçu n° \(d.number)\(d.duplicate ? " — DUPLICATA" : "")")
        if d.duplicate { p.blocks.append(.mark("DUPLICATA")) }
        p.blocks.append(.title("Reçu au titre des dons à certains organismes d’intérêt général"))
        p.blocks.append(.small("Articles 200, 238 bis et 978 du code général des impôts — conforme au modèle Cerfa n° 11580"))
        p.blocks.append(.strong("Numéro d’ordre du reçu : \(d.number)"))
        p.blocks.append(.heading("Bénéficiaire des versements"))
        p.blocks.append(.table([.init("", width: 0.25), .init("", width: 0.75)], [
            ["Nom", d.organisation.name], ["Adresse", d.organisation.address], ["Objet", d.organisation.object ?? ""],
        ]))
        p.blocks.append(.heading("Donateur"))
        p.blocks.append(.table([.init("", width: 0.25), .init("", width: 0.75)], [["Nom", d.donor.name], ["Adresse", d.donor.address]]))
        p.blocks.append(.heading("Versements"))
        p.blocks.append(.text("Le bénéficiaire reconnaît avoir reçu au titre des dons et versements ouvrant droit à réduction d’impôt la somme de :"))
        p.blocks.append(.strong(amount))
        p.blocks.append(.text("Somme en toutes lettres : \(d.amountInWords)"))
        let dates = d.dates.count <= 12 ? d.dates.map(day).joined(separator: ", ")
            : "\(d.dates.count) versements, du \(day(d.dates.first ?? "")) au \(day(d.dates.last ?? ""))"
        p.blocks.append(.table([.init("", width: 0.3), .init("", width: 0.7)], [
            ["Date(s) des versements", dates],
            ["Forme du don", d.form],
            ["Nature du don", d.nature],
            ["Mode de versement", d.methods.joined(separator: ", ")],
        ]))
        p.blocks.append(.strong(d.certification))
        p.blocks.append(.space)
        p.blocks.append(.text("Fait à \(d.place), le \(day(d.issuedOn))"))
        p.blocks.append(.text("Signature : \(d.signatory)"))
        return p
    }
}
