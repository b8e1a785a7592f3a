import ChapeauCore
import ChapeauStore
public import Foundation

/// `chapeau demo`: a workspace with a realistic 18-month history for an independent author
/// (a few hundred supporters of the three visibilities, one-off gifts and monthly pledges,
/// some overdue, gifts in a complementary currency, offers of time, skills, objects and
/// lodging through their lifecycle, rent and bills as needs, expenses, a void, a festival
/// sharing its fixed costs among twelve participants), sample
/// articles, then the scheduled job. Deterministic: the same `now` gives the same entries and
/// reports (not the same chain head: personal data is digested with a random salt).
public enum Demo {
    public struct Result: Sendable {
        public let root: String
        public let job: JobReport
        public let supporters: Int
        public let gifts: Int
        public let lastClosed: String?
    }

    public static func create(at dir: String, now: Date) async throws -> Result {
        let scaffold = try Scaffold.initialise(at: dir, authorName: "Camille Martin")
        let root = URL(fileURLWithPath: scaffold.root)
        let configPath = root.appendingPathComponent("Config/chapeau.toml").path
        let config = ExampleConfig.text
            .replacingOccurrences(of: "cadence = \"monthly\"", with: "cadence = \"semi-monthly\"")
            .replacingOccurrences(of: "articles = []  ", with: "articles = [\"content/posts\"]")
            // A test IBAN (valid check digits, no real account): the QR code on every page and `chapeau qr`.
            .replacingOccurrences(of: "# iban = \"FR76", with: "iban = \"FR76")
        try AtomicFile.write(Data(config.utf8), to: configPath)
        let ws = try Workspace.load(configPath: configPath)
        try writeArticles(root.appendingPathComponent("content/posts"))
        let store = try ws.openLedger()
        var history = History(units: ws.units, today: Day(now, in: ws.timeZone))
        let counts = try history.record(into: store)
        try writeStatement(root.appendingPathComponent("imports/releve-2026-11.csv"))
        let job = try await Job(workspace: ws, now: now, environment: [:]).run()
        return Result(root: root.path, job: job, supporters: counts.supporters, gifts: counts.gifts,
                      lastClosed: job.published.last)
    }

    /// The history, drawn from a fixed seed.
    struct History {
        let units: UnitRegistry
        let today: Day
        var rng = SplitMix64(seed: 20261120)

        init(units: UnitRegistry, today: Day) { self.units = units; self.today = today }

        static let first = ["Marie", "Lucas", "Chloé", "Hugo", "Léa", "Louis", "Emma", "Jules", "Inès", "Gabriel", "Sarah",
                            "Arthur", "Camille", "Nathan", "Manon", "Paul", "Zoé", "Adam", "Alice", "Raphaël", "Lina", "Tom",
                            "Jeanne", "Noé", "Rose", "Yanis", "Anna", "Malo", "Julia", "Sacha"]
        static let last = ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau",
                           "Simon", "Laurent", "Lefebvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier",
                           "Morel", "Girard", "André", "Mercier", "Dupont", "Lambert", "Bonnet", "François", "Martinez", "Legrand"]
        static let channels = ["bank", "bank", "paypal", "liberapay", "helloasso", "leetchi", "cash"]
        /// Gift amounts in cents, roughly log-normal around 10 € with a long tail.
        static let amounts: [Int64] = [200, 300, 500, 500, 500, 700, 1000, 1000, 1000, 1000, 1000, 1500, 1500, 2000, 2000, 2000,
                                       2500, 3000, 5000, 5000, 10000, 15000]

        mutating func record(into store: LedgerStore) throws -> (supporters: Int, gifts: Int) {
            let eur = units.defaultUnit
            guard let ptj = units.unit(code: "PTJ"), let hours = units.unit(code: "h") else {
                throw AppError.invalid("the demo needs the PTJ and h units of the example config")
            }
            let start = today.adding(months: -18)
            let at = "T18:00:00Z"
            var batch: [(Day, EntryBody)] = []

            // Supporters: 30 % public, 50 % pseudonym, 20 % anonymous.
            let supporterCount = 320
            for i in 1...supporterCount {
                let f = Self.first[rng.below(Self.first.count)], l = Self.last[rng.below(Self.last.count)]
                let r = rng.below(10)
                let visibility: Visibility = r < 3 ? .public : r < 8 ? .pseudonym : .anonymous
                let handle = "\(f.lowercased().folding(options: .diacriticInsensitive, locale: nil))\(i)"
                let email = rng.below(3) == 0 ? nil : "\(handle)@example.org"
                batch.append((start, .supporter(Supporter(handle: handle, name: "\(f) \(l)", email: email, visibility: visibility))))
            }
            // Needs, declared at the start: rent, bills, hosting.
            batch.append((start, .need(Need(label: "Loyer du bureau", amount: Money(minor: 35000, unit: eur), every: .month, start: start))))
            batch.append((start, .need(Need(label: "Revenu de l'autrice", amount: Money(minor: 140000, unit: eur), every: .month, start: start))))
            batch.append((start, .need(Need(label: "Électricité et internet", amount: Money(minor: 6000, unit: eur), every: .month, start: start))))
            batch.append((start, .need(Need(label: "Hébergement du site", amount: Money(minor: 14400, unit: eur), every: .year, start: start))))

            // Monthly pledgers: 45 supporters; a few stop paying (their instalments go overdue).
            var drawn: [(supporter: Int64, amount: Int64, from: Day, stopsPaying: Day?)] = []
            for p in 1...45 {
                let supporter = Int64(rng.below(supporterCount) + 1)
                guard !drawn.contains(where: { $0.supporter == supporter }) else { continue }
                let from = start.adding(days: rng.below(420))
                let amount: Int64 = [300, 500, 500, 1000, 1000, 1500, 2000][rng.below(7)]
                let stops: Day? = p % 9 == 0 ? today.adding(months: -(1 + rng.below(3))) : nil
                drawn.append((supporter, amount, from, stops))
            }
            // Pledges are numbered in the order they are recorded: by start day.
            var pledgers: [(supporter: Int64, pledge: Int64, amount: Int64, from: Day, stopsPaying: Day?)] = []
            for (n, d) in drawn.enumerated().sorted(by: { ($0.element.from, $0.offset) < ($1.element.from, $1.offset) }).map(\.element).enumerated() {
                pledgers.append((d.supporter, Int64(n + 1), d.amount, d.from, d.stopsPaying))
                batch.append((d.from, .pledge(Pledge(amount: Money(minor: d.amount, unit: eur), every: .month,
                                                     supporter: ID(d.supporter), start: d.from))))
            }
            for p in pledgers {
                let pledge = Pledge(amount: Money(minor: p.amount, unit: eur), every: .month, start: p.from)
                for due in pledge.dueDays(until: today) where p.stopsPaying.map({ due < $0 }) ?? true {
                    let paid = due.adding(days: rng.below(4))
                    guard paid <= today else { continue }
                    batch.append((paid, .gift(Gift(amount: Money(minor: p.amount, unit: eur), day: paid, supporter: ID(p.supporter),
                                                   channel: "liberapay", pledge: ID(p.pledge)))))
                }
            }
            // One-off gifts: about two a day.
            var day = start
            while day <= today {
                for _ in 0..<rng.below(5) {
                    let anonymousCash = rng.below(12) == 0
                    let supporter: ID<Supporter>? = anonymousCash ? nil : ID(Int64(rng.zipf(supporterCount)))
                    let amount = Self.amounts[rng.below(Self.amounts.count)]
                    batch.append((day, .gift(Gift(amount: Money(minor: amount, unit: eur), day: day, supporter: supporter,
                                                  channel: anonymousCash ? "cash" : Self.channels[rng.below(Self.channels.count)],
                                                  campaign: day.month == 12 ? "Appel de fin d'année" : nil,
                                                  note: rng.below(40) == 0 ? "Merci pour l'article sur les communs" : nil))))
                }
                if rng.below(10) == 0 {
                    batch.append((day, .gift(Gift(amount: Money(minor: Int64(5 + rng.below(40)), unit: ptj), day: day,
                                                  supporter: ID(Int64(rng.zipf(supporterCount))), channel: "cash",
                                                  campaign: "Marché des Points Jeu"))))
                }
                day = day.adding(days: 1)
            }
            // Expenses: the rent and bills every month, hosting once a year, a laptop repair.
            var month = Period(containing: start, cadence: .monthly)
            while month.start <= today {
                let d = month.start.adding(days: 4)
                if d <= today {
                    batch.append((d, .expense(Expense(label: "Loyer du bureau", amount: Money(minor: 35000, unit: eur), day: d, category: "loyer"))))
                    batch.append((d, .expense(Expense(label: "Électricité et internet", amount: Money(minor: 5820 + Int64(rng.below(600)), unit: eur), day: d, category: "charges"))))
                }
                month = month.next
            }
            batch.append((start.adding(days: 10), .expense(Expense(label: "Hébergement du site (un an)", amount: Money(minor: 14400, unit: eur), day: start.adding(days: 10), category: "hébergement"))))
            batch.append((today.adding(days: -200), .expense(Expense(label: "Réparation de l'ordinateur", amount: Money(minor: 18900, unit: eur), day: today.adding(days: -200), category: "matériel"))))

            // Offers of time, skills, objects and lodging.
            let offers: [(OfferKind, String, String?, String?)] = [
                (.skill, "Relecture du prochain livre", "12 h", "360 €"), (.time, "Mise en page de la lettre mensuelle", "6 h", nil),
                (.object, "Un vélo pour les reportages", nil, "150 €"), (.lodging, "Une chambre à Lyon pour le festival", "3 h", nil),
                (.skill, "Traduction d'un article en anglais", "5 h", "200 €"), (.time, "Tenue du stand au marché", "4 h", nil),
                (.service, "Photos pour la couverture", nil, "120 €"), (.object, "Un écran d'occasion", nil, "80 €"),
                (.time, "Transcription d'entretiens", "8 h", nil), (.other, "Des confitures pour la soirée de lancement", nil, nil),
            ]
            var offerDays: [Day] = []
            for (i, o) in offers.enumerated() {
                let d = start.adding(days: 30 + i * 45)
                guard d <= today else { continue }
                let quantity = try o.2.map { try AmountParser(registry: units).parse($0, explicit: o.0 == .lodging ? nil : hours) }
                let value = try o.3.map { try AmountParser(registry: units).parse($0) }
                batch.append((d, .offer(Offer(kind: o.0, description: o.1, supporter: ID(Int64(rng.zipf(supporterCount))),
                                              quantity: o.0 == .lodging ? nil : quantity, value: value, day: d))))
                offerDays.append(d)
            }
            let entries = try append(batch, into: store, at: at)
            // Lifecycle: most accepted then delivered, one declined, one withdrawn, one still offered.
            var moves: [(Day, EntryBody)] = []
            for (i, d) in offerDays.enumerated() {
                let id = ID<Offer>(Int64(i + 1))
                switch i % 5 {
                case 3: moves.append((d.adding(days: 3), .offerStatus(OfferStatusChange(offer: id, status: .declined, day: min(today, d.adding(days: 3))))))
                case 4 where i == offerDays.count - 1: break
                case 4: moves.append((d.adding(days: 5), .offerStatus(OfferStatusChange(offer: id, status: .withdrawn, day: min(today, d.adding(days: 5))))))
                default:
                    moves.append((d.adding(days: 2), .offerStatus(OfferStatusChange(offer: id, status: .accepted, day: min(today, d.adding(days: 2))))))
                    if d.adding(days: 20) <= today {
                        moves.append((d.adding(days: 20), .offerStatus(OfferStatusChange(offer: id, status: .delivered, day: d.adding(days: 20)))))
                    }
                }
            }
            let needCount = batch.filter { if case .need = $0.1 { return true } else { return false } }.count
            moves += festival(eur: eur, ptj: ptj, need: ID(Int64(needCount + 1)), firstOffer: Int64(offerDays.count + 1))
            // A gift recorded twice, corrected by a void.
            moves.append((today.adding(days: -3), .void(Correction(target: EntryRef(.gift, 3), reason: "enregistré deux fois", day: today.adding(days: -3)))))
            _ = try append(moves, into: store, at: at)
            let gifts = entries.filter { $0.type == .gift }.count
            return (supporterCount, gifts)
        }

        /// A festival in free participation, in euros and in Points Jeu: 1 250 € of fixed costs
        /// shared by twelve participants (104,17 € each, rounded up to the cent), twelve gifts in
        /// euros that cover them with 60 € beyond, three in PTJ that cover no euro, and the
        /// speakers' lodging declared as a need, answered by two offers and some money. Fixed
        /// days, no random draw: the rest of the history stays as it was. Shown in the
        /// 2026-11-H1 report of a demo made on 2026-11-20.
        /// `need` and `firstOffer`: the ids the need and the two offers will get.
        func festival(eur: ChapeauCore.Unit, ptj: ChapeauCore.Unit, need: ID<Need>, firstOffer: Int64) -> [(Day, EntryBody)] {
            guard let opens = Day(year: 2026, month: 10, day: 1), let first = Day(year: 2026, month: 11, day: 7),
                  let last = Day(year: 2026, month: 11, day: 8), last <= today else { return [] }
            var out: [(Day, EntryBody)] = []
            out.append((opens, .campaign(Campaign(slug: "festival-2026", name: "Festival des communs", start: opens, end: last,
                                                  fixedCosts: Money(minor: 125_000, unit: eur), participants: 12))))
            // Twelve participants, each giving what they can: 1 310 € in all.
            let euros: [Int64] = [105, 105, 110, 90, 105, 150, 105, 70, 105, 105, 200, 60]
            for (i, amount) in euros.enumerated() {
                let d = opens.adding(days: 3 * i)
                out.append((d, .gift(Gift(amount: Money(minor: amount * 100, unit: eur), day: d, supporter: ID(Int64(201 + i)),
                                          channel: i % 3 == 0 ? "helloasso" : "bank", campaign: "festival-2026"))))
            }
            for (i, points) in [40, 25, 35].enumerated() {
                out.append((first, .gift(Gift(amount: Money(minor: Int64(points), unit: ptj), day: first, supporter: ID(Int64(203 + 2 * i)),
                                              channel: "cash", campaign: "festival-2026"))))
            }
            // The speakers' lodging, 240 € a month over the first half of November: answered by a
            // room and by bedding, and partly in money.
            guard let from = Day(year: 2026, month: 11, day: 1), let to = Day(year: 2026, month: 11, day: 15) else { return out }
            out.append((from, .need(Need(label: "Hébergement des intervenants du festival", amount: Money(minor: 24_000, unit: eur),
                                         every: .month, start: from, end: to))))
            let room = ID<Offer>(firstOffer), bedding = ID<Offer>(firstOffer + 1)
            out.append((from.adding(days: 1), .offer(Offer(kind: .lodging, description: "Deux chambres chez l'habitant pour les intervenants",
                                                          supporter: ID(214), day: from.adding(days: 1), need: need))))
            out.append((from.adding(days: 2), .offer(Offer(kind: .object, description: "Matelas et draps pour le dortoir",
                                                          supporter: ID(215), day: from.adding(days: 2), need: need))))
            out.append((from.adding(days: 3), .offerStatus(OfferStatusChange(offer: room, status: .accepted, day: from.adding(days: 3)))))
            out.append((last, .offerStatus(OfferStatusChange(offer: room, status: .delivered, day: last))))
            out.append((from.adding(days: 4), .offerStatus(OfferStatusChange(offer: bedding, status: .accepted, day: from.adding(days: 4)))))
            return out
        }

        /// Appends in date order, each entry recorded on its day.
        func append(_ batch: [(Day, EntryBody)], into store: LedgerStore, at time: String) throws -> [EntryRef] {
            let ordered = batch.enumerated().sorted { ($0.element.0, $0.offset) < ($1.element.0, $1.offset) }
            var refs: [EntryRef] = []
            var i = 0
            while i < ordered.count {
                let d = ordered[i].element.0
                var same: [EntryBody] = []
                while i < ordered.count, ordered[i].element.0 == d { same.append(ordered[i].element.1); i += 1 }
                refs += try store.append(same, recordedAt: "\(d)\(time)")
            }
            return refs
        }
    }

    /// A bank statement as Crédit Mutuel writes it, for the walk to import: platforms' payouts,
    /// a transfer from the savings account, a card refund and card payments, and two gifts by
    /// transfer, one of them carrying the first supporter's payment reference.
    static func writeStatement(_ url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let rf = CreditorReference.printable(CreditorReference.forSupporter(number: 1))
        let text = """
            Date;Date de valeur;Débit;Crédit;Libellé;Solde
            16/11/2026;16/11/2026;-23,40;;PAIEMENT CB 1411 PARIS LIBRAIRIE DU PASSAGE;1476,60
            16/11/2026;16/11/2026;;182,50;VIR SEPA RECU /DE PAYPAL EUROPE S.A.R.L. ET CIE S.C.A /MOTIF PAYPAL 5HX81273KL;1659,10
            17/11/2026;17/11/2026;;64,00;VIR SEPA RECU /DE HELLOASSO /MOTIF VERSEMENT HELLOASSO 14/11/2026;1723,10
            17/11/2026;17/11/2026;;300,00;VIR CEL/LIVRET A DE CAMILLE MARTIN;2023,10
            18/11/2026;18/11/2026;;25,00;VIR SEPA RECU /DE M. PAUL LEROY /MOTIF \(rf);2048,10
            18/11/2026;18/11/2026;;40,00;VIR SEPA RECU /DE MME NADIA BENALI /MOTIF SOUTIEN CHAPEAU;2088,10
            19/11/2026;19/11/2026;;12,99;AVOIR CARTE 15/11 PAPETERIE MODERNE;2101,09
            19/11/2026;19/11/2026;-9,99;;PRLV SEPA HEBERGEUR WEB SARL;2091,10

            """
        try AtomicFile.write(Data(text.utf8), to: url.path, mode: 0o644)
    }

    static func writeArticles(_ dir: URL) throws {
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for (name, text) in DemoArticles.all {
            try AtomicFile.write(Data(text.utf8), to: dir.appendingPathComponent(name).path, mode: 0o644)
        }
    }
}

extension SplitMix64 {
    /// 1...n, small numbers much more often: most supporters give more than once.
    mutating func zipf(_ n: Int) -> Int {
        let u = Double(next() % 1_000_000) / 1_000_000
        return min(n, max(1, Int(pow(Double(n), u))))
    }
}
