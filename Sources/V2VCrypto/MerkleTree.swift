/// A Merkle hash tree as RFC 6962 §2.1 defines it (the Certificate Transparency tree):
/// leaf hash = SHA-256(0x00 ‖ leaf), node hash = SHA-256(0x01 ‖ left ‖ right), split at the largest
/// power of two below n, odd nodes never duplicated. The 0x00/0x01 prefixes separate leaves from
/// nodes, so no inner node can pass for a leaf (the second-preimage attack on naive trees).
public struct MerkleTree: Sendable {
    /// The leaf hashes, in order.
    public let leafHashes: [Digest]

    /// The root, MTH(D[n]); SHA-256 of the empty string for an empty tree.
    public let root: Digest

    /// Builds the tree over `leaves` (the raw leaf data; the tree hashes each with the 0x00 prefix).
    /// - Complexity: O(n) hashes.
    public init(leaves: [[UInt8]]) {
        self.init(leafHashes: leaves.map(MerkleTree.leafHash))
    }

    /// Builds the tree over already computed leaf hashes.
    public init(leafHashes: [Digest]) {
        self.leafHashes = leafHashes
        self.root = MerkleTree.subtreeRoot(leafHashes[...])
    }

    /// Number of leaves.
    public var count: Int { self.leafHashes.count }

    /// SHA-256(0x00 ‖ leaf).
    public static func leafHash(_ leaf: [UInt8]) -> Digest {
        SHA256.hash(concatenating: [[0x00], leaf])
    }

    /// SHA-256(0x01 ‖ left ‖ right).
    public static func nodeHash(_ left: Digest, _ right: Digest) -> Digest {
        SHA256.hash(concatenating: [[0x01], left.bytes, right.bytes])
    }

    /// The audit path for leaf `index` (RFC 6962 §2.1.1 PATH(m, D[n])), leaf side first.
    /// - Precondition: `index` is a valid leaf index.
    public func inclusionProof(forLeafAt index: Int) -> InclusionProof {
        precondition(index >= 0 && index < self.count, "leaf index \(index) out of 0..<\(self.count)")
        var path: [Digest] = []
        MerkleTree.path(index, self.leafHashes[...], into: &path)
        return InclusionProof(leafIndex: UInt64(index), treeSize: UInt64(self.count), path: path)
    }

    /// Largest power of two strictly below `n` (n ≥ 2).
    static func split(_ n: Int) -> Int {
        var k = 1
        while k << 1 < n { k <<= 1 }
        return k
    }

    static func subtreeRoot(_ hashes: ArraySlice<Digest>) -> Digest {
        switch hashes.count {
        case 0: return Digest.ofEmpty
        case 1: return hashes[hashes.startIndex]
        default:
            let k = split(hashes.count)
            let mid = hashes.startIndex + k
            return nodeHash(subtreeRoot(hashes[..<mid]), subtreeRoot(hashes[mid...]))
        }
    }

    private static func path(_ m: Int, _ hashes: ArraySlice<Digest>, into path: inout [Digest]) {
        guard hashes.count > 1 else { return }
        let k = split(hashes.count)
        let mid = hashes.startIndex + k
        if m < k {
            MerkleTree.path(m, hashes[..<mid], into: &path)
            path.append(subtreeRoot(hashes[mid...]))
        } else {
            MerkleTree.path(m - k, hashes[mid...], into: &path)
            path.append(subtreeRoot(hashes[..<mid]))
        }
    }
}

/// Proof that one leaf is in a tree of a given size with a given root (RFC 6962 §2.1.1).
public struct InclusionProof: Hashable, Sendable {
    /// Zero-based index of the leaf.
    public let leafIndex: UInt64
    /// Number of leaves in the tree.
    public let treeSize: UInt64
    /// Sibling hashes from the leaf up to the root.
    public let path: [Digest]

    public init(leafIndex: UInt64, treeSize: UInt64, path: [Digest]) {
        self.leafIndex = leafIndex
        self.treeSize = treeSize
        self.path = path
    }

    /// Whether this proof shows that the leaf whose hash is `leafHash` is in the tree with `root`.
    /// Follows the verification algorithm of RFC 9162 §2.1.3.2, which rejects proofs of the wrong
    /// length as well as wrong hashes.
    public func verifies(leafHash: Digest, root: Digest) -> Bool {
        guard self.leafIndex < self.treeSize else { return false }
        var fn = self.leafIndex
        var sn = self.treeSize - 1
        var r = leafHash
        for p in self.path {
            if sn == 0 { return false }
            if fn & 1 == 1 || fn == sn {
                r = MerkleTree.nodeHash(p, r)
                while fn & 1 == 0 && fn != 0 {
                    fn >>= 1
                    sn >>= 1
                }
            } else {
                r = MerkleTree.nodeHash(r, p)
            }
            fn >>= 1
            sn >>= 1
        }
        return sn == 0 && r == root
    }

    /// Convenience: whether this proof shows raw `leaf` is in the tree with `root`.
    public func verifies(leaf: [UInt8], root: Digest) -> Bool {
        self.verifies(leafHash: MerkleTree.leafHash(leaf), root: root)
    }
}
