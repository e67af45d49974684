import SimKernel

/// What a run records besides messages and receptions (`record` in a scenario).
public struct RecordConfig: Hashable, Sendable {
    /// Interval between two floating-car-data rows (vehicle positions) per vehicle; a whole
    /// multiple of the traffic step.
    public var fcdInterval: SimTime = .milliseconds(100)

    /// Creates the default record settings.
    public init() {}
}
