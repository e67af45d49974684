import SimKernel

/// Why a receiver refused a message. Each step of the verifier pipeline has one; the raw value is
/// what the trace records.
public enum RejectionReason: String, Sendable, CaseIterable, Comparable, Codable {
    case decodeError = "decode_error"
    case unknownSigner = "unknown_signer"
    case badCertificate = "bad_certificate"
    case expiredCertificate = "expired_certificate"
    case badSignature = "bad_signature"
    case stale
    case future
    case replayed
    /// The receiver's verification queue was full; the message was dropped unverified.
    case queueOverflow = "queue_overflow"
    /// The signer's certificate is on the ledger's revocation list.
    case revoked
    /// Plausibility checks (verification mode `full`): the claim cannot be true.
    case implausibleRange = "implausible_range"
    case implausibleSpeed = "implausible_speed"
    case implausibleAcceleration = "implausible_acceleration"
    case implausiblePositionJump = "implausible_position_jump"
    case implausibleAppearance = "implausible_sudden_appearance"
    case implausibleOverlap = "implausible_overlap"
    case implausibleBeaconFrequency = "implausible_beacon_frequency"
    /// Plausibility checks on hazard warnings (DENMs), mode `full`.
    case implausibleHazardGeometry = "implausible_hazard_geometry"
    case implausibleHazardSender = "implausible_hazard_sender"
    case implausibleHazardMovingVehicle = "implausible_hazard_moving_vehicle"
    case implausibleHazardNotSeen = "implausible_hazard_not_seen"
    /// Confidence-based CAM checks added after the hazard checks (appended, so that the earlier
    /// reasons keep their codes in traces and event digests).
    case implausibleHeading = "implausible_heading"
    case implausibleRoadFit = "implausible_road_fit"
    case implausibleTrack = "implausible_track"
    case implausibleSenderHistory = "implausible_sender_history"
    case implausibleDuplicate = "implausible_duplicate"
    case implausibleAge = "implausible_age"
    /// The learned detector (`detection.model`) found the CAM implausible; no rule check did.
    case implausibleLearned = "implausible_learned"

    /// The rejection reason of a failed plausibility check.
    public init(_ check: MisbehaviourReport.Check) {
        switch check {
        case .range: self = .implausibleRange
        case .speed: self = .implausibleSpeed
        case .acceleration: self = .implausibleAcceleration
        case .positionJump: self = .implausiblePositionJump
        case .suddenAppearance: self = .implausibleAppearance
        case .overlap: self = .implausibleOverlap
        case .beaconFrequency: self = .implausibleBeaconFrequency
        case .hazardGeometry: self = .implausibleHazardGeometry
        case .hazardSender: self = .implausibleHazardSender
        case .hazardMovingVehicle: self = .implausibleHazardMovingVehicle
        case .hazardNotSeen: self = .implausibleHazardNotSeen
        case .heading: self = .implausibleHeading
        case .roadFit: self = .implausibleRoadFit
        case .track: self = .implausibleTrack
        case .senderHistory: self = .implausibleSenderHistory
        case .duplicate: self = .implausibleDuplicate
        case .age: self = .implausibleAge
        case .learned: self = .implausibleLearned
        }
    }

    public static func < (lhs: RejectionReason, rhs: RejectionReason) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// The verdict on one received message.
public enum VerificationOutcome: Equatable, Sendable, Codable {
    /// Every check the mode asks for passed.
    case accepted
    /// A check failed.
    case rejected(RejectionReason)
    /// Verification mode `none`: decoded and taken at face value.
    case unchecked

    /// "accepted", "rejected" or "unchecked", as the trace writes it.
    public var label: String {
        switch self {
        case .accepted: return "accepted"
        case .rejected: return "rejected"
        case .unchecked: return "unchecked"
        }
    }

    /// The reason code, or "" when not rejected.
    public var reasonCode: String {
        if case let .rejected(r) = self { return r.rawValue }
        return ""
    }

    /// Whether a receiver may act on the message.
    public var isUsable: Bool { self == .accepted || self == .unchecked }
}
