import ChapeauCore
import struct Foundation.Date

// Typed Mustache contexts for the HTML and Markdown templates. Every value is a non-optional
// String, Bool or array of these structs: swift-mustache would print a nil as "nil". Absent
// parts are empty arrays (`{{#coverageBar}}…{{/coverageBar}}` renders zero or one time).
// Ledger text (names, labels, channels, descriptions) goes through the format's escaper
// first, then through Mustache's HTML escaping.

struct ReportContext {
    let lang: String
    let t: Labels
    let title: String
    let heading: String
    let author: String
    let periodID: String
    let periodLabel: String
    let periodStart: String
    let periodEnd: String
    let isLive: Bool
    let isRevised: Bool
    let headline: String
    let cards: [Card]
    let coverageBar: [CoverageBar]
    /// Zero or one link each: the neighbouring periods' pages.
    let previous: [PageLink]
    let next: [PageLink]
    let n: PageLabels
    /// A live period without needs: how far it has gone (with needs, the bar's caption says it).
    let paceLine: String
    let hasPaceLine: Bool
    let hasSupportLink: Bool
    let supportURL: String
    /// Zero or one: the bank transfer without fees.
    let payment: [PaymentSection]
    let currencies: [UnitSection]
    let hasCurrencies: Bool
    let complementary: [UnitSection]
    let hasComplementary: Bool
    let pledges: [PledgeRow]
    let hasPledges: Bool
    let needs: [NeedSection]
    let hasNeeds: Bool
    let carryOver: Bool
    let expenses: [ExpenseSection]
    let hasExpenses: Bool
    let balances: [BalanceRow]
    let hasBalances: Bool
    let offers: OffersSection
    /// Campaigns with fixed costs, and offers answering needs: empty when there are none, so
    /// the page is then what it always was.
    let campaigns: [CampaignSection]
    let hasCampaigns: Bool
    let needOffers: [NeedOffersSection]
    let hasNeedOffers: Bool
    let c: CampaignLabels
    let comparison: [ComparisonRow]
    let hasComparison: Bool
    let previousSpan: String
    let yearToDateSpan: String
    let thanks: [String]
    let hasThanks: Bool
    let thanksLine: String
    /// Names left off because fewer than `minGroup` people gave, and why.
    let thanksWithheld: Bool
    let withheldNote: String
    let integrityText: String
    let head: String
    let generatedAt: String
    let generatedAtISO: String
    let files: [FileLink]
}

struct Card { let value: String; let label: String }
/// The QR code (inserted unescaped: `PaymentBlock.safeSVG` admits only a drawn code) and the
/// account as text.
struct PaymentSection {
    let svg: String
    let hasSVG: Bool
    let label: String
    let holder: String
    let iban: String
    let bic: String
    let hasBIC: Bool

    init?(_ block: PaymentBlock?, holder: String) {
        guard let block else { return nil }
        svg = block.safeSVG ?? ""
        hasSVG = !svg.isEmpty
        label = block.label
        self.holder = holder
        iban = block.iban
        bic = block.bic ?? ""
        hasBIC = block.bic != nil
    }
}
struct FileLink { let name: String; let label: String }

struct UnitSection {
    let unit: String
    let unitName: String
    let chartID: String
    let total: String
    let gifts: String
    let supporters: String
    let newSupporters: String
    let returningSupporters: String
    let isSmallGroup: Bool
    let smallGroupNote: String
    let distribution: [DistributionSection]
    let channels: [BreakdownRow]
    let hasChannels: Bool
    let campaigns: [BreakdownRow]
    let hasCampaigns: Bool
}

struct DistributionSection {
    let q1: String
    let median: String
    let q3: String
    let bands: [BandRow]
    let chartHeight: String
    let chartTitle: String
}

struct BandRow {
    let label: String
    let gifts: String
    let title: String
    let y: String
    let textY: String
    let width: String
    let countX: String
}

struct BreakdownRow { let label: String; let amount: String; let count: String }
struct PledgeRow { let unit: String; let active: String; let pledged: String; let fulfilled: String }
struct NeedLineRow { let label: String; let declared: String; let forPeriod: String }

struct NeedSection {
    let unit: String
    let needed: String
    let received: String
    let coverage: String
    let carriedIn: String
    let carriedOut: String
    let lines: [NeedLineRow]
}

struct ExpenseSection { let unit: String; let total: String; let count: String; let categories: [BreakdownRow] }
struct BalanceRow { let unit: String; let received: String; let spent: String; let balance: String }
struct CountRow { let label: String; let count: String }
struct OfferRow { let kind: String; let status: String; let description: String; let quantity: String; let hasQuantity: Bool }

struct OffersSection {
    let hasOffers: Bool
    let count: String
    let byKind: [CountRow]
    let byStatus: [CountRow]
    let hasHours: Bool
    let hours: String
    let values: [String]
    let hasValues: Bool
    let descriptions: [OfferRow]
    let hasDescriptions: Bool
}

struct CampaignSection {
    let name: String
    let slug: String
    let fixedCosts: String
    let participants: String
    let share: String
    let received: String
    let covered: String
    let beyond: String
}

/// `money`: the other half of a need answered partly in kind, in one sentence.
struct NeedOffersSection { let need: String; let count: String; let money: String; let answers: [OfferRow] }

/// The wording of the campaign and need-offer sections.
struct CampaignLabels: Sendable {
    let campaigns: String
    let campaignsNote: String
    let fixedCosts: String
    let participants: String
    let counted: String
    let share: String
    let received: String
    let covered: String
    let beyond: String
    let needOffers: String
    let needOffersNote: String
    let language: ReportLanguage

    /// The money side of a need answered in kind: its share of the period and the coverage of
    /// the needs of its unit.
    func money(forPeriod: String, unit: String, coverage: String?) -> String {
        switch language {
        case .fr:
            return "Pour la période\u{00A0}: \(forPeriod)\u{00A0}; en argent, "
                + (coverage.map { "les besoins en \(unit) sont couverts à \($0)." } ?? "rien n’est compté en \(unit).")
        case .en:
            return "For the period: \(forPeriod); in money, "
                + (coverage.map { "needs in \(unit) are \($0) covered." } ?? "nothing is counted in \(unit).")
        }
    }

    static func of(_ language: ReportLanguage) -> CampaignLabels {
        switch language {
        case .fr:
            return CampaignLabels(
                campaigns: "Frais fixes partagés",
                campaignsNote: "Les frais fixes sont partagés entre les participants\u{00A0}; au-delà, la participation est libre. Chaque unité est comptée à part\u{00A0}: un don dans une autre unité que celle des frais (une monnaie complémentaire, par exemple) ne les couvre pas.",
                fixedCosts: "Frais fixes", participants: "Participants", counted: "personnes ayant donné",
                share: "Part de chacun", received: "Reçu", covered: "Frais couverts", beyond: "Au-delà (participation libre)",
                needOffers: "Offres en réponse aux besoins",
                needOffersNote: "Ces offres répondent à un besoin déclaré\u{00A0}; elles ne sont jamais converties en argent. Un besoin peut être couvert en partie en nature et en partie en argent\u{00A0}: les deux sont indiqués.",
                language: language)
        case .en:
            return CampaignLabels(
                campaigns: "Shared fixed costs",
                campaignsNote: "Fixed costs are shared among the participants; beyond them, participation is free. Each unit is counted on its own: a gift in a unit other than that of the costs (a complementary currency, say) does not cover them.",
                fixedCosts: "Fixed costs", participants: "Participants", counted: "people who gave",
                share: "Share of each", received: "Received", covered: "Costs covered", beyond: "Beyond (free participation)",
                needOffers: "Offers answering needs",
                needOffersNote: "These offers answer a declared need; they are never converted into money. A need may be met partly in kind and partly in money: both are shown.",
                language: language)
        }
    }
}

struct ComparisonRow { let unit: String; let current: String; let previous: String; let yearToDate: String }

/// How ledger text is made safe for one output format, before Mustache's HTML escaping.
enum TextEscaper: Sendable {
    /// HTML: Mustache's escaping is enough.
    case html
    /// Markdown: Markdown's own punctuation is backslash-escaped (so a value cannot become
    /// emphasis, a link, a table cell break or a `{{…}}` tag for a site generator), and line
    /// breaks become spaces; Mustache then escapes HTML.
    case markdown

    func callAsFunction(_ s: String) -> String {
        switch self {
        case .html:
            return s
        case .markdown:
            var out = ""
            for scalar in s.unicodeScalars {
                switch scalar {
                case "\\", "`", "*", "_", "{", "}", "[", "]", "|", "~":
                    out += "\\"
                    out.unicodeScalars.append(scalar)
                case "\n", "\r":
                    out += " "
                default:
                    out.unicodeScalars.append(scalar)
                }
            }
            return out
        }
    }
}

/// An `http(s)` URL made safe to place in an attribute or a Markdown link, or nil if it is not
/// an http(s) URL (a `javascript:` link is never written).
func safeURL(_ raw: String) -> String? {
    let trimmed = raw.trimmingCharacters(in: .whitespacesAndNewlines)
    let lower = trimmed.lowercased()
    guard lower.hasPrefix("https://") || lower.hasPrefix("http://") else { return nil }
    var out = ""
    for scalar in trimmed.unicodeScalars {
        if scalar.value <= 0x20 || scalar.value == 0x7F || "<>\"`{}|\\^".unicodeScalars.contains(scalar) {
            for byte in String(scalar).utf8 {
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count < 2 ? "0" + hex : hex)
            }
        } else {
            out.unicodeScalars.append(scalar)
        }
    }
    return out
}

extension ReportContext {
    init(_ r: PublicReport, escape: TextEscaper) {
        let style = DisplayStyle(r.language)
        let t = Labels.of(r.language)
        let words = Wording(language: r.language)
        let local = LocalTime(r.generatedAt, zoneIdentifier: r.timeZone)
        let dash = "—"

        lang = r.language.rawValue
        self.t = t
        let periodLabel = style.period(r.period)
        author = escape(r.authorName)
        title = "\(t.reportTitle) · \(escape(r.authorName)) · \(periodLabel)"
        heading = "\(t.reportTitle) · \(escape(r.authorName))"
        periodID = r.period.id
        self.periodLabel = periodLabel
        periodStart = style.date(r.period.start)
        periodEnd = style.date(r.period.end)
        isLive = !r.isClosed
        isRevised = r.revised
        headline = Headline.sentence(r, style: style)
        cards = Headline.cards(r, style: style)
        coverageBar = PageParts.coverageBar(r, style: style)
        let links = PageParts.links(r, style: style)
        previous = links.previous
        next = links.next
        n = PageLabels.of(r.language)
        paceLine = r.pace.map { PageParts.paceLine($0, language: r.language, style: style) } ?? ""
        hasPaceLine = !paceLine.isEmpty && coverageBar.isEmpty
        let url = safeURL(r.supportURL)
        hasSupportLink = url != nil
        supportURL = url ?? ""
        payment = PaymentSection(r.payment, holder: escape(r.authorName)).map { [$0] } ?? []

        func section(_ f: ReceivedFigures) -> UnitSection {
            let dist: [DistributionSection] = f.distribution.map { d in
                let maxCount = max(1, d.histogram.map(\.gifts).max() ?? 1)
                let bands = d.histogram.enumerated().map { i, b in
                    let label: String
                    if b.lower.minor == 0, let upper = b.upper {
                        let bound = style.amount(upper.minor, unit: f.unit, whole: true)
                        label = r.language == .fr ? "moins de " + bound : "under " + bound
                    } else if let upper = b.upper {
                        label = style.amount(b.lower.minor, unit: f.unit, whole: true) + " – " + style.amount(upper.minor, unit: f.unit, whole: true)
                    } else {
                        let bound = style.amount(b.lower.minor, unit: f.unit, whole: true)
                        label = r.language == .fr ? bound + " et plus" : bound + " and over"
                    }
                    let width = b.gifts * 160 / maxCount
                    return BandRow(label: label, gifts: String(b.gifts),
                                   title: "\(label)\(r.language == .fr ? "\u{00A0}:" : ":") \(b.gifts) \(words.gifts(b.gifts))",
                                   y: String(i * 22 + 3), textY: String(i * 22 + 15), width: String(width),
                                   countX: String(126 + width))
                }
                return [DistributionSection(q1: style.money(d.q1), median: style.money(d.median), q3: style.money(d.q3),
                                            bands: bands, chartHeight: String(d.histogram.count * 22 + 4),
                                            chartTitle: "\(t.histogram) (\(f.unit.code))")]
            } ?? []
            func rows(_ items: [Breakdown]) -> [BreakdownRow] {
                items.map { BreakdownRow(label: escape($0.key ?? t.unspecified), amount: style.money($0.amount), count: style.integer($0.count)) }
            }
            let note = r.language == .fr
                ? "Moins de \(r.minGroup) personnes ont donné en \(f.unit.code)\u{00A0}: ni médiane, ni quartiles, ni répartition ne sont publiés. Le total l’est, et avec si peu de dons il en dit beaucoup sur chacun (un seul don, et le total est ce don)."
                : "Fewer than \(r.minGroup) people gave in \(f.unit.code): no median, quartiles or distribution are published. The total is, and with so few gifts it says a lot about each (one gift, and the total is that gift)."
            let channels = rows(f.byChannel), campaigns = rows(f.byCampaign)
            return UnitSection(
                unit: escape(f.unit.code), unitName: escape(f.unit.name), chartID: "hist-" + f.unit.code.filter { $0.isLetter || $0.isNumber },
                total: style.money(f.total), gifts: style.integer(f.gifts), supporters: style.integer(f.supporters),
                newSupporters: style.integer(f.newSupporters), returningSupporters: style.integer(f.returningSupporters),
                isSmallGroup: f.smallGroup, smallGroupNote: note, distribution: dist,
                channels: channels, hasChannels: !channels.isEmpty, campaigns: campaigns, hasCampaigns: !campaigns.isEmpty)
        }
        currencies = r.received.filter { !$0.isComplementary }.map(section)
        hasCurrencies = !currencies.isEmpty
        complementary = r.received.filter(\.isComplementary).map(section)
        hasComplementary = !complementary.isEmpty

        pledges = r.pledges.map {
            PledgeRow(unit: escape($0.unit.code), active: style.integer($0.active),
                      pledged: style.money($0.pledged), fulfilled: style.money($0.fulfilled))
        }
        hasPledges = !pledges.isEmpty
        needs = r.needs.map { n in
            NeedSection(unit: escape(n.unit.code), needed: style.money(n.needed), received: style.money(n.received),
                        coverage: n.coverage.map(style.percent) ?? dash,
                        carriedIn: style.money(n.carriedIn), carriedOut: style.money(n.carriedOut),
                        lines: n.lines.map { l in
                            NeedLineRow(label: escape(l.label), declared: "\(style.money(l.amount)) \(words.every(l.every))",
                                        forPeriod: style.money(l.forPeriod))
                        })
        }
        hasNeeds = !needs.isEmpty
        carryOver = r.carryOver
        expenses = r.expenses.map { e in
            ExpenseSection(unit: escape(e.unit.code), total: style.money(e.total), count: style.integer(e.count),
                           categories: e.byCategory.map {
                               BreakdownRow(label: escape($0.key ?? t.unspecified), amount: style.money($0.amount), count: style.integer($0.count))
                           })
        }
        hasExpenses = !expenses.isEmpty
        balances = r.balances.map {
            BalanceRow(unit: escape($0.unit.code), received: style.money($0.received), spent: style.money($0.expenses),
                       balance: style.money($0.balance))
        }
        hasBalances = !balances.isEmpty

        let o = r.offers
        let descriptions = o.descriptions.map { d in
            OfferRow(kind: words.kind(d.kind), status: words.status(d.status), description: escape(d.description),
                     quantity: d.quantity.map(style.money) ?? "—", hasQuantity: d.quantity != nil)
        }
        offers = OffersSection(
            hasOffers: o.count > 0, count: style.integer(o.count),
            byKind: OfferKind.allCases.map { CountRow(label: words.kind($0), count: style.integer(o.byKind[$0] ?? 0)) },
            byStatus: OfferStatus.allCases.map { CountRow(label: words.status($0), count: style.integer(o.byStatus[$0] ?? 0)) },
            hasHours: o.hoursGiven != nil, hours: o.hoursGiven.map(style.money) ?? "",
            values: o.deliveredValue.map(style.money), hasValues: !o.deliveredValue.isEmpty,
            descriptions: descriptions, hasDescriptions: !descriptions.isEmpty)

        var units = r.received.map(\.unit)
        for c in [r.previous, r.yearToDate].compactMap({ $0 }) {
            for u in c.totals.map(\.unit) where !units.contains(u) { units.append(u) }
        }
        let ordered = Calc.ordered(units, defaultUnit: r.defaultUnit)
        let hasAny = r.previous != nil || r.yearToDate != nil
        comparison = hasAny ? ordered.map { u in
            let current = r.received.first { $0.unit == u }?.total ?? Money(minor: 0, unit: u)
            func total(_ c: ComparisonFigures?) -> String {
                guard let c else { return dash }
                return style.money(c.totals.first { $0.unit == u }?.amount ?? Money(minor: 0, unit: u))
            }
            return ComparisonRow(unit: escape(u.code), current: style.money(current),
                                 previous: total(r.previous), yearToDate: total(r.yearToDate))
        } : []
        hasComparison = !comparison.isEmpty
        previousSpan = style.period(r.period.previous)
        let jan1 = Day(year: r.period.end.year, month: 1, day: 1) ?? r.period.start
        yearToDateSpan = style.span(jan1, r.period.end)

        let cl = CampaignLabels.of(r.language)
        c = cl
        campaigns = r.campaigns.map { f in
            CampaignSection(name: escape(f.name), slug: escape(f.slug), fixedCosts: style.money(f.fixedCosts),
                            participants: style.integer(Int(clamping: f.participants)) + (f.participantsDeclared ? "" : " (\(cl.counted))"),
                            share: f.share.map(style.money) ?? dash,
                            received: f.received.isEmpty ? style.money(Money(minor: 0, unit: f.fixedCosts.unit))
                                : f.received.map(style.money).joined(separator: " · "),
                            covered: style.money(f.covered), beyond: style.money(f.beyond))
        }
        hasCampaigns = !campaigns.isEmpty
        needOffers = r.needOffers.map { n in
            NeedOffersSection(need: escape(n.need), count: style.integer(n.count),
                              money: cl.money(forPeriod: style.money(n.forPeriod), unit: n.forPeriod.unit.code,
                                              coverage: n.moneyCoverage.map(style.percent)),
                              answers: n.offers.map { d in
                OfferRow(kind: words.kind(d.kind), status: words.status(d.status), description: escape(d.description),
                         quantity: d.quantity.map(style.money) ?? "—", hasQuantity: d.quantity != nil)
            })
        }
        hasNeedOffers = !needOffers.isEmpty
        thanks = r.thanks.map { escape($0) }
        hasThanks = !thanks.isEmpty
        thanksLine = thanks.joined(separator: ", ")
        thanksWithheld = r.thanksWithheld
        withheldNote = r.language == .fr
            ? "Moins de \(r.minGroup) personnes ont donné pendant la période\u{00A0}: leurs noms ne sont pas affichés, pour que le total ne dise pas ce que chacune a donné. Merci à elles."
            : "Fewer than \(r.minGroup) people gave in the period: their names are not shown, so that the total does not tell what each of them gave. Thank you to them."
        integrityText = r.language == .fr
            ? "Le registre compte \(style.integer(r.integrity.entries)) \(r.integrity.entries <= 1 ? "entrée" : "entrées"), chacune chaînée à la précédente par une empreinte SHA-256\u{00A0}: toute modification après coup se voit. \(t.chainHead)\u{00A0}:"
            : "The ledger holds \(style.integer(r.integrity.entries)) \(r.integrity.entries == 1 ? "entry" : "entries"), each chained to the previous one by a SHA-256 hash: any later change shows. \(t.chainHead):"
        head = escape(r.integrity.head)
        generatedAt = style.timestamp(local)
        generatedAtISO = local.iso
        files = [FileLink(name: ReportFormat.json.fileName, label: "JSON"),
                 FileLink(name: ReportFormat.csv.fileName, label: "CSV"),
                 FileLink(name: ReportFormat.md.fileName, label: "Markdown")]
    }
}

/// The sentence and the three figures a donor reads first.
enum Headline {
    static func sentence(_ r: PublicReport, style: DisplayStyle) -> String {
        let words = Wording(language: r.language)
        let main = r.receivedInDefaultUnit
        let received = main?.total ?? Money(minor: 0, unit: r.defaultUnit)
        let people = main?.supporters ?? 0, gifts = main?.gifts ?? 0
        let period = style.period(r.period)
        var s: String
        switch r.language {
        case .fr:
            s = "\(period)\u{00A0}: \(style.money(received)) reçus de \(style.integer(people)) \(words.people(people)) (\(style.integer(gifts)) \(words.gifts(gifts)))."
            if let n = r.needsInDefaultUnit, let c = n.coverage {
                s += " Besoins couverts à \(style.percent(c)) (\(style.money(n.needed)) pour la période)."
            }
            if !r.isClosed { s = "En cours · " + s }
        case .en:
            s = "\(period): \(style.money(received)) received from \(style.integer(people)) \(words.people(people)) (\(style.integer(gifts)) \(words.gifts(gifts)))."
            if let n = r.needsInDefaultUnit, let c = n.coverage {
                s += " \(style.percent(c)) of needs covered (\(style.money(n.needed)) for the period)."
            }
            if !r.isClosed { s = "In progress · " + s }
        }
        return s
    }

    static func cards(_ r: PublicReport, style: DisplayStyle) -> [Card] {
        let words = Wording(language: r.language)
        let received = r.receivedInDefaultUnit?.total ?? Money(minor: 0, unit: r.defaultUnit)
        let people = r.receivedInDefaultUnit?.supporters ?? 0
        var cards = [
            Card(value: style.money(received), label: r.language == .fr ? "reçus" : "received"),
            Card(value: style.integer(people), label: words.people(people)),
        ]
        if let n = r.needsInDefaultUnit, let c = n.coverage {
            cards.append(Card(value: style.percent(c), label: r.language == .fr ? "des besoins couverts" : "of needs covered"))
        }
        return cards
    }
}
