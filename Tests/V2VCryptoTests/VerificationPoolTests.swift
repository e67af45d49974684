import Testing
import V2VCrypto

@Suite("Verification pool")
struct VerificationPoolTests {
    /// 600 triples, every third with one flipped signature bit, over three keys.
    static func triples() throws -> [(key: VerifyingKey, signature: [UInt8], message: [UInt8], valid: Bool)] {
        let keys = try (0..<3).map { try SigningKey(seed: [UInt8](repeating: UInt8(10 + $0), count: 32)) }
        return (0..<600).map { i in
            let key = keys[i % 3]
            let message = (0..<(40 + i % 50)).map { UInt8(truncatingIfNeeded: $0 * 7 + i) }
            var signature = key.signature(for: message).bytes
            let valid = i % 3 != 0
            if !valid { signature[i % 64] ^= 0x01 }
            return (key.verifyingKey, signature, message, valid)
        }
    }

    @Test("under contention every verdict is libsodium's, in any order of asking, and each job runs once")
    func contention() throws {
        let triples = try Self.triples()
        let pool = VerificationPool(workers: 3)
        let before = CryptoCallCounter.verifyCalls
        let jobs = triples.map { pool.submit(key: $0.key, signature: $0.signature[...], message: $0.message[...]) }
        // Ask from the back while the workers eat from the front, so both claim paths are taken.
        for i in stride(from: jobs.count - 1, through: 0, by: -1) {
            #expect(pool.verdict(of: jobs[i]) == triples[i].valid, "job \(i)")
        }
        pool.drain()
        // Other suites may verify in parallel in this process, so the counter grows by at least 600;
        // asking a second time must not run anything again.
        #expect(CryptoCallCounter.verifyCalls - before >= jobs.count)
        for i in jobs.indices { #expect(pool.verdict(of: jobs[i]) == triples[i].valid) }
    }

    @Test("drain returns only after every submitted job has run")
    func drainWaits() throws {
        let triples = try Self.triples()
        let pool = VerificationPool(workers: 2)
        let jobs = triples.map { pool.submit(key: $0.key, signature: $0.signature[...], message: $0.message[...]) }
        pool.drain()
        // Every job is done: asking can neither wait nor compute, and the answers are right.
        #expect(jobs.indices.allSatisfy { pool.verdict(of: jobs[$0]) == triples[$0].valid })
    }
}
