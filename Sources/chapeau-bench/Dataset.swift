import ChapeauCore

/// The bench ledger's content, generated from a seed:
/// log-normal amounts (median near 10 €, tail to a few thousand), about 30 % of gifts from
/// monthly pledgers, supporters drawn from a Zipf-like pool, a few percent in `PTJ`, six
/// channels, four years of dates, two needs. The ledger and the CSV are written from it.
struct Dataset {
    struct BenchSupporter {
        var handle: String
        var name: String?
        var email: String?
        var visibility: Visibility
        /// A postal address, so that receipts and attestations (B7) can be issued to everyone.
        var address: String
    }

    struct BenchPledge {
        var supporter: Int          // index into supporters
        var amountMinor: Int64      // EUR cents
        var start: Int              // day ordinal
        var end: Int?               // day ordinal, inclusive
    }

    struct BenchGift {
        var day: Int                // day ordinal
        var minor: Int64
        var ptj: Bool
        var supporter: Int32        // -1: anonymous gift
        var channel: UInt8
        var pledge: Int32           // -1: none
        var campaign: UInt8         // 0: none
        var reference: UInt64       // 0: none
        var note: UInt8             // 0: none
    }

    static let channels = ["bank", "cash", "leetchi", "paypal", "liberapay", "helloasso"]
    static let channelWeights: [UInt64] = [25, 10, 10, 25, 15, 15]
    static let campaigns = ["", "livre-2024", "tournee-2025", "traduction-en"]
    static let notes = ["", "merci pour les textes", "virement groupé", "reçu demandé", "don en mémoire d'un ami"]
    static let streets = ["rue des Lilas", "avenue Jean Jaurès", "boulevard Voltaire", "rue de la Roquette", "place d'Italie",
                          "rue Oberkampf", "quai de Valmy"]
    static let firstNames = ["marie", "lucas", "camille", "hugo", "lea", "nathan", "chloe", "louis", "ines", "jules",
                             "manon", "arthur", "sarah", "paul", "emma", "noah", "alice", "tom", "zoe", "victor"]

    /// First and last day of the gifts; reports are built as of `now`.
    static let firstDay = Day(year: 2022, month: 12, day: 1)!
    static let lastDay = Day(year: 2026, month: 11, day: 15)!
    static let now = "2026-11-20T10:00:00Z"

    var supporters: [BenchSupporter] = []
    var pledges: [BenchPledge] = []
    var gifts: [BenchGift] = []
    let needs: [Need] = [
        Need(label: "Loyer du bureau", amount: Money(minor: 35_000, unit: .eur), every: .month, start: Dataset.firstDay),
        Need(label: "Hébergement et nom de domaine", amount: Money(minor: 12_000, unit: .eur), every: .year,
             start: Dataset.firstDay),
    ]

    init(gifts n: Int, seed: UInt64) {
        var rng = SplitMix64.bench(seed: seed)
        let first = Dataset.firstDay.ordinal, last = Dataset.lastDay.ordinal
        let span = last - first + 1

        // Supporters: a pool a tenth the number of gifts, drawn Zipf–Mandelbrot (q = 10) so that
        // a few give often and most give more than once.
        let poolSize = max(20, n / 10)
        for k in 0..<poolSize {
            let given = Dataset.firstNames[rng.below(Dataset.firstNames.count)]
            let handle = "\(given)\(k + 1)"
            let visibility: Visibility
            switch rng.below(10) {
            case 0..<4: visibility = .public
            case 4..<8: visibility = .pseudonym
            default: visibility = .anonymous
            }
            let initial = Character(Unicode.Scalar(UInt8(65 + rng.below(26))))
            // Everyone has a name (shown only when public) and an address (private), derived from
            // draws made anyway, so the gifts stay those of earlier versions of the generator.
            let name = "\(given.prefix(1).uppercased())\(given.dropFirst()) \(initial)."
            let email: String? = rng.percent(60) ? "\(handle)@example.org" : nil
            let street = Dataset.streets[k % Dataset.streets.count]
            let address = "\(k % 180 + 1) \(street), \(75001 + k % 20) Paris"
            supporters.append(BenchSupporter(handle: handle, name: name, email: email, visibility: visibility, address: address))
        }
        let zipf = DeterministicMath.zipfTable(count: poolSize, q: 10)
        let channelTable = DeterministicMath.cumulative(Dataset.channelWeights)
        let pledgeAmounts: [Int64] = [200, 300, 500, 500, 500, 1000, 1000, 1500, 2000, 3000, 5000]

        // About 30 % of the gifts: monthly pledges, paid on the due day or up to 3 days late,
        // an instalment missed now and then.
        let pledged = n * 3 / 10
        var pledgeGifts: [BenchGift] = []
        pledgeGifts.reserveCapacity(pledged + 64)
        while pledgeGifts.count < pledged {
            let supporter = rng.below(poolSize)
            let start = first + rng.below(span)
            let months = 3 + rng.below(34)
            let channel = UInt8([0, 3, 4, 5][rng.below(4)])
            let amount = pledgeAmounts[rng.below(pledgeAmounts.count)]
            let startDay = Day(ordinal: start)
            let endOrdinal = startDay.adding(months: months).ordinal - 1
            let index = Int32(pledges.count)
            pledges.append(BenchPledge(supporter: supporter, amountMinor: amount, start: start,
                                       end: endOrdinal <= last ? endOrdinal : nil))
            for m in 0..<months where pledgeGifts.count < pledged {
                let due = Recurrence.month.occurrence(m, from: startDay).ordinal
                let paid = due + rng.below(4)
                guard paid <= last else { break }
                guard !rng.percent(5) else { continue }
                pledgeGifts.append(BenchGift(day: paid, minor: amount, ptj: false, supporter: Int32(supporter),
                                             channel: channel, pledge: index, campaign: 0,
                                             reference: channel == 0 ? 0 : rng.next() | 1, note: 0))
            }
        }

        // The other 70 %: one-off gifts, log-normal amounts, 3 % in PTJ, 12 % anonymous.
        var all = pledgeGifts
        all.reserveCapacity(n)
        while all.count < n {
            let day = first + rng.below(span)
            let supporter: Int32 = rng.percent(12) ? -1 : Int32(rng.pick(cumulative: zipf))
            var channel = UInt8(rng.pick(cumulative: channelTable))
            let ptj = rng.percent(3)
            var minor: Int64
            if ptj {
                minor = Int64(1 + rng.below(40))
                channel = rng.percent(80) ? 1 : 0
            } else {
                // ln(10 €) median, σ = 1.1: the 99th percentile near 130 €.
                let cents = 1000.0 * DeterministicMath.exp(1.1 * rng.normal())
                minor = max(100, Int64(cents.rounded()))
                // One gift in 400 comes from a patron: 200 € to 5 000 € (the Irwin–Hall tail alone is thin).
                if rng.below(400) == 0 { minor = Int64(20_000 + rng.below(480_001)) }
                if minor >= 500 && rng.percent(70) { minor = (minor + 50) / 100 * 100 }
            }
            let campaign = UInt8(rng.percent(6) ? 1 + rng.below(3) : 0)
            let note = UInt8(rng.percent(3) ? 1 + rng.below(4) : 0)
            let reference = channel == 1 || channel == 0 ? 0 : rng.next() | 1
            all.append(BenchGift(day: day, minor: minor, ptj: ptj, supporter: supporter, channel: channel,
                                 pledge: -1, campaign: campaign, reference: reference, note: note))
        }
        // Journal order is date order (ties keep generation order: the sort is stable).
        gifts = all.enumerated().sorted { ($0.element.day, $0.offset) < ($1.element.day, $1.offset) }.map(\.element)
    }

    func referenceText(_ g: BenchGift) -> String? {
        guard g.reference != 0 else { return nil }
        let prefix = ["BANK", "CASH", "LEETCHI", "PAYPAL", "LP", "HA"][Int(g.channel)]
        return "\(prefix)-\(String(g.reference, radix: 36, uppercase: true))"
    }

    func campaignText(_ g: BenchGift) -> String? { g.campaign == 0 ? nil : Dataset.campaigns[Int(g.campaign)] }
    func noteText(_ g: BenchGift) -> String? { g.note == 0 ? nil : Dataset.notes[Int(g.note)] }
}
