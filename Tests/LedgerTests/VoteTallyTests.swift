import Ledger
import Testing
import V2VCrypto

@Suite("Vote tally")
struct VoteTallyTests {
    @Test("votes arriving out of order reach the quorum and make an appendable block")
    func quorum() throws {
        let keys = try Fixture.signingKeys(5)
        var chain = Chain(committee: Fixture.committee(keys))
        var block = Fixture.proposal(on: chain)
        var tally = VoteTally(blockHash: block.hash, committee: chain.committee)
        let vote = { (i: Int) in BlockValidator.vote(on: block, by: RSUID(raw: UInt32(i)), key: keys[i]) }

        #expect(tally.record(vote(3)) == .counted)
        #expect(tally.record(vote(0)) == .counted)
        #expect(tally.record(vote(3)) == .duplicate)
        #expect(tally.record(Vote(rsu: RSUID(raw: 7), signature: vote(1).signature)) == .nonMember)
        #expect(tally.record(Vote(rsu: RSUID(raw: 2), signature: vote(1).signature)) == .invalidSignature)
        #expect(tally.record(vote(4)) == .counted)
        #expect(!tally.hasQuorum)
        #expect(tally.record(vote(1)) == .counted)
        #expect(tally.hasQuorum)
        #expect(tally.votes.map(\.rsu.raw) == [0, 1, 3, 4])

        block.votes = tally.votes
        try chain.appendFinal(block)
        #expect(chain.height == 1)
    }
}
