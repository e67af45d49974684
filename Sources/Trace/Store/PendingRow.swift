/// A row waiting in the recorder's buffer for the next batched transaction.
enum PendingRow: Sendable {
    case vehicle(VehicleRow)
    case message(MessageRow)
    case reception(ReceptionRow)
    case block(BlockRow)
    case anchor(AnchorRow)
    case incident(IncidentRow)
    case leaf(LeafRow)
    case consensus(ConsensusRow)
    case eventDigest(EventDigestRow)
    case decision(DecisionRow)
    case checkpoint(CheckpointRow)
}
