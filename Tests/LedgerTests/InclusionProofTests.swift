import Ledger
import Testing
import V2VCrypto

@Suite("Inclusion proofs")
struct InclusionProofTests {
    @Test("every leaf of the chain has a proof against its block's root")
    func everyLeaf() throws {
        let (chain, _) = try Fixture.chain(length: 20, rsus: 5)
        var proven = 0
        for block in chain.blocks {
            for (index, leaf) in block.leaves.enumerated() {
                let found = try #require(chain.inclusionProof(forLeaf: leaf))
                #expect(found.height == block.header.height)
                #expect(found.leafIndex == index)
                #expect(found.proof.treeSize == UInt64(block.leaves.count))
                let leafHash = Block.leafHash(of: leaf)
                #expect(found.proof.verifies(leafHash: leafHash, root: block.header.merkleRoot))
                #expect(found.proof.verifies(leaf: leaf.encoded, root: block.header.merkleRoot))
                // The type byte is covered: the bare digest is not the leaf.
                #expect(!found.proof.verifies(leaf: leaf.body, root: block.header.merkleRoot))
                // The same proof does not vouch for another digest or another block.
                let otherLeaf = Block.leafHash(of: .message(Fixture.digest("other")))
                #expect(!found.proof.verifies(leafHash: otherLeaf, root: block.header.merkleRoot))
                #expect(!found.proof.verifies(leafHash: leafHash, root: Fixture.digest("other root")))
                proven += 1
            }
        }
        #expect(proven == chain.blocks.reduce(0) { $0 + $1.leaves.count })
        #expect(proven > 50)
    }

    @Test("an unknown digest has no proof")
    func unknown() throws {
        let (chain, _) = try Fixture.chain(length: 5, rsus: 5)
        #expect(chain.inclusionProof(forLeaf: .message(Fixture.digest("never heard"))) == nil)
    }

    @Test("a digest anchored twice is proven where it was first anchored")
    func firstAnchoring() throws {
        let keys = try Fixture.signingKeys(4)
        var chain = Chain(committee: Fixture.committee(keys))
        let repeated = Fixture.digest("repeated")
        let first = [Fixture.digest("a"), repeated]
        let second = [repeated, Fixture.digest("b"), Fixture.digest("c")]
        for leaves in [first, second] {
            let proposal = Fixture.proposal(on: chain, leaves: leaves)
            try chain.appendFinal(Fixture.voted(proposal, keys: keys, voters: [0, 1, 2]))
        }
        let found = try #require(chain.inclusionProof(forLeaf: .message(repeated)))
        #expect(found.height == 0)
        #expect(found.leafIndex == 1)
    }
}
