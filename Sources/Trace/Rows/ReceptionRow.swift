import SimKernel

/// What one receiver (vehicle or RSU) made of one message: radio outcome, verification, and use.
///
/// Stored in the `receptions` table; exported as `receptions.csv`.
public struct ReceptionRow: Sendable, Equatable {
    /// The message heard (see ``MessageRow/messageID``).
    public var messageID: UInt64
    /// `"vehicle"` or `"rsu"`.
    public var receiverKind: String
    /// Id of the receiving vehicle or RSU.
    public var receiverID: UInt32
    /// When the last bit arrived at the receiver.
    public var tReceived: SimTime
    /// Sender–receiver distance at transmission [m].
    public var distance: Double
    /// Radio result (`received`, `below_sensitivity`, `collision`, …).
    public var radioOutcome: String
    /// `"accepted"`, `"rejected"` or `"unchecked"`.
    public var verifyOutcome: String
    /// Rejection reason code, or `""` when there is none.
    public var reason: String
    /// When verification started (after waiting in the receiver's queue), or `nil` when not verified.
    public var tVerifyStart: SimTime?
    /// When verification finished, or `nil` when the message was not verified.
    public var tVerified: SimTime?
    /// Generation-to-verified (or to usable) latency, or `nil` when not applicable.
    public var latency: SimTime?
    /// Whether the receiver acted on the message's content.
    public var actedOn: Bool

    /// Creates a reception row; see the properties for units.
    public init(
        messageID: UInt64, receiverKind: String, receiverID: UInt32, tReceived: SimTime, distance: Double,
        radioOutcome: String, verifyOutcome: String, reason: String, tVerifyStart: SimTime? = nil, tVerified: SimTime?,
        latency: SimTime?,
        actedOn: Bool
    ) {
        self.messageID = messageID
        self.receiverKind = receiverKind
        self.receiverID = receiverID
        self.tReceived = tReceived
        self.distance = distance
        self.radioOutcome = radioOutcome
        self.verifyOutcome = verifyOutcome
        self.reason = reason
        self.tVerifyStart = tVerifyStart
        self.tVerified = tVerified
        self.latency = latency
        self.actedOn = actedOn
    }
}
