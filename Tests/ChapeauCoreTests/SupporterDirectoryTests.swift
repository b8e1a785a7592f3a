import Testing
@testable import ChapeauCore

@Suite("The supporters of a snapshot, looked up by id")
struct SupporterDirectoryTests {
    func supporter(_ n: Int64, _ name: String? = nil) -> PublicSupporter {
        PublicSupporter(id: ID<Supporter>(n), visibility: .public, wallName: name ?? "s\(n)", firstGift: nil)
    }

    @Test("It answers as the dictionary it replaces, for random sparse ids in any order")
    func agreesWithADictionary() {
        var rng = SplitMix64(seed: 20)
        for round in 0..<50 {
            var dictionary: [ID<Supporter>: PublicSupporter] = [:]
            var list: [PublicSupporter] = []
            for _ in 0..<(round * 7) {
                let n = Int64(rng.next() % 500) + 1
                let s = supporter(n, "v\(rng.next() % 1000)")
                dictionary[s.id] = s   // a later one replaces an earlier one
                list.append(s)
            }
            let directory = SupporterDirectory(list)
            #expect(directory.count == dictionary.count)
            #expect(zip(directory.all, directory.all.dropFirst()).allSatisfy { $0.id < $1.id })
            #expect(SupporterDirectory(Array(dictionary.values)) == directory)
            let wrong = (0...501).map { ID<Supporter>(Int64($0)) }.filter { directory[$0] != dictionary[$0] }
            #expect(wrong.isEmpty, "round \(round): \(wrong.prefix(3))")
        }
    }

    @Test("Numbered without gaps, a lookup lands on its place; with gaps or out of range, it searches")
    func denseAndSparse() {
        let dense = SupporterDirectory((5...1004).map { supporter(Int64($0)) })
        #expect((5...1004).allSatisfy { dense[ID<Supporter>(Int64($0))]?.id.number == Int64($0) })
        #expect(dense[ID<Supporter>(4)] == nil && dense[ID<Supporter>(1005)] == nil && dense[ID<Supporter>(-1)] == nil)
        // One missing number shifts every later one: the guess misses and the search finds them.
        let holed = SupporterDirectory((1...1000).filter { $0 != 500 }.map { supporter(Int64($0)) } + [supporter(5000)])
        #expect((1...1000).allSatisfy { n in holed[ID<Supporter>(Int64(n))].map { $0.id.number == Int64(n) } ?? (n == 500) })
        #expect(holed[ID<Supporter>(5000)]?.id.number == 5000 && holed[ID<Supporter>(1001)] == nil)
    }

    @Test func emptyAndUnordered() {
        let empty = SupporterDirectory([])
        #expect(empty.count == 0 && empty[ID<Supporter>(1)] == nil)
        let two = SupporterDirectory([supporter(9), supporter(2, "deux")])
        #expect(two.all.map(\.id.number) == [2, 9])
        #expect(two[ID<Supporter>(2)]?.wallName == "deux" && two[ID<Supporter>(5)] == nil && two[ID<Supporter>(10)] == nil)
    }
}
