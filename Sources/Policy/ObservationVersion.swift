/// The feature layouts a weights file may name in its `features` metadata (docs/policy.md).
///
/// A network is trained for exactly one layout; the version travels with the weights so that a
/// file is never fed inputs it was not trained on, and with every recorded decision.
public enum ObservationVersion: String, Sendable, CaseIterable {
    /// Own speed, desired speed, gap and closing speed to one leader (4 features).
    case v1 = "observation-v1"
    /// Lanes, leaders and followers in three lanes with their source, the nearest hazard and the
    /// end of the acceleration lane or wanted off-ramp (36 features, `ObservationV2`).
    case v2 = "observation-v2"

    /// Number of features of the layout.
    public var featureCount: Int {
        switch self {
        case .v1: Observation.featureCount
        case .v2: ObservationV2.featureCount
        }
    }

    /// Number of outputs a network for this layout gives: the acceleration (v1), or the
    /// acceleration and the logits of left, keep and right (v2).
    public var outputCount: Int {
        switch self {
        case .v1: 1
        case .v2: 4
        }
    }

    /// Whether this build's simulation builds this layout for its drivers (both do).
    public var drivesInSimulation: Bool { true }
}
