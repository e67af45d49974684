/// Ground-truth state of one vehicle on the road.
///
/// Positions are in the road frame: `position` is the distance of the front bumper from the road's
/// start along its axis [m]. World coordinates (`x`, `y`) come from `Highway`.
public struct VehicleState: Sendable {
    public let id: VehicleID
    /// Index of the vehicle's group in the scenario's `traffic` list.
    public let group: Int
    /// Lane index, 0 the rightmost.
    public var lane: Int
    /// Front-bumper position along the road [m].
    public var position: Double
    /// Speed [m/s], never negative.
    public var speed: Double
    /// Acceleration applied during the last step [m/s²].
    public var acceleration: Double
    /// Car-following parameters (desired speed already capped by the speed limit).
    public let idm: IDMParameters

    public init(id: VehicleID, group: Int, lane: Int, position: Double, speed: Double, idm: IDMParameters) {
        self.id = id
        self.group = group
        self.lane = lane
        self.position = position
        self.speed = speed
        self.acceleration = 0
        self.idm = idm
    }

    /// Vehicle length [m].
    public var length: Double { self.idm.vehicleLength }

    /// Rear-bumper position [m].
    public var rear: Double { self.position - self.idm.vehicleLength }
}
