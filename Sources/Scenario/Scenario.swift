import Ledger
import Radio
import SimKernel
import Traffic
import V2X

/// A validated scenario: everything a run needs besides the program itself.
///
/// Produced by `ScenarioLoader`; every value has been range-checked, so the simulation can use it
/// without further checks. The schema is documented in `docs/scenario.md`.
public struct Scenario: Hashable, Sendable {
    /// Name of the scenario, used in summaries and output paths.
    public var name: String
    /// Master seed of every random stream of the run.
    public var seed: UInt64
    /// Simulated duration of the run.
    public var duration: SimTime
    /// Traffic update step (default 100 ms).
    public var step: SimTime
    /// The road.
    public var road: RoadConfig
    /// Vehicle groups, in file order (at least one).
    public var traffic: [TrafficGroup]
    /// Beacon rate and size.
    public var beacons: BeaconConfig
    /// Radio channel.
    public var radio: RadioConfig
    /// Signature and verification settings.
    public var security: SecurityConfig
    /// Roadside units and their chain (`rsus` and `ledger` in the file).
    public var ledger: LedgerConfig
    /// Thresholds for incident detection.
    public var incidents: IncidentConfig
    /// Recording settings.
    public var record: RecordConfig
    /// Attackers (empty: everyone is honest).
    public var attackers: [AttackerConfig] = []
    /// The YAML text the scenario was decoded from: the file's text verbatim when nothing was
    /// overridden, otherwise the final tree serialized after a comment that lists the overrides.
    /// Stored in the trace; loading it again gives the same scenario.
    public var sourceText: String
    /// The path the scenario was loaded from, as given.
    public var sourcePath: String

    /// The weights files that `traffic[].policy` names, one per group that names one, in group
    /// order. The files are not read here: they are loaded and checked above `Scenario`
    /// (V2VSim's `LearnedPolicies`), with problems reported at these references' positions.
    public var policyReferences: [PolicyReference] = []

    /// The learned misbehaviour detector's weights file that `security.detection.model` names (its
    /// `group` is -1), nil for the rule-based detector. Loaded and checked above `Scenario`, like
    /// the policies, with problems reported at this reference's position.
    public var detectorReference: PolicyReference?

    /// Creates a scenario from its parts; `ScenarioLoader` is the usual way to get one.
    public init(
        name: String, seed: UInt64 = 1, duration: SimTime, step: SimTime = .milliseconds(100),
        road: RoadConfig = RoadConfig(), traffic: [TrafficGroup], beacons: BeaconConfig = BeaconConfig(),
        radio: RadioConfig = RadioConfig(), security: SecurityConfig = SecurityConfig(),
        ledger: LedgerConfig = LedgerConfig(), incidents: IncidentConfig = IncidentConfig(),
        record: RecordConfig = RecordConfig(), sourceText: String = "", sourcePath: String = ""
    ) {
        self.name = name
        self.seed = seed
        self.duration = duration
        self.step = step
        self.road = road
        self.traffic = traffic
        self.beacons = beacons
        self.radio = radio
        self.security = security
        self.ledger = ledger
        self.incidents = incidents
        self.record = record
        self.sourceText = sourceText
        self.sourcePath = sourcePath
    }
}
