import SimKernel

/// Intelligent Driver Model parameters (Treiber, Hennecke, Helbing 2000, Phys. Rev. E 62:1805).
///
/// Defaults are Treiber & Kesting's highway car set ("Traffic Flow Dynamics", Tab. 11.2):
/// v0 = 120 km/h, T = 1.0 s, s0 = 2 m, a = 1.0 m/s², b = 1.5 m/s², δ = 4, length 5 m.
public struct IDMParameters: Hashable, Sendable, Codable {
    /// Desired speed v0 [m/s].
    public var desiredSpeed: Double = 120.0 / 3.6
    /// Safe time headway T [s].
    public var timeHeadway: Double = 1.0
    /// Minimum jam gap s0 [m].
    public var minimumGap: Double = 2.0
    /// Maximum acceleration a [m/s²].
    public var maxAcceleration: Double = 1.0
    /// Comfortable deceleration b [m/s²].
    public var comfortableDeceleration: Double = 1.5
    /// Acceleration exponent δ.
    public var accelerationExponent: Double = 4.0
    /// Vehicle length l [m].
    public var vehicleLength: Double = 5.0
    /// Hardest deceleration the vehicle can brake with [m/s²] (positive number). IDM itself has no
    /// such bound and asks for any deceleration a situation implies; tyres on dry asphalt give about
    /// 8–10 m/s² (friction coefficient ~0.9–1.0), and MOBIL's authors name ~9 m/s² as the physical
    /// maximum that b_safe must stay well below (Kesting, Treiber, Helbing 2007). Braking beyond it
    /// would also trip the misbehaviour detector's acceleration check on honest vehicles.
    public var maxDeceleration: Double = 9.0
    /// Coolness c of the ACC model (Kesting, Treiber, Helbing 2010; Treiber & Kesting, *Traffic
    /// Flow Dynamics* §11.3.7), in [0, 1): how much of IDM's braking beyond what kinematics asks
    /// for (the constant-acceleration heuristic) the driver drops. 0 is plain IDM; 0.99 is the
    /// ACC model's value, which keeps calm when a faster car cuts in close ahead.
    public var coolness: Double = 0

    public init() {}

    /// Defaults for a named vehicle type: "truck" gets a slower, longer, more cautious set
    /// (v0 = 90 km/h, T = 1.5 s, a = 0.5 m/s², b = 1.5 m/s², length 12 m); anything else the car set.
    public static func defaults(forType type: String) -> IDMParameters {
        var p = IDMParameters()
        if type == "truck" {
            p.desiredSpeed = 90.0 / 3.6
            p.timeHeadway = 1.5
            p.maxAcceleration = 0.5
            p.vehicleLength = 12
        }
        return p
    }
}

/// MOBIL lane-change parameters (Kesting, Treiber, Helbing 2007, TRR 1999:86–94):
///
///     safety:    ã_n ≥ −b_safe
///     incentive: ã_c − a_c + p·[(ã_n − a_n) + (ã_o − a_o)] > Δa_th ± a_bias
///
/// with c the changer, n the new follower, o the old follower and ~ after the change. The bias is
/// added for changes to the left and subtracted for changes to the right (keep-right rule).
public struct MOBILParameters: Hashable, Sendable, Codable {
    /// Politeness p (0 selfish, 1 as much weight on others as on oneself).
    public var politeness: Double = 0.2
    /// Changing threshold Δa_th [m/s²].
    public var threshold: Double = 0.2
    /// Maximum safe deceleration imposed on the new follower b_safe [m/s²].
    public var safeDeceleration: Double = 4.0
    /// Keep-right bias a_bias [m/s²]. Above the threshold, so that a driver with nothing to gain
    /// in either lane returns to the right.
    public var keepRightBias: Double = 0.3
    /// Time to move from one lane centre to the next [s]; no second change starts meanwhile.
    public var duration: Double = 3.0

    public init() {}
}

/// The road of a scenario: a straight multi-lane highway or a closed ring.
public struct RoadConfig: Hashable, Sendable, Codable {
    /// Kinds of road.
    public enum Kind: String, Hashable, Sendable, CaseIterable, Codable {
        case highway
        case ring
    }

    public var kind: Kind = .highway
    /// Length of the road [m].
    public var length: Double = 5_000
    /// Number of lanes, lane 0 the rightmost.
    public var lanes: Int = 3
    /// Lane width [m].
    public var laneWidth: Double = 3.5
    /// Speed limit [m/s]; a vehicle's desired speed is capped by it.
    public var speedLimit: Double = 120.0 / 3.6
    /// Per-lane speed limits [m/s], lane 0 first; nil means `speedLimit` on every lane.
    public var laneSpeedLimits: [Double]?
    /// An on-ramp joining the highway from the right, if any.
    public var onRamp: OnRamp?
    /// Road position of an off-ramp leaving from the rightmost main lane [m], if any.
    public var offRampPosition: Double?
    /// Obstacles that appear on lanes during the run.
    public var hazards: [Hazard] = []

    /// An on-ramp: an acceleration lane to the right of the main lanes, from `start` for `length`
    /// metres. With a ramp the acceleration lane is lane 0 and the main lanes are 1…`lanes`.
    public struct OnRamp: Hashable, Sendable, Codable {
        /// Road position where the acceleration lane begins [m].
        public var start: Double = 1_000
        /// Length of the acceleration lane [m]; vehicles that have not merged by its end wait there.
        public var length: Double = 250

        public init() {}

        /// Road position where the acceleration lane ends [m].
        public var end: Double { self.start + self.length }
    }

    public init() {}

    /// The speed limit of `lane` [m/s].
    public func speedLimit(lane: Int) -> Double {
        if let limits = self.laneSpeedLimits, limits.indices.contains(lane) { return min(limits[lane], self.speedLimit) }
        return self.speedLimit
    }
}

/// How vehicles of one group enter the road.
public enum SpawnMode: Hashable, Sendable, Codable {
    /// `count` vehicles placed along the road at the start, evenly spread over lanes.
    case count(Int)
    /// Vehicles enter at the road's start at `vehiclesPerHour` over all lanes (Poisson arrivals).
    case flow(vehiclesPerHour: Double)
}

/// Where flow-spawned vehicles of a group enter.
public enum Entry: String, Hashable, Sendable, CaseIterable, Codable {
    /// At the start of the road, on the main lanes.
    case mainline
    /// At the start of the on-ramp's acceleration lane.
    case onRamp = "on_ramp"
}

/// One group of vehicles of a scenario (`traffic[i]`).
public struct TrafficGroup: Hashable, Sendable, Codable {
    /// Vehicle type name, e.g. "car".
    public var type: String = "car"
    public var spawn: SpawnMode = .count(10)
    /// For a `count` group: vehicles per hour that enter at the road's start after the initial
    /// placement, as Poisson arrivals admitted only into a safe gap, so
    /// that an open road does not empty out. 0 for none; ignored for a `flow` group.
    public var inflow: Double = 0
    /// Where flow arrivals enter.
    public var entry: Entry = .mainline
    /// Share of the group's vehicles that take the off-ramp, in [0, 1] (drawn per vehicle).
    public var exitShare: Double = 0
    /// Name of the driving policy: "expert" (IDM) for now.
    public var policy: String = "expert"
    /// Whether the group's drivers use what V2V told their stations: believed neighbours and
    /// accepted hazard warnings, in the expert's perception and in a learned policy's observation.
    /// `false` leaves them their own sensors only (the observation's V2V slots empty), to measure
    /// what verified V2V is worth (docs/policy.md). The stations still send, hear and verify.
    public var policyUsesV2V = true
    public var idm = IDMParameters()
    /// Initial speed as a fraction of the desired speed for count-spawned vehicles.
    public var initialSpeedFraction: Double = 0.8
    /// The range sensors of the group's vehicles.
    public var sensor = RangeSensor()
    /// Range of the forward radar [m]; beyond it a driver knows the leader only from V2V messages.
    public var sensorRange: Double {
        get { self.sensor.range }
        set { self.sensor.range = newValue }
    }
    /// Lane-change parameters.
    public var mobil = MOBILParameters()
    /// Driver imperfection σ in [0, 1], as SUMO's Krauss "sigma": every step a driver loses a random
    /// speed of up to σ·a·Δt (uniform), never below zero. 0 drives perfectly.
    public var sigma: Double = 0

    public init() {}
}

/// Thresholds for incidents.
public struct IncidentConfig: Hashable, Sendable, Codable {
    /// Time-to-collision below which an approach is a near miss [s].
    public var nearMissTTC: Double = 1.5
    /// Deceleration beyond which braking is "hard" [m/s²] (positive number).
    public var hardBraking: Double = 4.0

    public init() {}
}
