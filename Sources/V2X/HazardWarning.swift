/// A DENM-like hazard warning (ETSI EN 302 637-3 in spirit): a vehicle whose sensors found an
/// obstacle on a lane tells everyone in range, signed like every broadcast (message type `denm`).
/// Detection time travels in the envelope header as the generation time.
///
/// Wire layout (payload of message type 2, 24 bytes, little-endian):
///
/// | offset | size | field | unit |
/// |---|---|---|---|
/// | 0 | 4 | reporting station id (u32) | — |
/// | 4 | 2 | hazard id (u16), the event's identity for de-duplication | — |
/// | 6 | 1 | cause code (u8), ETSI CDD: 94 stationary vehicle, 10 obstacle on the road | — |
/// | 7 | 1 | lane (u8) | — |
/// | 8 | 4 | x (i32) | mm |
/// | 12 | 4 | y (i32) | mm |
/// | 16 | 4 | road position of the obstacle's front (i32) | mm |
/// | 20 | 2 | obstacle length (u16) | cm |
/// | 22 | 2 | reserved, zero | — |
public struct HazardWarning: Equatable, Sendable, Codable {
    /// ETSI cause codes v2vsim uses.
    public enum Cause: UInt8, Sendable, CaseIterable, Codable {
        case obstacleOnTheRoad = 10
        case stationaryVehicle = 94
    }

    public var stationID: UInt32
    public var hazardID: UInt16
    public var cause: Cause
    public var lane: UInt8
    /// World position of the obstacle [m].
    public var x: Double
    public var y: Double
    /// Position of the obstacle's front along the road [m].
    public var roadPosition: Double
    /// Obstacle length [m].
    public var length: Double

    public init(
        stationID: UInt32, hazardID: UInt16, cause: Cause, lane: UInt8, x: Double, y: Double,
        roadPosition: Double, length: Double
    ) {
        self.stationID = stationID
        self.hazardID = hazardID
        self.cause = cause
        self.lane = lane
        self.x = x
        self.y = y
        self.roadPosition = roadPosition
        self.length = length
    }

    /// Length of the payload.
    public static let encodedLength = 24

    /// The payload bytes.
    public func encoded() -> [UInt8] {
        var w = ByteWriter(capacity: Self.encodedLength)
        w.u32(self.stationID)
        w.u16(self.hazardID)
        w.u8(self.cause.rawValue)
        w.u8(self.lane)
        w.i32(Self.millimetres(self.x))
        w.i32(Self.millimetres(self.y))
        w.i32(Self.millimetres(self.roadPosition))
        let cm = (self.length * 100).rounded()
        w.u16(cm.isFinite ? UInt16(max(0, min(cm, Double(UInt16.max)))) : 0)
        w.raw([0, 0])
        return w.bytes
    }

    /// Decodes a payload; the values are what the sender claims, nothing more.
    public static func decode(_ payload: [UInt8]) throws(DecodeError) -> HazardWarning {
        var r = ByteReader(payload)
        let station = try r.u32("denm.station_id")
        let hazard = try r.u16("denm.hazard_id")
        let code = try r.u8("denm.cause")
        guard let cause = Cause(rawValue: code) else {
            throw DecodeError(field: "denm.cause", offset: 6, problem: "unknown cause code \(code)")
        }
        let lane = try r.u8("denm.lane")
        let x = Double(try r.i32("denm.x")) / 1000
        let y = Double(try r.i32("denm.y")) / 1000
        let position = Double(try r.i32("denm.road_position")) / 1000
        let length = Double(try r.u16("denm.length")) / 100
        _ = try r.raw("denm.reserved", count: 2)
        return HazardWarning(
            stationID: station, hazardID: hazard, cause: cause, lane: lane, x: x, y: y, roadPosition: position,
            length: length)
    }

    private static func millimetres(_ value: Double) -> Int32 {
        let mm = (value * 1000).rounded()
        guard mm.isFinite else { return 0 }
        return Int32(max(Double(Int32.min), min(mm, Double(Int32.max))))
    }
}
