import Foundation
import Testing
@testable import ChapeauCore
@testable import ChapeauReports

@Suite("The wall of thanks across the periods of one pass")
struct WallNamesTests {
    /// Names that trim, fold and compare in every way that matters: case, accents (composed and
    /// decomposed), spaces around, the same name for two supporters, names that fold alike.
    static let pool = ["Élise", "elise", "Elise", " Élise ", "E\u{301}lise", "Zoé", "zoe", "Zoe ", "Ana", "ana", "Äna",
                       "Émile", "emile", "Bob", "bob", "Ōtsuka", "Otsuka", "  ", "", "Çelik", "celik", "Jean-Luc", "jean luc",
                       "ÆSir", "aesir", "ß", "ss", "Ⅻ", "12", "名前", "😀 Marie"]

    /// What the wall showed before names were ranked once per pass: the set of trimmed names (the
    /// first spelling met kept), sorted by folded key then by name.
    static func plain(_ ids: [ID<Supporter>], _ snapshot: LedgerSnapshot) -> [String] {
        var names: Set<String> = []
        for id in ids {
            guard let s = snapshot.supporters[id], s.visibility != .anonymous, let n = Calc.key(s.wallName) else { continue }
            names.insert(n)
        }
        let folded = names.map { ($0.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil), $0) }
        return folded.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map(\.1)
    }

    @Test("Period after period, each wall is the plain sorted set of names, whatever order names are met in")
    func agreesWithSortingEachPeriod() {
        var rng = SplitMix64(seed: 20)
        for round in 0..<12 {
            let count = 1 + round * 40
            let visibilities: [Visibility] = [.public, .pseudonym, .anonymous]
            let supporters = (1...count).map { i in
                PublicSupporter(id: ID<Supporter>(Int64(i)), visibility: visibilities[Int(rng.next() % 3)],
                                wallName: rng.next() % 9 == 0 ? nil : Self.pool[Int(rng.next() % UInt64(Self.pool.count))] + (rng.next() % 2 == 0 ? "" : " \(rng.next() % 50)"),
                                firstGift: nil)
            }
            let snapshot = LedgerSnapshot(from: Day(year: 2026, month: 1, day: 1)!, to: Day(year: 2026, month: 12, day: 31)!, gifts: [],
                                          supporters: SupporterDirectory(supporters), pledges: [], offers: [], needs: [], expenses: [],
                                          chain: ChainHead(entries: 0, head: ""))
            var wall = WallNames()
            for period in 0..<8 {
                // A period's givers: any subset, some ids unknown to the directory, repeats allowed.
                var ids: [ID<Supporter>] = []
                for _ in 0..<Int(rng.next() % UInt64(count + 5)) { ids.append(ID<Supporter>(Int64(rng.next() % UInt64(count + 3)))) }
                let named = ids.compactMap { wall.named($0, in: snapshot) }
                // Byte for byte: "É" composed and decomposed are equal Strings, not equal files.
                #expect(wall.sorted(named).map { Array($0.utf8) } == Self.plain(ids, snapshot).map { Array($0.utf8) },
                        "round \(round), period \(period)")
            }
        }
    }

    @Test("Calc.thanks lists givers and delivered offers once each, anonymous supporters never")
    func thanks() {
        let supporters = [
            PublicSupporter(id: ID<Supporter>(1), visibility: .public, wallName: "zoé", firstGift: nil),
            PublicSupporter(id: ID<Supporter>(2), visibility: .public, wallName: "Ana", firstGift: nil),
            PublicSupporter(id: ID<Supporter>(3), visibility: .anonymous, wallName: "Caché", firstGift: nil),
            PublicSupporter(id: ID<Supporter>(4), visibility: .pseudonym, wallName: " Ana ", firstGift: nil),
            PublicSupporter(id: ID<Supporter>(5), visibility: .public, wallName: "Émile", firstGift: nil),
        ]
        let period = Period(id: "2026-11")!
        let offer = Offer(kind: .time, description: "Relecture", supporter: ID<Supporter>(5), quantity: nil, day: period.start)
        let snapshot = LedgerSnapshot(from: period.start, to: period.end, gifts: [], supporters: SupporterDirectory(supporters), pledges: [],
                                      offers: [(ID<Offer>(1), offer, .delivered, period.start)], needs: [], expenses: [],
                                      chain: ChainHead(entries: 0, head: ""))
        var givers = SupporterSet()
        for n in [1, 2, 3, 4, 5] { givers.insert(ID<Supporter>(Int64(n))) }
        var wall = WallNames()
        #expect(Calc.thanks(snapshot, supporters: givers, period: period, names: &wall) == ["Ana", "Émile", "zoé"])
        var one = SupporterSet()
        one.insert(ID<Supporter>(3))
        #expect(Calc.thanks(snapshot, supporters: one, period: period, names: &wall) == ["Émile"])
    }
}
