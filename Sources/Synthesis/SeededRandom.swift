import Foundation

/// A small, fast, seedable pseudo-random generator (xoshiro256**, seeded through splitmix64).
///
/// The generator is written here rather than taken from Foundation or the standard library so
/// that the same seed yields the same bytes on every platform and Swift version: the standard
/// library's `SystemRandomNumberGenerator` cannot be seeded, and its distribution helpers are not
/// promised to stay stable across releases.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64

    /// A generator whose whole stream is determined by `seed`.
    public init(seed: UInt64) {
        var mixer = seed
        s0 = SeededRandom.splitMix(&mixer)
        s1 = SeededRandom.splitMix(&mixer)
        s2 = SeededRandom.splitMix(&mixer)
        s3 = SeededRandom.splitMix(&mixer)
    }

    /// An independent stream for one item (an encounter, a patient, a staff member), so that each
    /// item is the same whatever order or chunking produced it.
    public init(seed: UInt64, stream: UInt64, item: UInt64) {
        var mixer = seed &+ stream &* 0xD1B5_4A32_D192_ED03
        let base = SeededRandom.splitMix(&mixer)
        self.init(seed: base ^ (item &* 0x9E37_79B9_7F4A_7C15))
    }

    /// splitmix64: turns any seed, even 0 or 1, into well-mixed state words.
    static func splitMix(_ state: inout UInt64) -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    public mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = (s3 << 45) | (s3 >> 19)
        return result
    }

    /// A uniform value in [0, 1) with 53 bits of precision.
    @inline(__always)
    public mutating func unit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// True with probability `probability` (values outside [0, 1] saturate).
    @inline(__always)
    public mutating func chance(_ probability: Double) -> Bool {
        unit() < probability
    }

    /// A uniform integer in `0..<bound`; `bound` must be positive. Uses the multiply-shift
    /// reduction: its bias (below 2^-32 for our bounds) is irrelevant here and it is branch-free.
    @inline(__always)
    public mutating func below(_ bound: Int) -> Int {
        Int(truncatingIfNeeded: (next().multipliedFullWidth(by: UInt64(bound))).high)
    }

    /// A normally distributed value (Box–Muller), for latent traits and noise.
    public mutating func normal(mean: Double, deviation: Double) -> Double {
        let u1 = max(unit(), 0x1.0p-53)
        let u2 = unit()
        return mean + deviation * (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    /// A geometric count of days with the given mean (at least 0), for waits and lags.
    @inline(__always)
    public mutating func geometricDays(mean: Double) -> Int {
        guard mean > 0 else { return 0 }
        let u = max(unit(), 0x1.0p-53)
        return Int(-log(u) * mean)
    }

    /// Index into `weights` drawn in proportion to its entries (they need not sum to 1).
    public mutating func weighted(_ weights: [Double]) -> Int {
        var total = 0.0
        for w in weights { total += w }
        var target = unit() * total
        for (index, w) in weights.enumerated() {
            target -= w
            if target < 0 { return index }
        }
        return weights.count - 1
    }
}
