import SimKernel
import V2VCrypto

/// Two signed proposals by one proposer for the same height and view with different blocks.
public struct EquivocationEvidence: Hashable, Sendable, Codable {
    public let proposer: RSUID
    public let height: UInt64
    public let view: UInt64
    public let first: Digest
    public let second: Digest
}

/// What a node asks its host to do after an input.
public enum ConsensusOutput: Sendable {
    /// Send `message` to `to` over the backhaul.
    case send(ConsensusMessage, to: RSUID)
    /// Send `message` to every other member.
    case broadcast(ConsensusMessage)
    /// Call `timerFired` with `timer` at `at`.
    case timer(ConsensusTimer, at: SimTime)
    /// This node appended `block` to its chain (by commit quorum or by catch-up).
    case finalised(Block, byCatchUp: Bool)
    /// This node saw its proposer equivocate.
    case equivocation(EquivocationEvidence)
    /// This node moved to `view` at `height` because the proposer was silent or misbehaved.
    case viewChanged(height: UInt64, view: UInt64)
}
