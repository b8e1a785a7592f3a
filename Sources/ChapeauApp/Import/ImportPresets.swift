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
            if need(HelloAssoMapping.required) == nil { return .success(HelloAssoMapping(header)) }
            if need(HelloAssoPaymentsMapping.required) == nil { return .success(HelloAssoPaymentsMapping(header)) }
            return .failure(need(HelloAssoMapping.required) ?? MissingColumns(names: [], title: title))
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

/// HelloAsso's payments export: one row a payment (monthly gifts each month, refunds shown by
/// their status, offline payments). Only donation campaigns' payments are gifts, and of any
/// other campaign only the extra donation (`Don supplémentaire`); memberships and tickets are
/// not gifts. An offline payment (a cheque or cash that HelloAsso only records) is counted where
/// it is cashed, not here. A refunded payment voids what an earlier import recorded.
struct HelloAssoPaymentsMapping: RowMapping {
    static let required = [Column("Référence paiement", "Reference paiement"), Column("Date du paiement"), Column("Montant total"),
                           Column("Statut du paiement")]
    let payment, date, total, status: Int?
    let order, lastName, firstName, email, campaignType, extra, method: Int?
    var title: String { "a HelloAsso payments export" }

    init(_ h: Header) {
        payment = Self.required[0].index(in: h); date = Self.required[1].index(in: h); total = Self.required[2].index(in: h)
        status = Self.required[3].index(in: h); order = h.column("Référence commande", "Numéro de commande")
        lastName = h.column("Nom payeur"); firstName = h.column("Prénom payeur"); email = h.column("Email payeur")
        campaignType = h.column("Type de campagne", "Type de formulaire"); extra = h.column("Don supplémentaire")
        method = h.column("Moyen de paiement")
    }

    func read(_ c: inout Cells, _ ctx: RowContext) -> ImportRow {
        let ref = c.line(payment, max: 180, what: "the payment reference")
        if ref == nil, c.isValid { c.problem(payment, "the payment reference is empty") }
        let day = c.day(date, ctx, written: "DD/MM/YYYY")
        let state = Header.normalise(c.text(status))
        let kind = Header.normalise(c.text(campaignType))
        let isDonation = kind.isEmpty || kind == "don" || kind == "dons" || kind == "donation" || kind.hasPrefix("collecte")
        let amountColumn = isDonation ? total : extra
        let text = c.text(amountColumn)
        let money = text.isEmpty || ctx.isZeroText(text) ? nil : c.amount(amountColumn, unit: nil, ctx)
        let mail = c.optional(email).flatMap { $0.contains("@") && !$0.contains(" ") ? $0 : nil }
        let name = [c.optional(firstName), c.optional(lastName)].compactMap { $0 }.joined(separator: " ")
        let paidWith = c.line(method, max: 200, what: "the payment method")
        guard c.isValid, let ref, let day else { return ImportRow() }
        func row(_ result: RowClass, _ reason: String) -> ImportRow {
            var r = ImportRow.classed(result, reason)
            r.day = day
            r.signed = money
            return r
        }
        guard let money else {
            return row(.ignored, isDonation ? "zero amount" : "a \(kind.isEmpty ? "payment" : kind) payment without an extra donation: not a gift")
        }
        switch state {
        case "paye", "payee", "valide", "validee", "paid": break
        case "rembourse", "remboursee", "refunded":
            var r = row(.refund, "refunded")
            r.refundOf = "helloasso:payment:\(ref)"
            return r
        case "hors ligne", "offline":
            return row(.ignored, "an offline payment (\(paidWith ?? "cheque or cash")): counted where it is cashed, not through HelloAsso")
        default:
            return row(.ignored, "not paid (\(c.text(status)))")
        }
        var r = ImportRow(gift: Gift(amount: money, day: day, channel: "helloasso", reference: "helloasso:payment:\(ref)", note: paidWith))
        r.reason = isDonation ? "a donation" : "the extra donation of a \(kind) payment"
        if let o = c.optional(order) { r.alsoKnownAs = "helloasso:\(o)" }
        if let key = mail ?? (name.isEmpty ? nil : name) {
            r.supporter = SupporterDraft(handle: Handles.hashed("helloasso", key), name: name.isEmpty ? nil : String(name.prefix(200)),
                                         email: mail, visibility: .anonymous)
        }
        return r
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
        var row = ImportRow(pledge: Pledge(amount: money, every: .week, start: start, channel: "liberapay"))
        if let user = c.optional(username) {
            row.supporter = SupporterDraft(handle: Handles.make("liberapay", user), name: name, visibility: vis)
        } else if let pid = c.optional(id) {
            row.supporter = SupporterDraft(handle: Handles.make("liberapay", "~" + pid), name: name, visibility: vis)
        }
        return row
    }
}

/// A Liberapay team's ledger: each row a payment, referenced `liberapay:<id>`. A team's ledger
/// lists what every member received: with a recipient column, only the rows received by
/// `[import] liberapay_username` count (the others are ignored, named). A reversed amount
/// (a refund or a chargeback) is taken off; reversed whole, the row is a refund.
struct LiberapayLedgerMapping: RowMapping {
    static let required = [Column("id"), Column("date"), Column("currency"), Column("amount")]
    let id, date, currency, amount: Int?
    let username, publicName, recipient, reversed: Int?
    var title: String { "a Liberapay team ledger" }

    init(_ h: Header) {
        id = h.column("id"); date = h.column("date"); currency = h.column("currency"); amount = h.column("amount")
        username = h.column("payer_username"); publicName = h.column("payer_public_name")
        recipient = h.column("recipient_username", "recipient", "tippee_username", "tippee", "member")
        reversed = h.column("reversed_amount", "refunded_amount")
    }

    func read(_ c: inout Cells, _ ctx: RowContext) -> ImportRow {
        let ref = c.line(id, max: 180, what: "the id")
        if ref == nil, c.isValid { c.problem(id, "the id is empty") }
        if let who = c.optional(recipient) {
            guard let me = ctx.liberapayUsername else {
                c.problem(recipient, "this team ledger names who received each payment ('\(who)'…): set [import] liberapay_username "
                          + "in the config to the author's Liberapay name, so that only what they received counts")
                return ImportRow()
            }
            if who.lowercased() != me.lowercased() { return .ignore("received by another member of the team") }
        }
        let day = c.day(date, ctx)
        let unit = c.unit(currency, ctx)
        var money = unit.flatMap { c.amount(amount, unit: $0, ctx) }
        var refundedWhole = false
        if let col = reversed, let m = money, !c.text(col).isEmpty, !ctx.isZeroText(c.text(col)),
           let back = c.amount(col, unit: m.unit, ctx) {
            if back.minor >= m.minor { refundedWhole = true } else { money = Money(minor: m.minor - back.minor, unit: m.unit) }
        }
        let name = c.line(publicName, max: 200, what: "the public name")
        guard c.isValid, let ref, let day, let money else { return ImportRow() }
        if refundedWhole {
            var row = ImportRow.classed(.refund, "reversed in full")
            row.refundOf = "liberapay:\(ref)"
            row.day = day
            row.signed = money
            return row
        }
        var row = ImportRow(gift: Gift(amount: money, day: day, channel: "liberapay", reference: "liberapay:\(ref)"))
        if let user = c.optional(username) {
            row.supporter = SupporterDraft(handle: Handles.make("liberapay", user), name: name, visibility: .pseudonym)
        }
        return row
    }
}

// MARK: - Open Collective

/// Open Collective's transactions export, in the legacy layout (`datetime,shortId,…,kind,
/// isRefund,isRefunded,shortRefundId,…`) or the current one (`Effective Date & Time,
/// Transaction ID,…,Kind,…,Is Reverse,Is Reversed,Reverse Transaction ID`). Credits of kind
/// CONTRIBUTION are gifts, and so are ADDED_FUNDS (gifts by bank transfer that the host added).
/// A refund (`isRefund` REFUND) voids the contribution it names; a contribution marked
/// refunded (`isRefunded`) is never a gift. Fees are not gifts; expenses are expenses.
/// Contributors are public there, so new supporters are `pseudonym` under
/// `opencollective:<slug>`; incognito contributors are `anonymous`.
struct OpenCollectiveMapping: RowMapping {
    static let required = [Column("datetime", "date", "createdAt", "Effective Date & Time"), Column("shortId", "id", "Transaction ID"),
                           Column("kind"), Column("amount", "Amount Single Column"), Column("currency")]
    let date, id, kind, amount, currency: Int?
    let type, isRefund, isRefunded, refundID, slug, name, description: Int?
    var title: String { ImportFormat.opencollective.title }

    init(_ h: Header) {
        date = Self.required[0].index(in: h); id = Self.required[1].index(in: h); kind = h.column("kind")
        amount = Self.required[3].index(in: h); currency = h.column("currency")
        type = h.column("type", "Credit/Debit"); isRefund = h.column("isRefund", "Is Reverse")
        isRefunded = h.column("isRefunded", "Is Reversed"); refundID = h.column("shortRefundId", "refundId", "Reverse Transaction ID")
        slug = h.column("oppositeAccountSlug", "fromAccountSlug", "Opposite Account Handle")
        name = h.column("oppositeAccountName", "fromAccountName", "Opposite Account Name")
        description = h.column("description")
    }

    /// `REFUND`, `REFUNDED`, `true`, `1`, `yes`: the flag is set.
    static func isSet(_ text: String) -> Bool {
        let t = text.lowercased()
        return !t.isEmpty && !["false", "0", "no", "non"].contains(t)
    }

    func read(_ c: inout Cells, _ ctx: RowContext) -> ImportRow {
        let k = c.text(kind).uppercased()
        let text = c.text(amount)
        let debit = c.text(type).uppercased() == "DEBIT" || text.hasPrefix("-")
        let ref = c.line(id, max: 170, what: "the transaction id")
        if ref == nil, c.isValid { c.problem(id, "the transaction id is empty") }
        let day = c.day(date, ctx)
        let unit = c.unit(currency, ctx)
        let magnitude = text.hasPrefix("-") ? String(text.dropFirst()) : text
        let zero = ctx.isZeroText(magnitude)
        var money: Money?
        if let unit, !zero {
            var inner = Cells(CSVRecord(line: c.record.line, fields: [magnitude]), header: Header(["amount"]))
            money = inner.amount(0, unit: unit, ctx)
            for p in inner.problems { c.problem(amount, p.message) }
        }
        let who = c.line(name, max: 200, what: "the contributor's name")
        guard c.isValid, let ref, let day else { return ImportRow() }
        func row(_ result: RowClass, _ reason: String) -> ImportRow {
            var r = ImportRow.classed(result, reason)
            r.day = day
            r.signed = money.map { debit ? Money(minor: -$0.minor, unit: $0.unit) : $0 }
            return r
        }
        guard let money else { return row(.ignored, "zero amount") }
        let fees: Set<String> = ["HOST_FEE", "PAYMENT_PROCESSOR_FEE", "PAYMENT_PROCESSOR_COVER", "PLATFORM_FEE", "PLATFORM_TIP",
                                 "PLATFORM_TIP_DEBT", "HOST_FEE_SHARE", "HOST_FEE_SHARE_DEBT", "PREPAID_PAYMENT_METHOD"]
        if fees.contains(k) { return row(.ignored, OpenCollectiveMapping.isSet(c.text(isRefund)) ? "a fee given back" : "a fee, not a gift") }
        if OpenCollectiveMapping.isSet(c.text(isRefund)) {
            var r = row(.refund, "a refund of the contribution it names")
            r.refundOf = c.optional(refundID).map { "opencollective:\($0)" }
            return r
        }
        switch k {
        case "CONTRIBUTION", "ADDED_FUNDS":
            if debit { return row(.ignored, "a contribution the collective made") }
            if OpenCollectiveMapping.isSet(c.text(isRefunded)) {
                var r = row(.refund, "refunded later")
                r.refundOf = "opencollective:\(ref)"
                return r
            }
        case "EXPENSE":
            guard debit else { return row(.ignored, "an expense paid back") }
            var r = row(.expense, "an expense paid by the collective")
            let label = c.optional(description) ?? who ?? "Open Collective expense"
            r.expense = Expense(label: String(label.prefix(200)), amount: money, day: day, category: "opencollective")
            return r
        default:
            return row(.ignored, debit ? "a debit" : "not a contribution (\(k.isEmpty ? "no kind" : k.lowercased()))")
        }
        var r = ImportRow(gift: Gift(amount: money, day: day, channel: "opencollective", reference: "opencollective:\(ref)"))
        r.reason = k == "ADDED_FUNDS" ? "funds the host added (a gift by bank transfer)" : "a contribution"
        if let s = c.optional(slug) {
            let anonymous = s.lowercased().hasPrefix("incognito")
            r.supporter = SupporterDraft(handle: Handles.make("opencollective", s), name: anonymous ? nil : who,
                                         visibility: anonymous ? .anonymous : .pseudonym)
        }
        return r
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
    let name, email, frequency, lastCharge, lastStatus, since, currency, lastUpdated: Int?
    var title: String { ImportFormat.patreon.title }

    init(_ h: Header) {
        user = h.column("User ID"); status = h.column("Patron Status"); amount = h.column("Pledge Amount")
        name = h.column("Name"); email = h.column("Email"); frequency = h.column("Charge Frequency")
        lastCharge = h.column("Last Charge Date"); lastStatus = h.column("Last Charge Status")
        since = h.column("Patronage Since Date"); currency = h.column("Currency"); lastUpdated = h.column("Last Updated")
    }

    func read(_ c: inout Cells, _ ctx: RowContext) -> ImportRow {
        let amountText = c.text(amount)
        let status = Header.normalise(c.text(self.status))
        let left = status == "former patron" || status == "declined patron"
        if (amountText.isEmpty || ctx.isZero(amountText)) && !left { return .ignore("no pledge") }
        let id = c.line(user, max: 50, what: "the user id")
        if id == nil, c.isValid { c.problem(user, "the user id is empty") }
        let unit: Unit? = currency == nil ? ctx.units.defaultUnit : c.unit(currency, ctx)
        let money = amountText.isEmpty || ctx.isZero(amountText) ? nil : unit.flatMap { c.amount(amount, unit: $0, ctx) }
        let every: Recurrence?
        switch Header.normalise(c.text(frequency)) {
        case "", "monthly", "month", "mensuel": every = .month
        case "annual", "annually", "yearly", "year", "annuel": every = .year
        default: every = nil
        }
        let active = status == "active patron"
        let sinceDay = c.optional(since) == nil ? nil : c.day(since, ctx)
        let chargeDay = c.optional(lastCharge) == nil ? nil : c.day(lastCharge, ctx)
        let updatedDay = c.optional(lastUpdated) == nil ? nil : c.day(lastUpdated, ctx)
        let chargeStatus = Header.normalise(c.text(lastStatus))
        let paid = c.optional(lastStatus).map(PaidStatus.isPaid) ?? true
        let who = c.line(name, max: 200, what: "the name")
        let mail = c.optional(email).flatMap { $0.contains("@") && !$0.contains(" ") ? $0 : nil }
        guard c.isValid, let id else { return ImportRow() }
        var row = ImportRow(supporter: SupporterDraft(handle: Handles.make("patreon", id), name: who, email: mail, visibility: .anonymous))
        if left {
            // The platform says the patron left or the payment lapsed: their pledge ends.
            row.pledgeEndsOn = status == "declined patron" ? (chargeDay ?? updatedDay ?? ctx.today) : (updatedDay ?? chargeDay ?? ctx.today)
            row.result = .ignored
            row.reason = status == "declined patron" ? "a declined patron: their pledge ends" : "a former patron: their pledge ends"
            row.pledgeChannel = "patreon"
        }
        guard let money else { return row }
        if active, let every, let start = sinceDay ?? chargeDay {
            row.pledge = Pledge(amount: money, every: every, start: start, channel: "patreon")
        }
        if let chargeDay {
            if paid {
                row.gift = Gift(amount: money, day: chargeDay, channel: "patreon", reference: "patreon:\(id):\(chargeDay)")
                row.giftFulfilsPledge = row.pledge != nil
                row.result = nil
                row.reason = nil
            } else if chargeStatus == "refunded" {
                row.result = .refund
                row.reason = "the last charge was refunded"
                row.refundOf = "patreon:\(id):\(chargeDay)"
                row.day = chargeDay
                row.signed = Money(minor: -money.minor, unit: money.unit)
            }
        }
        if row.pledge == nil && row.gift == nil && row.result == nil {
            return .ignore(active ? "no charge yet" : "not an active patron")
        }
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
