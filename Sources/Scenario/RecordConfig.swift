import SimKernel

/// What a run records besides messages and receptions (`record` in a scenario).
public struct RecordConfig: Hashable, Sendable {
    /// Interval between two floating-car-data rows (vehicle positions) per vehicle; a whole
    /// multiple of the traffic step.
    public var fcdInterval: SimTime = .milliseconds(100)
    /// Whether frames lost on the radio (below sensitivity, collision, half duplex) get a
    /// `receptions` row too; they are always counted in the summary.
    public var radioLosses = true

    /// Creates the default record settings.
    public init() {}
}
