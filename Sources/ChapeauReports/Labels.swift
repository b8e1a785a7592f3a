import ChapeauCore

/// The fixed wording of the reports, per language: what templates show as `{{t.…}}`.
/// French strings use French typography: U+00A0 before `:`, U+202F before `!`.
struct Labels: Sendable {
    let reportTitle: String
    let liveNote: String
    let revisedNote: String
    let summary: String
    let supportLead: String
    let support: String
    /// Beside the IBAN: whose account it is.
    let accountHolder: String
    let received: String
    let total: String
    let gifts: String
    let supporters: String
    let newSupporters: String
    let returningSupporters: String
    let q1: String
    let median: String
    let q3: String
    let figure: String
    let value: String
    let histogram: String
    let band: String
    let giftCount: String
    let byChannel: String
    let channel: String
    let byCampaign: String
    let campaign: String
    let amount: String
    let noGifts: String
    let complementary: String
    let complementaryNote: String
    let pledges: String
    let activePledges: String
    let pledged: String
    let fulfilled: String
    let needs: String
    let need: String
    let declared: String
    let forPeriod: String
    let needed: String
    let carriedIn: String
    let carriedOut: String
    let coverage: String
    let noNeeds: String
    let expenses: String
    let category: String
    let expenseCount: String
    let noExpenses: String
    let balance: String
    let balanceCaption: String
    let spent: String
    let offers: String
    let byKind: String
    let byStatus: String
    let kind: String
    let status: String
    let count: String
    let hoursGiven: String
    let deliveredValue: String
    let publicOffers: String
    let description: String
    let quantity: String
    let noOffers: String
    let comparison: String
    let comparisonCaption: String
    let unit: String
    let thisPeriod: String
    let previousPeriod: String
    let yearToDate: String
    let thanks: String
    let thanksLead: String
    let thanksOthers: String
    let noThanks: String
    let integrity: String
    let chainHead: String
    let data: String
    let madeWith: String
    let unspecified: String
    let colon: String
    let asTable: String
    let previousShort: String
    let yearToDateShort: String

    static func of(_ language: ReportLanguage) -> Labels { language == .fr ? fr : en }

    static let fr = Labels(
        reportTitle: "Transparence des dons",
        liveNote: "Période en cours\u{00A0}: ces chiffres évoluent jusqu’à sa clôture.",
        revisedNote: "Rapport révisé\u{00A0}: des entrées datées de cette période ont été enregistrées après sa première publication.",
        summary: "En bref",
        supportLead: "Ce travail est en participation libre et vit de vos contributions.",
        support: "Soutenir ce travail",
        accountHolder: "Titulaire",
        received: "Dons reçus",
        total: "Total",
        gifts: "Dons",
        supporters: "Personnes",
        newSupporters: "Nouveaux soutiens",
        returningSupporters: "Soutiens fidèles",
        q1: "Premier quartile",
        median: "Médiane",
        q3: "Troisième quartile",
        figure: "Indicateur",
        value: "Valeur",
        histogram: "Répartition des dons par montant",
        band: "Montant",
        giftCount: "Nombre de dons",
        byChannel: "Par canal",
        channel: "Canal",
        byCampaign: "Par campagne",
        campaign: "Campagne",
        amount: "Montant",
        noGifts: "Aucun don reçu pendant cette période.",
        complementary: "Monnaies complémentaires",
        complementaryNote: "Comptées à part, jamais converties ni ajoutées aux euros.",
        pledges: "Engagements réguliers",
        activePledges: "Engagements actifs",
        pledged: "Promis pour la période",
        fulfilled: "Reçu au titre des engagements",
        needs: "Besoins et couverture",
        need: "Besoin",
        declared: "Montant déclaré",
        forPeriod: "Pour la période",
        needed: "Besoins de la période",
        carriedIn: "Report des périodes précédentes",
        carriedOut: "Reporté sur la période suivante",
        coverage: "Couverture",
        noNeeds: "Aucun besoin déclaré pour cette période.",
        expenses: "Dépenses",
        category: "Catégorie",
        expenseCount: "Nombre de dépenses",
        noExpenses: "Aucune dépense pendant cette période.",
        balance: "Solde",
        balanceCaption: "Reçu moins dépensé, par unité",
        spent: "Dépensé",
        offers: "Offres non monétaires",
        byKind: "Offres par nature",
        byStatus: "Offres par état",
        kind: "Nature",
        status: "État",
        count: "Nombre",
        hoursGiven: "Heures données",
        deliveredValue: "Valeur estimée des offres réalisées",
        publicOffers: "Offres acceptées ou réalisées",
        description: "Description",
        quantity: "Quantité",
        noOffers: "Aucune offre pendant cette période.",
        comparison: "Comparaison",
        comparisonCaption: "Dons reçus, par unité",
        unit: "Unité",
        thisPeriod: "Cette période",
        previousPeriod: "Période précédente",
        yearToDate: "Depuis le début de l’année",
        thanks: "Merci\u{202F}!",
        thanksLead: "Merci à celles et ceux qui ont soutenu ce travail pendant la période et ont choisi d’être nommés\u{00A0}:",
        thanksOthers: "Et merci à toutes les personnes qui donnent sans être nommées.",
        noThanks: "Merci à toutes les personnes qui ont donné sans être nommées.",
        integrity: "Intégrité",
        chainHead: "Tête de la chaîne",
        data: "Données",
        madeWith: "Rapport produit par Chapeau.",
        unspecified: "non précisé",
        colon: "\u{00A0}:",
        asTable: "Voir sous forme de tableau",
        previousShort: "Précédente",
        yearToDateShort: "Depuis janvier")

    static let en = Labels(
        reportTitle: "Donation transparency",
        liveNote: "Period in progress: these figures will change until it closes.",
        revisedNote: "Revised report: entries dated in this period were recorded after it was first published.",
        summary: "At a glance",
        supportLead: "This work is free to read and lives on your contributions.",
        support: "Support this work",
        accountHolder: "Account holder",
        received: "Gifts received",
        total: "Total",
        gifts: "Gifts",
        supporters: "Supporters",
        newSupporters: "New supporters",
        returningSupporters: "Returning supporters",
        q1: "First quartile",
        median: "Median",
        q3: "Third quartile",
        figure: "Figure",
        value: "Value",
        histogram: "Gifts by amount",
        band: "Amount",
        giftCount: "Number of gifts",
        byChannel: "By channel",
        channel: "Channel",
        byCampaign: "By campaign",
        campaign: "Campaign",
        amount: "Amount",
        noGifts: "No gifts received in this period.",
        complementary: "Complementary currencies",
        complementaryNote: "Counted on their own, never converted nor added to money.",
        pledges: "Recurring pledges",
        activePledges: "Active pledges",
        pledged: "Pledged for the period",
        fulfilled: "Received from pledges",
        needs: "Needs and coverage",
        need: "Need",
        declared: "Declared",
        forPeriod: "For the period",
        needed: "Needs for the period",
        carriedIn: "Carried over from earlier periods",
        carriedOut: "Carried to the next period",
        coverage: "Coverage",
        noNeeds: "No needs declared for this period.",
        expenses: "Expenses",
        category: "Category",
        expenseCount: "Number of expenses",
        noExpenses: "No expenses in this period.",
        balance: "Balance",
        balanceCaption: "Received minus spent, per unit",
        spent: "Spent",
        offers: "Non-monetary offers",
        byKind: "Offers by kind",
        byStatus: "Offers by status",
        kind: "Kind",
        status: "Status",
        count: "Count",
        hoursGiven: "Hours given",
        deliveredValue: "Estimated value of delivered offers",
        publicOffers: "Accepted or delivered offers",
        description: "Description",
        quantity: "Quantity",
        noOffers: "No offers in this period.",
        comparison: "Comparison",
        comparisonCaption: "Gifts received, per unit",
        unit: "Unit",
        thisPeriod: "This period",
        previousPeriod: "Previous period",
        yearToDate: "Year to date",
        thanks: "Thank you!",
        thanksLead: "Thanks to those who supported this work during the period and chose to be named:",
        thanksOthers: "And thanks to everyone who gives without being named.",
        noThanks: "Thanks to everyone who gave without being named.",
        integrity: "Integrity",
        chainHead: "Chain head",
        data: "Data",
        madeWith: "Report made with Chapeau.",
        unspecified: "unspecified",
        colon: ":",
        asTable: "Show as a table",
        previousShort: "Previous",
        yearToDateShort: "Year to date")
}

/// Words that depend on a number or a domain value.
struct Wording: Sendable {
    let language: ReportLanguage

    func people(_ n: Int) -> String {
        switch language {
        case .fr: return n <= 1 ? "personne" : "personnes"
        case .en: return n == 1 ? "person" : "people"
        }
    }

    func gifts(_ n: Int) -> String {
        switch language {
        case .fr: return n <= 1 ? "don" : "dons"
        case .en: return n == 1 ? "gift" : "gifts"
        }
    }

    func kind(_ k: OfferKind) -> String {
        switch (language, k) {
        case (.fr, .time): return "temps"
        case (.fr, .skill): return "compétence"
        case (.fr, .object): return "objet"
        case (.fr, .lodging): return "hébergement"
        case (.fr, .service): return "service"
        case (.fr, .other): return "autre"
        case (.en, _): return k.rawValue
        }
    }

    func status(_ s: OfferStatus) -> String {
        switch (language, s) {
        case (.fr, .offered): return "proposée"
        case (.fr, .accepted): return "acceptée"
        case (.fr, .delivered): return "réalisée"
        case (.fr, .declined): return "déclinée"
        case (.fr, .withdrawn): return "retirée"
        case (.en, _): return s.rawValue
        }
    }

    func every(_ r: Recurrence) -> String {
        switch (language, r) {
        case (.fr, .week): return "par semaine"
        case (.fr, .month): return "par mois"
        case (.fr, .quarter): return "par trimestre"
        case (.fr, .year): return "par an"
        case (.en, .week): return "a week"
        case (.en, .month): return "a month"
        case (.en, .quarter): return "a quarter"
        case (.en, .year): return "a year"
        }
    }
}
