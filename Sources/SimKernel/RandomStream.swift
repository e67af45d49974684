/// A seeded pseudo-random stream: xoshiro256** (Blackman & Vigna, 2018), seeded through SplitMix64.
///
/// The system generator is never used in the simulation: every draw comes from a stream derived
/// from (scenario seed, component, entity), so a run is a pure function of its seed, and adding one
/// vehicle does not change another vehicle's draws. All distributions are written here over raw
/// `UInt64`s because the standard library does not promise a draw pattern for `random(in:using:)`.
public struct RandomStream: RandomNumberGenerator, Sendable, Codable {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64

    /// Creates the stream for `seed` directly. Prefer `derived(seed:component:entity:)`.
    public init(seed: UInt64) {
        var sm = SplitMix64(state: seed)
        self.s0 = sm.next()
        self.s1 = sm.next()
        self.s2 = sm.next()
        self.s3 = sm.next()
        // xoshiro must not start from the all-zero state; SplitMix64 cannot give four zeros in a row,
        // but the guard costs nothing.
        if self.s0 | self.s1 | self.s2 | self.s3 == 0 { self.s0 = 0x9E37_79B9_7F4A_7C15 }
    }

    /// The stream of `component` (for example `"spawn"`, `"radio"`, `"keys"`) for `entity` under `seed`.
    ///
    /// The component name is hashed with FNV-1a (stable across processes, unlike `Hasher`) and mixed
    /// with the seed and entity through SplitMix64 finalisers.
    public static func derived(seed: UInt64, component: String, entity: UInt64 = 0) -> RandomStream {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in component.utf8 {
            h ^= UInt64(byte)
            h = h &* 0x0000_0100_0000_01B3
        }
        let mixed = SplitMix64.mix(seed ^ SplitMix64.mix(h ^ SplitMix64.mix(entity &+ 0x632B_E59B_D9B4_E019)))
        return RandomStream(seed: mixed)
    }

    /// The next raw 64-bit draw.
    public mutating func next() -> UInt64 {
        let result = rotl(self.s1 &* 5, 7) &* 9
        let t = self.s1 << 17
        self.s2 ^= self.s0
        self.s3 ^= self.s1
        self.s1 ^= self.s2
        self.s0 ^= self.s3
        self.s2 ^= t
        self.s3 = rotl(self.s3, 45)
        return result
    }

    /// A uniform draw in [0, 1) with 53 bits of precision.
    public mutating func uniform() -> Double {
        Double(self.next() >> 11) * 0x1.0p-53
    }

    /// A uniform draw in [lower, upper).
    public mutating func uniform(in range: Range<Double>) -> Double {
        range.lowerBound + (range.upperBound - range.lowerBound) * self.uniform()
    }

    /// A uniform integer in `0..<bound` without modulo bias (Lemire's method).
    public mutating func integer(below bound: UInt64) -> UInt64 {
        precondition(bound > 0, "integer(below:) needs a positive bound")
        var product = self.next().multipliedFullWidth(by: bound)
        if product.low < bound {
            let threshold = (0 &- bound) % bound
            while product.low < threshold {
                product = self.next().multipliedFullWidth(by: bound)
            }
        }
        return product.high
    }

    /// `true` with probability `p`.
    public mutating func bernoulli(_ p: Double) -> Bool { self.uniform() < p }

    /// A standard normal draw (Box–Muller, one value per two uniforms, no cached spare so that the
    /// draw pattern stays simple: always exactly two raw draws).
    public mutating func normal() -> Double {
        let u1 = 1.0 - self.uniform()  // in (0, 1], safe for log
        let u2 = self.uniform()
        return (-2.0 * _log(u1)).squareRoot() * _cos(2.0 * Double.pi * u2)
    }

    /// A normal draw with the given mean and standard deviation.
    public mutating func normal(mean: Double, standardDeviation: Double) -> Double {
        mean + standardDeviation * self.normal()
    }

    /// An exponential draw with the given mean.
    public mutating func exponential(mean: Double) -> Double {
        -mean * _log(1.0 - self.uniform())
    }

    /// 32 bytes, for example an Ed25519 key seed.
    public mutating func bytes32() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(32)
        for _ in 0..<4 {
            var word = self.next()
            for _ in 0..<8 {
                out.append(UInt8(truncatingIfNeeded: word))
                word >>= 8
            }
        }
        return out
    }
}

@inline(__always)
private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

/// SplitMix64 (Steele, Lea, Flood 2014), used to seed and derive streams and as the mixing
/// function of `CounterRandom`.
@usableFromInline
struct SplitMix64 {
    var state: UInt64

    mutating func next() -> UInt64 {
        self.state &+= 0x9E37_79B9_7F4A_7C15
        return SplitMix64.mix(self.state)
    }

    @inlinable
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
