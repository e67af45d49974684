import SimKernel

/// Timing and size limits of the consensus.
public struct ConsensusSettings: Hashable, Sendable, Codable {
    /// Time from the parent block's timestamp to the next view-0 proposal.
    public var blockInterval: SimTime
    /// How long a view may last without a final block; doubles with each further view, up to 8x.
    public var viewTimeout: SimTime
    /// Most leaves in one block.
    public var maxLeavesPerBlock: Int
    /// Most bytes of header and leaves in one block (`Block.contentBytes`): the proposer fills
    /// blocks up to it and members refuse larger proposals. Nil for no limit.
    public var maxBlockBytes: Int?
    /// Distinct reporters that revoke a certificate (`RevocationRule`), or nil to run without the
    /// rule: then the node neither issues revocations nor checks those it is asked to vote on.
    public var revocationThreshold: Int?
    /// Final blocks the node keeps (`Chain.retainedBlocks`), or nil to keep them all.
    public var retainedBlocks: Int?
    /// Final blocks whose leaves the node remembers (`Chain.indexedBlocks`), or nil for all.
    public var indexedBlocks: Int?

    public init(
        blockInterval: SimTime, viewTimeout: SimTime, maxLeavesPerBlock: Int, maxBlockBytes: Int? = nil,
        revocationThreshold: Int? = nil, retainedBlocks: Int? = nil, indexedBlocks: Int? = nil
    ) {
        self.blockInterval = blockInterval
        self.viewTimeout = viewTimeout
        self.maxLeavesPerBlock = maxLeavesPerBlock
        self.maxBlockBytes = maxBlockBytes
        self.revocationThreshold = revocationThreshold
        self.retainedBlocks = retainedBlocks
        self.indexedBlocks = indexedBlocks
    }
}
