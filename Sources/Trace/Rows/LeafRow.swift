import SimKernel

/// One typed leaf of a final block: a message digest, a misbehaviour report, a certificate
/// revocation or a registration (layouts in docs/ledger.md).
///
/// Stored in the `leaves` table; exported as `leaves.csv`. Every leaf of every final block has a row,
/// so an auditor rebuilds each block's Merkle tree from this table alone; message leaves also have an
/// `anchors` row that names the message.
public struct LeafRow: Sendable, Equatable {
    /// Height of the block that holds the leaf.
    public var height: UInt64
    /// Index of the leaf in that block's Merkle tree.
    public var leafIndex: Int
    /// The leaf kind: `message`, `report`, `revocation` or `registration`.
    public var kind: String
    /// The leaf bytes: the type byte, then the canonical body.
    public var leaf: [UInt8]
    /// The RFC 6962 leaf hash SHA-256(0x00 ‖ leaf), lowercase hex.
    public var leafHash: String
    /// When the block holding it became final.
    public var tFinal: SimTime

    /// Creates a leaf row; see the properties for units.
    public init(height: UInt64, leafIndex: Int, kind: String, leaf: [UInt8], leafHash: String, tFinal: SimTime) {
        self.height = height
        self.leafIndex = leafIndex
        self.kind = kind
        self.leaf = leaf
        self.leafHash = leafHash
        self.tFinal = tFinal
    }
}
