import Testing
import V2VCrypto
import V2X

@Suite("Deferred signature lookups")
struct DeferredSignatureLookupsTests {
    /// Frame i is prefetched when sent (except every fifth) and heard three steps later by four
    /// receivers. `deferred` answers the receivers from two chunk logs (two receivers each) that are
    /// replayed afterwards, as `Simulation.decideInParallel` does; otherwise they ask the memo.
    static func script(deferred: Bool) throws -> (verdicts: [Bool], misses: Int, hits: Int) {
        let key = try SigningKey(seed: [UInt8](repeating: 7, count: 32))
        // Small enough that replayed insertions push out entries that a chunk saw.
        let memo = SignatureMemo(capacity: 16)
        let messages = (0..<120).map { i in (0..<48).map { UInt8(truncatingIfNeeded: $0 &+ 3 &* i) } }
        let signatures = messages.enumerated().map { i, m in
            var s = key.signature(for: m).bytes
            if i % 3 == 0 { s[9] ^= 0x01 }
            return s
        }
        let chunks = [DeferredSignatureLookups(memo: memo), DeferredSignatureLookups(memo: memo)]
        var verdicts: [Bool] = []
        for i in messages.indices {
            if i % 5 != 0 { memo.prefetch(signature: signatures[i][...], message: messages[i][...], key: key.verifyingKey) }
            guard i >= 3 else { continue }
            for receiver in 0..<4 {
                let checker: any SignatureChecking = deferred ? chunks[receiver / 2] : memo
                verdicts.append(checker.isValid(
                    signature: signatures[i - 3][...], message: messages[i - 3][...], key: key.verifyingKey))
            }
            if deferred { for chunk in chunks { memo.replay(chunk); #expect(chunk.isEmpty) } }
        }
        return (verdicts, memo.misses, memo.hits)
    }

    @Test("replayed chunk lookups give the serial verdicts, hits and misses")
    func replayMatchesSerial() throws {
        let serial = try Self.script(deferred: false)
        #expect(serial.verdicts.count == 4 * 117)
        // Independent expectation: every third signature was damaged.
        #expect(serial.verdicts.enumerated().allSatisfy { n, v in v == ((n / 4) % 3 != 0) })
        // Prefetched: 96 triples; the 24 never prefetched (i % 5 == 0, heard for i - 3 < 117) miss
        // once each on their first receiver, unless evicted; the rest are hits.
        #expect(serial.misses >= 96 + 23)
        #expect(serial.hits + serial.misses - 96 == 4 * 117)
        let deferred = try Self.script(deferred: true)
        #expect(deferred.verdicts == serial.verdicts)
        #expect(deferred.misses == serial.misses)
        #expect(deferred.hits == serial.hits)
    }
}
