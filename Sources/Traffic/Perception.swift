/// What a driver believes about the vehicle ahead when it decides.
public struct Perception: Sendable, Equatable, Codable {
    /// Bumper-to-bumper gap to the perceived leader [m], nil for a free road.
    public var gap: Double?
    /// Perceived leader speed [m/s].
    public var leaderSpeed: Double

    /// Standing obstacles the driver was warned about (accepted DENMs), ahead in any lane; empty
    /// when it holds no warning. The traffic layer uses them for lane choice and approach speed.
    public var warnings: [WarnedObstacle]

    public init(gap: Double?, leaderSpeed: Double, warnings: [WarnedObstacle] = []) {
        self.gap = gap
        self.leaderSpeed = leaderSpeed
        self.warnings = warnings
    }

    /// Nothing ahead.
    public static let freeRoad = Perception(gap: nil, leaderSpeed: 0)
}

/// The true leader of a vehicle, as the world knows it.
public struct GroundTruthLeader: Sendable, Equatable, Codable {
    /// The leader's id, or `Hazard.pseudoID(index:)` when the leader is a hazard.
    public let id: VehicleID
    /// Bumper-to-bumper gap [m].
    public let gap: Double
    public let speed: Double
    /// Index into `RoadConfig.hazards` when the leader is a hazard.
    public var hazard: Int? = nil

    public init(id: VehicleID, gap: Double, speed: Double, hazard: Int? = nil) {
        self.id = id
        self.gap = gap
        self.speed = speed
        self.hazard = hazard
    }
}
