import SimKernel

/// The traffic step in its phases, as SUMO's planMove/executeMove and highway-env's act/step:
///
/// 0. `beginStep`: hazards whose time has come appear (when they fit).
/// 1. The caller builds every driver's `Perception` from the world as it stands (read only:
///    `groundTruthLeaders`, the vehicles, the road) and from what the driver heard over V2V.
/// 2. `decide`: every driver decides (IDM or a learned acceleration, warnings, MOBIL) from that
///    same snapshot, one slot per vehicle, so the visiting order cannot change the result.
/// 3. `apply`: the world moves every vehicle, applies the lane changes that are still safe,
///    detects incidents, removes departed vehicles and admits arrivals.
///
/// Traffic never calls back into its caller: what a driver perceives comes in as data.
extension TrafficWorld {
    /// Phase 0 of a step that ends at `now`: hazards due by the step's start appear when no vehicle
    /// is in their way (`canPlace`).
    public mutating func beginStep(dt: SimTime, now: SimTime) {
        for (k, hazard) in self.highway.config.hazards.enumerated()
        where !self.activeHazards[k] && hazard.time <= now - dt && self.canPlace(hazard) {
            self.activeHazards[k] = true
        }
    }

    /// Phase 2: every vehicle's decision from the current snapshot.
    ///
    /// - Parameters:
    ///   - truth: every vehicle's true leader (`groundTruthLeaders`), indexed like `vehicles`.
    ///   - perceptions: what every vehicle perceives, indexed like `vehicles`.
    ///   - learned: per vehicle, what a learned policy chose, nil to drive by IDM with the
    ///     vehicle's own parameters (the expert); empty when every vehicle drives by IDM. A decision
    ///     without a lane choice (observation v1) sets the acceleration and MOBIL chooses lanes; one
    ///     with a lane choice goes through the safety shield (`shield`) and replaces MOBIL.
    ///   - decisions: overwritten with one slot per vehicle.
    /// - Complexity: O(n log n) for n vehicles: leaders and neighbours by binary search in the
    ///   sorted lanes.
    public func decide(
        truth: [GroundTruthLeader?], perceptions: [Perception], learned: [LearnedDecision?] = [],
        into decisions: inout TrafficDecisions
    ) {
        self.decide(truth: truth, perceptions: perceptions, learned: learned, visiting: self.vehicles.indices, into: &decisions)
    }

    /// `decide`, visiting the vehicles in `order` (each index once); tests shuffle it.
    func decide(
        truth: [GroundTruthLeader?], perceptions: [Perception], learned: [LearnedDecision?],
        visiting order: some Sequence<Int>, into decisions: inout TrafficDecisions
    ) {
        let n = self.vehicles.count
        precondition(truth.count == n && perceptions.count == n, "one truth and one perception per vehicle")
        precondition(learned.isEmpty || learned.count == n, "one learned slot per vehicle, or none")
        decisions.reset(count: n)
        for i in order {
            let v = self.vehicles[i]
            let seen = perceptions[i]
            let policy = learned.isEmpty ? nil : learned[i]
            if let policy, policy.lane != nil {
                // A policy that chooses lanes sees hazards and warnings itself; the shield keeps
                // its action within what the world would allow its own drivers.
                let shielded = self.shield(i, proposed: policy, perceived: seen)
                var a = shielded.acceleration
                if self.highway.isRampLane(v.lane), let ramp = self.highway.config.onRamp {
                    a = min(a, self.acceleration(of: v, lane: v.lane, behindStopAt: ramp.end))
                }
                decisions.accelerations[i] = a
                decisions.laneTargets[i] = shielded.laneTarget
                decisions.shieldOverrides[i] = shielded.overrides
                continue
            }
            var a = policy?.acceleration ?? IntelligentDriverModel.acceleration(
                parameters: self.parameters(of: v, lane: v.lane), speed: v.speed, gap: seen.gap,
                leaderSpeed: seen.leaderSpeed)
            if !seen.warnings.isEmpty, let heeded = self.heeding(seen.warnings, vehicle: v, acceleration: a) {
                a = heeded.acceleration
                decisions.slowedFor[i] = heeded.tag
            }
            if self.highway.isRampLane(v.lane), let ramp = self.highway.config.onRamp {
                // The end of the acceleration lane is a standing obstacle until the driver merges.
                a = min(a, self.acceleration(of: v, lane: v.lane, behindStopAt: ramp.end))
            }
            decisions.accelerations[i] = a
            if let change = self.laneChange(
                for: i, acceleration: a, truth: truth[i], warnings: seen.warnings, work: &decisions.work) {
                decisions.laneTargets[i] = change.target
                decisions.laneChangeWarnings[i] = change.warning
            }
        }
    }

    /// Phase 3: applies `decisions` (made by `decide` on this world, unchanged since) over `dt`,
    /// ending at `now`.
    ///
    /// - Returns: incidents that began during this step, in a deterministic order.
    public mutating func apply(_ decisions: TrafficDecisions, dt: SimTime, now: SimTime) -> [Incident] {
        precondition(decisions.accelerations.count == self.vehicles.count, "decisions are for another snapshot")
        let h = dt.seconds
        self.applyWork = NeighbourSearchWork()
        self.warningResponses.removeAll(keepingCapacity: true)
        var requests: [LaneChangeRequest] = []
        for i in self.vehicles.indices {
            if let tag = decisions.slowedFor[i] { self.warningResponses.append(WarningResponse(vehicle: self.vehicles[i].id, tag: tag)) }
        }
        for i in self.vehicles.indices {
            guard let target = decisions.laneTargets[i] else { continue }
            let warning = decisions.laneChangeWarnings[i]
            requests.append(LaneChangeRequest(index: i, target: target, warning: warning))
            if let warning { self.warningResponses.append(WarningResponse(vehicle: self.vehicles[i].id, tag: warning)) }
        }
        // Ballistic update; a vehicle that would reverse stops within the step instead.
        for i in self.vehicles.indices {
            var a = decisions.accelerations[i]
            let sigma = self.groups[self.vehicles[i].group].sigma
            if sigma > 0 {
                // SUMO-style dawdling: lose up to σ·a_max·Δt of speed this step.
                a -= self.vehicles[i].random.uniform() * sigma * self.vehicles[i].idm.maxAcceleration
            }
            // No driver brakes harder than the tyres allow, whatever IDM asks for. Lane changes,
            // entrances and hazard placement keep IDM's own demands within this (see
            // `keepsWithin`), so the limit only trims emergencies such as an obstacle first seen
            // closer than a comfortable stopping distance.
            a = max(a, -self.vehicles[i].idm.maxDeceleration)
            let v = self.vehicles[i].speed
            let newSpeed = v + a * h
            let advance: Double
            if newSpeed < 0 {
                advance = a < 0 ? v * v / (-2 * a) : 0
                a = h > 0 ? -v / h : 0
                self.vehicles[i].speed = 0
            } else {
                advance = v * h + 0.5 * a * h * h
                self.vehicles[i].speed = newSpeed
            }
            self.vehicles[i].position = self.highway.wrapped(self.vehicles[i].position + advance)
            self.vehicles[i].odometer += advance
            self.vehicles[i].acceleration = a
            if self.vehicles[i].laneChangeFrom != nil {
                self.vehicles[i].laneChangeProgress += h / self.groups[self.vehicles[i].group].mobil.duration
                if self.vehicles[i].laneChangeProgress >= 1 {
                    self.vehicles[i].laneChangeFrom = nil
                    self.vehicles[i].laneChangeProgress = 0
                }
            }
        }
        // Lane changes are checked against the vehicles as they are after the move.
        self.rebuildLaneOrder()
        self.applyLaneChanges(requests)
        var incidents = self.detectIncidents(now: now)
        self.removeDeparted()
        self.spawnArrivals(until: now)
        incidents.sort { ($0.kind.rawValue, $0.vehicle) < ($1.kind.rawValue, $1.vehicle) }
        return incidents
    }
}
