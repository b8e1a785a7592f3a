// The names each report context answers, for the built-in templates (`CompiledTemplate`): one
// case per stored property, the property's own name. `ContextFieldsTests` checks every case
// against reflection, so a property added to a context without its case here fails a test.

/// The root of a report render: the context, with its three tables of labels read once.
struct ReportRoot: TemplateFields {
    let context: ReportContext
    let t: TemplateTable
    let n: TemplateTable
    let c: TemplateTable

    init(_ context: ReportContext) {
        self.context = context
        t = TemplateTable(mirroring: context.t)
        n = TemplateTable(mirroring: context.n)
        c = TemplateTable(mirroring: context.c)
    }

    func field(_ key: Substring) -> TemplateField? {
        switch key {
        case "t": return .object(t)
        case "n": return .object(n)
        case "c": return .object(c)
        default: return context.field(key)
        }
    }
}

extension ReportContext: TemplateFields {
    func field(_ key: Substring) -> TemplateField? {
        switch key {
        case "lang": return .text(lang)
        case "t": return .object(TemplateTable(mirroring: t))
        case "title": return .text(title)
        case "heading": return .text(heading)
        case "author": return .text(author)
        case "periodID": return .text(periodID)
        case "periodLabel": return .text(periodLabel)
        case "periodStart": return .text(periodStart)
        case "periodEnd": return .text(periodEnd)
        case "isLive": return .flag(isLive)
        case "isRevised": return .flag(isRevised)
        case "headline": return .text(headline)
        case "cards": return .list(cards.map { .object($0) })
        case "coverageBar": return .list(coverageBar.map { .object($0) })
        case "previous": return .list(previous.map { .object($0) })
        case "next": return .list(next.map { .object($0) })
        case "n": return .object(TemplateTable(mirroring: n))
        case "paceLine": return .text(paceLine)
        case "hasPaceLine": return .flag(hasPaceLine)
        case "hasSupportLink": return .flag(hasSupportLink)
        case "supportURL": return .text(supportURL)
        case "payment": return .list(payment.map { .object($0) })
        case "currencies": return .list(currencies.map { .object($0) })
        case "hasCurrencies": return .flag(hasCurrencies)
        case "complementary": return .list(complementary.map { .object($0) })
        case "hasComplementary": return .flag(hasComplementary)
        case "pledges": return .list(pledges.map { .object($0) })
        case "hasPledges": return .flag(hasPledges)
        case "needs": return .list(needs.map { .object($0) })
        case "hasNeeds": return .flag(hasNeeds)
        case "carryOver": return .flag(carryOver)
        case "expenses": return .list(expenses.map { .object($0) })
        case "hasExpenses": return .flag(hasExpenses)
        case "balances": return .list(balances.map { .object($0) })
        case "hasBalances": return .flag(hasBalances)
        case "offers": return .object(offers)
        case "campaigns": return .list(campaigns.map { .object($0) })
        case "hasCampaigns": return .flag(hasCampaigns)
        case "needOffers": return .list(needOffers.map { .object($0) })
        case "hasNeedOffers": return .flag(hasNeedOffers)
        case "c": return .object(TemplateTable(mirroring: c))
        case "comparison": return .list(comparison.map { .object($0) })
        case "hasComparison": return .flag(hasComparison)
        case "previousSpan": return .text(previousSpan)
        case "yearToDateSpan": return .text(yearToDateSpan)
        case "thanks": return .texts(thanks)
        case "hasThanks": return .flag(hasThanks)
        case "thanksLine": return .text(thanksLine)
        case "thanksWithheld": return .flag(thanksWithheld)
        case "withheldNote": return .text(withheldNote)
        case "integrityText": return .text(integrityText)
        case "head": return .text(head)
        case "generatedAt": return .text(generatedAt)
        case "generatedAtISO": return .text(generatedAtISO)
        case "files": return .list(files.map { .object($0) })
        default: return nil
        }
    }
}

extension Card: TemplateFields {
    func field(_ key: Substring) -> TemplateField? {
        switch key {
        case "value": return .text(value)
        case "label": return .text(label)
        default: return nil
        }
    }
}

extension PaymentSection: TemplateFields {
    func field(_ key: Substring) -> TemplateField? {
        switch key {
        case "svg": return .text(svg)
        case "hasSVG": return .flag(hasSVG)
        case "label": return .text(label)
        case "holder": return .text(holder)
        case "iban": return .text(iban)
        case "bic": return .text(bic)
        case "hasBIC": return .flag(hasBIC)
        default: return nil
        }
    }
}

extension FileLink: TemplateFields {
    func field(_ key: Substring) -> TemplateField? {
        switch key {
        case "name": return .text(name)
        case "label": return .text(label)
        default: return nil
        }
    }
}

extension UnitSection: TemplateFields {
    func field(_ key: Substring) -> TemplateField? {
        switch key {
        case "unit": return .text(unit)
        case "unitName": return .text(unitName)
        case "chartID": return .text(chartID)
        case "total": return .text(total)
        case "gifts": return .text(gifts)
        case "supporters": return .text(supporters)
        case "newSupporters": return .text(newSupporters)
        case "returningSupporters": return .text(returningSupporters)
        case "isSmallGroup": return .flag(isSmallGroup)
        case "smallGroupNote": return .text(smallGroupNote)
        case "distribution": return .list(distribution.map { .object($0) })
        case "channels": return .list(channels.map { .object($0) })
        case "hasChannels": return .flag(hasChannels)
        case "campaigns": return .list(campaigns.map { .object($0) })
        case "hasCampaigns": return .flag(hasCampaigns)
        default: return nil
        }
    }
}

extension DistributionSection: TemplateFields {
    func field(_ key: Substring) -> TemplateField? {
        switch key {
        case "q1": return .text(q1)
        case "median": return .text(median)
        case "q3": return .text(q3)
        case "bands": return .list(bands.map { .object($0) })
        case "chartHeight": return .text(chartHeight)
        case "chartTitle": return .text(chartTitle)
        default: return nil
        }
    }
}

extension BandRow: TemplateFields {
    func field(_ key: Substring) -> TemplateField? {
        switch key {
        case "label": return .text(label)
        case "gifts": return .text(gifts)
        case "title": return .text(title)
        case "y": return .text(y)
        case "textY": return .text(textY)
        case "width": return .text(width)
        case "countX": return .text(countX)
        default: return nil
        }
    }
}

extension BreakdownRow: TemplateFields {
    func field(_ key: Substring) -> TemplateField? {
        switch key {
        case "label": return .text(label)
        case "amount": return .text(amount)
        case "count": return .text(count)
        default: return nil
        }
    }
}

extension PledgeRow: TemplateFields {
    func field(_ key: Substring) -> TemplateField? {
        switch key {
        case "unit": return .text(unit)
        case "active": return .text(active)
        case "pledged": return .text(pledged)
        case "fulfilled": return .text(fulfilled)
        default: return nil
        }
    }
}

extension NeedLineRow: TemplateFields {
    func field(_ key: Substring) -> TemplateField? {
        switch key {
        case "label": return .text(label)
        case "declared": return .text(declared)
        case "forPeriod": return .text(forPeriod)
        default: return nil
        }
    }
}

extension NeedSection: TemplateFields {
    func field(_ key: Substring) -> TemplateField? {
        switch key {
        case "unit": return .text(unit)
        case "needed": return .text(needed)
        case "received": return .text(received)
        case "coverage": return .text(coverage)
        case "carriedIn": return .text(carriedIn)
        case "carriedOut": return .text(carriedOut)
        case "lines": return .list(lines.map { .object($0) })
        default: return nil
        }
    }
}

extension ExpenseSection: TemplateFields {
    func field(_ key: Substring) -> TemplateField? {
        switch key {
        case "unit": return .text(unit)
        case "total": return .text(total)
        case "count": return .text(count)
        case "categories": return .list(categories.map { .object($0) })
        default: return nil
        }
    }
}

extension BalanceRow: TemplateFields {
    func field(_ key: Substring) -> TemplateField? {
        switch key {
        case "unit": return .text(unit)
        case "received": return .text(received)
        case "spent": return .text(spent)
        case "balance": return .text(balance)
        default: return nil
        }
    }
}

extension CountRow: TemplateFields {
    func field(_ key: Substring) -> TemplateField? {
        switch key {
        case "label": return .text(label)
        case "count": return .text(count)
        default: return nil
        }
    }
}

extension OfferRow: TemplateFields {
    func field(_ key: Substring) -> TemplateField? {
        switch key {
        case "kind": return .text(kind)
        case "status": return .text(status)
        case "description": return .text(description)
        case "quantity": return .text(quantity)
        case "hasQuantity": return .flag(hasQuantity)
        default: return nil
        }
    }
}

extension OffersSection: TemplateFields {
    func field(_ key: Substring) -> TemplateField? {
        switch key {
        case "hasOffers": return .flag(hasOffers)
        case "count": return .text(count)
        case "byKind": return .list(byKind.map { .object($0) })
        case "byStatus": return .list(byStatus.map { .object($0) })
        case "hasHours": return .flag(hasHours)
        case "hours": return .text(hours)
        case "values": return .texts(values)
        case "hasValues": return .flag(hasValues)
        case "descriptions": return .list(descriptions.map { .object($0) })
        case "hasDescriptions": return .flag(hasDescriptions)
        default: return nil
        }
    }
}

extension CampaignSection: TemplateFields {
    func field(_ key: Substring) -> TemplateField? {
        switch key {
        case "name": return .text(name)
        case "slug": return .text(slug)
        case "fixedCosts": return .text(fixedCosts)
        case "participants": return .text(participants)
        case "share": return .text(share)
        case "received": return .text(received)
        case "covered": return .text(covered)
        case "beyond": return .text(beyond)
        default: return nil
        }
    }
}

extension NeedOffersSection: TemplateFields {
    func field(_ key: Substring) -> TemplateField? {
        switch key {
        case "need": return .text(need)
        case "count": return .text(count)
        case "money": return .text(money)
        case "answers": return .list(answers.map { .object($0) })
        default: return nil
        }
    }
}

extension ComparisonRow: TemplateFields {
    func field(_ key: Substring) -> TemplateField? {
        switch key {
        case "unit": return .text(unit)
        case "current": return .text(current)
        case "previous": return .text(previous)
        case "yearToDate": return .text(yearToDate)
        default: return nil
        }
    }
}

extension PageLink: TemplateFields {
    func field(_ key: Substring) -> TemplateField? {
        switch key {
        case "href": return .text(href)
        case "label": return .text(label)
        default: return nil
        }
    }
}

extension CoverageBar: TemplateFields {
    func field(_ key: Substring) -> TemplateField? {
        switch key {
        case "width": return .text(width)
        case "full": return .text(full)
        case "fullLabel": return .text(fullLabel)
        case "fullLabelX": return .text(fullLabelX)
        case "fullAnchor": return .text(fullAnchor)
        case "title": return .text(title)
        case "percent": return .text(percent)
        case "isFull": return .flag(isFull)
        case "pace": return .list(pace.map { .object($0) })
        default: return nil
        }
    }
}

extension PaceMark: TemplateFields {
    func field(_ key: Substring) -> TemplateField? {
        switch key {
        case "x": return .text(x)
        case "text": return .text(text)
        default: return nil
        }
    }
}

