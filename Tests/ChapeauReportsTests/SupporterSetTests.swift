import Testing
@testable import ChapeauCore
@testable import ChapeauReports

@Suite("Distinct supporters kept as bits")
struct SupporterSetTests {
    @Test("It counts and lists what a Set would, for random numbers, huge and negative ones included")
    func agreesWithASet() {
        var rng = SplitMix64(seed: 7)
        for round in 0..<40 {
            var bits = SupporterSet(), plain: Set<ID<Supporter>> = []
            for _ in 0..<(round * 50) {
                let n: Int64
                switch rng.next() % 20 {
                case 0: n = SupporterSet.bitLimit + Int64(rng.next() % 1000)   // past the bits
                case 1: n = -Int64(rng.next() % 5)                            // never in a journal
                case 2: n = Int64(rng.next() % 64)                             // word edges
                default: n = Int64(rng.next() % 20_000)
                }
                let id = ID<Supporter>(n)
                #expect(bits.insert(id) == plain.insert(id).inserted)
            }
            #expect(bits.count == plain.count)
            for n in [-3, 0, 1, 63, 64, 19_999, 20_000, 1 << 23] + (0..<50).map({ _ in Int64(rng.next() % 20_000) }) {
                let asked = ID<Supporter>(Int64(n))
                #expect(bits.contains(asked) == plain.contains(asked), "contains \(n)")
            }
            for id in plain { #expect(bits.contains(id)) }
            let listed = Array(bits)
            #expect(listed.count == plain.count && Set(listed) == plain, "round \(round)")
            // The numbers under the limit come in increasing order.
            let low = listed.filter { $0.number >= 0 && $0.number < SupporterSet.bitLimit }
            #expect(low == low.sorted())
        }
    }
}
