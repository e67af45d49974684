/// The identity of a roadside unit within its committee: its index in `RSUCommittee.keys`.
public struct RSUID: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    /// The index of the RSU in its committee, from 0.
    public let raw: UInt32

    /// Wraps a committee index.
    public init(raw: UInt32) { self.raw = raw }

    /// `rsu3` for index 3, the form used in audit messages.
    public var description: String { "rsu\(self.raw)" }

    public static func < (lhs: RSUID, rhs: RSUID) -> Bool { lhs.raw < rhs.raw }
}
