public import ChapeauCore
internal import ChapeauStore
import Foundation

/// One entry as `chapeau list` shows it, in text or JSON. Private: for the treasurer only.
public struct EntryView: Sendable, Encodable {
    public var id: String
    public var kind: String
    public var date: String?
    public var amountMinor: Int64?
    public var unit: String?
    public var amount: String?
    public var supporter: String?
    public var voided: Bool
    public var recordedAt: String
    public var details: [String: String]
    /// Where a pledge or an offer stands today (`list`, `supporter show`); nil for other entries.
    public var standing: Standing?

    init(_ e: StoredEntry, handles: [ID<Supporter>: String], standing: Standing? = nil) {
        self.standing = standing
        id = e.ref.description
        kind = e.ref.type.rawValue
        voided = e.voided
        recordedAt = e.recordedAt
        details = [:]
        var d: [String: String] = [:]
        func put(_ k: String, _ v: String?) { if let v { d[k] = v } }
        func money(_ m: Money) { amountMinor = m.minor; unit = m.unit.code; amount = m.decimalString }
        func who(_ s: ID<Supporter>?) { supporter = s.map { handles[$0] ?? "(erased \($0))" } }
        switch e.body {
        case .supporter(let s):
            supporter = s.handle.isEmpty ? "(erased \(e.ref))" : s.handle
            put("name", s.name); put("email", s.email); put("visibility", s.visibility.rawValue); put("address", s.address)
        case .gift(let g):
            money(g.amount); date = g.day.description; who(g.supporter)
            put("channel", g.channel); put("campaign", g.campaign); put("pledge", g.pledge?.description)
            put("reference", g.reference); put("note", g.note)
        case .pledge(let p):
            money(p.amount); date = p.start.description; who(p.supporter)
            put("every", p.every.rawValue); put("end", p.end?.description)
        case .pledgeEnd(let x):
            date = x.day.description; put("pledge", x.pledge.description)
        case .offer(let o):
            date = o.day.description; who(o.supporter)
            put("offer_kind", o.kind.rawValue); put("description", o.description)
            put("quantity", o.quantity?.description); put("value", o.value?.description); put("need", o.need?.description)
        case .offerStatus(let c):
            date = c.day.description; put("offer", c.offer.description); put("status", c.status.rawValue)
        case .need(let n):
            money(n.amount); date = n.start.description
            put("label", n.label); put("every", n.every.rawValue); put("end", n.end?.description)
        case .expense(let x):
            money(x.amount); date = x.day.description; put("label", x.label); put("category", x.category)
        case .void(let v):
            date = v.day.description; put("target", v.target.description); put("reason", v.reason)
        case .erasure(let x):
            date = x.day.description; put("supporter", x.supporter.description)
        case .campaign(let c):
            date = c.start.description; if let f = c.fixedCosts { money(f) }
            put("slug", c.slug); put("name", c.name); put("end", c.end?.description)
            put("participants", c.participants.map { String($0) })
        case .receipt(let r):
            money(r.amount); date = r.day.description; who(r.supporter)
            put("number", r.number); put("duplicate_of", r.original?.description)
        case .supporterUpdate(let u):
            // An empty value is shown as such: the field was cleared.
            date = u.day.description; who(u.supporter)
            put("name", u.name); put("email", u.email); put("address", u.address)
        }
        details = d
    }

    enum Key: String, CodingKey {
        case id, kind, date, amountMinor = "amount_minor", unit, amount, supporter, voided, recordedAt = "recorded_at"
    }

    struct Dynamic: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(id, forKey: .id)
        try c.encode(kind, forKey: .kind)
        try c.encode(date, forKey: .date)
        try c.encode(amountMinor, forKey: .amountMinor)
        try c.encode(unit, forKey: .unit)
        try c.encode(amount, forKey: .amount)
        try c.encode(supporter, forKey: .supporter)
        try c.encode(voided, forKey: .voided)
        try c.encode(recordedAt, forKey: .recordedAt)
        var extra = encoder.container(keyedBy: Dynamic.self)
        func key(_ k: String) -> Dynamic { Dynamic(stringValue: k) }
        var shown: Set<String> = []
        switch standing {
        case .pledge(let p):
            // `end` is the last day as it stands (the pledge's own or the day it was ended), or null.
            try extra.encode(p.end, forKey: key("end"))
            try extra.encode(p.status, forKey: key("status"))
            try extra.encode(p.overdue, forKey: key("overdue"))
            try extra.encode(p.due, forKey: key("due"))
            try extra.encode(p.paid, forKey: key("paid"))
            shown = ["end", "status", "overdue", "due", "paid"]
        case .offer(let o):
            try extra.encode(o.status, forKey: key("status"))
            try extra.encode(o.since, forKey: key("since"))
            shown = ["status", "since"]
        case nil:
            break
        }
        for (k, v) in details.sorted(by: { $0.key < $1.key }) where !shown.contains(k) { try extra.encode(v, forKey: key(k)) }
    }

    /// One line for the terminal: `g-42  2026-11-20  gift  12.50 EUR  marie  bank`.
    public var line: String {
        // Padded, never cut: `g-100000` and `supporter-update` are longer than the columns.
        func pad(_ text: String, _ width: Int) -> String { text + String(repeating: " ", count: max(0, width - text.count)) }
        var parts = [pad(id, 6), pad(date ?? "", 10), pad(kind, 12)]
        if let amount, let unit {
            let a = "\(amount) \(unit)"
            parts.append(String(repeating: " ", count: max(0, 14 - a.count)) + a)
        }
        if let supporter { parts.append(supporter) }
        for k in ["label", "description", "offer_kind", "quantity", "value", "status", "every", "channel", "campaign", "reference", "pledge", "offer",
                  "target", "reason", "visibility", "name", "email", "address", "number", "duplicate_of", "note"] {
            if let v = details[k] { parts.append("\(k)=\(v.contains(" ") ? "\"\(v)\"" : v)") }
        }
        switch standing {
        case .pledge(let p):
            parts.append(p.status == "voided" ? "status=voided" : "status=\(p.status) overdue=\(p.overdue)\(p.end.map { " end=\($0)" } ?? "")")
        case .offer(let o):
            parts.append("status=\(o.status) since=\(o.since)")
        case nil:
            break
        }
        if voided { parts.append("[voided]") }
        return parts.joined(separator: "  ")
    }
}
