import SimKernel

/// Ground-truth state of one vehicle on the road.
///
/// Positions are in the road frame: `position` is the distance of the front bumper from the road's
/// start along its axis [m] (on a ring it wraps at the circumference). World coordinates come from
/// `Highway`.
public struct VehicleState: Sendable, Codable {
    public let id: VehicleID
    /// Index of the vehicle's group in the scenario's `traffic` list.
    public let group: Int
    /// Lane index, 0 the rightmost. During a lane change this is already the target lane: the
    /// vehicle follows the target lane's leader and is seen by its followers (as in SUMO without
    /// the sublane model), while it moves sideways over `MOBILParameters.duration`.
    public var lane: Int
    /// Front-bumper position along the road [m].
    public var position: Double
    /// Speed [m/s], never negative.
    public var speed: Double
    /// Acceleration applied during the last step [m/s²].
    public var acceleration: Double
    /// Car-following parameters (desired speed already capped by the road's speed limit).
    public let idm: IDMParameters
    /// Lane the vehicle left in its current lane change, nil when not changing lanes.
    public var laneChangeFrom: Int?
    /// Fraction of the current lane change done, in [0, 1).
    public var laneChangeProgress: Double = 0
    /// Lane changes completed or started so far.
    public var laneChanges = 0
    /// Distance driven since spawn [m]; unlike `position` it never wraps.
    public var odometer: Double = 0
    /// True when this driver means to leave by the off-ramp.
    public var exits = false
    /// This driver's own random stream (speed noise).
    var random: RandomStream

    public init(id: VehicleID, group: Int, lane: Int, position: Double, speed: Double, idm: IDMParameters, seed: UInt64 = 0) {
        self.id = id
        self.group = group
        self.lane = lane
        self.position = position
        self.speed = speed
        self.acceleration = 0
        self.idm = idm
        self.random = RandomStream.derived(seed: seed, component: "driver", entity: UInt64(id.raw))
    }

    /// Vehicle length [m].
    public var length: Double { self.idm.vehicleLength }

    /// Rear-bumper position [m] (on a ring it may be negative just after the wrap).
    public var rear: Double { self.position - self.idm.vehicleLength }

    /// Lateral position in lane units: the lane index, fractional during a lane change.
    public var lateralLane: Double {
        guard let from = self.laneChangeFrom else { return Double(self.lane) }
        return Double(from) + (Double(self.lane) - Double(from)) * self.laneChangeProgress
    }

    /// The lane whose band holds the vehicle's centre: what it reports in beacons and traces.
    /// During a lane change it switches from the old lane to the new one halfway across.
    public var reportedLane: Int { Int(self.lateralLane.rounded(.toNearestOrAwayFromZero)) }
}
