import ChapeauCore
import struct Foundation.Date

/// `report.json`: the report model with stable snake_case field names (documented in
/// `ReportFormat.json`). Amounts are integers of minor units (`*_minor`) with the plain
/// decimal beside them; `coverage` is a ratio rounded to 4 decimals (0.62 = 62 %).
enum JSONReport {
    static func render(_ r: PublicReport) -> String { value(r).document }

    static func value(_ r: PublicReport) -> JSON {
        let local = LocalTime(r.generatedAt, zoneIdentifier: r.timeZone)
        let style = DisplayStyle(r.language)
        return .object([
            "schema": .string("chapeau-report/1"),
            "generated_at": .string(local.iso),
            "language": .string(r.language.rawValue),
            "time_zone": .string(r.timeZone),
            "author": .object(["name": .string(r.authorName), "support_url": .string(r.supportURL)]),
            "period": .object([
                "id": .string(r.period.id),
                "start": .string(r.period.start.description),
                "end": .string(r.period.end.description),
                "cadence": .string(r.period.cadence.rawValue),
                "label": .string(style.period(r.period)),
                "closed": .bool(r.isClosed),
                "revised": .bool(r.revised),
            ]),
            "gifts": .int(r.gifts),
            "supporters": .int(r.supporters),
            "min_group": .int(r.minGroup),
            "carry_over": .bool(r.carryOver),
            "totals": .array(r.received.map(received)),
            "pledges": .array(r.pledges.map { p in
                JSON.merge(JSON.unit(p.unit), ["active": .int(p.active)],
                           JSON.money(p.pledged, key: "pledged"), JSON.money(p.fulfilled, key: "fulfilled"))
            }),
            "needs": .array(r.needs.map(needs)),
            "expenses": .array(r.expenses.map { e in
                JSON.merge(JSON.unit(e.unit), JSON.money(e.total), ["count": .int(e.count),
                    "by_category": .array(e.byCategory.map { breakdown($0, key: "category") })])
            }),
            "balance": .array(r.balances.map { b in
                JSON.merge(JSON.unit(b.unit), JSON.money(b.received, key: "received"),
                           JSON.money(b.expenses, key: "expenses"), JSON.money(b.balance, key: "balance"))
            }),
            "offers": offers(r.offers),
            "comparison": .object([
                "previous": r.previous.map(comparison) ?? .null,
                "year_to_date": r.yearToDate.map(comparison) ?? .null,
            ]),
            "thanks": .array(r.thanks.map(JSON.string)),
            "integrity": .object(["entries": .int(r.integrity.entries), "head": .string(r.integrity.head)]),
            "navigation": .object([
                "previous": r.navigation.previous.map { .string($0.id) } ?? .null,
                "next": r.navigation.next.map { .string($0.id) } ?? .null,
            ]),
            "pace": r.pace.map { p in
                .object(["day": .int(Int64(p.day)), "days": .int(Int64(p.days)), "days_left": .int(Int64(p.daysLeft)),
                         "expected": .number(p.expected.decimalString)])
            } ?? .null,
        ].merging(extras(r)) { a, _ in a })
    }

    /// Sections present only when there is something in them, so that a report without a
    /// campaign with fixed costs or an offer answering a need keeps the bytes it always had.
    static func extras(_ r: PublicReport) -> [String: JSON] {
        var out: [String: JSON] = [:]
        if !r.campaigns.isEmpty { out["campaigns"] = .array(r.campaigns.map(campaign)) }
        if !r.needOffers.isEmpty {
            out["need_offers"] = .array(r.needOffers.map { n in
                .object(["need": .string(n.need), "count": .int(n.count),
                         "unit": .string(n.forPeriod.unit.code), "needed_minor": .int(n.forPeriod.minor),
                         "needed": .string(n.forPeriod.decimalString),
                         "money_coverage": n.moneyCoverage.map { .number($0.decimalString) } ?? .null,
                         "offers": .array(n.offers.map { d in
                    .object(["kind": .string(d.kind.rawValue), "status": .string(d.status.rawValue),
                             "description": .string(d.description), "quantity": d.quantity.map(amount) ?? .null])
                })])
            })
        }
        return out
    }

    /// One campaign's figures: the same object in `report.json` and `campaign show --json`.
    static func campaign(_ c: CampaignFigures) -> JSON {
        .object([
            "slug": .string(c.slug),
            "name": .string(c.name),
            "start": .string(c.start.description),
            "end": c.end.map { .string($0.description) } ?? .null,
            "unit": .string(c.fixedCosts.unit.code),
            "fixed_costs_minor": .int(c.fixedCosts.minor),
            "fixed_costs": .string(c.fixedCosts.decimalString),
            "participants": .int(c.participants),
            "participants_declared": .bool(c.participantsDeclared),
            "share_minor": c.share.map { .int($0.minor) } ?? .null,
            "share": c.share.map { .string($0.decimalString) } ?? .null,
            "received": .array(c.received.map { m in
                .object(["unit": .string(m.unit.code), "amount_minor": .int(m.minor), "amount": .string(m.decimalString)])
            }),
            "covered_minor": .int(c.covered.minor),
            "covered": .string(c.covered.decimalString),
            "beyond_minor": .int(c.beyond.minor),
            "beyond": .string(c.beyond.decimalString),
        ])
    }

    static func amount(_ m: Money) -> JSON { JSON.merge(JSON.unit(m.unit), JSON.money(m)) }

    static func breakdown(_ b: Breakdown, key: String) -> JSON {
        JSON.merge([key: JSON.optional(b.key), (key == "category" ? "count" : "gifts"): .int(b.count)], JSON.money(b.amount))
    }

    static func received(_ f: ReceivedFigures) -> JSON {
        let distribution: JSON = f.distribution.map { d in
            .object([
                "q1_minor": .int(d.q1.minor), "median_minor": .int(d.median.minor), "q3_minor": .int(d.q3.minor),
                "q1": .string(d.q1.decimalString), "median": .string(d.median.decimalString), "q3": .string(d.q3.decimalString),
                "histogram": .array(d.histogram.map { b in
                    .object(["from_minor": .int(b.lower.minor), "to_minor": b.upper.map { .int($0.minor) } ?? .null,
                             "gifts": .int(b.gifts)])
                }),
            ])
        } ?? .null
        return JSON.merge(JSON.unit(f.unit), JSON.money(f.total), [
            "complementary": .bool(f.isComplementary),
            "gifts": .int(f.gifts),
            "supporters": .int(f.supporters),
            "new_supporters": .int(f.newSupporters),
            "returning_supporters": .int(f.returningSupporters),
            "small_group": .bool(f.smallGroup),
            "distribution": distribution,
            "by_channel": .array(f.byChannel.map { breakdown($0, key: "channel") }),
            "by_campaign": .array(f.byCampaign.map { breakdown($0, key: "campaign") }),
        ])
    }

    static func needs(_ n: NeedFigures) -> JSON {
        JSON.merge(JSON.unit(n.unit), JSON.money(n.needed, key: "needed"), JSON.money(n.received, key: "received"),
                   JSON.money(n.carriedIn, key: "carried_in"), JSON.money(n.carriedOut, key: "carried_out"), [
            "coverage": n.coverage.map { .number($0.decimalString) } ?? .null,
            "lines": .array(n.lines.map { l in
                JSON.merge(["label": .string(l.label), "every": .string(l.every.rawValue)],
                           JSON.money(l.amount), JSON.money(l.forPeriod, key: "needed"))
            }),
        ])
    }

    static func offers(_ o: OfferFigures) -> JSON {
        .object([
            "count": .int(o.count),
            "by_kind": .object(Dictionary(uniqueKeysWithValues: OfferKind.allCases.map { ($0.rawValue, JSON.int(o.byKind[$0] ?? 0)) })),
            "by_status": .object(Dictionary(uniqueKeysWithValues: OfferStatus.allCases.map { ($0.rawValue, JSON.int(o.byStatus[$0] ?? 0)) })),
            "hours_given": o.hoursGiven.map(amount) ?? .null,
            "delivered_value": .array(o.deliveredValue.map(amount)),
            "public": .array(o.descriptions.map { d in
                .object(["kind": .string(d.kind.rawValue), "status": .string(d.status.rawValue),
                         "description": .string(d.description), "quantity": d.quantity.map(amount) ?? .null])
            }),
        ])
    }

    static func comparison(_ c: ComparisonFigures) -> JSON {
        .object([
            "period": JSON.optional(c.periodID),
            "start": .string(c.from.description),
            "end": .string(c.to.description),
            "totals": .array(c.totals.map { t in
                JSON.merge(JSON.unit(t.unit), JSON.money(t.amount), ["gifts": .int(t.gifts), "supporters": .int(t.supporters)])
            }),
        ])
    }
}

/// `report.csv`: one figure per row, `section,unit,metric,value`, plain decimals with a dot,
/// the same in every language. Text cells that a spreadsheet would run as a formula (starting
/// with `=`, `+`, `-`, `@`, a tab or a carriage return) get a leading apostrophe; plain numbers
/// such as a negative balance `-12.50` are left as numbers. LF line endings, RFC 4180 quoting.
enum CSVReport {
    static func render(_ r: PublicReport) -> String {
        var rows: [[String]] = [["section", "unit", "metric", "value"]]
        func row(_ section: String, _ unit: String, _ metric: String, _ value: String) {
            rows.append([section, unit, metric, value])
        }
        row("period", "", "id", r.period.id)
        row("period", "", "start", r.period.start.description)
        row("period", "", "end", r.period.end.description)
        row("period", "", "closed", r.isClosed ? "true" : "false")
        row("period", "", "revised", r.revised ? "true" : "false")
        row("report", "", "generated_at", LocalTime(r.generatedAt, zoneIdentifier: r.timeZone).iso)
        row("report", "", "language", r.language.rawValue)
        row("received", "", "gifts", String(r.gifts))
        row("received", "", "supporters", String(r.supporters))
        for f in r.received {
            let u = f.unit.code
            row("received", u, "amount", f.total.decimalString)
            row("received", u, "gifts", String(f.gifts))
            row("received", u, "supporters", String(f.supporters))
            row("received", u, "new_supporters", String(f.newSupporters))
            row("received", u, "returning_supporters", String(f.returningSupporters))
            row("received", u, "small_group", f.smallGroup ? "true" : "false")
            if let d = f.distribution {
                row("received", u, "q1", d.q1.decimalString)
                row("received", u, "median", d.median.decimalString)
                row("received", u, "q3", d.q3.decimalString)
                for b in d.histogram {
                    row("histogram", u, b.lower.decimalString + "-" + (b.upper?.decimalString ?? ""), String(b.gifts))
                }
            }
            for b in f.byChannel {
                row("by_channel", u, b.key ?? "", b.amount.decimalString)
                row("by_channel_gifts", u, b.key ?? "", String(b.count))
            }
            for b in f.byCampaign {
                row("by_campaign", u, b.key ?? "", b.amount.decimalString)
                row("by_campaign_gifts", u, b.key ?? "", String(b.count))
            }
        }
        for p in r.pledges {
            row("pledges", p.unit.code, "active", String(p.active))
            row("pledges", p.unit.code, "pledged", p.pledged.decimalString)
            row("pledges", p.unit.code, "fulfilled", p.fulfilled.decimalString)
        }
        for n in r.needs {
            let u = n.unit.code
            row("needs", u, "needed", n.needed.decimalString)
            row("needs", u, "received", n.received.decimalString)
            if r.carryOver {
                row("needs", u, "carried_in", n.carriedIn.decimalString)
                row("needs", u, "carried_out", n.carriedOut.decimalString)
            }
            row("needs", u, "coverage", n.coverage?.decimalString ?? "")
            for l in n.lines { row("need", u, l.label, l.forPeriod.decimalString) }
        }
        for e in r.expenses {
            row("expenses", e.unit.code, "amount", e.total.decimalString)
            row("expenses", e.unit.code, "count", String(e.count))
            for b in e.byCategory { row("by_category", e.unit.code, b.key ?? "", b.amount.decimalString) }
        }
        for b in r.balances { row("balance", b.unit.code, "balance", b.balance.decimalString) }
        row("offers", "", "count", String(r.offers.count))
        for k in OfferKind.allCases { row("offers_by_kind", "", k.rawValue, String(r.offers.byKind[k] ?? 0)) }
        for s in OfferStatus.allCases { row("offers_by_status", "", s.rawValue, String(r.offers.byStatus[s] ?? 0)) }
        if let h = r.offers.hoursGiven { row("offers", h.unit.code, "hours_given", h.decimalString) }
        for v in r.offers.deliveredValue { row("offers", v.unit.code, "delivered_value", v.decimalString) }
        for c in r.campaigns {
            let u = c.fixedCosts.unit.code, section = "campaign:" + c.slug
            row(section, u, "fixed_costs", c.fixedCosts.decimalString)
            row(section, "", "participants", String(c.participants))
            row(section, u, "share", c.share?.decimalString ?? "")
            for m in c.received { row(section, m.unit.code, "received", m.decimalString) }
            row(section, u, "covered", c.covered.decimalString)
            row(section, u, "beyond", c.beyond.decimalString)
        }
        for n in r.needOffers {
            row("need_offers", "", n.need, String(n.count))
            row("need_offers_needed", n.forPeriod.unit.code, n.need, n.forPeriod.decimalString)
            row("need_offers_money_coverage", n.forPeriod.unit.code, n.need, n.moneyCoverage?.decimalString ?? "")
            for d in n.offers { row("need_offer", d.kind.rawValue, n.need, d.status.rawValue + ": " + d.description) }
        }
        for (name, c) in [("previous", r.previous), ("year_to_date", r.yearToDate)] {
            guard let c else { continue }
            for t in c.totals {
                row(name, t.unit.code, "amount", t.amount.decimalString)
                row(name, t.unit.code, "gifts", String(t.gifts))
                row(name, t.unit.code, "supporters", String(t.supporters))
            }
        }
        row("integrity", "", "entries", String(r.integrity.entries))
        row("integrity", "", "head", r.integrity.head)
        return rows.map { $0.map(cell).joined(separator: ",") }.joined(separator: "\n") + "\n"
    }

    /// One CSV cell: neutralised if a spreadsheet would read it as a formula, then quoted
    /// if it holds a comma, a quote or a line break.
    static func cell(_ raw: String) -> String {
        var s = raw
        if let first = s.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first), !isPlainNumber(s) {
            s = "'" + s
        }
        guard s.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// `-12.50`, `3`, `0.7561`: digits with an optional leading minus and one decimal point.
    static func isPlainNumber(_ s: String) -> Bool {
        var body = Substring(s)
        if body.hasPrefix("-") { body = body.dropFirst() }
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count) else { return false }
        return parts.allSatisfy { !$0.isEmpty && $0.allSatisfy { c in c.isASCII && c.isNumber } }
    }
}
