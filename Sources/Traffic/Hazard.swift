import SimKernel

/// An obstacle that appears on a lane at a time and stays: a stopped vehicle or debris.
public struct Hazard: Hashable, Sendable, Codable {
    public enum Kind: String, Hashable, Sendable, CaseIterable, Codable {
        case stoppedVehicle = "stopped_vehicle"
        case debris
    }

    public var kind: Kind = .stoppedVehicle
    /// When it appears.
    public var time: SimTime = .zero
    /// Road position of its front (downstream end) [m].
    public var position: Double = 1_000
    /// Lane it blocks (world lane index).
    public var lane: Int = 0
    /// Its length along the lane [m].
    public var length: Double = 5
    /// Whether the first vehicle that senses it broadcasts a hazard warning (DENM). False gives a
    /// baseline in which every driver relies on its own sensor, to measure what warnings buy.
    public var warn = true
    /// Repetition interval of the warning while the hazard stands (ETSI DENM repetitionInterval);
    /// nil warns once.
    public var repetition: SimTime? = nil

    public init() {}

    /// Road position of its rear (upstream end) [m].
    public var rear: Double { self.position - self.length }

    /// The pseudo vehicle id that stands for hazard `index` in leaders and incidents.
    public static func pseudoID(index: Int) -> VehicleID { VehicleID(UInt32.max - UInt32(index)) }
}
