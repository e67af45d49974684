/// The identity of a vehicle within one run, handed out by a counter in spawn order.
public struct VehicleID: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    public let raw: UInt32
    public init(_ raw: UInt32) { self.raw = raw }
    public static func < (lhs: VehicleID, rhs: VehicleID) -> Bool { lhs.raw < rhs.raw }
    public var description: String { "v\(self.raw)" }
}
