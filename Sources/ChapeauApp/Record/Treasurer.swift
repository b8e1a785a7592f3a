public import ChapeauCore
internal import ChapeauStore
public import Foundation

/// The treasurer's use cases: record entries, correct them, erase a supporter, list,
/// verify, back up. Takes the raw text the user typed (amounts, dates, handles) and
/// reads it with the workspace's units and time zone. One transaction per use case.
public struct Treasurer: Sendable {
    public let workspace: Workspace
    let store: LedgerStore
    public let now: Date

    /// The treasurer of a workspace with its own connection to the ledger (commands get theirs
    /// from their `Session`, which opens the ledger once).
    public init(workspace: Workspace, now: Date) throws {
        self.init(workspace: workspace, store: try workspace.openLedger(), now: now)
    }

    init(workspace: Workspace, store: LedgerStore, now: Date) {
        self.workspace = workspace
        self.store = store
        self.now = now
    }

    /// The ledger file this treasurer writes to.
    public var ledgerPath: String { store.path }

    public var today: Day { Day(now, in: workspace.timeZone) }

    /// When an entry is recorded: ISO 8601 in UTC, to the second.
    public var recordedAt: String { Timestamp.iso(now) }

    // MARK: reading what the user typed

    public func amount(_ text: String, unit: String? = nil) throws -> Money {
        var explicit: ChapeauCore.Unit?
        if let unit {
            guard let u = workspace.units.unit(token: unit) else {
                throw AmountError.unknownUnit(unit, token: unit)
            }
            explicit = u
        }
        return try AmountParser(registry: workspace.units).parse(text, explicit: explicit)
    }

    public func day(_ text: String?, field: String = "--date", allowFuture: Bool = true) throws -> Day {
        guard let text else { return today }
        guard let d = DayParser.parse(text, today: today) else {
            throw AppError.invalid("\(field) '\(text)' is not a date: write it as YYYY-MM-DD (e.g. \(today))")
        }
        if !allowFuture && d.ordinal > today.ordinal + 1 {
            throw AppError.invalid("\(field) '\(text)' is in the future (today is \(today)): record it when it happens")
        }
        return d
    }

    public func supporter(_ handle: String?) throws -> ID<Supporter>? {
        guard let handle else { return nil }
        guard let id = try store.supporterID(handle: handle) else { throw LedgerError.unknownHandle(handle) }
        return id
    }

    func id<T: Entry>(_ text: String, as: T.Type, field: String) throws -> ID<T> {
        guard let id = ID<T>(text) else {
            throw AppError.invalid("\(field) '\(text)' is not a \(T.entryType.rawValue) id: write it as \(T.entryType.prefix)-12 (see 'chapeau list')")
        }
        return id
    }

    /// A single-line text from the user: trimmed, no control characters, at most 500 characters.
    func line(_ text: String?, field: String, max: Int = 500) throws -> String? {
        guard let text else { return nil }
        let t = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !t.isEmpty else { return nil }
        guard t.count <= max else { throw AppError.invalid("\(field) is \(t.count) characters long: at most \(max)") }
        if t.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            throw AppError.invalid("\(field) '\(t.debugDescription.dropFirst().dropLast())' holds control characters: write it on one line")
        }
        return t
    }

    /// A free text (a note): kept as written, at most 5 000 characters, tabs and newlines allowed.
    func note(_ text: String?) throws -> String? {
        guard let text, !text.isEmpty else { return nil }
        guard text.count <= 5000 else { throw AppError.invalid("--note is \(text.count) characters long: at most 5000") }
        if text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && $0 != "\n" && $0 != "\t" && $0 != "\r" }) {
            throw AppError.invalid("--note holds control characters")
        }
        return text
    }

    // MARK: recording

    public func addSupporter(handle: String, name: String?, email: String?, visibility: Visibility, address: String? = nil) throws -> EntryRef {
        let email = try line(email, field: "--email", max: 254)
        if let email, !(email.contains("@") && !email.contains(" ") && email.count >= 3) {
            throw AppError.invalid("--email '\(email)' is not an e-mail address")
        }
        let s = Supporter(handle: handle, name: try line(name, field: "--name", max: 200), email: email, visibility: visibility,
                          address: try line(address, field: "--address", max: 300))
        return try store.append(.supporter(s), recordedAt: recordedAt)
    }

    /// `supporter update HANDLE`: a new entry with their changed name, e-mail or postal address
    /// (an empty value clears the field). Nil when nothing would change: no entry is written.
    public func updateSupporter(handle: String, name: String?, email: String?, address: String?) throws -> EntryRef? {
        guard name != nil || email != nil || address != nil else {
            throw AppError.usage("nothing to change: give --name, --email or --address (an empty value, \"\", clears it)")
        }
        guard let id = try store.supporterID(handle: handle), let current = try store.supporter(id) else {
            throw AppError.invalid("no supporter '\(handle)': see 'chapeau supporter list' for handles (an erased supporter has no personal data left to change)")
        }
        // nil: not given; "": cleared; else the new value, checked as `supporter add` checks it.
        func field(_ text: String?, _ option: String, max: Int) throws -> String? {
            guard let text else { return nil }
            return try line(text, field: option, max: max) ?? ""
        }
        let email = try field(email, "--email", max: 254)
        if let email, !email.isEmpty, !(email.contains("@") && !email.contains(" ") && email.count >= 3) {
            throw AppError.invalid("--email '\(email)' is not an e-mail address")
        }
        var update = SupporterUpdate(supporter: id, name: try field(name, "--name", max: 200), email: email,
                                     address: try field(address, "--address", max: 300), day: today)
        // Only what differs is recorded.
        if let v = update.name, (v.isEmpty ? nil : v) == current.name { update.name = nil }
        if let v = update.email, (v.isEmpty ? nil : v) == current.email { update.email = nil }
        if let v = update.address, (v.isEmpty ? nil : v) == current.address { update.address = nil }
        if update.isEmpty { return nil }
        return try store.append(.supporterUpdate(update), recordedAt: recordedAt)
    }

    public struct GiftInput: Sendable {
        public var amount: String
        public var unit: String?
        public var from: String?
        public var date: String?
        public var channel: String?
        public var campaign: String?
        public var pledge: String?
        public var reference: String?
        public var note: String?
        public init(amount: String, unit: String? = nil, from: String? = nil, date: String? = nil, channel: String? = nil,
                    campaign: String? = nil, pledge: String? = nil, reference: String? = nil, note: String? = nil) {
            self.amount = amount; self.unit = unit; self.from = from; self.date = date; self.channel = channel
            self.campaign = campaign; self.pledge = pledge; self.reference = reference; self.note = note
        }
    }

    public func addGift(_ input: GiftInput) throws -> EntryRef {
        let money = try amount(input.amount, unit: input.unit)
        let day = try day(input.date, allowFuture: false)
        let supporter = try supporter(input.from)
        let pledge = try input.pledge.map { try id($0, as: Pledge.self, field: "--pledge") }
        let gift = Gift(amount: money, day: day, supporter: supporter,
                        channel: try line(input.channel, field: "--channel", max: 64)?.lowercased(),
                        campaign: try line(input.campaign, field: "--campaign", max: 200), pledge: pledge,
                        reference: try line(input.reference, field: "--ref", max: 200), note: try note(input.note))
        return try store.append(.gift(gift), recordedAt: recordedAt)
    }

    public func addPledge(amount text: String, unit: String?, every: Recurrence, from: String?, start: String?, end: String?) throws -> EntryRef {
        let p = Pledge(amount: try amount(text, unit: unit), every: every, supporter: try supporter(from),
                       start: try day(start, field: "--start"), end: try end.map { try day($0, field: "--end") })
        return try store.append(.pledge(p), recordedAt: recordedAt)
    }

    public func endPledge(_ idText: String, date: String?) throws -> EntryRef {
        let e = PledgeEnd(pledge: try id(idText, as: Pledge.self, field: "pledge"), day: try day(date))
        return try store.append(.pledgeEnd(e), recordedAt: recordedAt)
    }

    /// `need`: the id of the declared need the offer answers (`n-3`), which must exist and not be voided.
    public func addOffer(description: String, kind: OfferKind, from: String?, quantity: String?, value: String?, date: String?,
                         need: String? = nil) throws -> EntryRef {
        guard let text = try line(description, field: "the description", max: 500) else {
            throw AppError.invalid("the description is empty: say what is offered")
        }
        let o = Offer(kind: kind, description: text, supporter: try supporter(from),
                      quantity: try quantity.map { try amount($0, unit: kind == .time ? "h" : nil) },
                      value: try value.map { try amount($0) }, day: try day(date, allowFuture: false),
                      need: try need.map { try id($0, as: Need.self, field: "--need") })
        return try store.append(.offer(o), recordedAt: recordedAt)
    }

    public func moveOffer(_ idText: String, to status: OfferStatus, date: String?) throws -> EntryRef {
        let c = OfferStatusChange(offer: try id(idText, as: Offer.self, field: "offer"), status: status, day: try day(date))
        return try store.append(.offerStatus(c), recordedAt: recordedAt)
    }

    public func addNeed(label: String, amount text: String, unit: String?, every: Recurrence, start: String?, end: String?) throws -> EntryRef {
        guard let label = try line(label, field: "the label", max: 200) else { throw AppError.invalid("the label is empty: name the need (e.g. \"Loyer du bureau\")") }
        let n = Need(label: label, amount: try amount(text, unit: unit), every: every,
                     start: try day(start, field: "--start"), end: try end.map { try day($0, field: "--end") })
        return try store.append(.need(n), recordedAt: recordedAt)
    }

    public func addExpense(label: String, amount text: String, unit: String?, date: String?, category: String?) throws -> EntryRef {
        guard let label = try line(label, field: "the label", max: 200) else { throw AppError.invalid("the label is empty: say what was paid") }
        let e = Expense(label: label, amount: try amount(text, unit: unit), day: try day(date, allowFuture: false),
                        category: try line(category, field: "--category", max: 64))
        return try store.append(.expense(e), recordedAt: recordedAt)
    }

    public func void(_ idText: String, reason: String) throws -> EntryRef {
        guard let target = EntryRef(idText) else {
            throw AppError.invalid("'\(idText)' is not an entry id: write it as g-12, p-3, o-7… (see 'chapeau list')")
        }
        guard let reason = try line(reason, field: "--reason", max: 500) else {
            throw AppError.invalid("--reason is empty: say why the entry is cancelled")
        }
        return try store.append(.void(Correction(target: target, reason: reason, day: today)), recordedAt: recordedAt)
    }

    public func erase(handle: String) throws -> EntryRef {
        try store.erase(handle: handle, day: today, recordedAt: recordedAt)
    }

    // MARK: reading

    /// Entries for `chapeau list`: of one kind or all, in a period or all time.
    public func list(kind: ListKind?, period: String?) throws -> [EntryView] {
        var from: Day?, to: Day?
        if let period {
            let p = try Period.typed(period)
            from = p.start; to = p.end
        }
        let types = kind.map { Set($0.types) } ?? Set(ListKind.allCases.filter { $0 != .supporters }.flatMap(\.types))
        let entries = try store.entries(types: types, from: kind == .supporters ? nil : from, to: kind == .supporters ? nil : to)
        let handles = try store.handles()
        let standings = try standings(of: entries)
        return entries.map { EntryView($0, handles: handles, standing: standings[$0.ref.description]) }
    }

    /// One entry as `list` shows it.
    public func view(_ ref: EntryRef) throws -> EntryView? {
        guard let e = try store.entry(ref) else { return nil }
        return EntryView(e, handles: try store.handles())
    }

    public func verify() throws -> LedgerCheck { LedgerCheck(try store.verify()) }

    /// `verify --rebuild-totals`: when the journal itself is intact, the totals kept on append
    /// are made again from it, then everything is verified again. A journal with problems is
    /// left as it is (totals made from it would hide them): the first check is returned.
    public func rebuildTotals() throws -> LedgerCheck {
        let first = try store.verify()
        guard first.problems.allSatisfy(\.isKeptTotals) else { return LedgerCheck(first) }
        try store.rebuildAggregates()
        return LedgerCheck(try store.verify())
    }

    public func overdue() throws -> [OverduePledge] {
        try store.pledgeStandings(today: today).filter { !$0.overdue.isEmpty }.map(OverduePledge.init)
    }

    public func backup(to path: String) throws {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        try store.backup(to: absolute)
    }
}

/// What `chapeau list` can show.
public enum ListKind: String, CaseIterable, Sendable {
    case gifts, pledges, offers, needs, expenses, supporters

    var types: [EntryType] {
        switch self {
        case .gifts: return [.gift]
        case .pledges: return [.pledge, .pledgeEnd]
        case .offers: return [.offer, .offerStatus]
        case .needs: return [.need]
        case .expenses: return [.expense]
        case .supporters: return [.supporter, .supporterUpdate, .erasure]
        }
    }
}

/// The clock at the edge: the system's, or `CHAPEAU_NOW` (an ISO timestamp or a day) so that
/// demos and tests can fix "now". Commands with `--now` take precedence over both.
public enum Clock {
    public static func now(option: String? = nil, environment: [String: String], timeZone: TimeZone) throws -> Date {
        guard let text = option ?? environment["CHAPEAU_NOW"], !text.isEmpty else { return Date() }
        guard let d = Timestamp.parse(text, in: timeZone) else {
            throw AppError.usage("'\(text)' is not a time: write 2026-11-23T20:00:00Z, 2026-11-23T21:00:00+01:00 or 2026-11-23")
        }
        return d
    }
}

public enum Timestamp {
    /// `2026-11-23T20:00:00Z`, the layout `iso` writes, read without a formatter (building one
    /// costs more than a run's other reads of a record); nil for any other layout.
    public static func utc(_ text: String) -> Date? {
        let b = Array(text.utf8)
        guard b.count == 20, b[10] == UInt8(ascii: "T"), b[19] == UInt8(ascii: "Z"), b[13] == UInt8(ascii: ":"),
              b[16] == UInt8(ascii: ":"), let day = Day(iso: text.prefix(10)) else { return nil }
        func two(_ i: Int) -> Int? {
            guard (48...57).contains(b[i]), (48...57).contains(b[i + 1]) else { return nil }
            return Int(b[i] - 48) * 10 + Int(b[i + 1] - 48)
        }
        guard let h = two(11), let m = two(14), let s = two(17), h < 24, m < 60, s < 60 else { return nil }
        return Date(timeIntervalSince1970: TimeInterval(day.ordinal * 86_400 + h * 3600 + m * 60 + s))
    }

    /// `2026-11-23T20:00:00Z`
    public static func iso(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        f.timeZone = TimeZone(identifier: "UTC")
        return f.string(from: date)
    }

    /// Reads `2026-11-23T20:00:00Z`, `2026-11-23T21:00:00+01:00` or a day `2026-11-23` (its start in `tz`).
    public static func parse(_ text: String, in tz: TimeZone) -> Date? {
        if let d = utc(text) { return d }
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        if let d = f.date(from: text) { return d }
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let d = f.date(from: text) { return d }
        return Day(iso: text)?.start(in: tz)
    }
}
