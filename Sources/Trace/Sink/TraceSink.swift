/// Where a run's rows go: the SQLite ``TraceRecorder``, a ``CountingSink`` for benchmarks and tests, or
/// anything else that stores or inspects rows.
///
/// The simulation hands every row to its sink in event order and calls ``finish(summary:)`` once at the
/// end. A sink decides for itself what it keeps (a ``ReceptionRecording`` level, for example), so the
/// simulation's call sites never change with the recording level. A sink belongs to one thread of
/// control (the simulation loop).
public protocol TraceSink: AnyObject {
    /// Takes one vehicle sample (floating car data). - Throws: when the row cannot be stored.
    func record(_ row: VehicleRow) throws
    /// Takes one sent message. - Throws: when the row cannot be stored.
    func record(_ row: MessageRow) throws
    /// Takes one reception; the sink may drop it by its recording level. - Throws: when the row cannot be stored.
    func record(_ row: ReceptionRow) throws
    /// Takes one final block. - Throws: when the row cannot be stored.
    func record(_ row: BlockRow) throws
    /// Takes one message anchor. - Throws: when the row cannot be stored.
    func record(_ row: AnchorRow) throws
    /// Takes one incident. - Throws: when the row cannot be stored.
    func record(_ row: IncidentRow) throws
    /// Takes one leaf of a final block. - Throws: when the row cannot be stored.
    func record(_ row: LeafRow) throws
    /// Takes one consensus message or view change. - Throws: when the row cannot be stored.
    func record(_ row: ConsensusRow) throws
    /// Takes one per-second event digest (see ``EventDigestRow``). - Throws: when the row cannot be stored.
    func record(_ row: EventDigestRow) throws
    /// Takes one learned-policy decision (a default drops it). - Throws: when the row cannot be stored.
    func record(_ row: DecisionRow) throws
    /// Takes one checkpoint of the run's state (a default drops it). - Throws: when the row cannot be stored.
    func record(_ row: CheckpointRow) throws
    /// Whether the sink stores checkpoints; the simulation encodes none for a sink that would drop them.
    var keepsCheckpoints: Bool { get }
    /// Ends the run: stores `summary` (run results as key/values) and releases the sink's resources.
    /// - Throws: when the rows or the summary cannot be stored.
    func finish(summary: [String: String]) throws
}

extension TraceSink {
    /// Sinks that do not keep per-second event digests ignore them.
    public func record(_ row: EventDigestRow) throws {}
    /// Sinks that do not keep checkpoints ignore them.
    public func record(_ row: CheckpointRow) throws {}
    /// Sinks keep no checkpoints unless they say so.
    public var keepsCheckpoints: Bool { false }
}
