import Testing
import V2VCrypto
import V2X

@Suite("Signature memo with a pool")
struct SignatureMemoPoolTests {
    /// Prefetches and lookups in a fixed order, with some repeats, some triples never prefetched and
    /// a capacity small enough to evict; returns the verdicts and the memo's counts.
    static func script(pool: VerificationPool?) throws -> (verdicts: [Bool], misses: Int, hits: Int, prefetched: Int) {
        let key = try SigningKey(seed: [UInt8](repeating: 5, count: 32))
        let memo = SignatureMemo(capacity: 64)
        memo.use(pool: pool)
        let messages = (0..<300).map { i in (0..<64).map { UInt8(truncatingIfNeeded: $0 ^ i) } }
        let signatures = messages.enumerated().map { i, m in
            var s = key.signature(for: m).bytes
            if i % 4 == 0 { s[5] ^= 0x80 }
            return s
        }
        var verdicts: [Bool] = []
        for i in messages.indices {
            if i % 5 != 0 { memo.prefetch(signature: signatures[i][...], message: messages[i][...], key: key.verifyingKey) }
            if i >= 3 {
                // The frame sent three steps ago is heard now, twice (two receivers).
                for _ in 0..<2 {
                    verdicts.append(memo.isValid(
                        signature: signatures[i - 3][...], message: messages[i - 3][...], key: key.verifyingKey))
                }
            }
        }
        memo.drain()
        return (verdicts, memo.misses, memo.hits, memo.prefetched)
    }

    @Test("verdicts and counts are the same with no pool, one worker and three workers")
    func sameWhateverThePool() throws {
        let serial = try Self.script(pool: nil)
        #expect(serial.verdicts.count == 2 * 297)
        // Independent expectation: every fourth signature was damaged.
        #expect(zip(0..<297, stride(from: 0, to: serial.verdicts.count, by: 2)).allSatisfy { i, n in serial.verdicts[n] == (i % 4 != 0) })
        #expect(serial.prefetched == 240)
        // Each triple is checked once: 240 prefetched, and the 60 asked-for ones (0, 5, …, 295) that
        // were not; every other lookup is a hit.
        #expect(serial.misses == 240 + 60)
        #expect(serial.hits == 2 * 297 - 60)
        for workers in [1, 3] {
            let pooled = try Self.script(pool: VerificationPool(workers: workers))
            #expect(pooled.verdicts == serial.verdicts, "\(workers) workers")
            #expect(pooled.misses == serial.misses && pooled.hits == serial.hits && pooled.prefetched == serial.prefetched)
        }
    }
}
