import ChapeauCore
/// Deterministic randomness for the bench data: the same seed gives the same numbers on every
/// machine, because only integer operations and correctly rounded `+ - * /` are used
/// (no libm call whose last bit could differ between platforms).
extension SplitMix64 {
    /// The bench's stream: seeds are offset once, as they always were, so data stays the same.
    static func bench(seed: UInt64) -> SplitMix64 { SplitMix64(seed: seed &+ 0x9E37_79B9_7F4A_7C15) }

    /// True with probability `percent` / 100.
    mutating func percent(_ percent: Int) -> Bool { below(100) < percent }

    /// A standard normal deviate, approximated by the Irwin–Hall sum of twelve uniforms
    /// minus six (integers summed exactly; tails stop at ±6 σ).
    mutating func normal() -> Double {
        var sum: UInt64 = 0
        for _ in 0..<12 { sum += next() >> 32 }
        return Double(sum) / 4_294_967_296.0 - 6.0
    }

    /// Picks an index by integer weights given as a cumulative table.
    mutating func pick(cumulative: [UInt64]) -> Int {
        let r = next() % cumulative[cumulative.count - 1]
        var lo = 0, hi = cumulative.count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if cumulative[mid] > r { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }
}

enum DeterministicMath {
    /// e^x by range reduction (x = k ln 2 + r, |r| ≤ ln 2 / 2) and a fixed Taylor series:
    /// only `+ - * /` and an exact power of two, so every IEEE machine gives the same bits.
    static func exp(_ x: Double) -> Double {
        let ln2 = 0.693_147_180_559_945_3
        let k = (x / ln2).rounded()
        let r = x - k * ln2
        var term = 1.0, sum = 1.0
        for n in 1...20 {
            term = term * r / Double(n)
            sum += term
        }
        return sum * Double(sign: .plus, exponent: Int(k), significand: 1.0)
    }

    /// A cumulative table of Zipf–Mandelbrot weights ⌊2^40 / (k + q)⌋ for k in 0..<count.
    static func zipfTable(count: Int, q: UInt64) -> [UInt64] {
        var table: [UInt64] = []
        table.reserveCapacity(count)
        var total: UInt64 = 0
        for k in 0..<UInt64(count) {
            total += (1 << 40) / (k + q)
            table.append(total)
        }
        return table
    }

    /// A cumulative table from small integer weights.
    static func cumulative(_ weights: [UInt64]) -> [UInt64] {
        var total: UInt64 = 0
        return weights.map { total += $0; return total }
    }
}
