/// The safety shield between a learned policy and the world: the physical checks the world applies
/// to its own drivers, applied to the network's action before it reaches the road.
///
/// - Acceleration: within the vehicle's bounds, [−b_max, a_max] (`maxDeceleration`, the tyres'
///   limit the world enforces anyway, and `maxAcceleration`), and never so high that the vehicle
///   could no longer stop behind what it perceives ahead (`keepsStoppingDistance`); then the
///   expert's IDM acceleration for the same perception is used, when it is lower.
/// - Lane change: the same checks MOBIL's requests pass: the target lane exists and is not the
///   acceleration lane, the vehicle is not already changing, no hazard overlaps it there or needs
///   more than b_safe to stop for, and MOBIL's safety criterion over the manoeuvre (`keepsWithin`
///   over `safetyHorizon`): neither the changer behind its new leader nor the new follower behind
///   the changer has to brake harder than b_safe. Like MOBIL's, this judges the true neighbours.
///
/// The world re-checks every lane change after the move (`applyLaneChanges`), as for MOBIL.
extension TrafficWorld {
    /// How long the shield assumes passes before the vehicle brakes at b_max when its leader does
    /// [s]: a reaction delay of automated driving (a tenth of a human's 1–1.5 s would be too tight
    /// for a 0.1 s step with noisy sensors; 0.5 s is a common choice in RSS-style envelopes).
    public static let shieldReactionTime = 0.5

    /// The shielded decision of vehicle `i` for `proposed` (a policy that chooses lanes), given
    /// what it perceives ahead in its lane.
    /// - Returns: the acceleration and lane target to use, and what the shield changed.
    public func shield(
        _ i: Int, proposed: LearnedDecision, perceived: Perception
    ) -> (acceleration: Double, laneTarget: Int?, overrides: ShieldOverride) {
        var overrides = ShieldOverride()
        let a = self.shieldedAcceleration(i, proposed: proposed.acceleration, perceived: perceived, overrides: &overrides)
        var target: Int?
        if let choice = proposed.lane, choice != .keep {
            if self.laneChangeIsSafe(i, target: self.vehicles[i].lane + choice.rawValue, acceleration: a) {
                target = self.vehicles[i].lane + choice.rawValue
            } else {
                overrides.insert(.laneChange)
            }
        }
        return (a, target, overrides)
    }

    /// `proposed` within the vehicle's bounds and its stopping distance.
    func shieldedAcceleration(
        _ i: Int, proposed: Double, perceived: Perception, overrides: inout ShieldOverride
    ) -> Double {
        let v = self.vehicles[i]
        let lower = -v.idm.maxDeceleration
        let upper = v.idm.maxAcceleration
        var a = proposed
        if !a.isFinite || a < lower || a > upper {
            a = a.isFinite ? min(max(a, lower), upper) : 0
            overrides.insert(.accelerationBounds)
        }
        if let gap = perceived.gap,
           !Self.keepsStoppingDistance(
               speed: v.speed, acceleration: a, gap: gap, leaderSpeed: perceived.leaderSpeed,
               minimumGap: v.idm.minimumGap, braking: v.idm.maxDeceleration) {
            let expert = IntelligentDriverModel.acceleration(
                parameters: self.parameters(of: v, lane: v.lane), speed: v.speed, gap: gap,
                leaderSpeed: perceived.leaderSpeed)
            if expert < a {
                a = max(expert, lower)
                overrides.insert(.followingDistance)
            }
        }
        return a
    }

    /// Whether a vehicle at `speed` that accelerates at `acceleration` for `shieldReactionTime` and
    /// then brakes at `braking` stops at least `minimumGap` behind a leader `gap` metres ahead at
    /// `leaderSpeed` that brakes at `braking` from now (both brake equally hard: the leader's
    /// stopping distance is what the follower may use).
    public static func keepsStoppingDistance(
        speed: Double, acceleration: Double, gap: Double, leaderSpeed: Double, minimumGap: Double, braking: Double
    ) -> Bool {
        let t = Self.shieldReactionTime
        var speedAfter = speed + acceleration * t
        var travelled = speed * t + 0.5 * acceleration * t * t
        if speedAfter < 0 {
            travelled = acceleration < 0 ? speed * speed / (-2 * acceleration) : 0
            speedAfter = 0
        }
        let leaderTravelled = leaderSpeed * leaderSpeed / (2 * braking)
        let ownStopping = travelled + speedAfter * speedAfter / (2 * braking)
        return gap + leaderTravelled - ownStopping >= minimumGap
    }

    /// Whether vehicle `i` may start a change to `target` now, accelerating at `acceleration`:
    /// the checks MOBIL's own requests pass (see the extension's description).
    func laneChangeIsSafe(_ i: Int, target: Int, acceleration: Double) -> Bool {
        let v = self.vehicles[i]
        guard v.laneChangeFrom == nil, (0..<self.highway.laneCount).contains(target), !self.highway.isRampLane(target)
        else { return false }
        let mobil = self.groups[v.group].mobil
        if let (_, gap) = self.hazardAhead(lane: target, position: v.position) {
            guard gap > 0, IntelligentDriverModel.hardestBraking(
                parameters: self.parameters(of: v, lane: target), speed: v.speed, gap: gap, leaderSpeed: 0,
                leaderAcceleration: 0, horizon: Self.safetyHorizon) >= -mobil.safeDeceleration
            else { return false }
        }
        var work = NeighbourSearchWork()
        let (leader, follower) = self.neighbours(lane: target, position: v.position, excluding: v.id, work: &work)
        if let l = leader, !self.keepsWithin(mobil.safeDeceleration, follower: v, lane: target, leader: self.vehicles[l]) {
            return false
        }
        if let f = follower,
           !self.keepsWithin(
               mobil.safeDeceleration, follower: self.vehicles[f], lane: target, leader: v, leaderAcceleration: acceleration) {
            return false
        }
        return true
    }
}
