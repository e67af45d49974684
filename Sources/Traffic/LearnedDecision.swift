/// A lane-change choice of a driving policy, relative to the vehicle's lane (lane indices grow to
/// the left, lane 0 the rightmost).
public enum LaneChoice: Int, Sendable, Hashable, CaseIterable {
    case right = -1
    case keep = 0
    case left = 1
}

/// What a learned policy decided for one vehicle, before the safety shield: the input of
/// `TrafficWorld.decide` for the vehicles it drives.
public struct LearnedDecision: Sendable, Equatable {
    /// Longitudinal acceleration [m/s²].
    public var acceleration: Double
    /// The lane choice, or nil for a policy that sets the acceleration only (observation v1): then
    /// MOBIL chooses lanes, and the acceleration is used as the policy gave it.
    public var lane: LaneChoice?

    public init(acceleration: Double, lane: LaneChoice? = nil) {
        self.acceleration = acceleration
        self.lane = lane
    }
}

/// What the safety shield changed in one decision (`TrafficWorld.shield`); a set of flags.
public struct ShieldOverride: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// The acceleration was outside the vehicle's bounds (harder than its tyres brake, or above its
    /// maximum acceleration) and was clamped.
    public static let accelerationBounds = ShieldOverride(rawValue: 1 << 0)
    /// The acceleration would leave too little room to stop behind the perceived leader; the
    /// expert's acceleration was used (`TrafficWorld.shieldReactionTime`).
    public static let followingDistance = ShieldOverride(rawValue: 1 << 1)
    /// The lane change failed MOBIL's safety criterion (or led off the road, onto the acceleration
    /// lane, or during a change): the vehicle keeps its lane.
    public static let laneChange = ShieldOverride(rawValue: 1 << 2)

    /// Whether the shield changed the acceleration.
    public var changedAcceleration: Bool { !self.isDisjoint(with: [.accelerationBounds, .followingDistance]) }
}
