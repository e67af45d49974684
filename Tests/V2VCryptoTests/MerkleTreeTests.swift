import Testing
import V2VCrypto

/// A deliberately naive Merkle Tree Hash written straight from RFC 6962 §2.1, to check `MerkleTree`
/// against. It shares only SHA-256 with the code under test (and SHA-256 has its own known answers).
enum ReferenceMerkle {
    /// MTH({}) = SHA-256(); MTH({d(0)}) = SHA-256(0x00 || d(0));
    /// MTH(D[n]) = SHA-256(0x01 || MTH(D[0:k]) || MTH(D[k:n])), k the largest power of two < n.
    static func mth(_ leaves: ArraySlice<[UInt8]>) -> [UInt8] {
        let n = leaves.count
        if n == 0 { return SHA256.hash([UInt8]()).bytes }
        if n == 1 { return SHA256.hash([0x00] + leaves[leaves.startIndex]).bytes }
        let k = largestPowerOfTwo(below: n)
        let mid = leaves.startIndex + k
        return SHA256.hash([0x01] + mth(leaves[..<mid]) + mth(leaves[mid...])).bytes
    }

    /// PATH(m, D[n]) of RFC 6962 §2.1.1, each element with the side it sits on.
    static func path(_ m: Int, _ leaves: ArraySlice<[UInt8]>) -> [(hash: [UInt8], isRight: Bool)] {
        let n = leaves.count
        if n <= 1 { return [] }
        let k = largestPowerOfTwo(below: n)
        let mid = leaves.startIndex + k
        if m < k {
            return path(m, leaves[..<mid]) + [(mth(leaves[mid...]), true)]
        } else {
            return path(m - k, leaves[mid...]) + [(mth(leaves[..<mid]), false)]
        }
    }

    /// The side of each PATH(m, D[n]) element (true: the sibling is on the right), without hashing.
    static func shape(_ m: Int, _ n: Int) -> [Bool] {
        if n <= 1 { return [] }
        let k = largestPowerOfTwo(below: n)
        return m < k ? shape(m, k) + [true] : shape(m - k, n - k) + [false]
    }

    /// Counting up rather than the bit trick `MerkleTree` uses.
    static func largestPowerOfTwo(below n: Int) -> Int {
        var k = 1
        var candidate = 1
        while candidate < n {
            k = candidate
            candidate *= 2
        }
        return k
    }
}

/// Distinct leaves, one of them empty, of varying length.
func sampleLeaves(_ n: Int) -> [[UInt8]] {
    (0..<n).map { i in i == 0 ? [] : Array("leaf \(i) ".utf8) + [UInt8](repeating: UInt8(i), count: i % 7) }
}

func flippingBit(_ bit: Int, of digest: Digest) -> Digest {
    // A 32-byte array stays a valid digest.
    try! Digest(bytes: flippingBit(bit, of: digest.bytes))
}

@Suite("RFC 6962 Merkle trees")
struct MerkleTreeTests {
    static let sizes = 1...64

    @Test("The root equals the naive RFC 6962 MTH for 0 to 64 leaves")
    func rootMatchesReference() {
        for n in 0...64 {
            let leaves = sampleLeaves(n)
            let tree = MerkleTree(leaves: leaves)
            #expect(tree.count == n)
            #expect(tree.root.bytes == ReferenceMerkle.mth(leaves[...]), "n = \(n)")
            #expect(MerkleTree(leafHashes: leaves.map(MerkleTree.leafHash)).root == tree.root, "n = \(n)")
        }
    }

    @Test("The empty tree's root is SHA-256 of the empty string")
    func emptyRoot() {
        let tree = MerkleTree(leaves: [])
        #expect(tree.root == SHA256.hash([UInt8]()))
        #expect(tree.root.hex == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    /// Computed with Python's hashlib when the test was written:
    /// L(x) = sha256(b"\0" + x), N(a, b) = sha256(b"\1" + a + b), leaves b"a" … b"e".
    @Test("Known roots for the leaves \"a\" … \"e\"")
    func knownAnswers() {
        let leaves = ["a", "b", "c", "d", "e"].map { Array($0.utf8) }
        // L(a)
        #expect(MerkleTree(leaves: Array(leaves[..<1])).root.hex
            == "022a6979e6dab7aa5ae4c3e5e45f7e977112a7e63593820dbec1ec738a24f93c")
        // N(N(L(a), L(b)), L(c))
        #expect(MerkleTree(leaves: Array(leaves[..<3])).root.hex
            == "36642e73c2540ab121e3a6bf9545b0a24982cd830eb13d3cd19de3ce6c021ec1")
        // N(N(N(L(a), L(b)), N(L(c), L(d))), L(e))
        #expect(MerkleTree(leaves: leaves).root.hex
            == "fe14a5426fbd70c0fa73f52342afed0da0bd23c4838662ccf6b88a3070ead97b")
    }

    @Test("Leaf and node hashes use the 0x00 and 0x01 prefixes")
    func domainSeparation() {
        let a = MerkleTree.leafHash(Array("a".utf8))
        let b = MerkleTree.leafHash(Array("b".utf8))
        #expect(a == SHA256.hash([0x00, 0x61]))
        #expect(MerkleTree.nodeHash(a, b) == SHA256.hash([0x01] + a.bytes + b.bytes))
        // A two-leaf tree's root is not the leaf hash of the concatenated children.
        #expect(MerkleTree(leaves: [Array("a".utf8), Array("b".utf8)]).root != MerkleTree.leafHash(a.bytes + b.bytes))
    }

    @Test("Every proof matches RFC 6962 PATH and verifies, for every leaf of trees of 1 to 64 leaves")
    func everyProofVerifies() {
        for n in Self.sizes {
            let leaves = sampleLeaves(n)
            let tree = MerkleTree(leaves: leaves)
            for i in 0..<n {
                let proof = tree.inclusionProof(forLeafAt: i)
                #expect(proof.leafIndex == UInt64(i) && proof.treeSize == UInt64(n))
                #expect(proof.path.map(\.bytes) == ReferenceMerkle.path(i, leaves[...]).map(\.hash), "n \(n) i \(i)")
                #expect(proof.verifies(leaf: leaves[i], root: tree.root), "n \(n) i \(i)")
                #expect(proof.verifies(leafHash: tree.leafHashes[i], root: tree.root), "n \(n) i \(i)")
            }
        }
    }

    @Test("Flipping one bit of the leaf, of any path element or of the root makes a proof fail")
    func tamperedProofsFail() {
        for n in Self.sizes {
            let leaves = sampleLeaves(n)
            let tree = MerkleTree(leaves: leaves)
            for i in 0..<n {
                let proof = tree.inclusionProof(forLeafAt: i)
                let label = "n \(n) i \(i)"
                // Vary the bit with the case so that, over all cases, every bit position gets hit.
                let bit = (n * 31 + i * 7) % 256
                let flippedLeafHash = flippingBit(bit, of: tree.leafHashes[i])
                #expect(!proof.verifies(leafHash: flippedLeafHash, root: tree.root), "\(label)")
                if !leaves[i].isEmpty {
                    let leafBit = bit % (leaves[i].count * 8)
                    #expect(!proof.verifies(leaf: flippingBit(leafBit, of: leaves[i]), root: tree.root), "\(label)")
                }
                #expect(!proof.verifies(leaf: leaves[i] + [0], root: tree.root), "\(label)")
                #expect(!proof.verifies(leaf: leaves[i], root: flippingBit(bit, of: tree.root)), "\(label)")
                for element in proof.path.indices {
                    var path = proof.path
                    path[element] = flippingBit((bit + element) % 256, of: path[element])
                    let tampered = InclusionProof(leafIndex: proof.leafIndex, treeSize: proof.treeSize, path: path)
                    #expect(!tampered.verifies(leaf: leaves[i], root: tree.root), "\(label) element \(element)")
                }
                // A path one element too long or too short fails too.
                let longer = InclusionProof(
                    leafIndex: proof.leafIndex, treeSize: proof.treeSize, path: proof.path + [tree.root])
                #expect(!longer.verifies(leaf: leaves[i], root: tree.root), "\(label) longer")
                if !proof.path.isEmpty {
                    let shorter = InclusionProof(
                        leafIndex: proof.leafIndex, treeSize: proof.treeSize, path: Array(proof.path.dropLast()))
                    #expect(!shorter.verifies(leaf: leaves[i], root: tree.root), "\(label) shorter")
                }
            }
        }
    }

    @Test("A proof presented with another leaf index fails, in range or not")
    func wrongIndexFails() {
        for n in Self.sizes {
            let leaves = sampleLeaves(n)
            let tree = MerkleTree(leaves: leaves)
            for i in 0..<n {
                let proof = tree.inclusionProof(forLeafAt: i)
                for other in [0, i - 1, i + 1, n - 1, n, n + 1] where other >= 0 && other != i {
                    let moved = InclusionProof(leafIndex: UInt64(other), treeSize: proof.treeSize, path: proof.path)
                    #expect(!moved.verifies(leaf: leaves[i], root: tree.root), "n \(n) i \(i) as \(other)")
                }
                let huge = InclusionProof(leafIndex: .max, treeSize: proof.treeSize, path: proof.path)
                #expect(!huge.verifies(leaf: leaves[i], root: tree.root), "n \(n) i \(i) as max")
                // Another leaf's data under this proof fails as well.
                if n > 1 {
                    #expect(!proof.verifies(leaf: leaves[(i + 1) % n], root: tree.root), "n \(n) i \(i) other leaf")
                }
            }
        }
    }

    /// The root authenticates the leaves, not the tree size: RFC 9162 verification only uses the size
    /// to decide the shape of the path (its length and on which side each sibling sits). A size with
    /// the same shape for this index recomputes the same root and so verifies; every other size must
    /// fail. (Ledger blocks therefore have to sign the size next to the root, as CT's STH does.)
    @Test("A proof presented with another tree size fails unless that size gives the same path shape")
    func wrongSizeFails() {
        var sameShapeCases = 0
        for n in Self.sizes {
            let leaves = sampleLeaves(n)
            let tree = MerkleTree(leaves: leaves)
            for i in 0..<n {
                let proof = tree.inclusionProof(forLeafAt: i)
                let shape = ReferenceMerkle.shape(i, n)
                #expect(shape == ReferenceMerkle.path(i, leaves[...]).map(\.isRight))
                for size in [0, n - 1, n + 1, 2 * n, n + 64] where size != n && size >= 0 {
                    let resized = InclusionProof(leafIndex: proof.leafIndex, treeSize: UInt64(size), path: proof.path)
                    let sameShape = i < size && ReferenceMerkle.shape(i, size) == shape
                    if sameShape { sameShapeCases += 1 }
                    #expect(resized.verifies(leaf: leaves[i], root: tree.root) == sameShape,
                            "n \(n) i \(i) as size \(size)")
                }
            }
        }
        // For example leaf 0 of 3 leaves has the same shape as leaf 0 of 4 leaves.
        #expect(sameShapeCases > 0)
    }

    @Test("Proof length is log2(n) for n a power of two, at most ceil(log2(n)) otherwise, and as PATH says")
    func proofLength() {
        for n in Self.sizes {
            let tree = MerkleTree(leaves: sampleLeaves(n))
            let ceilLog = n == 1 ? 0 : Int.bitWidth - (n - 1).leadingZeroBitCount
            for i in 0..<n {
                let length = tree.inclusionProof(forLeafAt: i).path.count
                #expect(length == ReferenceMerkle.shape(i, n).count, "n \(n) i \(i)")
                if n.nonzeroBitCount == 1 {
                    #expect(length == ceilLog && 1 << length == n, "n \(n) i \(i)")
                } else {
                    // Leaves in the smaller right-hand subtree have shorter paths (5 leaves: leaf 4 has 1).
                    #expect(length >= 1 && length <= ceilLog, "n \(n) i \(i)")
                }
            }
        }
        #expect(MerkleTree(leaves: sampleLeaves(64)).inclusionProof(forLeafAt: 17).path.count == 6)
        #expect(MerkleTree(leaves: sampleLeaves(5)).inclusionProof(forLeafAt: 4).path.count == 1)
        #expect(MerkleTree(leaves: sampleLeaves(1)).inclusionProof(forLeafAt: 0).path.isEmpty)
    }
}
