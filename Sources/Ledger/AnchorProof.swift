import V2VCrypto

/// Everything a vehicle or an investigator needs to check, with nothing but the RSU committee's
/// public keys, that a leaf (a message it signed, a registration, a report, a revocation) was
/// anchored in a final block: the leaf, the RFC 6962 audit path to the block's Merkle root, the
/// block header and the quorum certificate (the commit votes).
public struct AnchorProof: Hashable, Sendable {
    /// The typed leaf (for a message: its kind and the SHA-256 of its signed envelope).
    public var leaf: LedgerLeaf
    /// Position of the leaf in the block's tree.
    public var leafIndex: UInt64
    /// The audit path, leaf side first.
    public var path: [Digest]
    /// The block header, in its canonical 101-byte encoding.
    public var headerBytes: [UInt8]
    /// The commit votes over the header hash.
    public var votes: [Vote]

    public init(leaf: LedgerLeaf, leafIndex: UInt64, path: [Digest], headerBytes: [UInt8], votes: [Vote]) {
        self.leaf = leaf
        self.leafIndex = leafIndex
        self.path = path
        self.headerBytes = headerBytes
        self.votes = votes
    }

    /// The proof for leaf `index` of `block`.
    public init(block: Block, leafIndex index: Int) {
        precondition(block.leaves.indices.contains(index), "no such leaf")
        let proof = block.merkleTree().inclusionProof(forLeafAt: index)
        self.init(
            leaf: block.leaves[index], leafIndex: UInt64(index), path: proof.path,
            headerBytes: block.header.encoded(), votes: block.votes)
    }

    /// Checks the proof: the header decodes; the path leads from SHA-256(0x00 ‖ kind ‖ body) at
    /// `leafIndex` in a tree of `leaf_count` leaves to `merkle_root` (RFC 9162 §2.1.3.2); and a
    /// quorum of distinct committee members signed `"v2v.vote.v1" ‖ header hash`.
    /// - Returns: nil when it holds, otherwise what fails.
    public func problem(committee: RSUCommittee) -> String? {
        let header: BlockHeader
        do { header = try BlockHeader.decode(self.headerBytes) } catch { return "header: \(error)" }
        let inclusion = InclusionProof(leafIndex: self.leafIndex, treeSize: UInt64(header.leafCount), path: self.path)
        guard inclusion.verifies(leafHash: self.leaf.leafHash, root: header.merkleRoot) else {
            return "path: does not lead from the leaf to the header's merkle_root"
        }
        let review = VoteReview(self.votes, blockHash: header.hash, committee: committee)
        guard review.hasQuorum(of: committee) else {
            return "quorum certificate: \(review.validSigners) valid signatures, the quorum is \(committee.quorum)"
        }
        return nil
    }
}
