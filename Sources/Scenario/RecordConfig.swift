import SimKernel
import Trace

/// What a run records besides messages (`record` in a scenario).
public struct RecordConfig: Hashable, Sendable {
    /// Interval between two floating-car-data rows (vehicle positions) per vehicle; a whole
    /// multiple of the traffic step.
    public var fcdInterval: SimTime = .milliseconds(100)
    /// Which `receptions` rows the trace keeps (`receptions`, `sample_rate`, `radio_losses`); the trace
    /// recorder applies it, and summary statistics never depend on it.
    public var receptions = ReceptionRecording.all
    /// Whether learned-policy decisions get `decisions` rows (at the FCD interval); `all` by default.
    public var decisions = DecisionRecording.all
    /// Simulated time between two checkpoints of the run's whole state (`checkpoint`; 10 s by
    /// default); nil (`off` or `0`) writes none. `replay --from` and the what-if resume from them.
    public var checkpointInterval: SimTime? = RecordConfig.defaultCheckpointInterval

    /// The default of ``checkpointInterval``.
    public static let defaultCheckpointInterval = SimTime.seconds(10)
    /// The shortest checkpoint interval a scenario may ask for: each checkpoint holds the whole
    /// state (tens of kilobytes per vehicle), so a shorter one would make the trace mostly checkpoints.
    public static let minimumCheckpointInterval = SimTime.seconds(1)

    /// Whether frames lost on the radio (below sensitivity, collision, half duplex) get a
    /// `receptions` row too; they are always counted in the summary. Part of ``receptions``.
    public var radioLosses: Bool {
        get { self.receptions.radioLosses }
        set { self.receptions.radioLosses = newValue }
    }

    /// Creates the default record settings.
    public init() {}
}
