import Ledger
import Radio
import SimKernel
import Traffic
import V2VCrypto
import V2X

/// Everything of a running `Simulation` that changes while it runs, as one `Codable` value: the
/// checkpoint's content. What is not here is rebuilt by `Simulation.init(scenario:policies:)` from
/// the scenario and seed (the CA and RSU keys, the committee, the road for perception, the
/// beacon period) or only changes how fast a run goes, never its results: the signature memo (a
/// cache of pure verdicts; a resumed run starts it empty) and the traffic tick's scratch buffers
/// (refilled from scratch every step).
///
/// The RSUs' keys are not stored (re-derived from the seed); the revocation list, which every
/// verifier shares by reference, is stored once and re-linked into each verifier on restore.
struct SimulationState: Codable {
    /// Format of this struct's encoding; bump it whenever a stored type changes shape.
    /// 2: uplink state (queues, RSU acknowledgements) and a placeholder per station for its learned
    /// detector, which is not stored (it is reloaded from the scenario).
    /// 3: certificates stored once, in a table by digest; replay windows and recent claims store
    /// their live entries only (format 2 stored every certificate where held, and dead entries).
    /// 4: wire format 3 (requested certificate), stations' pending-certificate holds and
    /// neighbour answers, and the frames those holds wait on (`heldFrames`).
    /// 5: IDM parameters carry the ACC model's coolness.
    static let formatVersion = 5

    var now: SimTime
    var queue: EventQueue<SimulationEvent>
    var world: TrafficWorld
    var rsuVerifiers: [StationVerifier]
    var rsuProcessors: [VerificationProcessor]
    var agents: [VehicleAgentState?]
    var vehicleIndex: [Int?]
    var stationPositions: [StationPosition]
    var medium: RadioMedium
    var channel: ChannelState?
    var revocations: [RevocationList.Entry]
    var detection: DetectionState
    var attackerTypes: [AttackType]
    var attackerVehicles: [AttackerVehicle]
    var metrics: RunMetrics
    var eventDigest: SHA256Hasher
    var digestLog: EventDigestLog
    var reportedHazards: [Bool]
    var lastHazardWarning: [SimTime?]
    var hazardChecks: HazardCheckState
    var inFlight: [UInt64: Transmission]
    var heldFrames: [UInt64: HeldFrame]
    var nextMessageID: UInt64
    var rsuNetwork: RSUNetwork
    var uplink: LedgerUplink

    /// One entry of `Simulation.attackerVehicles` (a tuple there, which `Codable` cannot spell).
    struct AttackerVehicle: Codable {
        var raw: Int
        var type: AttackType
    }

    /// A `VehicleAgent`: its station and the ground-truth labels of its hazard beliefs.
    struct VehicleAgentState: Codable {
        var station: VehicleStation
        var falseHazards: Set<HazardKey>
    }
}
