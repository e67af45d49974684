import SimKernel
import Testing

@Suite("CounterRandom")
struct CounterRandomTests {
    func words(_ stream: CounterStream, _ count: Int) -> [UInt64] {
        var stream = stream
        return (0..<count).map { _ in stream.next() }
    }

    /// Computed when the test was written with an independent Python implementation of the three
    /// lines in `CounterRandom`'s documentation (FNV-1a 64, SplitMix64's finaliser, the Weyl
    /// constants). They pin the function: if they change, every recorded trace changes.
    @Test("(42, \"fading\", entity 7, counter 3) gives known words")
    func knownWords() {
        let fading = CounterRandom(seed: 42, component: "fading")
        #expect(self.words(fading.stream(entity: 7, counter: 3), 3) == [
            0xFB61_419C_A0C8_ED1C, 0x405A_FCB3_2049_9160, 0x6B8B_98A3_2E22_F515,
        ])
        #expect(self.words(CounterRandom(seed: 42, component: "mac-backoff").stream(entity: 0, counter: 0), 3) == [
            0x8645_1745_C66D_C12A, 0xD89D_EFE8_ADF9_8E72, 0xAA24_70E2_01F4_BFAF,
        ])
        #expect(self.words(CounterRandom(seed: 1, component: "fading").stream(entity: 7, counter: 3), 1) == [
            0xF87E_D996_9154_AC95,
        ])
        var stream = fading.stream(entity: 7, counter: 3)
        #expect(stream.uniformDraw() == 0.9819527633087862)
        #expect(stream.wordsUsed == 1)
    }

    @Test("a draw is a pure function of its key: asking in another order, or skipping some, changes nothing")
    func pureFunction() {
        let key = CounterRandom(seed: 9, component: "fading")
        let forward = (0..<100).map { self.words(key.stream(entity: UInt64($0), counter: 5), 2) }
        let backward = (0..<100).reversed().map { self.words(key.stream(entity: UInt64($0), counter: 5), 2) }
        #expect(forward == Array(backward.reversed()))
        // Only the even entities: the same words as in the full pass.
        for e in stride(from: 0, to: 100, by: 2) {
            #expect(self.words(key.stream(entity: UInt64(e), counter: 5), 2) == forward[e], "entity \(e)")
        }
    }

    @Test("different seeds, components, entities and counters never reuse a word (no collisions in 400 000)")
    func noReuse() {
        var seen = Set<UInt64>()
        var total = 0
        for seed: UInt64 in [0, 1, 42] {
            for component in ["fading", "mac-backoff"] {
                let key = CounterRandom(seed: seed, component: component)
                for entity in 0..<200 {
                    for counter in 0..<100 {
                        // Swapping entity and counter must give other words too.
                        var stream = key.stream(entity: UInt64(entity), counter: UInt64(counter))
                        seen.insert(stream.next())
                        total += 1
                    }
                }
            }
        }
        // 6 keys × 20 000 (entity, counter) pairs, one word each (plus a second word below).
        var stream = CounterRandom(seed: 42, component: "fading").stream(entity: 3, counter: 4)
        _ = stream.next()
        seen.insert(stream.next())
        total += 1
        #expect(seen.count == total, "\(total - seen.count) repeated words")
        #expect(total == 120_001)
    }

    @Test("neighbouring entities are uncorrelated and each word is uniform (χ² over 16 bins)")
    func independence() {
        let key = CounterRandom(seed: 42, component: "fading")
        let n = 100_000
        var bins = [Int](repeating: 0, count: 16)
        var sumXY = 0.0
        var sumX = 0.0
        var sumY = 0.0
        var sumXX = 0.0
        var sumYY = 0.0
        for counter in 0..<n {
            var a = key.stream(entity: 1000, counter: UInt64(counter))
            var b = key.stream(entity: 1001, counter: UInt64(counter))
            let x = a.uniformDraw()
            let y = b.uniformDraw()
            bins[Int(x * 16)] += 1
            sumX += x
            sumY += y
            sumXY += x * y
            sumXX += x * x
            sumYY += y * y
        }
        let dn = Double(n)
        let cov = sumXY / dn - sumX / dn * sumY / dn
        let corr = cov / ((sumXX / dn - (sumX / dn) * (sumX / dn)) * (sumYY / dn - (sumY / dn) * (sumY / dn))).squareRoot()
        // For independent uniforms the sample correlation has standard deviation 1/√n ≈ 0.003.
        #expect(abs(corr) < 0.015, "correlation \(corr)")
        let expected = dn / 16
        let chi2 = bins.reduce(0.0) { $0 + (Double($1) - expected) * (Double($1) - expected) / expected }
        // 15 degrees of freedom: P(χ² > 37.7) = 0.001.
        #expect(chi2 < 37.7, "χ² \(chi2) over \(bins)")
    }

    @Test("the distributions over counter streams: integers stay below the bound, normals and gammas have their moments")
    func distributions() {
        let key = CounterRandom(seed: 5, component: "test")
        var hits = [Int](repeating: 0, count: 16)
        var normalSum = 0.0
        var normalSquares = 0.0
        var gammaSum = 0.0
        let n = 50_000
        for i in 0..<n {
            var s = key.stream(entity: 0, counter: UInt64(i))
            hits[Int(s.integerDraw(below: 16))] += 1
            let z = s.normalDraw()
            normalSum += z
            normalSquares += z * z
            gammaSum += s.gammaDraw(shape: 0.75)
        }
        #expect(hits.allSatisfy { abs($0 - n / 16) < n / 16 / 10 }, "\(hits)")
        #expect(abs(normalSum / Double(n)) < 0.02)
        #expect(abs(normalSquares / Double(n) - 1) < 0.03)
        // Gamma(0.75, 1) has mean 0.75.
        #expect(abs(gammaSum / Double(n) - 0.75) < 0.02, "\(gammaSum / Double(n))")
    }
}
