import SimKernel
import V2VCrypto

/// Builds the block a proposer RSU sends to the committee.
public enum BlockBuilder {
    /// The unsigned proposal over `leaves`, with its Merkle root and leaf count filled in.
    /// - Parameters:
    ///   - height: the chain's next height (`Chain.height`).
    ///   - previous: the chain's tip hash (`Chain.tipHash`).
    ///   - leaves: typed leaves to anchor, in the order they go into the tree.
    ///   - timestamp: the simulated time of the proposal.
    ///   - proposer: the RSU whose turn it is (`RSUCommittee.proposer(forHeight:view:)`).
    ///   - view: the consensus view the block is proposed in.
    /// - Returns: a block with no votes.
    /// - Complexity: O(n) hashes for n leaves.
    public static func propose(
        height: UInt64,
        previous: Digest,
        leaves: [LedgerLeaf],
        timestamp: SimTime,
        proposer: RSUID,
        view: UInt64 = 0
    ) -> Block {
        precondition(leaves.count <= Int(UInt32.max), "a block holds at most UInt32.max leaves")
        let root = MerkleTree(leafHashes: leaves.map(\.leafHash)).root
        let header = BlockHeader(
            height: height,
            previousHash: previous,
            merkleRoot: root,
            timestamp: timestamp,
            proposer: proposer,
            leafCount: UInt32(leaves.count)
        )
        return Block(header: header, leaves: leaves, view: view)
    }
}
