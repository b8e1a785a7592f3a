import ChapeauCore

/// How the rows of one format are read, once its columns are found in the header.
protocol RowMapping: Sendable {
    /// What the file is, for messages ("a Liberapay patrons export").
    var title: String { get }
    /// Reads one row; problems go to `cells`.
    mutating func read(_ cells: inout Cells, _ ctx: RowContext) -> ImportRow
}

/// A column a format needs, under the names exports give it.
struct Column: Sendable {
    let name: String
    let aliases: [String]

    init(_ name: String, _ aliases: String...) {
        self.name = name
        self.aliases = [name] + aliases
    }

    func index(in header: Header) -> Int? { header.column(aliases) }
}

extension ImportFormat {
    /// The mapping for this header, or the columns it lacks.
    func mapping(for header: Header) -> Result<any RowMapping, MissingColumns> {
        func need(_ cols: [Column]) -> MissingColumns? {
            let missing = cols.filter { $0.index(in: header) == nil }.map(\.name)
            return missing.isEmpty ? nil : MissingColumns(names: missing, title: title)
        }
        switch self {
        case .generic:
            if let m = need(GenericMapping.required) { return .failure(m) }
            return .success(GenericMapping(header))
        case .helloasso:
            if let m = need(HelloAssoMapping.required) { return .failure(m) }
            return .success(HelloAssoMapping(header))
        case .liberapay:
            if need(LiberapayPatronsMapping.required) == nil { return .success(LiberapayPatronsMapping(header)) }
            if need(LiberapayLedgerMapping.required) == nil { return .success(LiberapayLedgerMapping(header)) }
            let patrons = need(LiberapayPatronsMapping.required)
            let ledger = need(LiberapayLedgerMapping.required)
            let closer = (patrons?.names.count ?? 0) <= (ledger?.names.count ?? 0) ? patrons : ledger
            return .failure(closer ?? MissingColumns(names: [], title: title))
        case .opencollective:
            if let m = need(OpenCollectiveMapping.required) { return .failure(m) }
            return .success(OpenCollectiveMapping(header))
        case .patreon:
            if let m = need(PatreonMapping.required) { return .failure(m) }
            return .success(PatreonMapping(header))
        }
    }

    var title: String {
        switch self {
        case .generic: return "Chapeau's generic CSV"
        case .helloasso: return "a HelloAsso orders export"
        case .liberapay: return "a Liberapay patrons export or team ledger"
        case .opencollective: return "an Open Collective transactions export"
        case .patreon: return "a Patreon members export"
        }
    }

    /// The format whose columns this header has, other than `self`, to hint at `--format`.
    func likelyFormat(for header: Header) -> ImportFormat? {
        ImportFormat.allCases.first { $0 != self && $0 != .generic && (try? $0.mapping(for: header).get()) != nil }
    }
}

/// Columns a file's header lacks.
struct MissingColumns: Error, Sendable {
    let names: [String]
    let title: String
}

// MARK: - generic

/// `id,date,kind,amount,unit,supporter,channel,campaign,reference,note`: gifts, `.` decimals,
/// ISO dates. `id` is ignored; supporters are handles, created when new.
struct GenericMapping: RowMapping {
    static let required = [Column("date"), Column("amount"), Column("unit")]
    let date, amount, unit: Int?
    let kind, supporter, channel, campaign, reference, note: Int?
    var title: String { ImportFormat.generic.title }

    init(_ h: Header) {
        date = h.column("date"); amount = h.column("amount"); unit = h.column("unit")
        kind = h.column("kind"); supporter = h.column("supporter"); channel = h.column("channel")
        campaign = h.column("campaign"); reference = h.column("reference"); note = h.column("note")
    }

    func read(_ c: inout Cells, _ ctx: RowContext) -> ImportRow {
        if let k = c.optional(kind), k.lowercased() != "gift" {
            c.problem(kind, "kind '\(k)' cannot be imported: the generic CSV holds gifts (kind 'gift' or empty)")
        }
        let day = c.day(date, ctx)
        let u = c.unit(unit, ctx)
        let money = u.flatMap { c.amount(amount, unit: $0, ctx) }
        var handle = c.line(supporter, max: 64, what: "the supporter")
        if let h = handle { handle = c.handle(h, column: supporter) }
        let channel = c.line(channel, max: 64, what: "the channel")?.lowercased()
        let campaign = c.line(campaign, max: 200, what: "the campaign")
        let reference = c.line(reference, max: 200, what: "the reference")
        let note = c.note(note)
        guard c.isValid, let day, let money else { return ImportRow() }
        return ImportRow(supporter: handle.map { SupporterDraft(handle: $0, visibility: .pseudonym) },
                         gift: Gift(amount: money, day: day, channel: channel, campaign: campaign, reference: reference, note: note))
    }
}

// MARK: - HelloAsso

/// HelloAsso's orders export. Only paid or validated orders are gifts. Payers have no
/// public profile there, so new supporters are `anonymous`, under a handle made from a
/// digest of their e-mail (stable from one export to the next, and showing nothing).
/// An order of several items gives several rows: the second is referenced `…/2`.
struct HelloAssoMapping: RowMapping {
    static let required = [
        Column("Référence commande", "Numéro de commande", "Reference"),
        Column("Date de la commande", "Date commande", "Date"),
        Column("Montant tarif", "Montant"),
    ]
    let reference, date, amount: Int?
    let status, lastName, firstName, email, method: Int?
    var seen: [String: Int] = [:]
    var title: String { ImportFormat.helloasso.title }

    init(_ h: Header) {
        reference = Self.required[0].index(in: h); date = Self.required[1].index(in: h); amount = Self.required[2].index(in: h)
        status = h.column("Statut de la commande", "Statut commande", "Statut")
        lastName = h.column("Nom payeur", "Nom"); firstName = h.column("Prénom payeur", "Prénom")
        email = h.column("Email payeur", "Email", "E-mail payeur"); method = h.column("Moyen de paiement")
    }

    mutating func read(_ c: inout Cells, _ ctx: RowContext) -> ImportRow {
        if let s = c.optional(status), !PaidStatus.isPaid(s) { return .ignore("not paid") }
        if ctx.isZero(c.text(amount)) { return .ignore("zero amount") }
        let order = c.line(reference, max: 190, what: "the order reference")
        if order == nil, c.isValid { c.problem(reference, "the order reference is empty") }
        let day = c.day(date, ctx, written: "DD/MM/YYYY")
        let money = c.amount(amount, unit: nil, ctx)
        let mail = c.optional(email).flatMap { $0.contains("@") && !$0.contains(" ") ? $0 : nil }
        let name = [c.optional(firstName), c.optional(lastName)].compactMap { $0 }.joined(separator: " ")
        let paidWith = c.line(method, max: 200, what: "the payment method")
        guard c.isValid, let order, let day, let money else { return ImportRow() }
        let n = (seen[order] ?? 0) + 1
        seen[order] = n
        var row = ImportRow()
        if let key = mail ?? (name.isEmpty ? nil : name) {
            row.supporter = SupporterDraft(handle: Handles.hashed("helloasso", key), name: name.isEmpty ? nil : String(name.prefix(200)),
                                           email: mail, visibility: .anonymous)
        }
        row.gift = Gift(amount: money, day: day, channel: "helloasso",
                        reference: "helloasso:\(order)" + (n > 1 ? "/\(n)" : ""), note: paidWith)
        return row
    }
}

// MARK: - Liberapay

/// Liberapay's patrons export: each row a supporter and a weekly pledge. Visibility
/// follows the patron's own choice: `public` → public, `private` → pseudonym, `secret` →
/// anonymous. Liberapay hides who secret patrons are, so their pledges have no supporter.
struct LiberapayPatronsMapping: RowMapping {
    static let required = [Column("patron_id"), Column("visibility"), Column("donation_currency"),
                           Column("weekly_amount"), Column("pledge_date")]
    let id, visibility, currency, amount, date: Int?
    let username, publicName: Int?
    var title: String { "a Liberapay patrons export" }

    init(_ h: Header) {
        id = h.column("patron_id"); visibility = h.column("visibility"); currency = h.column("donation_currency")
        amount = h.column("weekly_amount"); date = h.column("pledge_date")
        username = h.column("patron_username"); publicName = h.column("patron_public_name")
    }

    func read(_ c: inout Cells, _ ctx: RowContext) -> ImportRow {
        let vis: Visibility?
        switch c.text(visibility).lowercased() {
        case "public": vis = .public
        case "private": vis = .pseudonym
        case "secret": vis = .anonymous
        case let other:
            c.problem(visibility, "visibility '\(other)' is not public, private or secret")
            vis = nil
        }
        if ctx.isZero(c.text(amount)) { return .ignore("zero amount") }
        let unit = c.unit(currency, ctx)
        let money = unit.flatMap { c.amount(amount, unit: $0, ctx) }
        let start = c.day(date, ctx)
        let name = c.line(publicName, max: 200, what: "the public name")
        guard c.isValid, let vis, let money, let start else { return ImportRow() }
        var row = ImportRow(pledge: Pledge(amount: money, every: .week, start: start))
        if let user = c.optional(username) {
            row.supporter = SupporterDraft(handle: Handles.make("liberapay", user), name: name, visibility: vis)
        } else if let pid = c.optional(id) {
            row.supporter = SupporterDraft(handle: Handles.make("liberapay", "~" + pid), name: name, visibility: vis)
        }
        return row
    }
}

/// A Liberapay team's public ledger: each row a gift, referenced `liberapay:<id>`.
struct LiberapayLedgerMapping: RowMapping {
    static let required = [Column("id"), Column("date"), Column("currency"), Column("amount")]
    let id, date, currency, amount: Int?
    let username, publicName: Int?
    var title: String { "a Liberapay team ledger" }

    init(_ h: Header) {
        id = h.column("id"); date = h.column("date"); currency = h.column("currency"); amount = h.column("amount")
        username = h.column("payer_username"); publicName = h.column("payer_public_name")
    }

    func read(_ c: inout Cells, _ ctx: RowContext) -> ImportRow {
        let ref = c.line(id, max: 180, what: "the id")
        if ref == nil, c.isValid { c.problem(id, "the id is empty") }
        let day = c.day(date, ctx)
        let unit = c.unit(currency, ctx)
        let money = unit.flatMap { c.amount(amount, unit: $0, ctx) }
        let name = c.line(publicName, max: 200, what: "the public name")
        guard c.isValid, let ref, let day, let money else { return ImportRow() }
        var row = ImportRow(gift: Gift(amount: money, day: day, channel: "liberapay", reference: "liberapay:\(ref)"))
        if let user = c.optional(username) {
            row.supporter = SupporterDraft(handle: Handles.make("liberapay", user), name: name, visibility: .pseudonym)
        }
        return row
    }
}

// MARK: - Open Collective

/// Open Collective's transactions export. Only contributions received are gifts: credits of
/// kind CONTRIBUTION that are not refunds. Contributors are public there, so new supporters
/// are `pseudonym` under `opencollective:<slug>`; incognito contributors are `anonymous`.
struct OpenCollectiveMapping: RowMapping {
    static let required = [Column("datetime", "date", "createdAt"), Column("shortId", "id"), Column("kind"),
                           Column("amount"), Column("currency")]
    let date, id, kind, amount, currency: Int?
    let type, isRefund, slug, name: Int?
    var title: String { ImportFormat.opencollective.title }

    init(_ h: Header) {
        date = Self.required[0].index(in: h); id = Self.required[1].index(in: h); kind = h.column("kind")
        amount = h.column("amount"); currency = h.column("currency")
        type = h.column("type"); isRefund = h.column("isRefund")
        slug = h.column("oppositeAccountSlug", "fromAccountSlug"); name = h.column("oppositeAccountName", "fromAccountName")
    }

    func read(_ c: inout Cells, _ ctx: RowContext) -> ImportRow {
        guard c.text(kind).uppercased() == "CONTRIBUTION" else { return .ignore("not a contribution") }
        if c.text(type).uppercased() == "DEBIT" || c.text(amount).hasPrefix("-") { return .ignore("a debit") }
        if ["true", "1", "yes"].contains(c.text(isRefund).lowercased()) { return .ignore("a refund") }
        let ref = c.line(id, max: 170, what: "the transaction id")
        if ref == nil, c.isValid { c.problem(id, "the transaction id is empty") }
        let day = c.day(date, ctx)
        let unit = c.unit(currency, ctx)
        let money = unit.flatMap { c.amount(amount, unit: $0, ctx) }
        let who = c.line(name, max: 200, what: "the contributor's name")
        guard c.isValid, let ref, let day, let money else { return ImportRow() }
        var row = ImportRow(gift: Gift(amount: money, day: day, channel: "opencollective", reference: "opencollective:\(ref)"))
        if let s = c.optional(slug) {
            let anonymous = s.lowercased().hasPrefix("incognito")
            row.supporter = SupporterDraft(handle: Handles.make("opencollective", s), name: anonymous ? nil : who,
                                           visibility: anonymous ? .anonymous : .pseudonym)
        }
        return row
    }
}

// MARK: - Patreon

/// Patreon's members export. Every paying member becomes a supporter `patreon:<user id>`,
/// `anonymous` (Patreon does not say whether they agreed to be thanked by name), with name
/// and e-mail kept private. An active patron's pledge becomes a pledge (monthly, or yearly
/// for annual members) from their "Patronage Since Date"; their last charge, when paid,
/// becomes a gift referenced `patreon:<user id>:<date>` that fulfils it. Importing each
/// month's export thus records each month's charge once. Free members and followers
/// (no pledge amount) are ignored.
struct PatreonMapping: RowMapping {
    static let required = [Column("User ID"), Column("Patron Status"), Column("Pledge Amount")]
    let user, status, amount: Int?
    let name, email, frequency, lastCharge, lastStatus, since, currency: Int?
    var title: String { ImportFormat.patreon.title }

    init(_ h: Header) {
        user = h.column("User ID"); status = h.column("Patron Status"); amount = h.column("Pledge Amount")
        name = h.column("Name"); email = h.column("Email"); frequency = h.column("Charge Frequency")
        lastCharge = h.column("Last Charge Date"); lastStatus = h.column("Last Charge Status")
        since = h.column("Patronage Since Date"); currency = h.column("Currency")
    }

    func read(_ c: inout Cells, _ ctx: RowContext) -> ImportRow {
        let amountText = c.text(amount)
        if amountText.isEmpty || ctx.isZero(amountText) { return .ignore("no pledge") }
        let id = c.line(user, max: 50, what: "the user id")
        if id == nil, c.isValid { c.problem(user, "the user id is empty") }
        let unit: Unit? = currency == nil ? ctx.units.defaultUnit : c.unit(currency, ctx)
        let money = unit.flatMap { c.amount(amount, unit: $0, ctx) }
        let every: Recurrence?
        switch Header.normalise(c.text(frequency)) {
        case "", "monthly", "month", "mensuel": every = .month
        case "annual", "annually", "yearly", "year", "annuel": every = .year
        default: every = nil
        }
        let active = Header.normalise(c.text(status)) == "active patron"
        let sinceDay = c.optional(since) == nil ? nil : c.day(since, ctx)
        let chargeDay = c.optional(lastCharge) == nil ? nil : c.day(lastCharge, ctx)
        let paid = c.optional(lastStatus).map(PaidStatus.isPaid) ?? true
        let who = c.line(name, max: 200, what: "the name")
        let mail = c.optional(email).flatMap { $0.contains("@") && !$0.contains(" ") ? $0 : nil }
        guard c.isValid, let id, let money else { return ImportRow() }
        var row = ImportRow(supporter: SupporterDraft(handle: Handles.make("patreon", id), name: who, email: mail, visibility: .anonymous))
        if active, let every, let start = sinceDay ?? chargeDay {
            row.pledge = Pledge(amount: money, every: every, start: start)
        }
        if let chargeDay, paid {
            row.gift = Gift(amount: money, day: chargeDay, channel: "patreon", reference: "patreon:\(id):\(chargeDay)")
            row.giftFulfilsPledge = row.pledge != nil
        }
        if row.pledge == nil && row.gift == nil { return .ignore(active ? "no charge yet" : "not an active patron") }
        return row
    }
}

extension RowContext {
    /// Whether a cell holds a zero amount, however written (`0`, `0,00`, `-0.00`, `0,00 €`).
    func isZeroText(_ text: String) -> Bool {
        text.contains { $0.isNumber } && !text.contains { $0.isNumber && $0 != "0" }
    }

    /// Whether the text is an amount of zero (`0`, `0,00`, `0.00 €`): a row to ignore.
    func isZero(_ text: String) -> Bool {
        do {
            _ = try parser.parse(text.hasPrefix("+") ? String(text.dropFirst()) : text)
            return false
        } catch {
            if case .zero = error { return true }
            return false
        }
    }
}
