import SimKernel

/// How much checking a receiver does before it acts on a message.
public enum VerificationMode: String, Hashable, Sendable, CaseIterable, Codable {
    /// Accept everything that decodes: the baseline that shows what verification buys.
    case none
    /// Check the signature and the signer, nothing else.
    case signature
    /// Signature, signer, freshness and replay.
    case full
}

/// Security settings of a scenario (`security`).
public struct SecurityConfig: Hashable, Sendable, Codable {
    public var verify: VerificationMode = .full
    /// A message generated longer ago than this is stale (ETSI/C2C-CC: 2 s for CAMs).
    public var freshness: SimTime = .seconds(2)
    /// A message generated more than this in the receiver's future is rejected (C2C-CC RS_BSP_168: 40 ms).
    public var futureTolerance: SimTime = .milliseconds(40)
    /// Modelled on-board cost of one signature.
    public var signCost: SimTime = .microseconds(50)
    /// Modelled on-board cost of one verification.
    public var verifyCost: SimTime = .microseconds(120)
    /// Messages that may wait for a station's verification processor; more are dropped and counted.
    public var queueCapacity: Int = 256
    /// Pseudonym change period: every vehicle takes a new key, certificate and station id this
    /// often (first change at a random phase within one period); nil keeps one pseudonym per run.
    public var pseudonymPeriod: SimTime? = nil
    /// Validity of a pseudonym certificate from its issue; nil is "to the end of the run + 1 h".
    public var certificateLifetime: SimTime? = nil
    /// How long a receiver acts on an accepted hazard warning (DENM) after its generation time:
    /// ETSI EN 302 637-3's validityDuration, 600 s by default there. Our DENM carries no such field
    /// yet, so every receiver applies this one.
    public var denmValidity: SimTime = .seconds(600)
    /// Misbehaviour detection (`detection` in a scenario).
    public var detection = DetectionConfig()
    /// Peer-to-peer certificate distribution (`p2p_certificates` and the `p2p_*` limits).
    public var p2p = CertificateDistributionConfig()

    public init() {}
}

/// Beacon (CAM-like broadcast) settings of a scenario (`beacons`).
public struct BeaconConfig: Hashable, Sendable {
    /// Beacons per second per vehicle (ETSI T_GenCamMin = 100 ms, so 10 Hz at most in the standard).
    public var rate: Double = 10
    /// Bytes of padding that stand for the rest of a real CAM's containers, so that airtime and
    /// sizes are realistic; 0 sends only the fields v2vsim models.
    public var extraPayload: Int = 0
    /// Whether vehicles send beacons at all; `false` leaves only traffic (and whatever else the scenario
    /// sends, such as hazard warnings), for traffic-only benchmarks.
    public var enabled = true

    public init() {}
}
