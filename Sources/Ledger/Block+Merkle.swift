import V2VCrypto

extension Block {
    /// The RFC 6962 leaf hash of a typed leaf: SHA-256(0x00 ‖ kind ‖ body).
    public static func leafHash(of leaf: LedgerLeaf) -> Digest {
        leaf.leafHash
    }

    /// The Merkle tree over this block's leaves, as the proposer built it.
    /// - Complexity: O(n) hashes for n leaves.
    public func merkleTree() -> MerkleTree {
        MerkleTree(leafHashes: self.leaves.map(\.leafHash))
    }
}
