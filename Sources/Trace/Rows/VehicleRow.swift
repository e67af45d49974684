import SimKernel

/// One vehicle's state at one sampling instant: a floating-car-data (FCD) row, as SUMO users know it.
///
/// Stored in the `vehicles` table; exported as `vehicles.csv`.
public struct VehicleRow: Sendable, Equatable {
    /// Simulated time of the sample.
    public var time: SimTime
    /// The vehicle's id.
    public var vehicleID: UInt32
    /// Longitudinal position along the road [m].
    public var x: Double
    /// Lateral position [m].
    public var y: Double
    /// Heading [deg].
    public var angleDeg: Double
    /// Speed [m/s].
    public var speed: Double
    /// Acceleration [m/s²]; negative when braking.
    public var accel: Double
    /// Lane index (0 = rightmost).
    public var lane: Int
    /// Name of the driving policy in control (`expert`, a weights file, …).
    public var policy: String
    /// Vehicle type name from the scenario (`car`, `truck`, …).
    public var type: String
    /// Front-bumper position along the lane [m] (SUMO's FCD `pos`): distance from the road's start, on
    /// a ring the arc length, wrapping at the circumference.
    public var pos: Double

    /// Creates a vehicle row; see the properties for units.
    public init(
        time: SimTime, vehicleID: UInt32, x: Double, y: Double, angleDeg: Double, speed: Double, accel: Double,
        lane: Int, policy: String, type: String, pos: Double
    ) {
        self.time = time
        self.vehicleID = vehicleID
        self.x = x
        self.y = y
        self.angleDeg = angleDeg
        self.speed = speed
        self.accel = accel
        self.lane = lane
        self.policy = policy
        self.type = type
        self.pos = pos
    }
}
