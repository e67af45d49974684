/// The CAM-like sensor broadcast every vehicle sends (ETSI EN 302 637-2 in spirit): who it is,
/// where it is and how it moves. Generation time travels in the envelope header.
///
/// Wire layout (payload of message type 1, 24 bytes, little-endian), fixed-point as CAMs are:
///
/// | offset | size | field | unit |
/// |---|---|---|---|
/// | 0 | 4 | station id (u32) | — |
/// | 4 | 4 | x (i32) | mm |
/// | 8 | 4 | y (i32) | mm |
/// | 12 | 2 | speed (u16) | 0.01 m/s |
/// | 14 | 2 | heading (u16) | 0.01° clockwise from north |
/// | 16 | 2 | longitudinal acceleration (i16) | 0.01 m/s² |
/// | 18 | 2 | vehicle length (u16) | cm |
/// | 20 | 1 | lane (u8) | — |
/// | 21 | 3 | reserved, zero | — |
///
/// Followed by `extraPayload` zero bytes that stand for containers v2vsim does not model.
public struct SensorBroadcast: Equatable, Sendable, Codable {
    public var stationID: UInt32
    /// World position [m].
    public var x: Double
    public var y: Double
    /// Speed [m/s].
    public var speed: Double
    /// Heading [degrees clockwise from north].
    public var heading: Double
    /// Longitudinal acceleration [m/s²].
    public var acceleration: Double
    /// Vehicle length [m].
    public var length: Double
    public var lane: UInt8

    public init(
        stationID: UInt32, x: Double, y: Double, speed: Double, heading: Double,
        acceleration: Double, length: Double, lane: UInt8
    ) {
        self.stationID = stationID
        self.x = x
        self.y = y
        self.speed = speed
        self.heading = heading
        self.acceleration = acceleration
        self.length = length
        self.lane = lane
    }

    /// Length of the modelled fields.
    public static let fixedLength = 24

    /// The payload bytes, with `extra` padding bytes after the modelled fields.
    public func encoded(extra: Int = 0) -> [UInt8] {
        var w = ByteWriter(capacity: Self.fixedLength + extra)
        w.u32(self.stationID)
        w.i32(Self.fixed(self.x * 1000, Int32.self))
        w.i32(Self.fixed(self.y * 1000, Int32.self))
        w.u16(Self.fixed(self.speed * 100, UInt16.self))
        w.u16(Self.fixed(self.heading * 100, UInt16.self))
        w.i16(Self.fixed(self.acceleration * 100, Int16.self))
        w.u16(Self.fixed(self.length * 100, UInt16.self))
        w.u8(self.lane)
        w.raw([0, 0, 0])
        if extra > 0 { w.raw(repeatElement(0, count: extra)) }
        return w.bytes
    }

    /// Decodes a payload; the values are what the sender claims, nothing more.
    public static func decode(_ payload: [UInt8]) throws(DecodeError) -> SensorBroadcast {
        var r = ByteReader(payload)
        let id = try r.u32("cam.station_id")
        let x = Double(try r.i32("cam.x")) / 1000
        let y = Double(try r.i32("cam.y")) / 1000
        let speed = Double(try r.u16("cam.speed")) / 100
        let heading = Double(try r.u16("cam.heading")) / 100
        let accel = Double(try r.i16("cam.acceleration")) / 100
        let length = Double(try r.u16("cam.length")) / 100
        let lane = try r.u8("cam.lane")
        _ = try r.raw("cam.reserved", count: 3)
        guard heading < 360 else {
            throw DecodeError(field: "cam.heading", offset: 14, problem: "\(heading)° is not below 360")
        }
        return SensorBroadcast(stationID: id, x: x, y: y, speed: speed, heading: heading, acceleration: accel, length: length, lane: lane)
    }

    /// The value rounded to the field's resolution and clamped to its range.
    private static func fixed<T: FixedWidthInteger>(_ value: Double, _: T.Type) -> T {
        guard value.isFinite else { return 0 }
        let rounded = value.rounded()
        if rounded <= Double(T.min) { return T.min }
        if rounded >= Double(T.max) { return T.max }
        return T(rounded)
    }
}
