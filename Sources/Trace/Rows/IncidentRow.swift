import SimKernel

/// A safety-relevant event: a collision, a near miss, a hard brake, …
///
/// Stored in the `incidents` table; exported as `incidents.csv`.
public struct IncidentRow: Sendable, Equatable {
    /// When it happened.
    public var time: SimTime
    /// Incident kind (`collision`, `near_miss`, …).
    public var kind: String
    /// The (first) vehicle involved.
    public var vehicleA: UInt32
    /// The second vehicle involved, if any.
    public var vehicleB: UInt32?
    /// The kind's measured value (for example time to collision [s] or closing speed [m/s]).
    public var value: Double
    /// Free-text detail.
    public var detail: String

    /// Creates an incident row; see the properties for units.
    public init(time: SimTime, kind: String, vehicleA: UInt32, vehicleB: UInt32?, value: Double, detail: String) {
        self.time = time
        self.kind = kind
        self.vehicleA = vehicleA
        self.vehicleB = vehicleB
        self.value = value
        self.detail = detail
    }
}
