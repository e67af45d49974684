import SimKernel

/// One consensus message an RSU sent over the backhaul, or a view change it entered.
///
/// Stored in the `consensus` table; exported as `consensus.csv`.
public struct ConsensusRow: Sendable, Equatable {
    /// When the RSU sent the message (or entered the view).
    public var time: SimTime
    /// The sending RSU.
    public var rsu: UInt32
    /// `proposal`, `prepare`, `commit`, `view_change`, `sync_request`, `sync_response`, or
    /// `view_entered` for a view change the RSU carried out.
    public var kind: String
    /// The consensus view the message belongs to (0 for catch-up messages).
    public var view: UInt64
    /// The height the message is about (for catch-up, the first height asked for or sent).
    public var height: UInt64
    /// Approximate encoded size [B]; 0 for `view_entered`.
    public var bytes: Int
    /// Receivers the message was addressed to (1 for a send, n − 1 for a broadcast, 0 for `view_entered`).
    public var recipients: Int

    /// Creates a consensus row; see the properties for units.
    public init(time: SimTime, rsu: UInt32, kind: String, view: UInt64, height: UInt64, bytes: Int, recipients: Int) {
        self.time = time
        self.rsu = rsu
        self.kind = kind
        self.view = view
        self.height = height
        self.bytes = bytes
        self.recipients = recipients
    }
}
