import Policy
import Traffic

/// The buffers of the traffic tick, kept from step to step so that a step allocates nothing for them.
struct TrafficTickBuffers {
    /// Every vehicle's true leader, indexed like `world.vehicles`.
    var truth: [GroundTruthLeader?] = []
    /// What every vehicle perceives, indexed like `world.vehicles`.
    var perceptions: [Perception] = []
    /// The learned policies' decisions, indexed like `world.vehicles` (empty: all expert).
    var learned: [LearnedDecision?] = []
    /// One v1 group's observations and actions, contiguous for the batch call.
    var observations: [Observation] = []
    var actions: [DrivingAction] = []
    /// Index into `world.vehicles` of each row of `observations`.
    var rows: [Int] = []
    /// Observation v2 rows of every vehicle a v2 policy drives, grouped by traffic group (groups
    /// in order, vehicles in order within each), built in the perceive phase.
    var v2 = ObservationV2Batch()
    var decisions = TrafficDecisions()
}

/// The observation v2 rows of one tick and the buffers of their batched inference, kept from tick
/// to tick: once they have grown to the largest tick, a tick allocates nothing.
struct ObservationV2Batch {
    /// Observations, one per row; only the first `count` are this tick's.
    var observations: [ObservationV2] = []
    /// Row-major features (`ObservationV2.featureCount` per row), raw outputs (4 per row),
    /// actions (one per row) and the network's scratch.
    var features: [Double] = []
    var outputs: [Double] = []
    var actions: [LearnedDecision] = []
    var scratch: [Double] = []
    /// Index into `world.vehicles` of each row.
    var vehicles: [Int] = []
    /// Each v2 group's rows.
    var groups: [(group: Int, rows: Range<Int>)] = []
    /// Rows this tick.
    var count = 0

    /// Empties the batch, keeping every buffer.
    mutating func reset() {
        self.count = 0
        self.vehicles.removeAll(keepingCapacity: true)
        self.groups.removeAll(keepingCapacity: true)
    }

    /// The next row's observation slot (grown on the first ticks only).
    mutating func appendRow(vehicle: Int) -> Int {
        if self.count == self.observations.count {
            self.observations.append(ObservationV2(speed: 0, desiredSpeed: 0, speedLimit: 0, lane: 0, lanes: 1))
        }
        self.vehicles.append(vehicle)
        self.count += 1
        return self.count - 1
    }

    /// Sizes the inference buffers for this tick's rows and a network needing `scratch` values.
    mutating func prepareInference(scratch: Int) {
        let features = self.count * ObservationV2.featureCount
        if self.features.count < features { self.features.append(contentsOf: repeatElement(0, count: features - self.features.count)) }
        let outputs = self.count * ObservationVersion.v2.outputCount
        if self.outputs.count < outputs { self.outputs.append(contentsOf: repeatElement(0, count: outputs - self.outputs.count)) }
        if self.actions.count < self.count {
            self.actions.append(contentsOf: repeatElement(LearnedDecision(acceleration: 0), count: self.count - self.actions.count))
        }
        if self.scratch.count < scratch { self.scratch.append(contentsOf: repeatElement(0, count: scratch - self.scratch.count)) }
    }
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
        self.observeAllV2(&tick.v2)
        self.observeExpertRollout()
    }

    /// The observation v2 of every vehicle a v2 policy drives, group by group, from the same
    /// snapshot (nothing is built when no group uses one, so expert runs are unchanged).
    func observeAllV2(_ batch: inout ObservationV2Batch) {
        batch.reset()
        let groups = self.scenario.traffic
        for g in groups.indices where self.policies[groups[g].policy]?.observation == .v2 {
            let first = batch.count
            for (i, vehicle) in self.world.vehicles.enumerated() where vehicle.group == g {
                let row = batch.appendRow(vehicle: i)
                self.observeV2(i, into: &batch.observations[row])
            }
            batch.groups.append((g, first..<batch.count))
        }
    }

    /// The range sensor first (range, field of view, noise); beyond it, the nearest leader believed
    /// from accepted V2V beacons. An accepted hazard warning (DENM) about an obstacle ahead in the
    /// lane counts as a standing leader when it is nearer than either.
    ///
    /// Reads the world and the agents only; what it writes is bookkeeping (what warnings bought).
    private func perceive(_ vehicle: VehicleState, truth: GroundTruthLeader?) -> Perception {
        let group = self.scenario.traffic[vehicle.group]
        let sensor = group.sensor
        let road = self.perceptionRoad
        var best = sensor.perceive(truth, vehicle: vehicle.id, now: self.now, seed: self.scenario.seed, road: road)
        if best != nil, let k = truth?.hazard {
            self.metrics.hazardWarnings.sensed(vehicle: vehicle.id.raw, hazard: UInt16(truncatingIfNeeded: k))
        }
        // A group with `policy_v2v: false` drives on its own sensors only.
        guard group.policyUsesV2V, let agent = self.agents[Int(vehicle.id.raw)] else { return best ?? .freeRoad }
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
