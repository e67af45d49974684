import SimKernel

/// A vehicle a range sensor measured: bumper-to-bumper gap and speed.
public struct SensedVehicle: Sendable, Equatable {
    /// Gap [m]: to the leader's rear, or from the follower's front to the own rear.
    public var gap: Double
    /// Its speed [m/s].
    public var speed: Double

    public init(gap: Double, speed: Double) {
        self.gap = gap
        self.speed = speed
    }
}

/// What a vehicle's own range sensors measure around it: the nearest vehicle ahead and behind in
/// its lane and in the lanes it may move to, and the nearest standing hazard ahead in those lanes.
/// Fixed storage, so building one allocates nothing.
public struct SensorSurroundings: Sendable, Equatable {
    /// Slots in the order of `ObservationV2.Slot`: own leader, own follower, left leader, left
    /// follower, right leader, right follower.
    public var ownLeader: SensedVehicle?
    public var ownFollower: SensedVehicle?
    public var leftLeader: SensedVehicle?
    public var leftFollower: SensedVehicle?
    public var rightLeader: SensedVehicle?
    public var rightFollower: SensedVehicle?
    /// The nearest hazard ahead the forward sensor sees: distance to its rear and its lane.
    public var hazard: (distance: Double, lane: Int)?

    public init() {}

    /// The slot with index `k` (0…5, `ObservationV2.Slot` order).
    public subscript(slot k: Int) -> SensedVehicle? {
        get {
            switch k {
            case 0: self.ownLeader
            case 1: self.ownFollower
            case 2: self.leftLeader
            case 3: self.leftFollower
            case 4: self.rightLeader
            default: self.rightFollower
            }
        }
        set {
            switch k {
            case 0: self.ownLeader = newValue
            case 1: self.ownFollower = newValue
            case 2: self.leftLeader = newValue
            case 3: self.leftFollower = newValue
            case 4: self.rightLeader = newValue
            default: self.rightFollower = newValue
            }
        }
    }

    public static func == (a: Self, b: Self) -> Bool {
        (0..<6).allSatisfy { a[slot: $0] == b[slot: $0] }
            && a.hazard?.distance == b.hazard?.distance && a.hazard?.lane == b.hazard?.lane
    }
}

extension TrafficWorld {
    /// The lanes vehicle `i` may drive in, lowest first: the main lanes, and the acceleration lane
    /// for a vehicle on it (which it may only leave). Main-lane drivers never move onto it.
    public func usableLanes(of i: Int) -> Range<Int> {
        let lane = self.vehicles[i].lane
        return self.highway.isRampLane(lane) ? 0..<self.highway.laneCount : self.highway.firstMainLane..<self.highway.laneCount
    }

    /// What vehicle `i`'s range sensors measure (`sensor`: its group's): in its lane and the usable
    /// lanes beside it, the nearest vehicle ahead when the forward sensor detects it (range, field
    /// of view) and the nearest behind within the rear range; the nearest active hazard ahead in
    /// those lanes that the forward sensor detects. With noise, each measured gap and speed gets
    /// a Gaussian error from a stream derived from (seed, time, vehicle), slots in order.
    ///
    /// Reads the snapshot only; O(log n) per lane.
    public func sensorSurroundings(of i: Int, sensor: RangeSensor, now: SimTime, seed: UInt64) -> SensorSurroundings {
        var out = SensorSurroundings()
        let v = self.vehicles[i]
        let usable = self.usableLanes(of: i)
        var work = NeighbourSearchWork()
        for k in 0..<3 {
            // Own lane, then left, then right.
            let lane = v.lane + (k == 0 ? 0 : k == 1 ? 1 : -1)
            guard usable.contains(lane) else { continue }
            let (leader, follower) = self.neighbours(lane: lane, position: v.position, excluding: v.id, work: &work)
            if let l = leader {
                let gap = self.gap(from: v, to: self.vehicles[l])
                if sensor.detects(distance: max(0, gap), road: self.highway) {
                    out[slot: 2 * k] = SensedVehicle(gap: gap, speed: self.vehicles[l].speed)
                }
            }
            if let f = follower {
                let gap = self.gap(from: self.vehicles[f], to: v)
                if gap <= sensor.rearRange { out[slot: 2 * k + 1] = SensedVehicle(gap: gap, speed: self.vehicles[f].speed) }
            }
            if let (_, gap) = self.hazardAhead(lane: lane, position: v.position),
               sensor.detects(distance: max(0, gap), road: self.highway),
               out.hazard == nil || gap < out.hazard!.distance {
                out.hazard = (gap, lane)
            }
        }
        guard sensor.gapNoise > 0 || sensor.speedNoise > 0 else { return out }
        var stream = RandomStream.derived(
            seed: seed ^ UInt64(bitPattern: now.nanoseconds), component: "sensor-surroundings", entity: UInt64(v.id.raw))
        for k in 0..<6 {
            guard var s = out[slot: k] else { continue }
            s.gap += sensor.gapNoise * stream.normal()
            s.speed = max(0, s.speed + sensor.speedNoise * stream.normal())
            out[slot: k] = s
        }
        if let h = out.hazard { out.hazard = (h.distance + sensor.gapNoise * stream.normal(), h.lane) }
        return out
    }
}
