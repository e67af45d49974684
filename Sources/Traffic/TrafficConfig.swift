import SimKernel

/// Intelligent Driver Model parameters (Treiber, Hennecke, Helbing 2000, Phys. Rev. E 62:1805).
///
/// Defaults are Treiber & Kesting's highway car set ("Traffic Flow Dynamics", Tab. 11.2):
/// v0 = 120 km/h, T = 1.0 s, s0 = 2 m, a = 1.0 m/s², b = 1.5 m/s², δ = 4, length 5 m.
public struct IDMParameters: Hashable, Sendable {
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

    public init() {}
}

/// The road of a scenario. The first cut has one kind: a straight multi-lane highway.
public struct RoadConfig: Hashable, Sendable {
    /// Kinds of road.
    public enum Kind: String, Hashable, Sendable, CaseIterable {
        case highway
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

    public init() {}
}

/// How vehicles of one group enter the road.
public enum SpawnMode: Hashable, Sendable {
    /// `count` vehicles placed along the road at the start, evenly spread over lanes.
    case count(Int)
    /// Vehicles enter at the road's start at `vehiclesPerHour` over all lanes (Poisson arrivals).
    case flow(vehiclesPerHour: Double)
}

/// One group of vehicles of a scenario (`traffic[i]`).
public struct TrafficGroup: Hashable, Sendable {
    /// Vehicle type name, e.g. "car".
    public var type: String = "car"
    public var spawn: SpawnMode = .count(10)
    /// Name of the driving policy: "expert" (IDM) for now.
    public var policy: String = "expert"
    public var idm = IDMParameters()
    /// Initial speed as a fraction of the desired speed for count-spawned vehicles.
    public var initialSpeedFraction: Double = 0.8
    /// Range of the forward radar [m]; beyond it a driver knows the leader only from V2V messages.
    public var sensorRange: Double = 150

    public init() {}
}

/// Thresholds for incidents.
public struct IncidentConfig: Hashable, Sendable {
    /// Time-to-collision below which an approach is a near miss [s].
    public var nearMissTTC: Double = 1.5
    /// Deceleration beyond which braking is "hard" [m/s²] (positive number).
    public var hardBraking: Double = 4.0

    public init() {}
}
