import SimKernel

/// What a station's plausibility checks found on one message that passed the cryptographic checks.
public enum PlausibilityFinding: Hashable, Sendable {
    case plausible
    case implausible(MisbehaviourReport.Check)

    /// The failed check, nil when plausible.
    public var check: MisbehaviourReport.Check? {
        if case let .implausible(check) = self { return check }
        return nil
    }
}

/// When a station's processor verified one message.
public struct VerificationTiming: Hashable, Sendable, Codable {
    public let start: SimTime
    public let done: SimTime

    public init(start: SimTime, done: SimTime) {
        self.start = start
        self.done = done
    }
}

/// A station's answer to one received frame: what it decided and what changed in its beliefs.
///
/// Everything here follows from the frame's bytes, the arrival time, the receiver's own state and
/// the station's history; nothing from ground truth. A scorer that knows which frames were attacks
/// reads verdicts beside its labels.
public struct ReceptionVerdict: Sendable {
    /// The verification outcome with its reason.
    public var outcome: VerificationOutcome
    /// When the processor verified it; nil when the bounded queue was full.
    public var timing: VerificationTiming?
    /// The station acted on it: it is now the belief about the vehicle directly ahead (CAM), or a
    /// hazard new to the station (DENM).
    public var actedOn = false
    /// The decoded message's type, nil on a decode error.
    public var messageType: MessageType?
    /// What the plausibility checks found; nil when they did not run (detection off, verification
    /// not `full`, the message failed earlier or its payload did not decode).
    public var plausibility: PlausibilityFinding?
    /// The CAM's `DetectorFeatures` vector, when the station collects them (training data) or runs a
    /// learned detector; nil otherwise.
    public var detectorFeatures: [Double]?
    /// The station whose belief this message created or renewed (an accepted CAM).
    public var beliefUpdated: UInt32?
    /// The known station this new one was linked to as its previous pseudonym; that belief was
    /// replaced when accepted.
    public var linkedFrom: UInt32?
    /// The hazard this message added to the station's beliefs (an accepted DENM that was new).
    public var hazardAdded: HazardKey?
    /// Hazard beliefs this message made the station drop (a refuted DENM), in their order.
    public var hazardsDropped: [HazardKey] = []
    /// The misbehaviour report the station sends about the message's signer, if any.
    public var report: MisbehaviourReport?
    /// The message waits in the pending-certificate hold for its signer's certificate: `outcome`
    /// (`unknown_signer`) is not final, and its verdict comes later in some `resolved` list.
    public var held = false
    /// Final verdicts on earlier held messages that this reception decided (released by a
    /// certificate it brought, expired, or evicted by it), in the order they were decided.
    public var resolved: [HeldVerdict] = []

    public init(outcome: VerificationOutcome, timing: VerificationTiming?) {
        self.outcome = outcome
        self.timing = timing
    }
}

/// What a station's review of its hazard beliefs changed.
public struct HazardReview: Sendable {
    /// Beliefs dropped (sender revoked, or refuted by the station's own sensor), in their order.
    public var dropped: [HazardKey] = []
    /// Reports about refuted warnings, in the order of the beliefs.
    public var reports: [MisbehaviourReport] = []

    public init() {}
}

/// The receiving vehicle's own state when a frame arrives, as its station sees it.
public struct ReceiverState: Sendable {
    /// Road position of the front bumper [m] and the lane the driver follows in.
    public var position: Double
    public var lane: Int
    /// World position of the vehicle's centre [m].
    public var x: Double
    public var y: Double

    public init(position: Double, lane: Int, x: Double, y: Double) {
        self.position = position
        self.lane = lane
        self.x = x
        self.y = y
    }
}
