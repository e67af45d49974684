import SimKernel
import V2VCrypto

/// The finalised blocks, in height order, and the index that finds where a message was anchored.
///
/// Only `appendFinal` adds blocks, and it accepts only a block that validates against the tip and
/// carries a quorum of valid votes, so `blocks` is always a chain that `ChainAuditor` passes.
public struct Chain: Sendable {
    /// Where an anchored digest sits.
    private struct LeafLocation: Sendable {
        var height: UInt64
        var leafIndex: Int
    }

    /// The `previousHash` of the first block: 32 zero bytes.
    public static let genesisPreviousHash: Digest = {
        // 32 bytes cannot fail the length check.
        try! Digest(bytes: [UInt8](repeating: 0, count: 32))
    }()

    /// The committee that votes on this chain.
    public let committee: RSUCommittee
    /// The final blocks; `blocks[h]` has height `h`.
    public private(set) var blocks: [Block] = []
    /// First anchoring of each digest. A dictionary for look-up only; nothing iterates it.
    private var anchors: [LedgerLeaf: LeafLocation] = [:]

    /// Most bytes of header and leaves in one block (`Block.contentBytes`), or nil for no limit.
    public let maxBlockBytes: Int?

    /// An empty chain for `committee`, refusing blocks larger than `maxBlockBytes`.
    public init(committee: RSUCommittee, maxBlockBytes: Int? = nil) {
        self.committee = committee
        self.maxBlockBytes = maxBlockBytes
    }

    /// The height the next block must have (the number of final blocks).
    public var height: UInt64 { UInt64(self.blocks.count) }

    /// The hash the next block must link to: the last block's hash, or 32 zero bytes.
    public var tipHash: Digest { self.blocks.last?.hash ?? Chain.genesisPreviousHash }

    /// The timestamp the next block must not precede: the last block's, or zero.
    public var tipTimestamp: SimTime { self.blocks.last?.header.timestamp ?? .zero }

    /// Appends a block the committee finalised.
    ///
    /// The block must pass `BlockValidator.validate` against the tip, and its votes must be sorted by
    /// RSU id, all by distinct committee members, all with valid signatures over the block hash, and
    /// at least `committee.quorum` of them.
    /// - Throws: `LedgerError.invalidBlock` for the first defect of the block, otherwise the first
    ///   problem with its votes (`voteByNonMember`, `duplicateVote`, `votesNotSorted`,
    ///   `invalidVoteSignature`, `insufficientVotes`). The chain is unchanged when it throws.
    /// - Complexity: O(n) hashes for n leaves plus one signature verification per vote.
    public mutating func appendFinal(_ block: Block) throws(LedgerError) {
        let check = BlockValidator.validate(
            block,
            previousHash: self.tipHash,
            expectedHeight: self.height,
            committee: self.committee,
            notBefore: self.tipTimestamp,
            maxBlockBytes: self.maxBlockBytes
        )
        if case let .invalid(defect) = check { throw .invalidBlock(defect) }
        let review = VoteReview(block.votes, blockHash: block.hash, committee: self.committee)
        if let problem = review.firstProblem { throw problem }

        let height = self.height
        for (index, leaf) in block.leaves.enumerated() where self.anchors[leaf] == nil {
            self.anchors[leaf] = LeafLocation(height: height, leafIndex: index)
        }
        self.blocks.append(block)
    }

    /// Whether a final block already anchors `leaf`.
    public func contains(leaf: LedgerLeaf) -> Bool { self.anchors[leaf] != nil }

    /// The block at `height`, if final.
    public func block(atHeight height: UInt64) -> Block? {
        height < self.height ? self.blocks[Int(height)] : nil
    }

    /// Where `leaf` was first anchored, with the RFC 6962 proof that it is under that block's
    /// `merkleRoot`. Check it with `proof.verifies(leafHash: leaf.leafHash, root:)`.
    /// - Returns: nil when no final block holds `leaf`.
    /// - Complexity: O(n) hashes for the n leaves of the block that holds it.
    public func inclusionProof(forLeaf leaf: LedgerLeaf) -> (height: UInt64, leafIndex: Int, proof: InclusionProof)? {
        guard let location = self.anchors[leaf] else { return nil }
        let tree = self.blocks[Int(location.height)].merkleTree()
        return (location.height, location.leafIndex, tree.inclusionProof(forLeafAt: location.leafIndex))
    }
}
