import SimKernel
import V2VCrypto

/// The finalised blocks, in height order, and the index that finds where a message was anchored.
///
/// Only `appendFinal` adds blocks, and it accepts only a block that validates against the tip and
/// carries a quorum of valid votes, so `blocks` is always a chain that `ChainAuditor` passes.
///
/// A chain may keep only a recent tail (`retainedBlocks`), as an RSU of a long run does: the
/// blocks before it have been written out (the trace) and left memory, and so have their leaves'
/// index entries beyond `indexedBlocks`. Heights stay absolute: `blocks[i]` has height
/// `firstRetainedHeight + i`.
public struct Chain: Sendable {
    /// Where an anchored digest sits.
    private struct LeafLocation: Sendable, Codable {
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
    /// The retained final blocks; `blocks[i]` has height `firstRetainedHeight + i` (all of them,
    /// from height 0, without a retention limit).
    public private(set) var blocks: [Block] = []
    /// Height of `blocks.first`: the blocks before it left memory.
    public private(set) var firstRetainedHeight: UInt64 = 0
    /// Most recent blocks kept, or nil for all. Older ones are dropped in batches of a quarter of
    /// this, so up to 1.25 times as many may be held.
    public let retainedBlocks: Int?
    /// Most recent blocks whose leaves `contains(leaf:)` and `inclusionProof(forLeaf:)` know, or
    /// nil for all retained blocks.
    public let indexedBlocks: Int?
    /// Height of the oldest block whose leaves are in `anchors`.
    private var firstIndexedHeight: UInt64 = 0
    /// First anchoring of each digest. A dictionary for look-up only; nothing iterates it.
    private var anchors: [LedgerLeaf: LeafLocation] = [:]

    /// Most bytes of header and leaves in one block (`Block.contentBytes`), or nil for no limit.
    public let maxBlockBytes: Int?

    /// An empty chain for `committee`, refusing blocks larger than `maxBlockBytes`, keeping the
    /// last `retainedBlocks` blocks and indexing the leaves of the last `indexedBlocks` (nil: all).
    /// - Precondition: the limits are positive.
    public init(committee: RSUCommittee, maxBlockBytes: Int? = nil, retainedBlocks: Int? = nil, indexedBlocks: Int? = nil) {
        precondition((retainedBlocks ?? 1) > 0 && (indexedBlocks ?? 1) > 0, "a chain keeps at least one block")
        self.committee = committee
        self.maxBlockBytes = maxBlockBytes
        self.retainedBlocks = retainedBlocks
        self.indexedBlocks = indexedBlocks
    }

    /// The height the next block must have (the number of final blocks).
    public var height: UInt64 { self.firstRetainedHeight + UInt64(self.blocks.count) }

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
        self.forgetOldLeaves()
        self.dropOldBlocks()
    }

    /// Removes the index entries of blocks older than `indexedBlocks`.
    private mutating func forgetOldLeaves() {
        guard let indexed = self.indexedBlocks else { return }
        while self.height - self.firstIndexedHeight > UInt64(indexed) {
            let old = self.firstIndexedHeight
            if let block = self.block(atHeight: old) {
                for leaf in block.leaves where self.anchors[leaf]?.height == old { self.anchors[leaf] = nil }
            }
            self.firstIndexedHeight += 1
        }
    }

    /// Drops the blocks before the retained tail, a quarter of the limit at a time.
    private mutating func dropOldBlocks() {
        guard let retained = self.retainedBlocks else { return }
        let batch = max(1, retained / 4)
        guard self.blocks.count >= retained + batch else { return }
        let drop = self.blocks.count - retained
        for height in self.firstRetainedHeight..<(self.firstRetainedHeight + UInt64(drop)) where height >= self.firstIndexedHeight {
            for leaf in self.blocks[Int(height - self.firstRetainedHeight)].leaves where self.anchors[leaf]?.height == height {
                self.anchors[leaf] = nil
            }
        }
        self.blocks.removeFirst(drop)
        self.firstRetainedHeight += UInt64(drop)
        self.firstIndexedHeight = max(self.firstIndexedHeight, self.firstRetainedHeight)
    }

    /// Whether a final block already anchors `leaf` (among the indexed blocks, with a limit).
    public func contains(leaf: LedgerLeaf) -> Bool { self.anchors[leaf] != nil }

    /// The block at `height`, if final and still retained.
    public func block(atHeight height: UInt64) -> Block? {
        height >= self.firstRetainedHeight && height < self.height ? self.blocks[Int(height - self.firstRetainedHeight)] : nil
    }

    /// Where `leaf` was first anchored, with the RFC 6962 proof that it is under that block's
    /// `merkleRoot`. Check it with `proof.verifies(leafHash: leaf.leafHash, root:)`.
    /// - Returns: nil when no final block holds `leaf` (or, with retention limits, none of the
    ///   indexed blocks).
    /// - Complexity: O(n) hashes for the n leaves of the block that holds it.
    public func inclusionProof(forLeaf leaf: LedgerLeaf) -> (height: UInt64, leafIndex: Int, proof: InclusionProof)? {
        guard let location = self.anchors[leaf], let block = self.block(atHeight: location.height) else { return nil }
        let tree = block.merkleTree()
        return (location.height, location.leafIndex, tree.inclusionProof(forLeafAt: location.leafIndex))
    }
}

/// A chain encodes its leaf index as locations only: each indexed leaf is the leaf at its location,
/// in a retained block the encoding holds anyway, so storing the leaf a second time as the key
/// bought nothing (at 1000 vehicles the index of an RSU held tens of thousands of leaves).
extension Chain: Codable {
    private enum CodingKeys: String, CodingKey {
        case committee, blocks, firstRetainedHeight, retainedBlocks, indexedBlocks, firstIndexedHeight, anchors
        case maxBlockBytes
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.committee = try container.decode(RSUCommittee.self, forKey: .committee)
        self.blocks = try container.decode([Block].self, forKey: .blocks)
        self.firstRetainedHeight = try container.decode(UInt64.self, forKey: .firstRetainedHeight)
        self.retainedBlocks = try container.decode(Int?.self, forKey: .retainedBlocks)
        self.indexedBlocks = try container.decode(Int?.self, forKey: .indexedBlocks)
        self.firstIndexedHeight = try container.decode(UInt64.self, forKey: .firstIndexedHeight)
        self.maxBlockBytes = try container.decode(Int?.self, forKey: .maxBlockBytes)
        for location in try container.decode([LeafLocation].self, forKey: .anchors) {
            guard location.leafIndex >= 0, let block = self.block(atHeight: location.height),
                  location.leafIndex < block.leaves.count else {
                let entry = "\(location.height).\(location.leafIndex)"
                throw DecodingError.dataCorruptedError(
                    forKey: .anchors, in: container,
                    debugDescription: "leaf index entry \(entry) names no retained leaf")
            }
            guard self.anchors.updateValue(location, forKey: block.leaves[location.leafIndex]) == nil else {
                throw DecodingError.dataCorruptedError(
                    forKey: .anchors, in: container, debugDescription: "leaf indexed twice")
            }
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.committee, forKey: .committee)
        try container.encode(self.blocks, forKey: .blocks)
        try container.encode(self.firstRetainedHeight, forKey: .firstRetainedHeight)
        try container.encode(self.retainedBlocks, forKey: .retainedBlocks)
        try container.encode(self.indexedBlocks, forKey: .indexedBlocks)
        try container.encode(self.firstIndexedHeight, forKey: .firstIndexedHeight)
        try container.encode(self.maxBlockBytes, forKey: .maxBlockBytes)
        // In chain order, which is canonical (the dictionary's is the process's hash seed's).
        let locations = self.anchors.values.sorted { ($0.height, $0.leafIndex) < ($1.height, $1.leafIndex) }
        try container.encode(locations, forKey: .anchors)
    }
}
