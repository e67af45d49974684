import SimKernel
import Testing

/// `count` raw draws from `stream`.
func draws(_ stream: RandomStream, _ count: Int) -> [UInt64] {
    var stream = stream
    return (0..<count).map { _ in stream.next() }
}

@Suite("RandomStream")
struct RandomStreamTests {
    /// Computed when the test was written with an independent Python implementation of SplitMix64
    /// (Steele, Lea, Flood 2014) seeding xoshiro256** (Blackman, Vigna 2018), both from their
    /// reference C code. They pin the algorithm: if they change, every recorded trace changes.
    @Test("Seed 42 gives the known first draws of SplitMix64-seeded xoshiro256**")
    func knownDrawsSeed42() {
        #expect(draws(RandomStream(seed: 42), 4) == [
            0x1578_0B2E_0C2E_C716, 0x6104_D986_6D11_3A7E, 0xAE17_5332_39E4_99A1, 0xECB8_AD47_03B3_60A1,
        ])
    }

    /// Same Python script: FNV-1a 64 of the component name, mixed with seed and entity through the
    /// SplitMix64 finaliser, as `derived` documents.
    @Test("The derived stream (42, \"radio\", 7) gives known first draws")
    func knownDrawsDerived() {
        #expect(draws(RandomStream.derived(seed: 42, component: "radio", entity: 7), 3) == [
            0x1EC1_1BB1_94DB_5604, 0x84B4_35C8_2E02_7B0A, 0xE7F7_7EE7_847C_4A04,
        ])
    }

    @Test("bytes32 is the next four draws, little-endian")
    func bytes32Layout() {
        var stream = RandomStream(seed: 42)
        let bytes = stream.bytes32()
        let words = draws(RandomStream(seed: 42), 4)
        #expect(bytes.count == 32)
        #expect(bytes == words.flatMap { word in (0..<8).map { UInt8(truncatingIfNeeded: word >> (8 * $0)) } })
        #expect(bytes.prefix(2) == [0x16, 0xC7])
        // The stream moved on by exactly four draws.
        #expect(stream.next() == draws(RandomStream(seed: 42), 5)[4])
    }

    @Test("The same seed gives the same sequence; different seeds give different ones")
    func reproducible() {
        for seed: UInt64 in [0, 1, 42, .max] {
            #expect(draws(RandomStream(seed: seed), 1_000) == draws(RandomStream(seed: seed), 1_000), "seed \(seed)")
            #expect(draws(RandomStream(seed: seed), 16) != draws(RandomStream(seed: seed &+ 1), 16), "seed \(seed)")
        }
        let derivedA = RandomStream.derived(seed: 9, component: "spawn", entity: 3)
        let derivedB = RandomStream.derived(seed: 9, component: "spawn", entity: 3)
        #expect(draws(derivedA, 1_000) == draws(derivedB, 1_000))
        // Seed 0 still gives a live stream (xoshiro must never sit in the all-zero state).
        #expect(Set(draws(RandomStream(seed: 0), 100)).count == 100)
    }

    @Test("Streams for different seeds, components or entities differ")
    func derivedStreamsDiffer() {
        var firstDraws: Set<[UInt64]> = []
        var count = 0
        for seed: UInt64 in [0, 1, 42] {
            for component in ["", "radio", "spawn", "keys", "vehicle", "Radio", "radio "] {
                for entity: UInt64 in [0, 1, 2, 1_000, .max] {
                    firstDraws.insert(draws(RandomStream.derived(seed: seed, component: component, entity: entity), 4))
                    count += 1
                }
            }
        }
        #expect(firstDraws.count == count)
        // The default entity is 0.
        let implicitEntity = draws(.derived(seed: 5, component: "radio"), 4)
        #expect(implicitEntity == draws(.derived(seed: 5, component: "radio", entity: 0), 4))
    }

    @Test("Adding a vehicle does not change another vehicle's draws")
    func entityIndependence() {
        /// Each vehicle draws from its own stream, in turn, for `ticks` ticks; returns every vehicle's draws.
        func run(vehicles: Int, ticks: Int) -> [[Double]] {
            var streams = (0..<vehicles).map {
                RandomStream.derived(seed: 42, component: "vehicle", entity: UInt64($0))
            }
            var drawn = [[Double]](repeating: [], count: vehicles)
            for _ in 0..<ticks {
                for v in 0..<vehicles {
                    // A varying number of draws per tick, as a vehicle's behaviour would need.
                    let extra = streams[v].integer(below: 3)
                    drawn[v].append(streams[v].normal())
                    for _ in 0..<extra { drawn[v].append(streams[v].uniform()) }
                }
            }
            return drawn
        }
        let small = run(vehicles: 5, ticks: 100)
        let large = run(vehicles: 6, ticks: 100)
        for v in 0..<5 {
            #expect(small[v] == large[v], "vehicle \(v)")
        }
        #expect(large[5] != large[4])
    }

    @Test("uniform() stays in [0, 1) and uniform(in:) in its range")
    func uniformRange() {
        var stream = RandomStream(seed: 1)
        var sum = 0.0
        var smallest = 1.0
        var largest = 0.0
        let n = 100_000
        for _ in 0..<n {
            let u = stream.uniform()
            #expect(u >= 0 && u < 1)
            sum += u
            smallest = min(smallest, u)
            largest = max(largest, u)
        }
        #expect(abs(sum / Double(n) - 0.5) < 0.01)
        #expect(smallest < 0.001 && largest > 0.999)
        for _ in 0..<10_000 {
            let x = stream.uniform(in: -3.0..<5.0)
            #expect(x >= -3 && x < 5)
        }
    }

    @Test("integer(below:) stays below its bound",
          arguments: [1, 2, 3, 7, 10, 1_000, (1 << 63) + 1, UInt64.max] as [UInt64])
    func integerRange(_ bound: UInt64) {
        var stream = RandomStream(seed: bound)
        for _ in 0..<2_000 {
            #expect(stream.integer(below: bound) < bound)
        }
    }

    @Test("integer(below: 10) is close to uniform (chi-square, fixed seed)")
    func integerUniformity() {
        var stream = RandomStream(seed: 2_024)
        let bins = 10
        let n = 100_000
        var counts = [Int](repeating: 0, count: bins)
        for _ in 0..<n { counts[Int(stream.integer(below: UInt64(bins)))] += 1 }
        let expected = Double(n) / Double(bins)
        let chiSquare = counts.reduce(0.0) { $0 + (Double($1) - expected) * (Double($1) - expected) / expected }
        // 9 degrees of freedom: P(χ² > 27.9) = 0.001. A loose bound, far above the typical value of 9.
        #expect(chiSquare < 27.9, "counts \(counts)")
        // An awkward bound near 2^63 would show modulo bias as a skew to the lower half.
        let bound: UInt64 = (1 << 63) + (1 << 62)
        var lower = 0
        for _ in 0..<20_000 where stream.integer(below: bound) < bound / 2 { lower += 1 }
        #expect(abs(Double(lower) / 20_000 - 0.5) < 0.02, "lower half \(lower) of 20000")
    }

    @Test("normal() has mean about 0 and variance about 1 (100k draws, fixed seed)")
    func normalMoments() {
        var stream = RandomStream(seed: 42)
        let n = 100_000
        var sum = 0.0
        var sumOfSquares = 0.0
        var beyondTwo = 0
        for _ in 0..<n {
            let x = stream.normal()
            #expect(x.isFinite)
            sum += x
            sumOfSquares += x * x
            if abs(x) > 2 { beyondTwo += 1 }
        }
        let mean = sum / Double(n)
        let variance = sumOfSquares / Double(n) - mean * mean
        // Standard errors are 0.003 for the mean and 0.0045 for the variance; the bounds are ~5σ.
        #expect(abs(mean) < 0.015, "mean \(mean)")
        #expect(abs(variance - 1) < 0.025, "variance \(variance)")
        // About 4.55 % of a standard normal lies beyond ±2.
        #expect(abs(Double(beyondTwo) / Double(n) - 0.0455) < 0.005, "beyond ±2: \(beyondTwo)")

        var scaled = RandomStream(seed: 43)
        var scaledSum = 0.0
        for _ in 0..<n { scaledSum += scaled.normal(mean: 10, standardDeviation: 2) }
        #expect(abs(scaledSum / Double(n) - 10) < 0.03)
    }

    @Test("normal() uses exactly two raw draws")
    func normalDrawPattern() {
        var a = RandomStream(seed: 5)
        var b = RandomStream(seed: 5)
        _ = a.normal()
        _ = b.next()
        _ = b.next()
        #expect(a.next() == b.next())
    }

    @Test("exponential and bernoulli have the right means, and bernoulli's edges are exact")
    func otherDistributions() {
        var stream = RandomStream(seed: 11)
        let n = 100_000
        var sum = 0.0
        for _ in 0..<n {
            let x = stream.exponential(mean: 2)
            #expect(x >= 0 && x.isFinite)
            sum += x
        }
        // Standard error 2 / sqrt(n) ≈ 0.0063.
        #expect(abs(sum / Double(n) - 2) < 0.03)

        var hits = 0
        for _ in 0..<n where stream.bernoulli(0.3) { hits += 1 }
        #expect(abs(Double(hits) / Double(n) - 0.3) < 0.01)
        var never = 0
        var always = 0
        for _ in 0..<1_000 {
            if stream.bernoulli(0) { never += 1 }
            if stream.bernoulli(1) { always += 1 }
        }
        #expect(never == 0 && always == 1_000)
    }

    @Test("RandomStream works as a RandomNumberGenerator and its next() is the raw draw")
    func generatorConformance() {
        var stream = RandomStream(seed: 42)
        var generator: some RandomNumberGenerator = RandomStream(seed: 42)
        let viaProtocol: UInt64 = generator.next()
        #expect(viaProtocol == stream.next())
    }
}
