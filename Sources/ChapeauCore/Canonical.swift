import Crypto

/// One journal entry in flat form: exactly the public fields the hash chain covers.
///
/// Personal data (a supporter's handle, name and e-mail, a gift's note) is not here: it
/// lives in `PrivateFields`, and only its salted digest is chained. Erasing a supporter
/// deletes the private fields and keeps the digest, so the chain still verifies and the
/// digest reveals nothing (the salt is erased with the data).
public struct EntryRecord: Equatable, Sendable {
    public var ref: EntryRef
    /// When the entry was recorded, ISO 8601 in UTC (`2026-11-23T20:00:00Z`).
    public var recordedAt: String
    public var day: Day?
    public var amountMinor: Int64?
    public var unit: String?
    public var supporter: EntryRef?
    /// The entry this one refers to: the pledge a gift fulfils or a pledge-end ends, the offer
    /// of a status change, the target of a void, the supporter of an erasure.
    public var link: EntryRef?
    public var recurrence: Recurrence?
    public var endDay: Day?
    public var channel: String?
    public var campaign: String?
    public var reference: String?
    public var offerKind: OfferKind?
    public var status: OfferStatus?
    /// A need's or expense's label, an offer's description, a void's reason.
    public var text: String?
    public var category: String?
    public var quantityMinor: Int64?
    public var quantityUnit: String?
    public var valueMinor: Int64?
    public var valueUnit: String?
    public var visibility: Visibility?
    public var privateDigest: String?
    /// A campaign's declared number of participants. Written to the canonical encoding only
    /// when present, so entries recorded before it existed keep their hashes.
    public var participants: Int64?

    public init(ref: EntryRef, recordedAt: String) {
        self.ref = ref
        self.recordedAt = recordedAt
    }

    /// The canonical encoding: a version line, then one `key=length:value` line per present
    /// field in a fixed order. Length-prefixed values make it unambiguous whatever they hold.
    public var canonical: String {
        var out = LedgerFormat.encodingVersion + "\n"
        func put(_ key: String, _ value: String?) {
            guard let value else { return }
            out += "\(key)=\(value.utf8.count):\(value)\n"
        }
        put("id", ref.description)
        put("type", ref.type.rawValue)
        put("recorded", recordedAt)
        put("day", day?.description)
        put("amount", amountMinor.map { String($0) })
        put("unit", unit)
        put("supporter", supporter?.description)
        put("link", link?.description)
        put("every", recurrence?.rawValue)
        put("end", endDay?.description)
        put("channel", channel)
        put("campaign", campaign)
        put("reference", reference)
        put("kind", offerKind?.rawValue)
        put("status", status?.rawValue)
        put("text", text)
        put("category", category)
        put("quantity", quantityMinor.map { String($0) })
        put("quantity_unit", quantityUnit)
        put("value", valueMinor.map { String($0) })
        put("value_unit", valueUnit)
        put("visibility", visibility?.rawValue)
        put("private", privateDigest)
        put("participants", participants.map { String($0) })
        return out
    }

    /// This entry's link in the chain: SHA-256 over the previous hash and the canonical encoding.
    public func chainHash(previous: String) -> String {
        Chain.sha256Hex(previous + "\n" + canonical)
    }
}

/// Personal data of an entry, kept outside the chain. Only `digest` is chained.
public struct PrivateFields: Equatable, Sendable {
    /// Random bytes (hex) that make the digest unguessable; erased with the data.
    public var salt: String
    public var handle: String?
    public var name: String?
    public var email: String?
    public var note: String?
    /// A supporter's postal address. Digested only when present, so that records made before
    /// it existed keep their digests.
    public var address: String?

    public init(salt: String, handle: String? = nil, name: String? = nil, email: String? = nil, note: String? = nil, address: String? = nil) {
        self.salt = salt; self.handle = handle; self.name = name; self.email = email; self.note = note; self.address = address
    }

    public var isEmpty: Bool { handle == nil && name == nil && email == nil && note == nil && address == nil }

    public var digest: String {
        var out = "chapeau-private-v1\nsalt=\(salt)\n"
        for (k, v) in [("handle", handle), ("name", name), ("email", email), ("note", note), ("address", address)] {
            if let v { out += "\(k)=\(v.utf8.count):\(v)\n" }
        }
        return Chain.sha256Hex(out)
    }
}

public enum Chain {
    /// The `previous` hash of the first entry.
    public static let genesis = String(repeating: "0", count: 64)

    public static func sha256Hex(_ text: String) -> String {
        var text = text
        let digest = text.withUTF8 { SHA256.hash(data: $0) }
        // Lowercase hex, two digits a byte, written in place (every entry is hashed on
        // append and on verify).
        return String(unsafeUninitializedCapacity: 64) { out in
            var i = 0
            for byte in digest {
                out[i] = hexDigits[Int(byte >> 4)]
                out[i + 1] = hexDigits[Int(byte & 0x0F)]
                i += 2
            }
            return i
        }
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)
}

/// A typed journal entry: what was recorded.
public enum EntryBody: Sendable, Equatable {
    case supporter(Supporter)
    case gift(Gift)
    case pledge(Pledge)
    case pledgeEnd(PledgeEnd)
    case offer(Offer)
    case offerStatus(OfferStatusChange)
    case need(Need)
    case expense(Expense)
    case void(Correction)
    case erasure(Erasure)
    case campaign(Campaign)
    case receipt(Receipt)
    case supporterUpdate(SupporterUpdate)

    public var type: EntryType {
        switch self {
        case .supporter: return .supporter
        case .gift: return .gift
        case .pledge: return .pledge
        case .pledgeEnd: return .pledgeEnd
        case .offer: return .offer
        case .offerStatus: return .offerStatus
        case .need: return .need
        case .expense: return .expense
        case .void: return .void
        case .erasure: return .erasure
        case .campaign: return .campaign
        case .receipt: return .receipt
        case .supporterUpdate: return .supporterUpdate
        }
    }

    /// The personal fields of this entry (nil when it has none).
    public func privateFields(salt: String) -> PrivateFields? {
        let p: PrivateFields
        switch self {
        case .supporter(let s): p = PrivateFields(salt: salt, handle: s.handle, name: s.name, email: s.email, address: s.address)
        case .gift(let g): p = PrivateFields(salt: salt, note: g.note)
        case .supporterUpdate(let u): p = PrivateFields(salt: salt, name: u.name, email: u.email, address: u.address)
        default: return nil
        }
        return p.isEmpty ? nil : p
    }

    /// The public, chained record of this entry.
    public func record(ref: EntryRef, recordedAt: String, privateDigest: String?) -> EntryRecord {
        var r = EntryRecord(ref: ref, recordedAt: recordedAt)
        r.privateDigest = privateDigest
        func money(_ m: Money) { r.amountMinor = m.minor; r.unit = m.unit.code }
        switch self {
        case .supporter(let s):
            r.visibility = s.visibility
        case .gift(let g):
            money(g.amount); r.day = g.day; r.supporter = g.supporter?.ref; r.channel = g.channel
            r.campaign = g.campaign; r.link = g.pledge?.ref; r.reference = g.reference
        case .pledge(let p):
            money(p.amount); r.recurrence = p.every; r.supporter = p.supporter?.ref; r.day = p.start; r.endDay = p.end; r.channel = p.channel
        case .pledgeEnd(let e):
            r.link = e.pledge.ref; r.day = e.day
        case .offer(let o):
            r.offerKind = o.kind; r.text = o.description; r.supporter = o.supporter?.ref; r.day = o.day
            r.quantityMinor = o.quantity?.minor; r.quantityUnit = o.quantity?.unit.code
            r.valueMinor = o.value?.minor; r.valueUnit = o.value?.unit.code
            r.link = o.need?.ref
        case .offerStatus(let c):
            r.link = c.offer.ref; r.status = c.status; r.day = c.day
        case .need(let n):
            r.text = n.label; money(n.amount); r.recurrence = n.every; r.day = n.start; r.endDay = n.end
        case .expense(let e):
            r.text = e.label; money(e.amount); r.day = e.day; r.category = e.category
        case .void(let v):
            r.link = v.target; r.text = v.reason; r.day = v.day
        case .erasure(let e):
            r.link = e.supporter.ref; r.day = e.day
        case .campaign(let c):
            r.campaign = c.slug; r.text = c.name; r.day = c.start; r.endDay = c.end
            if let f = c.fixedCosts { money(f) }
            r.participants = c.participants
        case .receipt(let x):
            r.reference = x.number; r.supporter = x.supporter.ref; money(x.amount); r.day = x.day; r.link = x.original?.ref
        case .supporterUpdate(let u):
            r.supporter = u.supporter.ref; r.day = u.day
        }
        return r
    }

    /// Rebuilds the typed entry from its record and (when not erased) its private fields.
    public init(record r: EntryRecord, privateFields p: PrivateFields?, units: UnitRegistry) throws(LedgerDataError) {
        func unit(_ code: String?) throws(LedgerDataError) -> Unit {
            guard let code else { throw .missingField(r.ref, "unit") }
            guard let u = units.unit(code: code) else { throw .undeclaredUnit(r.ref, code) }
            return u
        }
        func money(_ minor: Int64?, _ code: String?) throws(LedgerDataError) -> Money {
            guard let minor else { throw .missingField(r.ref, "amount") }
            return Money(minor: minor, unit: try unit(code))
        }
        func need<T>(_ v: T?, _ field: String) throws(LedgerDataError) -> T {
            guard let v else { throw .missingField(r.ref, field) }
            return v
        }
        let supporter = r.supporter.flatMap(ID<Supporter>.init)
        switch r.ref.type {
        case .supporter:
            self = .supporter(Supporter(handle: p?.handle ?? "", name: p?.name, email: p?.email,
                                        visibility: try need(r.visibility, "visibility"), address: p?.address))
        case .gift:
            self = .gift(Gift(amount: try money(r.amountMinor, r.unit), day: try need(r.day, "day"),
                              supporter: supporter, channel: r.channel, campaign: r.campaign,
                              pledge: r.link.flatMap(ID<Pledge>.init), reference: r.reference, note: p?.note))
        case .pledge:
            self = .pledge(Pledge(amount: try money(r.amountMinor, r.unit), every: try need(r.recurrence, "every"),
                                  supporter: supporter, start: try need(r.day, "day"), end: r.endDay, channel: r.channel))
        case .pledgeEnd:
            self = .pledgeEnd(PledgeEnd(pledge: try need(r.link.flatMap(ID<Pledge>.init), "link"), day: try need(r.day, "day")))
        case .offer:
            self = .offer(Offer(kind: try need(r.offerKind, "kind"), description: r.text ?? "", supporter: supporter,
                                quantity: r.quantityMinor == nil ? nil : try money(r.quantityMinor, r.quantityUnit),
                                value: r.valueMinor == nil ? nil : try money(r.valueMinor, r.valueUnit),
                                day: try need(r.day, "day"), need: r.link.flatMap(ID<Need>.init)))
        case .offerStatus:
            self = .offerStatus(OfferStatusChange(offer: try need(r.link.flatMap(ID<Offer>.init), "link"),
                                                  status: try need(r.status, "status"), day: try need(r.day, "day")))
        case .need:
            self = .need(Need(label: r.text ?? "", amount: try money(r.amountMinor, r.unit),
                              every: try need(r.recurrence, "every"), start: try need(r.day, "day"), end: r.endDay))
        case .expense:
            self = .expense(Expense(label: r.text ?? "", amount: try money(r.amountMinor, r.unit),
                                    day: try need(r.day, "day"), category: r.category))
        case .void:
            self = .void(Correction(target: try need(r.link, "link"), reason: r.text ?? "", day: try need(r.day, "day")))
        case .erasure:
            self = .erasure(Erasure(supporter: try need(r.link.flatMap(ID<Supporter>.init), "link"), day: try need(r.day, "day")))
        case .campaign:
            self = .campaign(Campaign(slug: try need(r.campaign, "campaign"), name: r.text ?? "", start: try need(r.day, "day"),
                                      end: r.endDay, fixedCosts: r.amountMinor == nil ? nil : try money(r.amountMinor, r.unit),
                                      participants: r.participants))
        case .receipt:
            self = .receipt(Receipt(number: try need(r.reference, "reference"),
                                    supporter: try need(supporter, "supporter"), amount: try money(r.amountMinor, r.unit),
                                    day: try need(r.day, "day"), original: r.link.flatMap(ID<Receipt>.init)))
        case .supporterUpdate:
            // Erased: the fields are gone, and the update reads as one that changes nothing.
            self = .supporterUpdate(SupporterUpdate(supporter: try need(supporter, "supporter"), name: p?.name, email: p?.email,
                                                    address: p?.address, day: try need(r.day, "day")))
        }
    }
}

/// A ledger row that cannot be read back as an entry.
public enum LedgerDataError: Error, Equatable, Sendable, CustomStringConvertible {
    case missingField(EntryRef, String)
    case undeclaredUnit(EntryRef, String)

    public var description: String {
        switch self {
        case .missingField(let r, let f): return "entry \(r) has no \(f): the ledger may have been edited by hand; run 'chapeau verify'"
        case .undeclaredUnit(let r, let u): return "entry \(r) is in unit '\(u)', which the config does not declare: add it under [[units]]"
        }
    }
}
