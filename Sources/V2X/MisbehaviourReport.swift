import SimKernel
import V2VCrypto

/// A station's report that another station's messages failed a plausibility check, addressed to
/// the RSUs (the misbehaviour authority of v2vsim). Modelled on ETSI TS 103 759: who reports, whom,
/// which check, when, and the evidence (the digest of the offending envelope).
///
/// Interface with the ledger: vehicles hand reports to an RSU in range, the RSUs put them in blocks
/// as report leaves (layout in docs/ledger.md), and once enough distinct reporters accuse one
/// certificate the ledger issues a revocation whose digest goes into `RevocationList`. `leafBytes`
/// is a standalone, domain-separated encoding of the report; the ledger's typed leaf carries the
/// same fields behind its own type byte instead.
public struct MisbehaviourReport: Hashable, Sendable, Codable {
    /// The check that fired.
    public enum Check: String, Hashable, Sendable, CaseIterable, Comparable, Codable {
        case range
        case speed
        case acceleration
        case positionJump = "position_jump"
        case suddenAppearance = "sudden_appearance"
        case overlap
        case beaconFrequency = "beacon_frequency"
        /// DENM: the warning's world position is not where its road position and lane put it.
        case hazardGeometry = "hazard_geometry"
        /// DENM: the sender's own claimed position is not behind the hazard within sensing range.
        case hazardSender = "hazard_sender"
        /// DENM: a vehicle known from its CAMs to be moving occupies the claimed spot.
        case hazardMovingVehicle = "hazard_moving_vehicle"
        /// DENM: the receiver's own range sensor covers the claimed spot and sees no stopped obstacle.
        case hazardNotSeen = "hazard_not_seen"
        /// CAM: the claimed heading is not the road's direction at the claimed point.
        case heading
        /// CAM: the claimed point is not on the claimed lane of the road.
        case roadFit = "road_fit"
        /// CAM: the claim does not continue the sender's Kalman-filtered track.
        case track
        /// CAM: the message itself is plausible, but its sender's recent messages were not
        /// (the per-sender decision, `detection.sender_*`).
        case senderHistory = "sender_history"
        /// CAM: the claim is, field for field, one another (longer-known) station sent shortly
        /// before: two vehicles cannot share one state to the millimetre, so it is a copy.
        case duplicate
        /// CAM: the claim was generated implausibly long before it was received and verified.
        case age
        /// CAM: the learned detector (`detection.model`) scored the message implausible while every
        /// rule check passed it. Appended last, so that earlier checks keep their indices in ledger leaves.
        case learned

        public static func < (lhs: Check, rhs: Check) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// The reporter's certificate digest at the time of the report.
    public let reporter: CertificateDigest
    /// The accused certificate.
    public let suspect: CertificateDigest
    public let check: Check
    /// When the check fired.
    public let time: SimTime
    /// SHA-256 of the offending envelope bytes (32 bytes).
    public let evidence: [UInt8]
    /// The detector that decided: the SHA-256 of the learned detector's model file, or
    /// `LearnedDetector.ruleBasedDigest` for the rule-based checks (and every DENM check).
    public let detector: Digest

    public init(
        reporter: CertificateDigest, suspect: CertificateDigest, check: Check, time: SimTime, evidence: [UInt8],
        detector: Digest = LearnedDetector.ruleBasedDigest
    ) {
        precondition(evidence.count == 32, "evidence is a SHA-256 digest")
        self.reporter = reporter
        self.suspect = suspect
        self.check = check
        self.time = time
        self.evidence = evidence
        self.detector = detector
    }

    /// Canonical leaf encoding for the ledger: "v2v.mbr.v2" ‖ reporter(8) ‖ suspect(8) ‖ check
    /// index (u8) ‖ time ns (i64 LE) ‖ evidence(32) ‖ detector(32). (v1 had no detector.)
    public var leafBytes: [UInt8] {
        var w = ByteWriter(capacity: 10 + 8 + 8 + 1 + 8 + 32 + 32)
        w.raw(Array("v2v.mbr.v2".utf8))
        w.raw(self.reporter.bytes)
        w.raw(self.suspect.bytes)
        w.u8(UInt8(Check.allCases.firstIndex(of: self.check)!))
        w.i64(self.time.nanoseconds)
        w.raw(self.evidence)
        w.raw(self.detector.bytes)
        return w.bytes
    }
}
