import SimKernel

/// What the RSU network counted during a run: finality, anchoring, consensus traffic, faults and
/// everything it dropped. Fixed size whatever the run's length.
public struct RSUNetworkStats: Sendable, Codable {
    /// Heights that became final (the first final block of each).
    public internal(set) var blocksFinal = 0
    /// Blocks the RSUs appended, all chains together, each checked against the first final block
    /// of its height (the safety check).
    public internal(set) var blocksChecked = 0
    /// Blocks appended by catch-up (sync) rather than by a commit quorum.
    public internal(set) var catchUpBlocks = 0
    /// Size of the final chain [B]: headers, typed leaves (type byte and body), 68-byte votes.
    public internal(set) var chainBytes = 0
    /// Leaves in final blocks, by `LeafKind.rawValue`.
    public internal(set) var leavesByKind = [Int](repeating: 0, count: Int(LeafKind.allCases.map(\.rawValue).max()!) + 1)
    /// Heard messages anchored, with the sums and maximum behind the anchoring latencies.
    public internal(set) var leavesAnchored = 0
    public internal(set) var anchoringLatencyTotal: SimTime = .zero
    public internal(set) var anchoringLatencyMax: SimTime = .zero
    public internal(set) var includedLatencyTotal: SimTime = .zero
    /// When the last scenario fault ends, and the first finality at or after it.
    public internal(set) var lastFaultEnd: SimTime?
    public internal(set) var firstFinalAfterFaults: SimTime?
    /// Distinct (height, view) pairs above view 0 that some RSU entered.
    public internal(set) var viewChanges = 0
    /// Distinct equivocations (two signed proposals for one height and view) that RSUs caught.
    public internal(set) var equivocationsDetected = 0
    /// Consensus messages sent, by `ConsensusMessage.kind`, and the bytes they put on the backhaul.
    public internal(set) var messagesSent: [String: Int] = [:]
    public internal(set) var messageBytes = 0
    /// Backhaul messages (consensus and forwarded leaves) sent, lost to the loss probability, and
    /// blocked by crashes and partitions.
    public internal(set) var backhaulSent = 0
    public internal(set) var backhaulLost = 0
    public internal(set) var backhaulBlocked = 0

    // Drops: what the network refused or gave up, each counted, none silent.
    /// Leaves refused by a full mempool (all RSUs together).
    public internal(set) var mempoolDropped = 0
    /// Heard-message records given up because the wait list was full (`AnchorWaitList`).
    public internal(set) var anchorRecordsEvicted = 0
    /// Consensus messages for the next height that did not fit an RSU's early buffer.
    public internal(set) var earlyMessagesDropped = 0
    /// Catch-up requests for blocks older than the retained tail, which no RSU can serve.
    public internal(set) var syncRequestsUnserved = 0

    /// Copies of leaves refused because the RSU's chain already anchored them (within its indexed
    /// tail, `RSUNetwork.indexedBlocks`). Not a loss: the leaf is on the chain once.
    public internal(set) var alreadyAnchoredRefused = 0

    /// Every drop above together.
    public var totalDropped: Int {
        self.mempoolDropped + self.anchorRecordsEvicted + self.earlyMessagesDropped + self.syncRequestsUnserved
    }
}
