/// Which `decisions` rows a trace keeps (`record.decisions` in a scenario).
///
/// Decisions exist only for vehicles driven by a learned policy; `all` keeps one row per such
/// vehicle per FCD sample, `none` keeps none (the run itself is the same either way).
public enum DecisionRecording: String, Hashable, Sendable, CaseIterable {
    /// Every decision at the FCD interval.
    case all
    /// No decision rows.
    case none
}

extension TraceSink {
    /// Sinks that do not store decisions drop them; ``TraceRecorder`` and ``CountingSink`` keep them.
    public func record(_ row: DecisionRow) throws {}
}
