import Policy
import Traffic

/// The buffers of the traffic tick, kept from step to step so that a step allocates nothing for them.
struct TrafficTickBuffers {
    /// Every vehicle's true leader, indexed like `world.vehicles`.
    var truth: [GroundTruthLeader?] = []
    /// What every vehicle perceives, indexed like `world.vehicles`.
    var perceptions: [Perception] = []
    /// The learned policies' accelerations, indexed like `world.vehicles` (empty: all expert).
    var learned: [Double?] = []
    /// One learned group's observations and actions, contiguous for the batch call.
    var observations: [Observation] = []
    var actions: [DrivingAction] = []
    /// Index into `world.vehicles` of each row of `observations`.
    var rows: [Int] = []
    var decisions = TrafficDecisions()
}

extension Simulation {
    /// Phase (a) of the traffic tick: every vehicle's perception, in vehicle order, from the world
    /// as it stands (read only) and the vehicle's own station (its beliefs and warnings).
    func perceiveAll(_ tick: inout TrafficTickBuffers) {
        self.world.groundTruthLeaders(into: &tick.truth)
        tick.perceptions.removeAll(keepingCapacity: true)
        for (i, vehicle) in self.world.vehicles.enumerated() {
            tick.perceptions.append(self.perceive(vehicle, truth: tick.truth[i]))
        }
    }

    /// The range sensor first (range, field of view, noise); beyond it, the nearest leader believed
    /// from accepted V2V beacons. An accepted hazard warning (DENM) about an obstacle ahead in the
    /// lane counts as a standing leader when it is nearer than either.
    ///
    /// Reads the world and the agents only; what it writes is bookkeeping (what warnings bought).
    private func perceive(_ vehicle: VehicleState, truth: GroundTruthLeader?) -> Perception {
        let sensor = self.scenario.traffic[vehicle.group].sensor
        let road = self.perceptionRoad
        var best = sensor.perceive(truth, vehicle: vehicle.id, now: self.now, seed: self.scenario.seed, road: road)
        if best != nil, let k = truth?.hazard {
            self.metrics.hazardWarnings.sensed(vehicle: vehicle.id.raw, hazard: UInt16(truncatingIfNeeded: k))
        }
        guard let agent = self.agents[Int(vehicle.id.raw)] else { return best ?? .freeRoad }
        // V2V beliefs are matched by road position (around the circle on a ring).
        if best == nil, let belief = agent.believedLeader(lane: vehicle.lane, x: vehicle.position, now: self.now, road: road) {
            best = Perception(gap: max(0, belief.gap), leaderSpeed: belief.speed)
        }
        guard !agent.hazards.isEmpty else { return best ?? .freeRoad }
        if let warned = agent.warnedHazard(lane: vehicle.lane, position: vehicle.position, now: self.now, road: road),
           warned.gap < best?.gap ?? .infinity {
            best = Perception(gap: max(0, warned.gap), leaderSpeed: 0)
            // Bookkeeping only: what warnings bought (true ones) and what false ones cost.
            if warned.isFalse {
                self.hazardChecks.governedByFalse.append(Int(vehicle.id.raw))
            } else {
                self.metrics.hazardWarnings.acted(vehicle: vehicle.id.raw, hazard: warned.id)
            }
        }
        // The traffic layer slows for, and changes lanes away from, what it was warned about.
        var perception = best ?? .freeRoad
        perception.warnings = agent.warnedObstacles(position: vehicle.position, now: self.now, road: road)
        return perception
    }
}
