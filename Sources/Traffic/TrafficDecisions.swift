/// What every driver decided in one traffic step, all from the same snapshot of the world: the
/// output of `TrafficWorld.decide` and the input of `TrafficWorld.apply`.
///
/// One slot per vehicle, indexed like `TrafficWorld.vehicles` at the snapshot, so the order in
/// which drivers are visited cannot change what they decide. Kept by the caller between steps so
/// that its buffers are reused.
public struct TrafficDecisions: Sendable, Equatable {
    /// Longitudinal acceleration per vehicle [m/s²], before dawdling and the tyres' limit.
    public internal(set) var accelerations: [Double] = []
    /// The lane each vehicle asks to move to (MOBIL), or nil to keep its lane. The world applies a
    /// request only if it is still safe after the move.
    public internal(set) var laneTargets: [Int?] = []
    /// Per vehicle, the `WarnedObstacle.tag` it slowed for (its acceleration was lowered by it).
    public internal(set) var slowedFor: [UInt32?] = []
    /// Per vehicle asking to change lanes, the tag of the warned obstacle in its current lane that
    /// made the change worth it, nil when no warning did.
    public internal(set) var laneChangeWarnings: [UInt32?] = []
    /// Per vehicle, what the safety shield changed in a lane-choosing policy's decision (empty
    /// flags for every other vehicle).
    public internal(set) var shieldOverrides: [ShieldOverride] = []
    /// The vehicles the searches of this decision looked at (tests and profiles).
    public internal(set) var work = NeighbourSearchWork()

    public init() {}

    /// Empties every slot and sizes it for `count` vehicles, keeping the storage.
    mutating func reset(count: Int) {
        self.accelerations.removeAll(keepingCapacity: true)
        self.accelerations.append(contentsOf: repeatElement(0, count: count))
        self.laneTargets.removeAll(keepingCapacity: true)
        self.laneTargets.append(contentsOf: repeatElement(nil, count: count))
        self.slowedFor.removeAll(keepingCapacity: true)
        self.slowedFor.append(contentsOf: repeatElement(nil, count: count))
        self.laneChangeWarnings.removeAll(keepingCapacity: true)
        self.laneChangeWarnings.append(contentsOf: repeatElement(nil, count: count))
        self.shieldOverrides.removeAll(keepingCapacity: true)
        self.shieldOverrides.append(contentsOf: repeatElement([], count: count))
        self.work = NeighbourSearchWork()
    }
}

/// How much work the neighbour searches of a step did: what the test of "no all-pairs work" counts.
public struct NeighbourSearchWork: Sendable, Equatable, Codable {
    /// Vehicles whose distance or gap a search evaluated.
    public var examined = 0
    /// Binary-search probes (O(log n) per query).
    public var probes = 0

    public init() {}

    public static func + (a: Self, b: Self) -> Self {
        var sum = a
        sum.examined += b.examined
        sum.probes += b.probes
        return sum
    }
}
