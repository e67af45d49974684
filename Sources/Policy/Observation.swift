/// What a driving policy sees when it decides: the driver's own state and its perceived leader.
///
/// The same structure feeds the expert (IDM) and learned (MLP) policies, so a learned policy can be
/// trained to imitate the expert on identical inputs.
public struct Observation: Sendable, Equatable {
    /// Own speed [m/s].
    public var speed: Double
    /// Desired speed v0 [m/s] (already capped by the speed limit).
    public var desiredSpeed: Double
    /// Bumper-to-bumper gap to the perceived leader [m]; nil on a free road.
    public var gap: Double?
    /// Perceived leader speed [m/s]; ignored on a free road.
    public var leaderSpeed: Double

    public init(speed: Double, desiredSpeed: Double, gap: Double?, leaderSpeed: Double) {
        self.speed = speed
        self.desiredSpeed = desiredSpeed
        self.gap = gap
        self.leaderSpeed = leaderSpeed
    }

    /// Gaps beyond this count as a free road in the feature vector [m].
    public static let gapHorizon = 200.0

    /// Number of features a learned policy takes.
    public static let featureCount = 4

    /// The normalised feature vector (version 1, documented in docs/policy.md):
    /// 0: speed / 40 m/s, 1: desired speed / 40 m/s, 2: min(gap, 200 m) / 200 m (1 when free),
    /// 3: (speed − leader speed) / 20 m/s (0 when free).
    public var features: [Double] {
        let gap = min(self.gap ?? Self.gapHorizon, Self.gapHorizon)
        let closing = self.gap == nil ? 0 : self.speed - self.leaderSpeed
        return [self.speed / 40, self.desiredSpeed / 40, gap / Self.gapHorizon, closing / 20]
    }
}
