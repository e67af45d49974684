import V2VCrypto

extension Block {
    /// The RFC 6962 leaf hash of an anchored digest: SHA-256(0x00 ‖ digest).
    public static func leafHash(of digest: Digest) -> Digest {
        MerkleTree.leafHash(digest.bytes)
    }

    /// The Merkle tree over this block's leaves, as the proposer built it.
    /// - Complexity: O(n) hashes for n leaves.
    public func merkleTree() -> MerkleTree {
        MerkleTree(leafHashes: self.leaves.map(Block.leafHash(of:)))
    }
}
