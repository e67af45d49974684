import SimKernel
import V2VCrypto

/// An event the RSU network asked its host to schedule, fed back to `RSUNetwork.handle(_:at:)` at
/// the time it named.
public enum RSUNetworkEvent: Sendable, Codable {
    /// A leaf one RSU took in (a heard message's digest, a vehicle's registration or report)
    /// arrives at the others over the backhaul.
    case leafForwarded(LedgerLeaf, from: RSUID)
    /// A consensus message reaches an RSU over the backhaul.
    case delivery(ConsensusMessage, from: RSUID, to: RSUID)
    /// A consensus timer of an RSU fires.
    case timer(ConsensusTimer, RSUID)
    /// Scenario fault `ledger.faults[index]` starts or ends.
    case fault(Int, starts: Bool)
}

/// What the host must do after an input to the RSU network. Effects come in the order the network
/// produced them; applying them in that order keeps a run deterministic.
public enum RSUNetworkEffect: Sendable {
    /// Call `handle(event, at: time)` at `time` (the ledger phase of the event queue).
    case schedule(RSUNetworkEvent, at: SimTime)
    /// An RSU sent a consensus message (one row of the trace's `consensus` table).
    case messageSent(ConsensusMessageSent)
    /// An RSU moved to a later view (a `view_entered` row of the `consensus` table).
    case viewEntered(rsu: RSUID, height: UInt64, view: UInt64)
    /// A height became final for the first time anywhere: the block for the trace, with the
    /// messages it anchors. The network keeps only a recent tail of blocks, so this is the one
    /// moment a block is handed out.
    case blockFinal(FinalBlock)
    /// Scenario fault `ledger.faults[index]` started or ended (for the run's event digest).
    case faultApplied(index: Int, starts: Bool)
}

/// One consensus message an RSU sent, as the trace records it.
public struct ConsensusMessageSent: Hashable, Sendable {
    /// The sender.
    public let rsu: RSUID
    /// `ConsensusMessage.kind`.
    public let kind: String
    /// The view (0 for catch-up messages).
    public let view: UInt64
    /// The height, or the first height asked for or sent by a catch-up message.
    public let height: UInt64
    /// `ConsensusMessage.approximateSize` [B], per recipient.
    public let bytes: Int
    /// How many RSUs it was addressed to.
    public let recipients: Int
}

/// Where a message digest came from, for its anchoring record.
public struct LeafOrigin: Hashable, Sendable, Codable {
    /// The run's id of the message.
    public let messageID: UInt64
    /// When the message was generated.
    public let generated: SimTime

    /// Wraps an origin.
    public init(messageID: UInt64, generated: SimTime) {
        self.messageID = messageID
        self.generated = generated
    }
}

/// A block that became final, with the anchoring of the messages it carries.
public struct FinalBlock: Sendable {
    /// One message anchored by the block.
    public struct Anchor: Hashable, Sendable {
        /// Index of the message's leaf in the block.
        public let leafIndex: Int
        /// Where the message came from.
        public let origin: LeafOrigin
    }

    /// The block with its quorum of votes.
    public let block: Block
    /// When it became final.
    public let time: SimTime
    /// The message leaves it anchors for the first time, in leaf order.
    public let anchors: [Anchor]
}
