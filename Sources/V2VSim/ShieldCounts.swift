/// How often the safety shield overrode lane-choosing (observation v2) policies in a run.
public struct ShieldCounts: Sendable, Equatable, Codable {
    /// Decisions made by v2 policies (one per vehicle and traffic step).
    public var decisions = 0
    /// Decisions whose acceleration the shield changed (bounds or following distance).
    public var accelerationOverrides = 0
    /// Of those, the ones outside the vehicle's bounds (over-braking, over-accelerating).
    public var boundsOverrides = 0
    /// Lane changes the network chose (left or right).
    public var laneChangesChosen = 0
    /// Lane changes the shield refused.
    public var laneChangeOverrides = 0

    public init() {}

    /// Decisions the shield changed in any way.
    public var overrides = 0

    /// Key/value pairs for the trace's meta table; none when no v2 policy drove, so that other
    /// runs' traces keep their bytes.
    var metaEntries: [String: String] {
        guard self.decisions > 0 else { return [:] }
        return [
            "summary.shield.decisions": String(self.decisions),
            "summary.shield.overrides": String(self.overrides),
            "summary.shield.acceleration_overrides": String(self.accelerationOverrides),
            "summary.shield.bounds_overrides": String(self.boundsOverrides),
            "summary.shield.lane_changes_chosen": String(self.laneChangesChosen),
            "summary.shield.lane_change_overrides": String(self.laneChangeOverrides),
        ]
    }
}
