import Ledger
import SimKernel
import Testing
import V2VCrypto

@Suite("Chain.appendFinal")
struct ChainAppendTests {
    /// A final chain of 3 blocks by 5 RSUs (quorum 4), plus the honest proposal for height 3.
    struct Setup {
        var chain: Chain
        var keys: [SigningKey]
        var proposal: Block

        init() throws {
            (self.chain, self.keys) = try Fixture.chain(length: 3, rsus: 5)
            self.proposal = Fixture.proposal(on: self.chain)
        }

        func voted(_ block: Block, _ voters: [Int] = [0, 1, 2, 3, 4]) -> Block {
            Fixture.voted(block, keys: self.keys, voters: voters)
        }

        /// Expects `block` to be refused with `error` and the chain left as it was.
        func expectRefused(_ block: Block, _ error: LedgerError, sourceLocation: SourceLocation = #_sourceLocation) {
            var chain = self.chain
            #expect(throws: error, sourceLocation: sourceLocation) { try chain.appendFinal(block) }
            #expect(chain.height == 3, sourceLocation: sourceLocation)
            #expect(chain.tipHash == self.chain.tipHash, sourceLocation: sourceLocation)
        }
    }

    @Test("an honest block with a quorum of votes is appended")
    func honest() throws {
        var setup = try Setup()
        let check = BlockValidator.validate(
            setup.proposal,
            previousHash: setup.chain.tipHash,
            expectedHeight: 3,
            committee: setup.chain.committee,
            notBefore: setup.chain.tipTimestamp
        )
        #expect(check == .valid)
        let block = setup.voted(setup.proposal, [0, 2, 3, 4])
        try setup.chain.appendFinal(block)
        #expect(setup.chain.height == 4)
        #expect(setup.chain.tipHash == block.hash)
        #expect(setup.chain.block(atHeight: 3) == block)
        #expect(setup.chain.blocks[2].hash == block.header.previousHash)
    }

    @Test("the genesis block links to 32 zero bytes")
    func genesis() throws {
        let keys = try Fixture.signingKeys(4)
        var chain = Chain(committee: Fixture.committee(keys))
        #expect(chain.height == 0)
        #expect(chain.tipHash.bytes == [UInt8](repeating: 0, count: 32))
        try chain.appendFinal(Fixture.voted(Fixture.proposal(on: chain), keys: keys, voters: [0, 1, 2]))
        #expect(chain.height == 1)
    }

    @Test("a wrong Merkle root is refused")
    func wrongRoot() throws {
        let setup = try Setup()
        var block = setup.proposal
        let root = block.header.merkleRoot
        block.header.merkleRoot = Fixture.digest("not the root")
        setup.expectRefused(
            setup.voted(block),
            .invalidBlock(.merkleRootMismatch(header: Fixture.digest("not the root"), computed: root))
        )
    }

    @Test("a leaf count that differs from the leaves is refused")
    func wrongLeafCount() throws {
        let setup = try Setup()
        var block = setup.proposal
        block.header.leafCount += 1
        let count = block.leaves.count
        setup.expectRefused(
            setup.voted(block),
            .invalidBlock(.leafCountMismatch(header: UInt32(count + 1), leaves: count))
        )
    }

    @Test("a block that does not link to the tip is refused")
    func wrongLink() throws {
        let setup = try Setup()
        let block = BlockBuilder.propose(
            height: 3,
            previous: setup.chain.blocks[1].hash,
            leaves: [],
            timestamp: .seconds(2),
            proposer: RSUID(raw: 3)
        )
        setup.expectRefused(
            setup.voted(block),
            .invalidBlock(.wrongPreviousHash(expected: setup.chain.tipHash, actual: setup.chain.blocks[1].hash))
        )
    }

    @Test("a block at the wrong height is refused")
    func wrongHeight() throws {
        let setup = try Setup()
        var block = setup.proposal
        block.header.height = 4
        setup.expectRefused(setup.voted(block), .invalidBlock(.wrongHeight(expected: 3, actual: 4)))
    }

    @Test("a block by an RSU out of turn is refused")
    func wrongProposer() throws {
        let setup = try Setup()
        var block = setup.proposal
        block.header.proposer = RSUID(raw: 4)
        setup.expectRefused(
            setup.voted(block),
            .invalidBlock(.wrongProposer(expected: RSUID(raw: 3), actual: RSUID(raw: 4)))
        )
    }

    @Test("a block older than its parent is refused")
    func timestampBeforeParent() throws {
        let setup = try Setup()
        var block = setup.proposal
        block.header.timestamp = .milliseconds(1_000)
        setup.expectRefused(
            setup.voted(block),
            .invalidBlock(.timestampBeforeParent(parent: .milliseconds(1_500), actual: .milliseconds(1_000)))
        )
    }

    @Test("fewer votes than the quorum are refused")
    func tooFewVotes() throws {
        let setup = try Setup()
        setup.expectRefused(setup.voted(setup.proposal, [0, 1, 4]), .insufficientVotes(valid: 3, quorum: 4))
        setup.expectRefused(setup.proposal, .insufficientVotes(valid: 0, quorum: 4))
    }

    @Test("a vote by a non-member is refused")
    func nonMember() throws {
        let setup = try Setup()
        var block = setup.voted(setup.proposal)
        block.votes.append(BlockValidator.vote(on: block, by: RSUID(raw: 5), key: setup.keys[0]))
        setup.expectRefused(block, .voteByNonMember(RSUID(raw: 5)))
    }

    @Test("a duplicated vote is refused, even next to a quorum of others")
    func duplicateVote() throws {
        let setup = try Setup()
        setup.expectRefused(setup.voted(setup.proposal, [0, 1, 1, 2, 3]), .duplicateVote(RSUID(raw: 1)))
    }

    @Test("votes out of RSU order are refused")
    func unsortedVotes() throws {
        let setup = try Setup()
        setup.expectRefused(setup.voted(setup.proposal, [0, 2, 1, 3]), .votesNotSorted)
    }

    @Test("a forged vote signature is refused")
    func forgedVote() throws {
        let setup = try Setup()
        var block = setup.voted(setup.proposal)
        // RSU 2's seat signed with RSU 3's key.
        block.votes[2] = BlockValidator.vote(on: block, by: RSUID(raw: 2), key: setup.keys[3])
        setup.expectRefused(block, .invalidVoteSignature(RSUID(raw: 2)))

        // A vote signed over another block's hash.
        var replayed = setup.voted(setup.proposal)
        replayed.votes[1] = BlockValidator.vote(on: setup.chain.blocks[2], by: RSUID(raw: 1), key: setup.keys[1])
        setup.expectRefused(replayed, .invalidVoteSignature(RSUID(raw: 1)))
    }
}
