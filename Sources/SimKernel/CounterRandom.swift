/// Counter-based random draws: every draw is a pure function of (seed, component, entity, counter).
///
/// A sequential stream (`RandomStream`) makes the n-th draw depend on the n − 1 before it, so
/// skipping a draw, or asking in another order, changes every later draw. A per-event draw (the
/// fading of one reception, the backoff of one channel access) therefore comes from here instead:
/// it is keyed by what it is about, e.g. (frame id, receiver) or (station, its access counter), and
/// cannot depend on which other events were decided before it, or on which thread.
///
/// The function is a chain of SplitMix64 finalisers (Steele, Lea, Flood 2014, the `mix64` of
/// `java.util.SplittableRandom`), each a bijection of 64-bit words:
///
///     key    = mix(seed ⊕ mix(fnv1a64(component)))
///     base   = mix(mix(key + entity·γ₁) + counter·γ₂)
///     word i = mix(base + (i + 1)·γ₃)                     for i = 0, 1, 2, …
///
/// with γ₁ = 0x9E3779B97F4A7C15, γ₂ = 0xD1B54A32D192ED03, γ₃ = 0x8CB92BA72F3D8DD7 (odd constants,
/// arithmetic mod 2⁶⁴). SplitMix64 over a Weyl sequence is the construction of SplittableRandom and
/// passes BigCrush; keying it by (entity, counter) this way is a keyed hash, not a cipher: fine for
/// simulation, never for secrets. `Tests/SimKernelTests/CounterRandomTests.swift` pins known values
/// computed by an independent Python implementation of these three lines.
public struct CounterRandom: Hashable, Sendable, Codable {
    /// The component key: mixes the scenario seed and the component name.
    public let key: UInt64

    /// The draws of `component` (for example `"fading"`, `"mac-backoff"`) under `seed`.
    ///
    /// The component name is hashed with FNV-1a 64 (stable across processes, unlike `Hasher`), the
    /// same hash `RandomStream.derived` uses.
    public init(seed: UInt64, component: String) {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in component.utf8 {
            h ^= UInt64(byte)
            h = h &* 0x0000_0100_0000_01B3
        }
        self.key = SplitMix64.mix(seed ^ SplitMix64.mix(h))
    }

    /// The stream of draws for one event: `entity` (a station, a frame) and its `counter`.
    ///
    /// Two different (entity, counter) pairs give unrelated streams; the same pair always gives the
    /// same stream, so each event must use its own counter value (see the callers' docs).
    @inlinable
    public func stream(entity: UInt64, counter: UInt64) -> CounterStream {
        CounterStream(key: self.key, entity: entity, counter: counter)
    }
}

/// The finite run of words of one (component, entity, counter) key, with the distributions of
/// `RandomDraws` (`uniformDraw`, `normalDraw`, `integerDraw(below:)`, `gammaDraw(shape:)`).
/// Cheap to make: two finaliser rounds, then one per word.
public struct CounterStream: RandomDraws, Sendable, Codable {
    @usableFromInline let base: UInt64
    @usableFromInline var index: UInt64 = 0

    @inlinable
    init(key: UInt64, entity: UInt64, counter: UInt64) {
        let first = SplitMix64.mix(key &+ entity &* 0x9E37_79B9_7F4A_7C15)
        self.base = SplitMix64.mix(first &+ counter &* 0xD1B5_4A32_D192_ED03)
    }

    /// Word number `index` of this key (0, 1, 2, …).
    @inlinable
    public mutating func next() -> UInt64 {
        self.index &+= 1
        return SplitMix64.mix(self.base &+ self.index &* 0x8CB9_2BA7_2F3D_8DD7)
    }

    /// How many words this stream has handed out.
    public var wordsUsed: UInt64 { self.index }
}
