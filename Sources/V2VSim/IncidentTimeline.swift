import SimKernel
import Trace
import V2X

/// An investigator's timeline of a window of a recorded run, rebuilt from the trace's rows alone (no
/// re-run): for each vehicle asked for, at every sample time (10 Hz), its ground truth next to what it
/// believed (its neighbour table and hazard warnings, rebuilt from the messages it accepted, each with
/// the message that set it and the truth it stood for), what its learned policy saw and decided, and
/// every message it sent or heard with the outcome, reason and latency.
///
/// The default window around an incident is the event-data-recorder window of the 2024 amendments to
/// 49 CFR Part 563 (20 s before the event, sampled at 10 Hz); see docs/trace.md, "Incident timeline".
public struct IncidentTimeline: Sendable {
    /// The window shown: [from, to], the vehicles, and the incident it is around (if any).
    public let window: TimelineWindow
    /// The sample times, `window.from` to `window.to` every ``TimelineWindow/sampleInterval``.
    public let sampleTimes: [SimTime]
    /// One timeline per vehicle, in the order of `window.vehicles`.
    public var vehicles: [VehicleTimeline]
    /// What the recording left out that the timeline would show (a reception level that drops
    /// accepted rows, no decisions table, FCD coarser than the samples, …); empty when nothing is.
    public var missing: [String]
    /// What rebuilt beliefs cannot show even from a complete recording (events the trace has no row for).
    public var caveats: [String]
}

/// One vehicle's side of the window.
public struct VehicleTimeline: Sendable {
    public let vehicle: UInt32
    /// Its policy and type (from its first FCD row in the window), and whether it sent attack messages.
    public var policy = ""
    public var type = ""
    public var attacker: String?
    public var samples: [TimelineSample] = []
    /// Messages it sent and heard, and the belief changes they made, in time order.
    public var events: [TimelineEvent] = []
}

/// A vehicle at one sample time: truth, beliefs and decision.
public struct TimelineSample: Sendable {
    public let time: SimTime
    /// Its latest FCD row at or before `time` (nil before its first; its `time` says how old it is).
    public var truth: VehicleRow?
    /// Every neighbour it held a belief about, by station id.
    public var neighbours: [BeliefAtSample] = []
    /// Every hazard warning it held, in the order it took them.
    public var hazards: [HazardAtSample] = []
    /// The station it took for its leader (nearest usable belief ahead in its lane), as its driver does.
    public var leaderStation: UInt32?
    /// Its latest decision row at or before `time` (learned policies only), and the shield override
    /// column's value when the trace has one.
    public var decision: DecisionRow?
    public var shieldOverride: String?

    /// The belief taken as leader.
    public var leader: BeliefAtSample? { self.neighbours.first { $0.station == self.leaderStation } }
}

/// One neighbour-table entry at a sample time, with the truth of the vehicle whose message set it.
public struct BeliefAtSample: Sendable {
    /// The station id the claim carries (a pseudonym's id, or a Sybil ghost's).
    public var station: UInt32
    /// The accepted message that set the belief, its true sender and attack kind (ground truth).
    public var messageID: UInt64
    public var sender: UInt32?
    public var attacker: String?
    /// What the message claimed, when it was generated, and from when the receiver could use it.
    public var claim: SensorBroadcast
    public var generated: SimTime
    public var availableAt: SimTime
    /// `time − generated`.
    public var age: SimTime
    /// Whether it was usable at the sample time (verification had finished).
    public var usable: Bool
    /// Where the receiver expects it now [m along the road]: the claimed position moved on at the
    /// claimed speed, as the driver uses it.
    public var believedPosition: Double
    /// The sender's latest FCD row at or before the sample time, and the errors of the belief against
    /// where it really was then (believed − true position [m], claimed − true speed [m/s]; between FCD
    /// rows the truth is interpolated); nil without a row.
    public var truth: VehicleRow?
    public var positionError: Double?
    public var speedError: Double?
    /// Believed gap from the receiver's front bumper to its rear [m], when it is ahead in the same lane.
    public var gap: Double?
}

/// One hazard-warning belief at a sample time.
public struct HazardAtSample: Sendable {
    public var warning: HazardWarning
    public var messageID: UInt64
    public var sender: UInt32?
    public var attacker: String?
    public var generated: SimTime
    public var availableAt: SimTime
    public var usable: Bool
    /// Gap from the receiver's front bumper to the warned obstacle's rear [m], when it is ahead in the
    /// receiver's lane (as the driver uses it).
    public var gap: Double?
}

/// Something that happened to one vehicle: a message it sent, a frame it heard and what it made of it,
/// or a belief change the rebuild derived.
public struct TimelineEvent: Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// It sent a message.
        case sent
        /// It heard a message: `outcome` is `accepted`, `rejected`, `unchecked` or `lost` (radio).
        case heard
        /// Its leader belief changed (derived from the samples).
        case leader
        /// A hazard warning entered or left its beliefs.
        case hazardAdded = "hazard_added"
        case hazardDropped = "hazard_dropped"
    }

    public var time: SimTime
    public var kind: Kind
    public var messageID: UInt64?
    public var messageType: String?
    /// The other vehicle: the sender of a heard message (ground truth), the station of a new leader.
    public var other: UInt32?
    public var outcome: String = ""
    public var reason: String = ""
    public var latency: SimTime?
    public var actedOn = false
    public var attacker: String?
    public var detail: String = ""
}
