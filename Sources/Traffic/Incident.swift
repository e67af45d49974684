import SimKernel

/// Something a traffic engineer or investigator wants to find in a trace.
public struct Incident: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, CaseIterable, Codable {
        /// Two vehicles overlap; `value` is the overlap [m].
        case collision
        /// Time-to-collision fell below the scenario threshold; `value` is the TTC [s].
        case nearMiss = "near_miss"
        /// Deceleration beyond the scenario threshold; `value` is the deceleration [m/s²].
        case hardBraking = "hard_braking"
    }

    public let time: SimTime
    public let kind: Kind
    /// The follower in a pair, or the braking vehicle.
    public let vehicle: VehicleID
    /// The leader in a pair.
    public let other: VehicleID?
    public let value: Double

    public init(time: SimTime, kind: Kind, vehicle: VehicleID, other: VehicleID?, value: Double) {
        self.time = time
        self.kind = kind
        self.vehicle = vehicle
        self.other = other
        self.value = value
    }
}
