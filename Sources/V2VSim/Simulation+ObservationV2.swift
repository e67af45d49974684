import Policy
import SimKernel
import Traffic
import V2X

extension Simulation {
    /// Vehicle `i`'s observation v2 (docs/policy.md), written into `o` in place (its neighbour
    /// array is reused, so a buffer kept from tick to tick allocates nothing).
    ///
    /// Everything comes from what the driver perceives, never from ground truth beyond its
    /// sensors: each neighbour slot is the vehicle's own range sensor when it measures someone
    /// there (`TrafficWorld.sensorSurroundings`), else the nearest vehicle its station believes
    /// there from accepted (verified) CAMs, extrapolated to now; the hazard is the nearer of
    /// what the forward sensor sees and the accepted DENMs. The road itself (lanes, limits, the
    /// acceleration lane's end, the off-ramp) is map knowledge.
    ///
    /// Reads the snapshot and the station only.
    func observeV2(_ i: Int, into o: inout ObservationV2) {
        let v = self.world.vehicles[i]
        let group = self.scenario.traffic[v.group]
        // A masked group's network sees no station: its V2V slots stay empty (sensor-only).
        Self.observeV2(
            vehicle: i, world: self.world, station: group.policyUsesV2V ? self.agents[Int(v.id.raw)]?.station : nil,
            sensor: group.sensor, now: self.now, seed: self.scenario.seed, into: &o)
    }

    /// `observeV2(_:into:)` for vehicle `i` of `world` whose V2X station is `station` (nil: it has
    /// none yet) and whose range sensor is `sensor`, at `now`; `seed` seeds the sensor noise.
    public static func observeV2(
        vehicle i: Int, world: TrafficWorld, station: VehicleStation?, sensor: RangeSensor, now: SimTime, seed: UInt64,
        into o: inout ObservationV2
    ) {
        let v = world.vehicles[i]
        let road = world.highway
        let sensed = world.sensorSurroundings(of: i, sensor: sensor, now: now, seed: seed)
        let usable = world.usableLanes(of: i)
        o.speed = v.speed
        o.desiredSpeed = v.idm.desiredSpeed
        o.speedLimit = road.config.speedLimit(lane: v.lane)
        o.lane = v.lane - usable.lowerBound
        o.lanes = usable.count
        var believed = SensorSurroundings()
        // Station ids of the believed slots, for ties (the table is a dictionary: no order).
        var believedStations = SIMD8<UInt32>(repeating: .max)
        if let station {
            for (id, belief) in station.neighbours where belief.availableAt <= now {
                let lane = Int(belief.broadcast.lane)
                guard abs(lane - v.lane) <= 1, usable.contains(lane) else { continue }
                let (ahead, gap) = Self.believedGap(belief, from: v, now: now, road: road)
                let k = 2 * (lane == v.lane ? 0 : lane > v.lane ? 1 : 2) + (ahead ? 0 : 1)
                if let current = believed[slot: k], gap > current.gap || (gap == current.gap && id > believedStations[k]) {
                    continue
                }
                believed[slot: k] = SensedVehicle(gap: gap, speed: belief.broadcast.speed)
                believedStations[k] = id
            }
        }
        for k in 0..<ObservationV2.Slot.allCases.count {
            if let s = sensed[slot: k] {
                o.neighbours[k] = .init(gap: s.gap, relativeSpeed: s.speed - v.speed, source: .sensor)
            } else if let b = believed[slot: k] {
                o.neighbours[k] = .init(gap: b.gap, relativeSpeed: b.speed - v.speed, source: .v2v)
            } else {
                o.neighbours[k] = nil
            }
        }
        o.hazard = sensed.hazard.map { .init(distance: $0.distance, laneOffset: $0.lane - v.lane, source: .sensor) }
        if let station {
            for belief in station.hazards where belief.availableAt <= now {
                guard let gap = belief.gap(from: v.position, road: road), gap < o.hazard?.distance ?? .infinity else { continue }
                o.hazard = .init(distance: gap, laneOffset: Int(belief.warning.lane) - v.lane, source: .v2v)
            }
        }
        if road.isRampLane(v.lane), let ramp = road.config.onRamp {
            o.laneEnd = max(0, ramp.end - v.position)
        } else if v.exits, let exit = road.config.offRampPosition, v.position < exit {
            o.laneEnd = exit - v.position
        } else {
            o.laneEnd = nil
        }
    }

    /// Where a believed vehicle is relative to `v`, extrapolated to `now` at its claimed speed:
    /// ahead (gap from `v`'s front to its rear) or behind (from its front to `v`'s rear); on a ring
    /// the nearer way round. A vehicle level with `v`'s front counts as behind.
    static func believedGap(
        _ belief: NeighbourBelief, from v: VehicleState, now: SimTime, road: Highway
    ) -> (ahead: Bool, gap: Double) {
        let age = (now - belief.generationTime).seconds
        let front = road.roadPosition(x: belief.broadcast.x, y: belief.broadcast.y) + belief.broadcast.speed * age
        let d = road.forwardDistance(from: v.position, to: front)
        let length: Double = belief.broadcast.length
        if road.isRing {
            if d > 0 && d < road.length / 2 { return (true, d - length) }
            return (false, d > 0 ? road.length - d - v.length : -v.length)
        }
        if d > 0 { return (true, d - length) }
        return (false, -d - v.length)
    }
}
