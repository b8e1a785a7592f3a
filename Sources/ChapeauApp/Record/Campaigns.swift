public import ChapeauCore
public import ChapeauReports
import ChapeauStore
import Foundation

extension Treasurer {
    /// Records a campaign. The slug is checked by the ledger (1 to 64 of a-z, 0-9, `-`; not taken).
    public func addCampaign(slug: String, name: String, start: String?, end: String?, fixedCosts: String?, unit: String?,
                            participants: Int?) throws -> EntryRef {
        guard let name = try line(name, field: "--name", max: 200) else { throw AppError.invalid("--name is empty: name the campaign") }
        if let p = participants, !Campaign.participantRange.contains(Int64(p)) { throw LedgerError.badParticipants(Int64(p)) }
        let first = try day(start, field: "--start"), last = try end.map { try day($0, field: "--end") }
        if let last, last < first { throw AppError.invalid("--end \(last) is before --start \(first): a campaign ends after it starts") }
        let c = Campaign(slug: slug, name: name, start: first, end: last,
                         fixedCosts: try fixedCosts.map { try amount($0, unit: unit) },
                         participants: participants.map(Int64.init))
        return try store.append(.campaign(c), recordedAt: recordedAt)
    }

    /// A campaign and, when it has fixed costs, its figures from every gift recorded for it:
    /// computed by the report model, as the report computes them.
    public func showCampaign(slug: String) throws -> CampaignShow {
        guard Campaign.isValidSlug(slug) else { throw LedgerError.badSlug(slug) }
        guard let found = try store.campaign(slug: slug) else { throw LedgerError.unknownCampaign(slug) }
        return CampaignShow(id: found.id, campaign: found.campaign,
                            figures: CampaignFigures(campaign: found.campaign, gifts: found.gifts, defaultUnit: workspace.units.defaultUnit))
    }
}

/// What `campaign show` prints: the campaign and its figures (public figures only: totals and
/// a per-participant share, never an amount per person).
public struct CampaignShow: Sendable {
    public let id: ID<Campaign>
    public let campaign: Campaign
    /// nil for a campaign without fixed costs.
    public let figures: CampaignFigures?

    public var json: String {
        if let figures { return figures.json }
        var out = "{\n  \"slug\" : \(JSONText.quote(campaign.slug)),\n  \"name\" : \(JSONText.quote(campaign.name)),\n"
        out += "  \"fixed_costs_minor\" : null\n}\n"
        return out
    }

    public var text: String {
        var lines = ["\(id) \(campaign.slug): \(campaign.name)",
                     "from \(campaign.start)" + (campaign.end.map { " to \($0)" } ?? "")]
        guard let f = figures else {
            lines.append("no fixed costs: gifts recorded with --campaign \(campaign.slug) are grouped under it")
            return lines.joined(separator: "\n") + "\n"
        }
        let u = f.fixedCosts.unit.code
        lines.append("fixed costs: \(f.fixedCosts.decimalString) \(u)")
        lines.append("participants: \(f.participants)" + (f.participantsDeclared ? "" : " (distinct supporters who gave)"))
        lines.append("share: " + (f.share.map { "\($0.decimalString) \(u) each" } ?? "none (no participant)"))
        lines.append("received: " + (f.received.isEmpty ? "nothing yet" : f.received.map { "\($0.decimalString) \($0.unit.code)" }.joined(separator: ", ")))
        lines.append("covered: \(f.covered.decimalString) \(u) of \(f.fixedCosts.decimalString) \(u)")
        lines.append("beyond (free participation): \(f.beyond.decimalString) \(u)")
        return lines.joined(separator: "\n") + "\n"
    }
}

/// JSON string quoting for the few hand-written documents of this module.
enum JSONText {
    static func quote(_ s: String) -> String {
        var out = "\""
        for c in s.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where c.value < 0x20: out += String(format: "\\u%04x", c.value)
            default: out.unicodeScalars.append(c)
            }
        }
        return out + "\""
    }
}
