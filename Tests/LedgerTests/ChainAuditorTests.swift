import Ledger
import SimKernel
import Testing
import V2VCrypto

@Suite("Chain audit")
struct ChainAuditorTests {
    /// Byte ranges of the encoded header after the version byte, by field.
    static let fields: [(name: String, range: Range<Int>)] = [
        ("height", 13..<21), ("previous_hash", 21..<53), ("merkle_root", 53..<85),
        ("timestamp", 85..<93), ("proposer", 93..<97), ("leaf_count", 97..<101),
    ]

    /// Blocks the tamper tests hit: the first, one in the middle, the tip.
    static let targets = [0, 7, 19]

    @Test("a chain of 20 blocks by 5 RSUs audits clean, and is reproducible")
    func clean() throws {
        let (chain, _) = try Fixture.chain(length: 20, rsus: 5)
        let report = ChainAuditor.audit(chain.blocks, committee: chain.committee)
        #expect(report.isValid)
        #expect(report.blocksChecked == 20)
        #expect(report.firstProblem == nil)
        #expect(report.description == "ok: 20 blocks")
        let (again, _) = try Fixture.chain(length: 20, rsus: 5)
        #expect(again.tipHash == chain.tipHash)
        #expect(ChainAuditor.audit([], committee: chain.committee).isValid)
    }

    @Test("flipping any byte of a header field names that block and field")
    func headerTamper() throws {
        let (chain, _) = try Fixture.chain(length: 20, rsus: 5)
        for k in ChainAuditorTests.targets {
            for field in ChainAuditorTests.fields {
                for offset in field.range {
                    var blocks = chain.blocks
                    var bytes = blocks[k].header.encoded()
                    bytes[offset] ^= 0xFF
                    blocks[k].header = try BlockHeader.decode(bytes)
                    let report = ChainAuditor.audit(blocks, committee: chain.committee)
                    let expected = ChainAuditorTests.expectedField(field.name, tampered: blocks, at: k)
                    let context = "block \(k) byte \(offset): \(report)"
                    #expect(!report.isValid, "\(context)")
                    #expect(report.firstProblem?.height == UInt64(k), "\(context)")
                    #expect(report.firstProblem?.field == expected, "\(context)")
                    #expect(report.blocksChecked == k + 1, "\(context)")
                }
            }
        }
    }

    /// A timestamp has nothing to be checked against but its parent's, so a change that keeps it in
    /// order shows only as a header the votes did not sign.
    static func expectedField(_ field: String, tampered blocks: [Block], at k: Int) -> String {
        guard field == "timestamp" else { return field }
        let parent = k == 0 ? SimTime.zero : blocks[k - 1].header.timestamp
        return blocks[k].header.timestamp < parent ? "timestamp" : "header"
    }

    @Test("both timestamp outcomes occur and read well")
    func timestampMessages() throws {
        let (chain, _) = try Fixture.chain(length: 20, rsus: 5)
        var later = chain.blocks
        later[7].header.timestamp += .microseconds(1)
        let laterReport = ChainAuditor.audit(later, committee: chain.committee)
        #expect(laterReport.firstProblem?.field == "header")
        #expect(laterReport.description.hasPrefix("block 7: header hash is not what the votes signed"))

        var earlier = chain.blocks
        earlier[7].header.timestamp = .milliseconds(1)
        let earlierReport = ChainAuditor.audit(earlier, committee: chain.committee)
        #expect(earlierReport.firstProblem?.field == "timestamp")
        #expect(earlierReport.description == "block 7: timestamp 0.001000 s is before the parent's 3.500000 s")
    }

    @Test("a tampered version names the version")
    func versionTamper() throws {
        let (chain, _) = try Fixture.chain(length: 20, rsus: 5)
        var blocks = chain.blocks
        blocks[7].header.version = 2
        let report = ChainAuditor.audit(blocks, committee: chain.committee)
        #expect(report.firstProblem == AuditProblem(height: 7, field: "version", message: "version is 2, expected 1"))
    }

    @Test("the brief's example message for a changed root")
    func rootMessage() throws {
        let (chain, _) = try Fixture.chain(length: 20, rsus: 5)
        var blocks = chain.blocks
        var bytes = blocks[7].header.encoded()
        bytes[60] ^= 0x01
        blocks[7].header = try BlockHeader.decode(bytes)
        #expect(ChainAuditor.audit(blocks, committee: chain.committee).description
            == "block 7: merkle_root does not match leaves")
    }

    @Test("flipping a byte of a leaf names the leaves of that block")
    func leafTamper() throws {
        let (chain, _) = try Fixture.chain(length: 20, rsus: 5)
        for k in ChainAuditorTests.targets where !chain.blocks[k].leaves.isEmpty {
            for leaf in chain.blocks[k].leaves.indices {
                for byte in [0, 17, 31] {
                    var blocks = chain.blocks
                    var bytes = blocks[k].leaves[leaf].body
                    bytes[byte] ^= 0xFF
                    blocks[k].leaves[leaf] = .message(try Digest(bytes: bytes))
                    let report = ChainAuditor.audit(blocks, committee: chain.committee)
                    #expect(
                        report.firstProblem
                            == AuditProblem(
                                height: UInt64(k),
                                field: "leaves",
                                message: "leaves do not match the signed merkle_root"
                            ),
                        "block \(k) leaf \(leaf) byte \(byte)"
                    )
                }
            }
        }
        // Block 0 of the fixture is empty; 19 has one leaf; a dropped leaf shows in the count.
        var dropped = chain.blocks
        dropped[7].leaves.removeLast()
        let report = ChainAuditor.audit(dropped, committee: chain.committee)
        #expect(report.firstProblem?.height == 7)
        #expect(report.firstProblem?.field == "leaves")
    }

    @Test("flipping a byte of a vote signature names the votes of that block")
    func voteTamper() throws {
        let (chain, _) = try Fixture.chain(length: 20, rsus: 5)
        for k in ChainAuditorTests.targets {
            for v in chain.blocks[k].votes.indices {
                for byte in [0, 31, 32, 63] {
                    var blocks = chain.blocks
                    var bytes = blocks[k].votes[v].signature.bytes
                    bytes[byte] ^= 0xFF
                    let rsu = blocks[k].votes[v].rsu
                    blocks[k].votes[v] = Vote(rsu: rsu, signature: try Signature(bytes: bytes))
                    let report = ChainAuditor.audit(blocks, committee: chain.committee)
                    let context = "block \(k) vote \(v) byte \(byte): \(report)"
                    #expect(report.firstProblem?.height == UInt64(k), "\(context)")
                    #expect(report.firstProblem?.field == "votes", "\(context)")
                    #expect(report.firstProblem?.message == "the vote by \(rsu) has an invalid signature", "\(context)")
                }
            }
        }
    }

    @Test("missing, foreign and duplicated votes are named")
    func voteSetTamper() throws {
        let (chain, keys) = try Fixture.chain(length: 20, rsus: 5)
        var short = chain.blocks
        short[4].votes.removeFirst(2)
        #expect(ChainAuditor.audit(short, committee: chain.committee).firstProblem
            == AuditProblem(height: 4, field: "votes", message: "3 valid votes, the quorum is 4"))

        var doubled = chain.blocks
        doubled[4].votes.insert(doubled[4].votes[0], at: 0)
        #expect(ChainAuditor.audit(doubled, committee: chain.committee).firstProblem?.message
            == "rsu0 voted more than once")

        let smaller = RSUCommittee(keys: keys.prefix(4).map(\.verifyingKey))
        // Block 0 is proposed by rsu0 under both committees, but rsu4 voted on it.
        #expect(ChainAuditor.audit(chain.blocks, committee: smaller).firstProblem
            == AuditProblem(height: 0, field: "votes", message: "vote by rsu4, which is not a committee member"))
    }

    @Test("removing or reordering a block breaks the link at that position")
    func structure() throws {
        let (chain, _) = try Fixture.chain(length: 20, rsus: 5)
        var removed = chain.blocks
        removed.remove(at: 7)
        let report = ChainAuditor.audit(removed, committee: chain.committee)
        #expect(report.firstProblem?.height == 7)
        #expect(report.firstProblem?.field == "height")
        #expect(ChainAuditor.audit(Array(chain.blocks.dropFirst()), committee: chain.committee)
            .firstProblem?.height == 0)
    }
}
