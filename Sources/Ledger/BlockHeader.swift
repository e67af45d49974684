import SimKernel
import V2VCrypto

/// The signed part of a block: what the committee votes on and what the next block links to.
///
/// The header commits to the block's leaves through `merkleRoot` and `leafCount`, so a vote over
/// the header hash covers the whole block. The byte layout is in `BlockHeader+Encoding.swift` and
/// in `docs/ledger.md`.
public struct BlockHeader: Hashable, Sendable, Codable {
    /// The layout version; this code writes and reads version 1 only.
    public var version: UInt8 = 1
    /// Position in the chain; the first block has height 0.
    public var height: UInt64
    /// Hash of the previous block's header; 32 zero bytes for the first block.
    public var previousHash: Digest
    /// RFC 6962 Merkle root over the block's leaves (SHA-256 of the empty string when there are none).
    public var merkleRoot: Digest
    /// Simulated time at which the proposer built the block.
    public var timestamp: SimTime
    /// The RSU that proposed the block.
    public var proposer: RSUID
    /// Number of leaves in the block.
    public var leafCount: UInt32

    /// Creates a header from its fields.
    public init(
        version: UInt8 = 1,
        height: UInt64,
        previousHash: Digest,
        merkleRoot: Digest,
        timestamp: SimTime,
        proposer: RSUID,
        leafCount: UInt32
    ) {
        self.version = version
        self.height = height
        self.previousHash = previousHash
        self.merkleRoot = merkleRoot
        self.timestamp = timestamp
        self.proposer = proposer
        self.leafCount = leafCount
    }

    /// SHA-256 of `encoded()`: the block's identity, signed by votes and linked by the next block.
    public var hash: Digest { SHA256.hash(self.encoded()) }
}
