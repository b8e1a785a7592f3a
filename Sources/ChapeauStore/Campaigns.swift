internal import GRDB
public import ChapeauCore

extension LedgerStore {
    /// The live campaign (recorded, not voided) with this slug, with its gifts not voided dated up
    /// to `through` (every one when nil); nil when there is none.
    public func campaign(slug: String, through: Day? = nil) throws -> (id: ID<Campaign>, campaign: Campaign, gifts: [PublicGift])? {
        try read { db in
            guard let ref = try Self.campaignRef(db, slug: slug), let id = ID<Campaign>(ref) else { return nil }
            let bodies = try Self.bodies(db, types: [.campaign], units: units)
            guard case .campaign(let c)? = bodies.first(where: { $0.0 == ref })?.1 else { return nil }
            return (id, c, try Self.campaignGifts(db, slugs: [slug], through: through, units: units)[slug] ?? [])
        }
    }

    /// The id of the live campaign with this slug.
    static func campaignRef(_ db: Database, slug: String) throws -> EntryRef? {
        try String.fetchOne(db.cachedStatement(sql: """
            SELECT c.id FROM entry c WHERE c.type = 'campaign' AND c.campaign = ?
              AND NOT EXISTS (SELECT 1 FROM entry v WHERE v.type = 'void' AND v.link = c.id)
            ORDER BY c.seq DESC LIMIT 1
            """), arguments: [slug]).flatMap(EntryRef.init)
    }

    /// The gifts not voided recorded for each of these campaigns (the gift's campaign trimmed,
    /// as reports group it), dated up to `through` when given, in day order.
    static func campaignGifts(_ db: Database, slugs: Set<String>, through: Day?, units: UnitRegistry) throws -> [String: [PublicGift]] {
        guard !slugs.isEmpty else { return [:] }
        var out: [String: [PublicGift]] = [:]
        var args: [any DatabaseValueConvertible] = slugs.sorted()
        if let through { args.append(through.description) }
        let rows = try Row.fetchCursor(db, sql: """
            SELECT number, day, amount_minor, unit,
                   CASE WHEN substr(supporter, 1, 2) = 's-' THEN CAST(substr(supporter, 3) AS INTEGER) END,
                   channel, trim(campaign),
                   CASE WHEN substr(link, 1, 2) = 'p-' THEN CAST(substr(link, 3) AS INTEGER) END
            FROM entry g WHERE type = 'gift' AND trim(campaign) IN (\(slugs.map { _ in "?" }.joined(separator: ",")))
              \(through == nil ? "" : "AND day <= ?") AND g.seq NOT IN (\(voidedGiftRows))
            ORDER BY day, seq
            """, arguments: StatementArguments(args))
        var cursor = GiftCursor(rows: rows, voided: [], units: units)
        while let g = try cursor.next() {
            if let slug = g.campaign { out[slug, default: []].append(g) }
        }
        return out
    }
}
