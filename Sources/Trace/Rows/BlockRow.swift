import SimKernel

/// One finalised block of the RSU ledger.
///
/// Stored in the `blocks` table; exported as `blocks.csv`.
public struct BlockRow: Sendable, Equatable {
    /// Block height (genesis = 0).
    public var height: UInt64
    /// The block's hash, lowercase hex.
    public var hash: String
    /// The parent block's hash, lowercase hex.
    public var previousHash: String
    /// RFC 6962 Merkle root over the block's leaves, lowercase hex.
    public var merkleRoot: String
    /// Id of the RSU that proposed the block.
    public var proposer: UInt32
    /// When the block was proposed.
    public var tProposed: SimTime
    /// When a quorum of signatures made it final.
    public var tFinal: SimTime
    /// Number of Merkle leaves.
    public var leafCount: Int
    /// Quorum signatures as `"rsu:sighex;rsu:sighex"`.
    public var signatures: String
    /// The encoded block header bytes that were hashed and signed.
    public var headerBytes: [UInt8]

    /// Creates a block row; see the properties for units.
    public init(
        height: UInt64, hash: String, previousHash: String, merkleRoot: String, proposer: UInt32,
        tProposed: SimTime, tFinal: SimTime, leafCount: Int, signatures: String, headerBytes: [UInt8]
    ) {
        self.height = height
        self.hash = hash
        self.previousHash = previousHash
        self.merkleRoot = merkleRoot
        self.proposer = proposer
        self.tProposed = tProposed
        self.tFinal = tFinal
        self.leafCount = leafCount
        self.signatures = signatures
        self.headerBytes = headerBytes
    }
}
