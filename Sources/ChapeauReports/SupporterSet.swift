import ChapeauCore

/// Distinct supporters, as one bit per supporter number. Supporters are numbered 1, 2, 3… in
/// the journal, so a period's givers among 100,000 supporters take 12.5 KB here, against
/// 2 MB of hash buckets in a `Set`, and adding one hashes nothing. A number past 2²⁴ (which
/// no journal reaches) is kept in a plain set instead of growing the bits without bound.
/// The same for any kind of entry (the pledges a report knows, asked at every pledged gift).
struct IDSet<Value: Entry>: Sequence {
    private var words: [UInt64] = []
    private var others: Set<Int64> = []
    private(set) var count = 0
    static var bitLimit: Int64 { 1 << 24 }

    /// Adds a supporter; true when they were not in the set.
    @discardableResult
    mutating func insert(_ id: ID<Value>) -> Bool {
        let n = id.number
        guard n >= 0, n < Self.bitLimit else {
            let added = others.insert(n).inserted
            if added { count += 1 }
            return added
        }
        let w = Int(n >> 6), bit = UInt64(1) << UInt64(n & 63)
        if w >= words.count {
            // Geometric growth: numbers arrive in any order.
            words.append(contentsOf: repeatElement(0, count: Swift.max(w + 1, words.count * 2) - words.count))
        }
        if words[w] & bit != 0 { return false }
        words[w] |= bit
        count += 1
        return true
    }

    /// In increasing number order, then the numbers past the bits (in no order).
    struct Iterator: IteratorProtocol {
        fileprivate let words: [UInt64]
        fileprivate var others: Set<Int64>.Iterator
        fileprivate var index = 0
        fileprivate var current: UInt64 = 0

        mutating func next() -> ID<Value>? {
            while current == 0 {
                guard index < words.count else { return others.next().map(ID<Value>.init) }
                current = words[index]
                index += 1
            }
            let bit = current.trailingZeroBitCount
            current &= current - 1
            return ID<Value>(Int64((index - 1) * 64 + bit))
        }
    }

    func makeIterator() -> Iterator { Iterator(words: words, others: others.makeIterator()) }

    func contains(_ id: ID<Value>) -> Bool {
        let n = id.number
        guard n >= 0, n < Self.bitLimit else { return others.contains(n) }
        let w = Int(n >> 6)
        return w < words.count && words[w] & (UInt64(1) << UInt64(n & 63)) != 0
    }
}

typealias SupporterSet = IDSet<Supporter>
