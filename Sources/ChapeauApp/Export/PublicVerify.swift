public import ChapeauCore
import ChapeauReports
import Foundation

/// `chapeau verify --public FILE --report REPORT.json`: anyone recomputes a published report
/// from the anonymised ledger (`chapeau export --public`) and sees whether its figures hold.
///
/// The report's own settings (period, min_group, carry_over, language, time zone) are used, so
/// no workspace is needed. Two parts cannot be recomputed by design and are left out of the
/// comparison: the wall of thanks (names are not in the public ledger) and the estimated value
/// of delivered offers (a value per offer is a value per person). The chain head is checked by
/// the author's `chapeau verify` against the ledger itself.
public enum PublicVerification {
    public struct Outcome: Sendable {
        public let period: String
        /// Top-level report fields that were recomputed and compared.
        public let compared: [String]
        /// Fields whose published value differs from the recomputed one.
        public let mismatches: [String]
        public var holds: Bool { mismatches.isEmpty }
    }

    /// Not figures: who is thanked, when, the chain as the author's ledger had it, and which
    /// neighbouring pages the author's site has (from the first dated entry of the whole ledger).
    static let notRecomputable: Set<String> = ["thanks", "generated_at", "integrity", "author", "navigation"]

    /// `path`: the public ledger as `export --public` writes it, CSV or JSON Lines (told apart
    /// by its first character: `{` starts JSON Lines, a CSV starts with its header `id,…`).
    public static func verify(publicLedger path: String, report reportPath: String, units known: UnitRegistry?) throws -> Outcome {
        guard let data = FileManager.default.contents(atPath: reportPath) else {
            throw AppError.io("cannot read the report \(reportPath)")
        }
        guard let published = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let period = (published["period"] as? [String: Any]).flatMap({ $0["id"] as? String }).flatMap(Period.init(id:)) else {
            throw AppError.invalid("\(reportPath) is not a Chapeau report.json (no period.id)")
        }
        let rows = try readRows(path)
        let units = try registry(for: rows, known: known)
        let snapshot = try buildSnapshot(rows, units: units, to: period.end, previousStart: period.previous.start, chain: published["integrity"] as? [String: Any], file: path)

        let config = ReportConfig(authorName: published["author"] as? String ?? "", supportURL: "",
                                  language: ReportLanguage(rawValue: published["language"] as? String ?? "fr") ?? .fr,
                                  minGroup: published["min_group"] as? Int ?? 3, carryOver: published["carry_over"] as? Bool ?? false,
                                  cadence: period.cadence, timeZone: published["time_zone"] as? String ?? "Europe/Paris",
                                  defaultUnit: units.defaultUnit)
        let generated = (published["generated_at"] as? String).flatMap { Timestamp.parse($0, in: TimeZone(identifier: "UTC") ?? .current) } ?? Date()
        let revised = ((published["period"] as? [String: Any])?["revised"] as? Bool) ?? false
        let recomputed = PublicReport(period: period, snapshot: snapshot, config: config, now: generated, revised: revised)
        guard let again = try JSONSerialization.jsonObject(with: Data(ReportFormat.json.render(recomputed).utf8)) as? [String: Any] else {
            throw AppError.io("cannot read back the recomputed report")
        }
        var compared: [String] = []
        var mismatches: [String] = []
        for key in published.keys.sorted() where !notRecomputable.contains(key) {
            compared.append(key)
            var a = published[key], b = again[key]
            if key == "offers" { a = withoutValue(a); b = withoutValue(b) }
            if !same(a, b) { mismatches.append(key) }
        }
        return Outcome(period: period.id, compared: compared, mismatches: mismatches)
    }

    static func withoutValue(_ v: Any?) -> Any? {
        guard var d = v as? [String: Any] else { return v }
        d.removeValue(forKey: "delivered_value")
        return d
    }

    /// Two values read by `JSONSerialization`, compared structurally: objects key by key, arrays in order,
    /// numbers by value, strings, booleans and null. Not through `NSObject.isEqual`: with the Swift runtime
    /// linked statically, a Swift dictionary or array cast to `NSObject` is boxed instead of bridged, and two
    /// equal reports then compared as different.
    static func same(_ a: Any?, _ b: Any?) -> Bool {
        switch (a, b) {
        case (nil, nil): return true
        case let (x as [String: Any], y as [String: Any]):
            return x.count == y.count && x.allSatisfy { key, value in y[key].map { same(value, $0) } ?? false }
        case let (x as [Any], y as [Any]):
            return x.count == y.count && zip(x, y).allSatisfy { same($0, $1) }
        case let (x as String, y as String): return x == y
        case let (x as NSNumber, y as NSNumber): return x.isEqual(y)
        case (is NSNull, is NSNull): return true
        default: return false
        }
    }

    typealias Row = [String: String]

    static func readRows(_ path: String) throws -> [(line: Int, row: Row)] {
        if try startsWithBrace(path) { return try readJSONLines(path) }
        var reader = try CSVReader(path: path)
        guard let header = try reader.next()?.fields else { throw AppError.invalid("\(path) is empty") }
        for column in ["id", "date", "kind", "amount", "unit", "supporter"] where !header.contains(column) {
            throw AppError.invalid("\(path) is not a public export of chapeau: no '\(column)' column")
        }
        var out: [(Int, Row)] = []
        while let record = try reader.next() {
            if record.isBlank { continue }
            var row: Row = [:]
            for (i, name) in header.enumerated() where i < record.fields.count {
                row[name] = CSVCell.unneutralise(record.fields[i])
            }
            out.append((record.line, row))
        }
        return out
    }

    /// Whether the file's first character other than white space is `{`.
    static func startsWithBrace(_ path: String) throws -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw AppError.io("cannot read \(path)") }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 64)) ?? nil
        return head?.first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) } == UInt8(ascii: "{")
    }

    /// The JSON Lines public ledger: one object a line, text values (null when empty) and
    /// `amount_minor`, kept as text to be checked against `amount`.
    static func readJSONLines(_ path: String) throws -> [(line: Int, row: Row)] {
        guard let data = FileManager.default.contents(atPath: path) else { throw AppError.io("cannot read \(path)") }
        var out: [(Int, Row)] = []
        for (i, line) in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            guard line.contains(where: { ![0x20, 0x09, 0x0D].contains($0) }) else { continue }
            guard let object = (try? JSONSerialization.jsonObject(with: Data(line))) as? [String: Any] else {
                throw AppError.invalid("\(path):\(i + 1): not a JSON object: a public ledger of chapeau has one a line")
            }
            var row: Row = [:]
            for (key, value) in object {
                switch value {
                case is NSNull: continue
                case let text as String: row[key] = text
                case let number as NSNumber where key == "amount_minor": row[key] = number.stringValue
                default: throw AppError.invalid("\(path):\(i + 1): '\(key)' is not a text")
                }
            }
            out.append((i + 1, row))
        }
        guard !out.isEmpty else { throw AppError.invalid("\(path) is empty") }
        return out
    }

    /// The units of the workspace when there is one; else ISO codes and, for other codes, the
    /// decimals the amounts show.
    static func registry(for rows: [(line: Int, row: Row)], known: UnitRegistry?) throws -> UnitRegistry {
        if let known { return known }
        var custom: [String: Int] = [:]
        for (_, row) in rows {
            guard let code = row["unit"], !code.isEmpty, (try? UnitRegistry(defaultCode: code)) == nil else { continue }
            let decimals = row["amount"].flatMap { a in a.firstIndex(of: ".").map { a.distance(from: $0, to: a.endIndex) - 1 } } ?? 0
            custom[code] = max(custom[code] ?? 0, decimals)
        }
        do {
            return try UnitRegistry(defaultCode: "EUR", custom: custom.sorted { $0.key < $1.key }.map {
                ChapeauCore.Unit(code: $0.key, decimals: $0.value, name: $0.key, isCurrency: false)
            })
        } catch { throw AppError.invalid("the public ledger's units cannot be read: \(error)") }
    }

    static func buildSnapshot(_ rows: [(line: Int, row: Row)], units: UnitRegistry, to: Day, previousStart: Day,
                              chain: [String: Any]?, file: String) throws -> LedgerSnapshot {
        let parser = AmountParser(registry: units)
        var pseudonyms: [String: ID<Supporter>] = [:]
        func supporter(_ p: String?) -> ID<Supporter>? {
            guard let p, !p.isEmpty else { return nil }
            if let id = pseudonyms[p] { return id }
            let id = ID<Supporter>(Int64(pseudonyms.count + 1))
            pseudonyms[p] = id
            return id
        }
        var gifts: [PublicGift] = []
        var pledges: [(id: ID<Pledge>, pledge: Pledge, endedOn: Day?)] = []
        var ends: [ID<Pledge>: Day] = [:]
        var offers: [(id: ID<Offer>, offer: Offer, status: OfferStatus, statusDay: Day)] = []
        var statuses: [ID<Offer>: (OfferStatus, Day)] = [:]
        var needs: [(id: ID<Need>, need: Need)] = []
        var expenses: [(id: ID<Expense>, expense: Expense)] = []
        var campaigns: [Campaign] = []
        var first: Day?
        for (line, row) in rows {
            func fail(_ what: String) -> AppError { AppError.invalid("\(file):\(line): \(what)") }
            guard let ref = row["id"].flatMap(EntryRef.init), let day = row["date"].flatMap({ Day(iso: $0) }) else {
                throw fail("the id or the date cannot be read")
            }
            first = min(first ?? day, day)
            func money() throws -> Money {
                guard let a = row["amount"], let u = row["unit"], let unit = units.unit(code: u) else { throw fail("no amount or unit") }
                let m: Money
                do { m = try parser.parse(a, explicit: unit) } catch { throw fail(error.description) }
                if let minor = row["amount_minor"], Int64(minor) != m.minor {
                    throw fail("amount \(a) and amount_minor \(minor) disagree")
                }
                return m
            }
            func text(_ k: String) -> String? { row[k].flatMap { $0.isEmpty ? nil : $0 } }
            let every = text("every").flatMap(Recurrence.init(rawValue:))
            let end = text("end").flatMap { Day(iso: $0) }
            switch ref.type {
            case .gift:
                guard let id = ID<Gift>(ref) else { continue }
                let g = Gift(amount: try money(), day: day, supporter: supporter(row["supporter"]), channel: text("channel"),
                             campaign: text("campaign"), pledge: text("link").flatMap(ID<Pledge>.init))
                gifts.append(PublicGift(id: id, gift: g))
            case .pledge:
                guard let id = ID<Pledge>(ref), let every else { throw fail("a pledge without 'every'") }
                pledges.append((id, Pledge(amount: try money(), every: every, supporter: supporter(row["supporter"]), start: day, end: end), nil))
            case .pledgeEnd:
                if let p = text("link").flatMap(ID<Pledge>.init) { ends[p] = min(ends[p] ?? day, day) }
            case .need:
                guard let id = ID<Need>(ref), let every else { throw fail("a need without 'every'") }
                needs.append((id, Need(label: text("label") ?? "", amount: try money(), every: every, start: day, end: end)))
            case .expense:
                guard let id = ID<Expense>(ref) else { continue }
                if day <= to { expenses.append((id, Expense(label: text("label") ?? "", amount: try money(), day: day, category: text("category")))) }
            case .offer:
                guard let id = ID<Offer>(ref), let kind = text("category").flatMap(OfferKind.init(rawValue:)) else { throw fail("an offer without a kind") }
                let quantity = text("amount") == nil ? nil : try money()
                offers.append((id, Offer(kind: kind, description: text("label") ?? "", supporter: supporter(row["supporter"]),
                                         quantity: quantity, day: day, need: text("link").flatMap(ID<Need>.init)), .offered, day))
            case .offerStatus:
                if let o = text("link").flatMap(ID<Offer>.init), let s = text("status").flatMap(OfferStatus.init(rawValue:)) {
                    statuses[o] = (s, day)
                }
            case .campaign:
                guard let slug = text("campaign") else { throw fail("a campaign without a slug") }
                var participants: Int64?
                if let p = text("participants") {
                    guard let n = Int64(p), Campaign.participantRange.contains(n) else { throw fail("participants '\(p)' is not a number of people") }
                    participants = n
                }
                campaigns.append(Campaign(slug: slug, name: text("label") ?? "", start: day, end: end,
                                          fixedCosts: text("amount") == nil ? nil : try money(), participants: participants))
            default:
                continue
            }
        }
        pledges = pledges.map { ($0.id, $0.pledge, ends[$0.id]) }
        offers = offers.map { o in statuses[o.id].map { (o.id, o.offer, $0.0, $0.1) } ?? o }
        var firstGift: [ID<Supporter>: Day] = [:]
        for g in gifts { if let s = g.supporter { firstGift[s] = min(firstGift[s] ?? g.day, g.day) } }
        let supporters = SupporterDirectory(pseudonyms.values.map {
            PublicSupporter(id: $0, visibility: .anonymous, wallName: nil, firstGift: firstGift[$0])
        })
        let head = ChainHead(entries: chain?["entries"] as? Int ?? 0, head: chain?["head"] as? String ?? Chain.genesis)
        // Reach back as far as the author's snapshot did: January 1st and the previous period.
        let from = [first ?? to, Day(year: to.year, month: 1, day: 1) ?? to, previousStart].min() ?? to
        // As the ledger does: campaigns with fixed costs, each with every gift to it up to the
        // period's end, its label trimmed of spaces.
        let sharing = campaigns.filter { $0.fixedCosts != nil }.map { c in
            (campaign: c, gifts: gifts.filter { g in
                g.day <= to && g.campaign?.trimmingCharacters(in: CharacterSet(charactersIn: " ")) == c.slug
            }.sorted { $0.day < $1.day })
        }
        return LedgerSnapshot(from: from, to: to,
                              gifts: gifts.filter { $0.day <= to }.sorted { $0.day < $1.day },
                              supporters: supporters, pledges: pledges, offers: offers.filter { $0.offer.day <= to },
                              needs: needs, expenses: expenses, chain: head, campaigns: sharing)
    }
}
