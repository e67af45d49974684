import SimKernel

/// Where one message was anchored in the ledger.
///
/// Stored in the `anchors` table; exported as `anchors.csv`.
public struct AnchorRow: Sendable, Equatable {
    /// The anchored message (see ``MessageRow/messageID``).
    public var messageID: UInt64
    /// Height of the block that holds it.
    public var height: UInt64
    /// Index of its leaf in that block's Merkle tree.
    public var leafIndex: Int
    /// The RFC 6962 leaf hash, lowercase hex.
    public var leafHash: String
    /// When the message was generated.
    public var tGenerated: SimTime
    /// When the block holding it became final.
    public var tFinal: SimTime

    /// Creates an anchor row; see the properties for units.
    public init(
        messageID: UInt64, height: UInt64, leafIndex: Int, leafHash: String, tGenerated: SimTime, tFinal: SimTime
    ) {
        self.messageID = messageID
        self.height = height
        self.leafIndex = leafIndex
        self.leafHash = leafHash
        self.tGenerated = tGenerated
        self.tFinal = tFinal
    }
}
