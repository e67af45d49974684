/// MOBIL lane changes (Kesting, Treiber, Helbing 2007, "General lane-changing model MOBIL for
/// car-following models", TRR 1999:86–94).
///
/// Drivers decide from the same snapshot as their car-following; the world then applies the
/// requests after the move, front to back per target lane, re-checking safety against the changes
/// already applied, so two drivers never merge into the same gap.
extension TrafficWorld {
    /// A driver's wish to move to `target`.
    struct LaneChangeRequest {
        let index: Int
        let target: Int
        /// The `WarnedObstacle.tag` whose obstacle in the current lane lowered the driver's
        /// current-lane acceleration in the incentive, nil when no warning did.
        var warning: UInt32? = nil
    }

    /// How far ahead a lane-change safety check looks [s]: longer than the change itself (3 s by
    /// default), because IDM's braking behind a cut-in peaks only once the gap has shrunk.
    static let safetyHorizon = 10.0

    /// MOBIL's safety criterion, held over `safetyHorizon` rather than at the instant of the change:
    /// true when `follower`, driving in `lane` behind `leader`, never needs to brake harder than
    /// `limit` [m/s²]. `leaderAcceleration` defaults to the leader's last applied acceleration.
    func keepsWithin(
        _ limit: Double, follower: VehicleState, lane: Int, leader: VehicleState, leaderAcceleration: Double? = nil
    ) -> Bool {
        let gap = self.gap(from: follower, to: leader)
        guard gap > 0 else { return false }
        return IntelligentDriverModel.hardestBraking(
            parameters: self.parameters(of: follower, lane: lane), speed: follower.speed, gap: gap,
            leaderSpeed: leader.speed, leaderAcceleration: leaderAcceleration ?? leader.acceleration,
            horizon: Self.safetyHorizon) >= -limit
    }

    /// IDM acceleration of `v` in `lane` behind `leader` (nil: free road).
    func acceleration(of v: VehicleState, lane: Int, behind leader: VehicleState?) -> Double {
        IntelligentDriverModel.acceleration(
            parameters: self.parameters(of: v, lane: lane), speed: v.speed,
            gap: leader.map { self.gap(from: v, to: $0) }, leaderSpeed: leader?.speed ?? 0)
    }

    /// IDM acceleration of `v` in `lane` towards a standstill at road position `stop`.
    func acceleration(of v: VehicleState, lane: Int, behindStopAt stop: Double) -> Double {
        IntelligentDriverModel.acceleration(
            parameters: self.parameters(of: v, lane: lane), speed: v.speed, gap: max(0, stop - v.position), leaderSpeed: 0)
    }

    /// MOBIL's decision for every vehicle, from the snapshot (tests; the step uses `decide`).
    func decideLaneChanges(
        accelerations: [Double], truth: [GroundTruthLeader?], warned: [[WarnedObstacle]] = []
    ) -> [LaneChangeRequest] {
        var work = NeighbourSearchWork()
        return self.vehicles.indices.compactMap { i in
            self.laneChange(
                for: i, acceleration: accelerations[i], truth: truth[i], warnings: warned.isEmpty ? [] : warned[i],
                work: &work
            ).map { LaneChangeRequest(index: i, target: $0.target, warning: $0.warning) }
        }
    }

    /// MOBIL's decision for vehicle `i`, from the snapshot: the lane it asks to move to, or nil.
    ///
    /// On the on-ramp's acceleration lane the wish to leave it is strategic (SUMO's strategic
    /// lane change): a driver merges left as soon as the safety criterion allows, and no main-lane
    /// driver ever moves onto the acceleration lane.
    ///
    /// The incentive is computed before the safety criterion, which predicts braking over
    /// `safetyHorizon` and costs a hundred IDM evaluations: a lane that would not be chosen even if
    /// safe is never checked. Both only reject a lane, so the order changes no decision.
    ///
    /// - Parameters:
    ///   - current: the vehicle's car-following acceleration in its own lane (a_c).
    ///   - truth: the vehicle's true leader in its own lane.
    ///   - warnings: the obstacles it was warned about. In the incentive only, a warned obstacle is
    ///     a standing leader in its lane, for the current lane as for a target lane, as a driver
    ///     reading a DENM would weigh it; the safety criterion still judges the real neighbours.
    /// - Returns: the target lane and the `WarnedObstacle.tag` whose obstacle in the current lane
    ///   lowered the current-lane acceleration in the incentive (nil when none did).
    func laneChange(
        for i: Int, acceleration current: Double, truth: GroundTruthLeader?, warnings: [WarnedObstacle],
        work: inout NeighbourSearchWork
    ) -> (target: Int, warning: UInt32?)? {
        // Vehicles are named by their index into `vehicles` throughout and read in place: this runs
        // for every vehicle and step, and copying a `VehicleState` per neighbour looked at was a
        // large share of it. The arithmetic is the same as with the copies.
        let lanes = self.highway.laneCount
        guard lanes > 1 else { return nil }
        let lane = self.vehicles[i].lane
        let position = self.vehicles[i].position
        guard self.vehicles[i].laneChangeFrom == nil else { return nil }
        let group = self.vehicles[i].group
        let mobil = self.groups[group].mobil
        let range = self.groups[group].sensor.range
        let rearRange = self.groups[group].sensor.rearRange
        let id = self.vehicles[i].id
        // Old follower o: with v as leader now, with v's leader after v leaves.
        let (_, oldFollower) = self.neighbours(lane: lane, position: position, excluding: id, work: &work)
        let ownLeader = truth.flatMap { t in t.hazard == nil ? self.index(of: t.id, work: &work) : nil }
        var oldFollowerGain = 0.0
        if let o = oldFollower, self.gap(from: o, to: i) <= rearRange {
            oldFollowerGain = self.acceleration(of: o, lane: lane, behind: ownLeader.flatMap { $0 == o ? nil : $0 })
                - self.acceleration(of: o, lane: lane, behind: i)
        }
        var current = current
        var warning: UInt32?
        if let o = WarnedObstacle.nearest(in: warnings, lane: lane) {
            let stop = self.acceleration(of: self.vehicles[i], lane: lane, behindStopAt: position + o.gap)
            if stop < current { current = stop; warning = o.tag }
        }
        let exits = self.vehicles[i].exits
        var best: (target: Int, margin: Double)?
        for side in 0..<2 {
            let direction = side == 0 ? 1 : -1
            let target = lane + direction
            guard (0..<lanes).contains(target), !self.highway.isRampLane(target) else { continue }
            // Strategic changes: leaving the acceleration lane, or heading for the off-ramp
            // within 1 km of it (right only, as soon as it is safe; no overtaking meanwhile).
            let exitAhead = exits && self.highway.config.offRampPosition.map {
                position < $0 && $0 - position < 1_000 } == true
            if exitAhead && direction > 0 { continue }
            let merging = self.highway.isRampLane(lane) || (exitAhead && direction < 0)
            let (trueLeader, newFollower) = self.neighbours(lane: target, position: position, excluding: id, work: &work)
            // Safety is judged against the true neighbours whatever their distance (mirrors, V2V):
            // a fast follower 100 m back can need more braking than one close by.
            var newLeader = trueLeader
            if let l = newLeader, self.gap(from: i, to: l) > range { newLeader = nil }
            var after = self.acceleration(of: i, lane: target, behind: newLeader)
            if let (_, gap) = self.hazardAhead(lane: target, position: position), gap <= range {
                if gap <= 0 { continue }
                let v = self.vehicles[i]
                guard IntelligentDriverModel.hardestBraking(
                    parameters: self.parameters(of: v, lane: target), speed: v.speed, gap: gap, leaderSpeed: 0,
                    leaderAcceleration: 0, horizon: Self.safetyHorizon) >= -mobil.safeDeceleration
                else { continue }
                after = min(after, self.acceleration(of: v, lane: target, behindStopAt: position + gap))
            }
            if let o = WarnedObstacle.nearest(in: warnings, lane: target) {
                // A driver warned that a lane is blocked ahead does not move into it near the
                // obstacle (a strategic rule, as for the off-ramp): it would have to leave again
                // or stop, cutting in front of drivers whose sensors do not yet see why.
                if o.gap <= WarnedObstacle.approachHorizon { continue }
                after = min(after, self.acceleration(of: self.vehicles[i], lane: target, behindStopAt: position + o.gap))
            }
            var newFollowerGain = 0.0
            if let n = newFollower, self.gap(from: n, to: i) <= rearRange {
                let nAfter = self.acceleration(of: n, lane: target, behind: i)
                let before = self.acceleration(of: n, lane: target, behind: newLeader.flatMap { $0 == n ? nil : $0 })
                newFollowerGain = nAfter - before
            }
            let own = after - current
            let incentive = own + mobil.politeness * (newFollowerGain + oldFollowerGain)
            let bias = direction > 0 ? mobil.keepRightBias : -mobil.keepRightBias
            let margin = merging ? 1 : incentive - (mobil.threshold + bias)
            guard margin > 0, best == nil || margin > best!.margin else { continue }
            // The safety criterion, for the changer behind its new leader and the new follower
            // behind the changer.
            if let l = trueLeader,
               !self.keepsWithin(mobil.safeDeceleration, follower: self.vehicles[i], lane: target, leader: self.vehicles[l]) {
                continue
            }
            if let n = newFollower,
               !self.keepsWithin(
                   mobil.safeDeceleration, follower: self.vehicles[n], lane: target, leader: self.vehicles[i],
                   leaderAcceleration: after) {
                continue
            }
            best = (target, margin)
        }
        return best.map { ($0.target, warning) }
    }

    /// Bumper-to-bumper gap from vehicle `follower`'s front to vehicle `leader`'s rear (indices into
    /// `vehicles`, read in place) [m]: `gap(from:to:)` without copying either vehicle.
    @inline(__always)
    private func gap(from follower: Int, to leader: Int) -> Double {
        self.highway.forwardDistance(from: self.vehicles[follower].position, to: self.vehicles[leader].position)
            - self.vehicles[leader].length
    }

    /// IDM acceleration of vehicle `j` in `lane` behind vehicle `leader` (nil: free road), both
    /// indices into `vehicles` read in place: `acceleration(of:lane:behind:)` without the copies.
    private func acceleration(of j: Int, lane: Int, behind leader: Int?) -> Double {
        // `parameters(of:lane:)`, on the stored parameters in place.
        var p = self.vehicles[j].idm
        p.desiredSpeed = min(p.desiredSpeed, self.highway.config.speedLimit(lane: lane))
        return IntelligentDriverModel.acceleration(
            parameters: p, speed: self.vehicles[j].speed, gap: leader.map { self.gap(from: j, to: $0) },
            leaderSpeed: leader.map { self.vehicles[$0].speed } ?? 0)
    }

    /// Applies lane-change requests after the move, front to back per target lane, each re-checked
    /// for safety against the vehicles as they now are (including changes applied before it).
    /// Keeps `laneOrder` current as vehicles change lanes.
    mutating func applyLaneChanges(_ requests: [LaneChangeRequest]) {
        guard !requests.isEmpty else { return }
        let ordered = requests.sorted { a, b in
            let va = self.vehicles[a.index]
            let vb = self.vehicles[b.index]
            if a.target != b.target { return a.target < b.target }
            return va.position != vb.position ? va.position > vb.position : va.id < vb.id
        }
        var work = self.applyWork
        for request in ordered {
            let v = self.vehicles[request.index]
            let mobil = self.groups[v.group].mobil
            // Never onto or just behind-overlapping a hazard.
            if let (_, gap) = self.hazardAhead(lane: request.target, position: v.position), gap <= 0 { continue }
            // The nearest vehicle each way in the target lane, as the vehicles now are.
            guard let (leader, follower) = self.targetLaneNeighbours(of: request.index, lane: request.target, work: &work)
            else { continue }
            // Both halves of the safety criterion, against the state after the move: the changer
            // behind its new leader, and the new follower behind the changer.
            var changerAcceleration = 0.0
            if let j = leader {
                let l = self.vehicles[j]
                guard self.keepsWithin(mobil.safeDeceleration, follower: v, lane: request.target, leader: l) else { continue }
                changerAcceleration = self.acceleration(of: v, lane: request.target, behind: l)
            }
            if let j = follower {
                guard self.keepsWithin(
                    mobil.safeDeceleration, follower: self.vehicles[j], lane: request.target, leader: v,
                    leaderAcceleration: changerAcceleration)
                else { continue }
            }
            self.removeFromLaneOrder(request.index, work: &work)
            self.vehicles[request.index].laneChangeFrom = v.lane
            self.vehicles[request.index].laneChangeProgress = 0
            self.vehicles[request.index].lane = request.target
            self.vehicles[request.index].laneChanges += 1
            self.insertIntoLaneOrder(request.index, work: &work)
        }
        self.applyWork = work
    }
}
