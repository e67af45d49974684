import Ledger
import Testing
import V2VCrypto

@Suite("RSU committee")
struct RSUCommitteeTests {
    /// (n, f, quorum) with quorum = n - f.
    static let sizes: [(Int, Int, Int)] = [
        (1, 0, 1), (2, 0, 2), (3, 0, 3), (4, 1, 3), (5, 1, 4),
        (6, 1, 5), (7, 2, 5), (8, 2, 6), (9, 2, 7), (10, 3, 7),
    ]

    @Test("fault tolerance is (n-1)/3 and the quorum is n-f", arguments: RSUCommitteeTests.sizes)
    func quorum(n: Int, f: Int, quorum: Int) throws {
        let committee = Fixture.committee(try Fixture.signingKeys(n))
        #expect(committee.count == n)
        #expect(committee.faultTolerance == f)
        #expect(committee.quorum == quorum)
        // Safety: two quorums share at least f + 1 members, so at least one honest one.
        #expect(2 * committee.quorum - n >= f + 1)
        // Liveness: the honest members alone reach the quorum.
        #expect(n - f >= committee.quorum)
        // At least a strict majority.
        #expect(2 * committee.quorum > n)
        if n == 3 * f + 1 { #expect(committee.quorum == 2 * f + 1) }
    }

    @Test("proposers rotate by height modulo n")
    func rotation() throws {
        let committee = Fixture.committee(try Fixture.signingKeys(5))
        let proposers = (0..<12).map { committee.proposer(forHeight: UInt64($0)).raw }
        #expect(proposers == [0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 0, 1])
        #expect(committee.proposer(forHeight: UInt64.max) == RSUID(raw: UInt32(UInt64.max % 5)))
    }

    @Test("copies of a committee share one check per distinct signature, and the answers are libsodium's")
    func sharedSignatureChecks() throws {
        let keys = try Fixture.signingKeys(4)
        let committee = Fixture.committee(keys)
        let copies = (0..<4).map { _ in committee }  // one per node, as RSUNetwork holds them
        let message = Vote.signedBytes(forBlock: SHA256.hash([UInt8]([1, 2, 3])))
        let good = keys[1].signature(for: message)
        var forged = good.bytes
        forged[10] ^= 0x01
        let bad = try Signature(bytes: forged)
        for copy in copies {
            #expect(copy.isValidSignature(good, by: RSUID(raw: 1), for: message))
            #expect(!copy.isValidSignature(bad, by: RSUID(raw: 1), for: message))
            // Member 1's signature is not member 2's, and a non-member has none.
            #expect(!copy.isValidSignature(good, by: RSUID(raw: 2), for: message))
            #expect(!copy.isValidSignature(good, by: RSUID(raw: 9), for: message))
            #expect(!copy.isValidSignature(good, by: RSUID(raw: 1), for: message + [0]))
        }
        // Four distinct member inputs, each checked once however many copies asked; the
        // non-member is refused without a check.
        #expect(committee.signatureChecks == 4)
        #expect(keys[1].verifyingKey.isValidSignature(good, for: message))
        #expect(!keys[1].verifyingKey.isValidSignature(bad, for: message))
    }

    @Test("keys are found by id and only for members")
    func keys() throws {
        let keys = try Fixture.signingKeys(4)
        let committee = Fixture.committee(keys)
        #expect(committee.key(RSUID(raw: 2)) == keys[2].verifyingKey)
        #expect(committee.key(RSUID(raw: 4)) == nil)
        #expect(committee.members == (0..<4).map { RSUID(raw: $0) })
        #expect(committee.contains(RSUID(raw: 3)))
        #expect(!committee.contains(RSUID(raw: 4)))
    }
}
