import SimKernel

/// A vehicle's forward and rear range sensors (radar/lidar): what the driver perceives of its
/// neighbours, separate from the ground truth.
///
/// A target is detected when its distance is within range and its bearing within the field of
/// view. On a straight road the vehicle ahead in the same lane is dead ahead; on a ring a target
/// `d` metres ahead along the arc lies d / (2R) radians off the axis, so a narrow field of view
/// loses it before the range does. Detected gaps and speeds carry independent Gaussian noise.
public struct RangeSensor: Hashable, Sendable, Codable {
    /// Forward range [m]; beyond it the driver knows the leader only from V2V messages.
    public var range: Double = 150
    /// Rear range [m], used to judge the new follower before a lane change.
    public var rearRange: Double = 80
    /// Full horizontal field of view of the forward sensor [deg].
    public var fieldOfView: Double = 60
    /// Standard deviation of the measured gap [m].
    public var gapNoise: Double = 0
    /// Standard deviation of the measured speed [m/s].
    public var speedNoise: Double = 0

    public init() {}

    /// True when a target `distance` metres ahead along the road is within range and field of view.
    public func detects(distance: Double, road: Highway) -> Bool {
        guard distance <= self.range else { return false }
        guard road.isRing else { return true }
        let offAxis = distance / (2 * road.radius) * 180 / Double.pi
        return offAxis <= self.fieldOfView / 2
    }

    /// The perceived leader given the true one, or nil when the sensor does not see it.
    ///
    /// Noise comes from a stream derived from (seed, vehicle, time), so the same run always
    /// perceives the same and no vehicle's draws depend on another's. Gaps never go below zero and
    /// speeds never below zero.
    public func perceive(
        _ truth: GroundTruthLeader?, vehicle: VehicleID, now: SimTime, seed: UInt64, road: Highway
    ) -> Perception? {
        guard let truth, self.detects(distance: truth.gap, road: road) else { return nil }
        guard self.gapNoise > 0 || self.speedNoise > 0 else {
            return Perception(gap: truth.gap, leaderSpeed: truth.speed)
        }
        var stream = RandomStream.derived(
            seed: seed ^ UInt64(bitPattern: now.nanoseconds), component: "sensor", entity: UInt64(vehicle.raw))
        let gap = truth.gap + self.gapNoise * stream.normal()
        let speed = truth.speed + self.speedNoise * stream.normal()
        return Perception(gap: max(0, gap), leaderSpeed: max(0, speed))
    }
}
