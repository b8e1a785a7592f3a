public import ChapeauCore
public import ChapeauStore
import Foundation

/// One supporter as `supporter list --stale` shows them: when their personal data goes.
public struct StaleSupporter: Sendable, Encodable {
    public let id: String
    public let handle: String
    /// Their last gift, pledge instalment, offer (or offer status change), or the day they were added.
    public let lastContact: String
    /// The day `chapeau run` erases them: `retention_years` after the last contact, or later
    /// while a receipt issued to them is within the six years it must be kept.
    public let eraseOn: String
    /// The end of the six years of their latest receipt, when that is what keeps them.
    public let receiptKeptUntil: String?
    /// True when the next run erases them.
    public let due: Bool

    enum CodingKeys: String, CodingKey {
        case id, handle, lastContact = "last_contact", eraseOn = "erase_on", receiptKeptUntil = "receipt_kept_until", due
    }

    public var line: String {
        "\(id)  \(handle)  last contact \(lastContact)  erase on \(eraseOn)\(due ? " (due)" : "")"
            + (receiptKeptUntil.map { "  (a receipt is kept until \($0))" } ?? "")
    }
}

/// `[privacy] retention_years`: personal data is not kept for ever. Pure over the entries.
public enum Retention {
    /// Years a receipt (and so its donor's name and address) must be kept.
    public static let receiptYears = 6

    static func adding(years: Int, to d: Day) -> Day {
        Day(year: d.year + years, month: d.month, day: min(d.day, Day.daysIn(month: d.month, year: d.year + years))) ?? d
    }

    /// Every supporter not erased, with the day they are due to be erased, sorted by that day.
    public static func schedule(_ entries: [StoredEntry], handles: [ID<Supporter>: String], years: Int, today: Day) -> [StaleSupporter] {
        var last: [ID<Supporter>: Day] = [:]
        var receipt: [ID<Supporter>: Day] = [:]
        var offers: [ID<Offer>: ID<Supporter>] = [:]
        var pledges: [(ID<Supporter>, Pledge, ID<Pledge>)] = []
        var ends: [ID<Pledge>: Day] = [:]
        func seen(_ s: ID<Supporter>?, _ d: Day) { if let s { last[s] = max(last[s] ?? d, d) } }
        for e in entries {
            switch e.body {
            case .supporter:
                if let id = ID<Supporter>(e.ref), let d = Timestamp.day(e.recordedAt) { seen(id, d) }
            case .gift(let g) where !e.voided: seen(g.supporter, g.day)
            case .offer(let o) where !e.voided:
                seen(o.supporter, o.day)
                if let id = ID<Offer>(e.ref), let s = o.supporter { offers[id] = s }
            case .offerStatus(let c) where !e.voided: seen(offers[c.offer], c.day)
            case .pledge(let p) where !e.voided:
                if let s = p.supporter, let id = ID<Pledge>(e.ref) { pledges.append((s, p, id)); seen(s, p.start) }
            case .pledgeEnd(let x) where !e.voided: ends[x.pledge] = min(ends[x.pledge] ?? x.day, x.day)
            case .receipt(let r): receipt[r.supporter] = max(receipt[r.supporter] ?? r.day, r.day)
            default: break
            }
        }
        // A pledge is a contact at each instalment due up to today.
        for (s, p, id) in pledges {
            if let due = p.dueDays(until: today, endedOn: ends[id]).last { seen(s, due) }
        }
        var out: [StaleSupporter] = []
        for (id, handle) in handles {
            guard let contact = last[id] else { continue }
            let byContact = adding(years: years, to: contact)
            let kept = receipt[id].map { adding(years: receiptYears, to: $0) }
            let eraseOn = max(byContact, kept ?? byContact)
            out.append(StaleSupporter(id: id.description, handle: handle, lastContact: contact.description, eraseOn: eraseOn.description,
                                      receiptKeptUntil: kept.flatMap { $0 > byContact ? $0.description : nil }, due: eraseOn <= today))
        }
        return out.sorted { ($0.eraseOn, $0.id) < ($1.eraseOn, $1.id) }
    }
}

extension Timestamp {
    /// The UTC day of an ISO timestamp (`2026-11-23T20:00:00Z` → 2026-11-23).
    static func day(_ iso: String) -> Day? { Day(iso: String(iso.prefix(10))) }
}

extension Treasurer {
    /// `supporter list --stale`: every supporter with the day their personal data goes.
    public func staleSupporters() throws -> [StaleSupporter] {
        guard let years = workspace.config.privacy.retentionYears else {
            throw AppError.usage("[privacy] retention_years is not set: no supporter is ever erased for inactivity (set it, e.g. retention_years = 3)")
        }
        return Retention.schedule(try store.entries(), handles: try store.handles(), years: years, today: today)
    }

    /// Erases every supporter who is due (as `supporter erase` does); their handles. Used by `chapeau run`.
    public func applyRetention() throws -> [String] {
        guard workspace.config.privacy.retentionYears != nil else { return [] }
        var erased: [String] = []
        for s in try staleSupporters() where s.due {
            _ = try store.erase(handle: s.handle, day: today, recordedAt: recordedAt)
            erased.append(s.handle)
        }
        return erased.sorted()
    }
}
