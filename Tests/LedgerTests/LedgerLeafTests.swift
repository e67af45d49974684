import Ledger
import SimKernel
import Testing
import V2VCrypto

@Suite("Typed leaves")
struct LedgerLeafTests {
    static let digest = Fixture.digest("model")

    static let samples: [LedgerLeaf] = [
        .message(Fixture.digest("envelope")),
        .report(ReportLeaf(
            reporter: 0x0807_0605_0403_0201, suspect: 0x1111_2222_3333_4444, check: 3,
            time: SimTime(nanoseconds: -2), evidence: Fixture.digest("evidence"))),
        .revocation(RevocationLeaf(certificate: 0xAB, basisHeight: 7, reporters: [9, 3, 5])),
        .registration(RegistrationLeaf(certificate: 0x0807_0605_0403_0201, model: digest, time: .seconds(1))),
    ]

    @Test("each kind has the documented byte layout")
    func layouts() throws {
        let message = LedgerLeafTests.samples[0].encoded
        #expect(message == [0x01] + Fixture.digest("envelope").bytes)

        let report = LedgerLeafTests.samples[1].encoded
        #expect(report.count == 58)
        #expect(report[0] == 0x02)
        #expect(Array(report[1...8]) == [1, 2, 3, 4, 5, 6, 7, 8])
        #expect(Array(report[9...16]) == [0x44, 0x44, 0x33, 0x33, 0x22, 0x22, 0x11, 0x11])
        #expect(report[17] == 3)
        #expect(Array(report[18...25]) == [0xFE] + [UInt8](repeating: 0xFF, count: 7))
        #expect(Array(report[26...]) == Fixture.digest("evidence").bytes)

        let revocation = LedgerLeafTests.samples[2].encoded
        #expect(revocation.count == 1 + 18 + 24)
        #expect(revocation[0] == 0x03)
        #expect(Array(revocation[1...8]) == [0xAB, 0, 0, 0, 0, 0, 0, 0])
        #expect(Array(revocation[9...16]) == [7, 0, 0, 0, 0, 0, 0, 0])
        #expect(Array(revocation[17...18]) == [3, 0])
        // Reporters ascending: 3, 5, 9.
        #expect(revocation[19] == 3 && revocation[27] == 5 && revocation[35] == 9)

        let registration = LedgerLeafTests.samples[3].encoded
        #expect(registration.count == 49)
        #expect(registration[0] == 0x04)
        #expect(Array(registration[1...8]) == [1, 2, 3, 4, 5, 6, 7, 8])
        #expect(Array(registration[9...40]) == LedgerLeafTests.digest.bytes)
        #expect(Array(registration[41...48]) == [0x00, 0xCA, 0x9A, 0x3B, 0, 0, 0, 0])
    }

    @Test("the leaf hash covers the type byte")
    func leafHash() {
        for leaf in LedgerLeafTests.samples {
            #expect(leaf.leafHash == SHA256.hash([0x00] + leaf.encoded))
        }
        #expect(LedgerLeaf.message(Fixture.digest("x")).leafHash != MerkleTree.leafHash(Fixture.digest("x").bytes))
    }

    @Test("encoding then parsing gives the leaf and its content back")
    func roundTrip() throws {
        for leaf in LedgerLeafTests.samples {
            let parsed = try LedgerLeaf(encoded: leaf.encoded)
            #expect(parsed == leaf)
            #expect(try parsed.content() == leaf.content())
        }
    }

    @Test("bad bytes are refused with a reason, never a crash")
    func badBytes() {
        var cases: [[UInt8]] = [[], [0x00], [0x05, 1, 2], [0x01] + [UInt8](repeating: 0, count: 31)]
        for leaf in LedgerLeafTests.samples {
            let bytes = leaf.encoded
            cases.append(Array(bytes.dropLast()))
            cases.append(bytes + [0])
        }
        // Revocation reporters out of order.
        var unsorted = LedgerLeafTests.samples[2].encoded
        unsorted.swapAt(19, 27)
        cases.append(unsorted)
        for bytes in cases {
            #expect(throws: LeafDecodingError.self, "\(bytes.count) bytes") { try LedgerLeaf(encoded: bytes) }
        }
    }
}

@Suite("Revocation rule")
struct RevocationRuleTests {
    static func report(_ reporter: UInt64, against suspect: UInt64) -> LedgerLeaf {
        .report(ReportLeaf(reporter: reporter, suspect: suspect, check: 0, time: .zero, evidence: Fixture.digest("e")))
    }

    static func block(_ height: UInt64, _ leaves: [LedgerLeaf]) -> Block {
        BlockBuilder.propose(
            height: height, previous: Chain.genesisPreviousHash, leaves: leaves, timestamp: .zero, proposer: RSUID(raw: 0))
    }

    @Test("N distinct reporters against one certificate revoke it once, naming the basis block")
    func threshold() {
        var rule = RevocationRule(threshold: 3)
        let first = rule.apply(Self.block(0, [Self.report(1, against: 99), Self.report(1, against: 99), Self.report(2, against: 99)]))
        #expect(first.isEmpty)
        let second = rule.apply(Self.block(1, [Self.report(7, against: 50), Self.report(3, against: 99), Self.report(4, against: 99)]))
        #expect(second == [RevocationLeaf(certificate: 99, basisHeight: 1, reporters: [1, 2, 3])])
        let third = rule.apply(Self.block(2, [Self.report(5, against: 99), Self.report(6, against: 99)]))
        #expect(third.isEmpty)
    }

    @Test("a revocation on the chain settles its certificate")
    func settled() {
        var rule = RevocationRule(threshold: 2)
        let revocation = LedgerLeaf.revocation(RevocationLeaf(certificate: 5, basisHeight: 0, reporters: [1, 2]))
        #expect(rule.apply(Self.block(0, [revocation])).isEmpty)
        #expect(rule.apply(Self.block(1, [Self.report(1, against: 5), Self.report(2, against: 5)])).isEmpty)
    }
}

@Suite("Revocations are checked against the rule")
struct RevocationCheckTests {
    static func chain(_ contents: [[LedgerLeaf]]) throws -> (blocks: [Block], committee: RSUCommittee) {
        let keys = try Fixture.signingKeys(4)
        var chain = Chain(committee: Fixture.committee(keys))
        for leaves in contents {
            let proposal = BlockBuilder.propose(
                height: chain.height, previous: chain.tipHash, leaves: leaves,
                timestamp: Fixture.timestamp(forHeight: chain.height), proposer: chain.committee.proposer(forHeight: chain.height))
            try chain.appendFinal(Fixture.voted(proposal, keys: keys, voters: [0, 1, 2]))
        }
        return (chain.blocks, chain.committee)
    }

    static let justified = LedgerLeaf.revocation(RevocationLeaf(certificate: 99, basisHeight: 0, reporters: [1, 2]))

    @Test("only the revocations the rule issued, once each, pass")
    func rule() {
        var rule = RevocationRule(threshold: 2)
        let reports = [RevocationRuleTests.report(1, against: 99), RevocationRuleTests.report(2, against: 99)]
        _ = rule.apply(RevocationRuleTests.block(0, reports))
        #expect(rule.unjustifiedRevocation(in: RevocationRuleTests.block(1, [Self.justified])) == nil)
        let other = RevocationLeaf(certificate: 98, basisHeight: 0, reporters: [1, 2])
        #expect(rule.unjustifiedRevocation(in: RevocationRuleTests.block(1, [.revocation(other)])) == other)
        #expect(rule.unjustifiedRevocation(in: RevocationRuleTests.block(1, [Self.justified, Self.justified])) != nil)
        _ = rule.apply(RevocationRuleTests.block(1, [Self.justified]))
        #expect(rule.unjustifiedRevocation(in: RevocationRuleTests.block(2, [Self.justified])) != nil)
    }

    @Test("the auditor names a revocation the reports do not justify")
    func auditor() throws {
        let reports = [RevocationRuleTests.report(1, against: 99), RevocationRuleTests.report(2, against: 99)]
        let good = try Self.chain([reports, [Self.justified]])
        #expect(ChainAuditor.audit(good.blocks, committee: good.committee, revocationThreshold: 2).isValid)
        let early = try Self.chain([[Self.justified], reports])
        let report = ChainAuditor.audit(early.blocks, committee: early.committee, revocationThreshold: 2)
        #expect(report.firstProblem?.height == 0)
        #expect(report.firstProblem?.field == "revocation")
        let strict = ChainAuditor.audit(good.blocks, committee: good.committee, revocationThreshold: 3)
        #expect(strict.firstProblem?.field == "revocation")
        #expect(strict.firstProblem?.height == 1)
    }
}

@Suite("Block size limit")
struct BlockSizeTests {
    @Test("a block over the limit is refused by validators, the chain and the auditor, naming block_size")
    func oversized() throws {
        let keys = try Fixture.signingKeys(4)
        let leaves = (0..<10).map { Fixture.digest("m\($0)") }
        let size = BlockHeader.encodedCount + 10 * 33
        var chain = Chain(committee: Fixture.committee(keys), maxBlockBytes: size - 1)
        let proposal = Fixture.voted(Fixture.proposal(on: chain, leaves: leaves), keys: keys, voters: [0, 1, 2])
        #expect(proposal.contentBytes == size)
        let check = BlockValidator.validate(
            proposal, previousHash: chain.tipHash, expectedHeight: 0, committee: chain.committee, maxBlockBytes: size - 1)
        #expect(check == .invalid(.oversized(bytes: size, limit: size - 1)))
        #expect(throws: LedgerError.self) { try chain.appendFinal(proposal) }
        let report = ChainAuditor.audit([proposal], committee: chain.committee, maxBlockBytes: size - 1)
        #expect(report.firstProblem?.field == "block_size")
        #expect(ChainAuditor.audit([proposal], committee: chain.committee, maxBlockBytes: size).isValid)
    }

    @Test("taking by bytes stops before the first leaf that does not fit and keeps it first")
    func budget() {
        var pool = LeafPool(capacity: 100)
        for i in 0..<5 { pool.add(.message(Fixture.digest("m\(i)"))) }
        let taken = pool.take(max: 10, bytes: 3 * 33 + 10, cost: \.encodedCount)
        #expect(taken == (0..<3).map { .message(Fixture.digest("m\($0)")) })
        #expect(pool.count == 2)
        #expect(pool.take(max: 1) == [.message(Fixture.digest("m3"))])
    }
}

/// Reports that name their detector, legacy reports that do not, and detector registrations.
@Suite("Detector leaves")
struct DetectorLeafTests {
    @Test("a report leaf with a detector is 89 bytes of body ending in the digest; a 57-byte legacy body still parses and re-encodes the same")
    func reportWithDetector() throws {
        let detector = Fixture.digest("detector")
        let leaf = LedgerLeaf.report(ReportLeaf(
            reporter: 1, suspect: 2, check: 17, time: .seconds(3), evidence: Fixture.digest("e"), detector: detector))
        #expect(leaf.body.count == 89 && Array(leaf.body.suffix(32)) == detector.bytes)
        guard case .misbehaviourReport(let parsed) = try LedgerLeaf(encoded: leaf.encoded).content() else {
            Issue.record("not a report")
            return
        }
        #expect(parsed.detector == detector && parsed.check == 17)
        let legacy = LedgerLeaf.report(ReportLeaf(reporter: 1, suspect: 2, check: 3, time: .zero, evidence: Fixture.digest("e")))
        #expect(legacy.body.count == 57)
        let again = try LedgerLeaf(encoded: legacy.encoded)
        #expect(again == legacy)
        #expect(throws: LeafDecodingError.self) { try LedgerLeaf(encoded: legacy.encoded + [0]) }
    }

    @Test("a detector registration leaf is type 5, certificate ‖ digest ‖ time, named 'detector'")
    func registration() throws {
        let leaf = LedgerLeaf.detectorRegistration(DetectorRegistrationLeaf(
            certificate: 0x0807_0605_0403_0201, detector: Fixture.digest("d"), time: .seconds(1)))
        #expect(leaf.encoded.count == 49 && leaf.encoded[0] == 5)
        #expect(Array(leaf.encoded[1...8]) == [1, 2, 3, 4, 5, 6, 7, 8])
        #expect(Array(leaf.encoded[9...40]) == Fixture.digest("d").bytes)
        #expect(leaf.kind.description == "detector" && LeafKind(name: "detector") == .detectorRegistration)
        #expect(try LedgerLeaf(encoded: leaf.encoded).content()
            == .detectorRegistration(DetectorRegistrationLeaf(certificate: 0x0807_0605_0403_0201, detector: Fixture.digest("d"), time: .seconds(1))))
    }
}
