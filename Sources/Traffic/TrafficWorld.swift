import SimKernel

/// The vehicles on one highway and the rules that move them.
///
/// A step runs in phases (TrafficWorld+Tick.swift): every driver perceives and decides from the same
/// snapshot, then the world applies all decisions, so the order in which vehicles are visited
/// cannot change the result.
public struct TrafficWorld: Sendable, Codable {
    public let highway: Highway
    public let groups: [TrafficGroup]
    public let incidentConfig: IncidentConfig

    /// Vehicles on the road, in spawn order (ascending id).
    public internal(set) var vehicles: [VehicleState] = []
    /// Which of `highway.config.hazards` are on the road.
    public internal(set) var activeHazards: [Bool] = []
    /// Vehicles that left by the off-ramp, counted (also in `departedCount`).
    public private(set) var exitedCount = 0
    /// Vehicles that have left the road's end, counted.
    public private(set) var departedCount = 0
    /// Every id handed out so far.
    public private(set) var spawnedCount = 0
    /// Drivers whose decision a warned obstacle changed in the last step, in vehicle order (slowing
    /// first, then lane-change requests).
    public internal(set) var warningResponses: [WarningResponse] = []

    private let seed: UInt64
    private var spawnStream: RandomStream
    /// Next Poisson arrival time per flow group, nil for count groups.
    private var nextArrival: [SimTime?]
    /// Arrivals waiting for a safe gap at the entrance, per group.
    private var pendingArrivals: [Int]
    private var nextFlowLane = 0
    /// Open near-miss and hard-braking episodes, so each is recorded once, not every step
    /// (internal for TrafficWorld+Incidents.swift; nothing else touches them).
    var openNearMisses: Set<UInt64> = []
    var openCollisions: Set<UInt64> = []
    var openHardBraking: Set<VehicleID> = []
    /// The lowest time to collision seen after any step so far [s] (to a leader while closing in, or
    /// to a hazard ahead), infinity while none: `policy eval`'s minimum TTC. Observation only.
    public internal(set) var minimumTTC = Double.infinity
    /// Per lane, indices into `vehicles` sorted by position descending (front first), ties by id.
    /// Re-sorted after the move of each step and kept current through lane changes, departures and
    /// arrivals: every neighbour search is a binary search in it.
    private(set) var laneOrder: [[Int]] = []
    /// The longest vehicle of any group [m]: how far a search must look past a position for a
    /// vehicle whose rear reaches back to it.
    let longestVehicle: Double
    /// The searches of the last `apply` (lane changes re-checked after the move).
    public internal(set) var applyWork = NeighbourSearchWork()

    /// Creates the world and places every count-spawned vehicle.
    public init(road: RoadConfig, groups: [TrafficGroup], incidents: IncidentConfig, seed: UInt64) {
        self.highway = Highway(config: road)
        self.groups = groups
        self.incidentConfig = incidents
        self.seed = seed
        self.spawnStream = RandomStream.derived(seed: seed, component: "spawn")
        self.nextArrival = Array(repeating: nil, count: groups.count)
        self.activeHazards = road.hazards.map { $0.time <= .zero }
        self.pendingArrivals = Array(repeating: 0, count: groups.count)
        self.longestVehicle = groups.map(\.idm.vehicleLength).max() ?? 0
        self.placeInitialVehicles()
        for g in groups.indices {
            let perHour = self.arrivalRate(group: g)
            if perHour > 0 {
                self.nextArrival[g] = SimTime(seconds: self.spawnStream.exponential(mean: 3600 / perHour))
            }
        }
        self.rebuildLaneOrder()
    }

    /// Arrivals per hour of group `g`: its `flow`, or the `inflow` of a `count` group; none on a ring.
    func arrivalRate(group g: Int) -> Double {
        guard !self.highway.isRing else { return 0 }
        switch self.groups[g].spawn {
        case let .flow(perHour): return perHour
        case .count: return self.groups[g].inflow
        }
    }

    /// IDM parameters of `group` with the desired speed capped by the speed limit.
    func parameters(group g: Int) -> IDMParameters {
        var p = self.groups[g].idm
        p.desiredSpeed = min(p.desiredSpeed, self.highway.config.speedLimit)
        return p
    }

    private mutating func makeVehicle(group g: Int, lane: Int, position: Double, speed: Double) -> VehicleState {
        let id = VehicleID(UInt32(self.spawnedCount))
        self.spawnedCount += 1
        var vehicle = VehicleState(
            id: id, group: g, lane: lane, position: position, speed: speed, idm: self.parameters(group: g), seed: self.seed)
        let share = self.groups[g].exitShare
        if share > 0, let exit = self.highway.config.offRampPosition, position < exit {
            vehicle.exits = vehicle.random.bernoulli(share)
        }
        return vehicle
    }

    /// Spreads count-spawned vehicles of all groups evenly over lanes and road, interleaving groups,
    /// at the speed the gap allows in equilibrium (so a dense start does not begin with a crash).
    private mutating func placeInitialVehicles() {
        // Group index of each vehicle to place, groups interleaved in proportion to their counts.
        var keyed: [(fraction: Double, group: Int)] = []
        for (g, group) in self.groups.enumerated() {
            if case let .count(n) = group.spawn {
                for k in 0..<n { keyed.append(((Double(k) + 0.5) / Double(n), g)) }
            }
        }
        keyed.sort { ($0.fraction, $0.group) < ($1.fraction, $1.group) }
        let slots = keyed.map(\.group)
        guard !slots.isEmpty else { return }
        let lanes = self.highway.config.lanes
        let first = self.highway.firstMainLane
        let perLane = (slots.count + lanes - 1) / lanes
        let spacing = self.highway.config.length / Double(perLane)
        if self.highway.isRing {
            // Evenly spaced and in equilibrium, as in Sugiyama et al. 2008: without noise nothing
            // would ever disturb this state.
            for (k, g) in slots.enumerated() {
                let lane = k % lanes
                let position = self.highway.wrapped(Double(k / lanes) * spacing + spacing * Double(lane) / Double(lanes))
                let p = self.parameters(group: g)
                let speed = min(
                    self.groups[g].initialSpeedFraction * p.desiredSpeed,
                    Self.equilibriumSpeed(p, gap: spacing - p.vehicleLength))
                self.vehicles.append(self.makeVehicle(group: g, lane: lane, position: position, speed: speed))
            }
            return
        }
        for (k, g) in slots.enumerated() {
            let lane = k % lanes
            let slot = k / lanes
            let p = self.parameters(group: g)
            // Staggered lanes and a small jitter so that lanes do not move in lock step.
            let jitter = self.spawnStream.uniform(in: 0..<(0.2 * spacing))
            let offset = spacing * Double(lane) / Double(lanes)
            let position = self.highway.config.length - Double(slot) * spacing - offset - jitter
            guard position > p.vehicleLength else { continue }
            let gap = spacing * 0.8 - p.vehicleLength
            let speed = min(self.groups[g].initialSpeedFraction * p.desiredSpeed, Self.equilibriumSpeed(p, gap: gap))
            self.vehicles.append(self.makeVehicle(group: g, lane: first + lane, position: position, speed: speed))
        }
    }

    /// Places one vehicle of group `g` on the road (tests, hazards), keeping the lane order current.
    ///
    /// - Returns: its id.
    @discardableResult
    public mutating func addVehicle(group g: Int, lane: Int, position: Double, speed: Double) -> VehicleID {
        precondition(self.groups.indices.contains(g) && (0..<self.highway.laneCount).contains(lane))
        let vehicle = self.makeVehicle(group: g, lane: lane, position: self.highway.wrapped(position), speed: speed)
        self.vehicles.append(vehicle)
        self.rebuildLaneOrder()
        return vehicle.id
    }

    /// The speed whose IDM equilibrium gap equals `gap` (bisection; the gap grows with speed).
    static func equilibriumSpeed(_ p: IDMParameters, gap: Double) -> Double {
        guard gap > p.minimumGap else { return 0 }
        var lo = 0.0
        var hi = p.desiredSpeed
        for _ in 0..<60 {
            let mid = 0.5 * (lo + hi)
            if IntelligentDriverModel.equilibriumGap(parameters: p, speed: mid) < gap { lo = mid } else { hi = mid }
        }
        return lo
    }

    mutating func rebuildLaneOrder() {
        if self.laneOrder.count != self.highway.laneCount {
            self.laneOrder = Array(repeating: [], count: self.highway.laneCount)
        }
        for lane in 0..<self.laneOrder.count { self.laneOrder[lane].removeAll(keepingCapacity: true) }
        for (i, v) in self.vehicles.enumerated() { self.laneOrder[v.lane].append(i) }
        for lane in 0..<self.laneOrder.count {
            // Ties on position are broken by id so the order is total.
            self.laneOrder[lane].sort { a, b in
                let va = self.vehicles[a]
                let vb = self.vehicles[b]
                return va.position != vb.position ? va.position > vb.position : va.id < vb.id
            }
        }
    }

    /// True when vehicle `a` comes before `b` in a lane order: further ahead, or level with a lower id.
    private func precedes(_ a: VehicleState, _ b: VehicleState) -> Bool {
        a.position != b.position ? a.position > b.position : a.id < b.id
    }

    /// Inserts vehicle `i` into its lane's order at its sorted place (binary search).
    mutating func insertIntoLaneOrder(_ i: Int, work: inout NeighbourSearchWork) {
        let v = self.vehicles[i]
        var low = 0
        var high = self.laneOrder[v.lane].count
        while low < high {
            let mid = (low + high) / 2
            work.probes += 1
            if self.precedes(self.vehicles[self.laneOrder[v.lane][mid]], v) { low = mid + 1 } else { high = mid }
        }
        self.laneOrder[v.lane].insert(i, at: low)
    }

    /// Removes vehicle `i` from its lane's order (found by binary search).
    mutating func removeFromLaneOrder(_ i: Int, work: inout NeighbourSearchWork) {
        let v = self.vehicles[i]
        var low = 0
        var high = self.laneOrder[v.lane].count
        while low < high {
            let mid = (low + high) / 2
            work.probes += 1
            if self.precedes(self.vehicles[self.laneOrder[v.lane][mid]], v) { low = mid + 1 } else { high = mid }
        }
        precondition(self.laneOrder[v.lane][low] == i, "lane order out of date")
        self.laneOrder[v.lane].remove(at: low)
    }

    /// The true leader of every vehicle, indexed like `vehicles`.
    public func groundTruthLeaders() -> [GroundTruthLeader?] {
        var leaders: [GroundTruthLeader?] = []
        self.groundTruthLeaders(into: &leaders)
        return leaders
    }

    /// The true leader of every vehicle into `leaders` (overwritten, its storage reused), indexed
    /// like `vehicles`: each vehicle's predecessor in its sorted lane, or an active hazard when nearer.
    public func groundTruthLeaders(into leaders: inout [GroundTruthLeader?]) {
        leaders.removeAll(keepingCapacity: true)
        leaders.append(contentsOf: repeatElement(nil, count: self.vehicles.count))
        for order in self.laneOrder {
            for k in order.indices {
                // On a ring the front-most vehicle follows the last one, around the circle.
                guard k > 0 || (self.highway.isRing && order.count > 1) else { continue }
                let leader = self.vehicles[order[k > 0 ? k - 1 : order.count - 1]]
                let me = self.vehicles[order[k]]
                leaders[order[k]] = GroundTruthLeader(id: leader.id, gap: self.gap(from: me, to: leader), speed: leader.speed)
            }
        }
        guard self.activeHazards.contains(true) else { return }
        for (i, v) in self.vehicles.enumerated() {
            if let (k, gap) = self.hazardAhead(lane: v.lane, position: v.position), gap < leaders[i]?.gap ?? .infinity {
                leaders[i] = GroundTruthLeader(id: Hazard.pseudoID(index: k), gap: gap, speed: 0, hazard: k)
            }
        }
    }

    /// The nearest active hazard in `lane` whose front is ahead of a front bumper at `position`, and
    /// the gap to its rear [m] (negative when overlapping).
    public func hazardAhead(lane: Int, position: Double) -> (index: Int, gap: Double)? {
        var best: (index: Int, gap: Double)?
        for (k, hazard) in self.highway.config.hazards.enumerated() where self.activeHazards[k] && hazard.lane == lane {
            let toFront = self.highway.forwardDistance(from: position, to: hazard.position)
            guard toFront > 0, toFront < self.highway.length / 2 || !self.highway.isRing else { continue }
            let gap = toFront - hazard.length
            if best == nil || gap < best!.gap { best = (k, gap) }
        }
        return best
    }

    /// True when no vehicle in the hazard's lane overlaps it or could not stop before it braking at
    /// 8 m/s², below its physical limit: an obstacle does not fall out of the sky onto a car; it
    /// appears in the next such gap. (A comfortable distance, v²/2b_safe ≈ 110 m at 30 m/s, is
    /// longer than the headways of dense traffic, so the obstacle would never appear at all.)
    func canPlace(_ hazard: Hazard) -> Bool {
        for v in self.vehicles where v.lane == hazard.lane || v.laneChangeFrom == hazard.lane {
            let toRear = self.highway.forwardDistance(from: v.position, to: hazard.rear)
            let overlaps = v.position > hazard.rear && v.rear < hazard.position
            let stopping = v.speed * v.speed / (2 * min(8, v.idm.maxDeceleration)) + v.idm.minimumGap
            if overlaps || (toRear >= 0 && toRear < stopping) { return false }
        }
        return true
    }

    /// IDM parameters of `v` driving in `lane`: its desired speed capped by that lane's limit.
    public func parameters(of v: VehicleState, lane: Int) -> IDMParameters {
        var p = v.idm
        p.desiredSpeed = min(p.desiredSpeed, self.highway.config.speedLimit(lane: lane))
        return p
    }

    /// Bumper-to-bumper gap from `follower`'s front to `leader`'s rear [m], around the ring if need be.
    func gap(from follower: VehicleState, to leader: VehicleState) -> Double {
        self.highway.forwardDistance(from: follower.position, to: leader.position) - leader.length
    }

    /// Removes vehicles that left by the off-ramp or past the road's end; the lane orders keep
    /// their order with the remaining vehicles' new indices.
    mutating func removeDeparted() {
        guard !self.highway.isRing else { return }
        let length = self.highway.config.length
        let exit = self.highway.config.offRampPosition
        let first = self.highway.firstMainLane
        // A driver who reached the exit in the rightmost main lane leaves; one who missed it drives on.
        func exits(_ v: VehicleState) -> Bool {
            exit.map { v.exits && v.lane == first && v.laneChangeFrom == nil && v.position >= $0 } ?? false
        }
        guard self.vehicles.contains(where: { exits($0) || $0.rear > length }) else { return }
        var newIndex = [Int](repeating: -1, count: self.vehicles.count)
        var kept: [VehicleState] = []
        kept.reserveCapacity(self.vehicles.count)
        for (i, v) in self.vehicles.enumerated() {
            if exits(v) {
                self.exitedCount += 1
                self.departedCount += 1
            } else if v.rear > length {
                self.departedCount += 1
            } else {
                newIndex[i] = kept.count
                kept.append(v)
            }
        }
        self.vehicles = kept
        for lane in self.laneOrder.indices {
            self.laneOrder[lane] = self.laneOrder[lane].compactMap { newIndex[$0] >= 0 ? newIndex[$0] : nil }
        }
    }

    /// Inserts flow arrivals due by `now` at the entrance when the lane's last vehicle leaves a
    /// safe gap; arrivals without room wait (they are not dropped).
    mutating func spawnArrivals(until now: SimTime) {
        for g in self.groups.indices {
            let perHour = self.arrivalRate(group: g)
            guard perHour > 0 else { continue }
            while let due = self.nextArrival[g], due <= now {
                self.pendingArrivals[g] += 1
                self.nextArrival[g] = due + SimTime(seconds: self.spawnStream.exponential(mean: 3600 / perHour))
            }
            let p = self.parameters(group: g)
            let ramp = self.groups[g].entry == .onRamp ? self.highway.config.onRamp : nil
            while self.pendingArrivals[g] > 0 {
                // Once per arrival, not per lane tried (and only while arrivals wait).
                let changing = self.vehicles.indices.filter { self.vehicles[$0].laneChangeFrom != nil }
                guard let (lane, speed) = self.entranceSlot(
                    for: p, fraction: self.groups[g].initialSpeedFraction, ramp: ramp != nil, changing: changing)
                else { break }
                let position = (ramp?.start ?? 0) + p.vehicleLength
                self.vehicles.append(self.makeVehicle(group: g, lane: lane, position: position, speed: speed))
                self.pendingArrivals[g] -= 1
                var work = NeighbourSearchWork()
                self.insertIntoLaneOrder(self.vehicles.count - 1, work: &work)
                self.applyWork = self.applyWork + work
            }
        }
    }

    /// A lane (tried round-robin) with room at the entrance, and the speed to enter at.
    /// On the ramp the only lane is the acceleration lane, entered at its start.
    ///
    /// - Parameter changing: the vehicles (indices, ascending) still changing lanes.
    private mutating func entranceSlot(
        for p: IDMParameters, fraction: Double, ramp: Bool, changing: [Int]
    ) -> (Int, Double)? {
        let lanes = ramp ? 1 : self.highway.config.lanes
        let entrance = ramp ? self.highway.config.onRamp?.start ?? 0 : 0
        for attempt in 0..<lanes {
            let lane = ramp ? 0 : self.highway.firstMainLane + (self.nextFlowLane + attempt) % lanes
            let wanted = fraction * p.desiredSpeed
            var speed = wanted
            // The last vehicle behind which this one would enter (the lane's rearmost beyond the
            // entrance), counting one still moving out of the lane: it is physically there.
            var behind = self.laneOrder[lane].last { self.vehicles[$0].position >= entrance }
            for j in changing where self.vehicles[j].laneChangeFrom == lane && self.vehicles[j].position >= entrance {
                if behind == nil || self.vehicles[j].position < self.vehicles[behind!].position { behind = j }
            }
            if let lastIndex = behind {
                let last = self.vehicles[lastIndex]
                let gap = last.rear - entrance - p.vehicleLength
                // An arrival comes from upstream at about the wanted speed and waits there (stays
                // pending) until the gap lets it follow the last vehicle with comfortable braking at
                // no less than half that speed. Squeezing it in as soon as s0 was free, at whatever
                // speed the gap allowed, packed the entrance at jam density with vehicles that
                // started from standstill: a standing slow zone at the road's start.
                func fits(_ v: Double) -> Bool {
                    gap > p.minimumGap + v * p.timeHeadway && IntelligentDriverModel.hardestBraking(
                        parameters: p, speed: v, gap: gap, leaderSpeed: last.speed, leaderAcceleration: 0,
                        horizon: Self.safetyHorizon) >= -p.comfortableDeceleration
                }
                guard let fitting = (0...5).lazy.map({ wanted * (1 - 0.1 * Double($0)) }).first(where: fits) else {
                    continue
                }
                speed = fitting
            }
            if !ramp { self.nextFlowLane = (lane - self.highway.firstMainLane + 1) % lanes }
            return (lane, speed)
        }
        return nil
    }
}
