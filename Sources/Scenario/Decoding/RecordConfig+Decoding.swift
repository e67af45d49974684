import SimKernel
import Trace

extension RecordConfig {
    /// The default FCD interval, used when it is a whole multiple of the step.
    static let defaultFCDInterval = SimTime.milliseconds(100)

    /// Decodes `record`. Without `fcd`, the interval is 100 ms, or the step when 100 ms is not a
    /// whole multiple of it (positions exist only at steps). `receptions` is a level (`all`, `rejected`,
    /// `sample`, `none`); `sample_rate` a plain number in (0, 1], used by `sample` only; `decisions` is
    /// `all` or `none`.
    static func decode(_ field: SourceField?, step: SimTime, context: inout DecodeContext) -> RecordConfig {
        var record = RecordConfig()
        if step.nanoseconds > 0, RecordConfig.defaultFCDInterval.nanoseconds % step.nanoseconds != 0 {
            record.fcdInterval = step
        }
        guard let field, var reader = MappingReader(field, context: &context) else { return record }
        if let field = reader.optional("fcd"), let interval = context.time(field, .positive()) {
            record.fcdInterval = interval
        }
        if let field = reader.optional("radio_losses"), let flag = context.boolean(field) {
            record.radioLosses = flag
        }
        if let field = reader.optional("receptions"), let level = context.choice(field, as: ReceptionRecording.Level.self) {
            record.receptions.level = level
        }
        if let field = reader.optional("decisions"), let level = context.choice(field, as: DecisionRecording.self) {
            record.decisions = level
        }
        if let field = reader.optional("checkpoint") {
            record.checkpointInterval = Self.decodeCheckpoint(field, context: &context) ?? record.checkpointInterval
        }
        if let field = reader.optional("sample_rate"), let rate = context.plainNumber(field, .positive(max: 1, "1")) {
            record.receptions.sampleRate = rate
        }
        reader.finish(context: &context)
        return record
    }

    /// `checkpoint`: `off`, `0` (none) or a time of at least 1 s and at most a day. Nil after a
    /// reported problem; `.some(nil)` for off.
    private static func decodeCheckpoint(_ field: SourceField, context: inout DecodeContext) -> SimTime?? {
        if case .scalar(let scalar) = field.node.content, scalar.text == "off" || scalar.text == "0" {
            context.accept(field)
            return .some(nil)
        }
        let limits = Limits<SimTime>(
            lower: .init(value: RecordConfig.minimumCheckpointInterval, inclusive: true, text: "1s (or off)"),
            upper: .init(value: .seconds(86_400), inclusive: true, text: "86400s"))
        guard let interval = context.time(field, limits) else { return nil }
        return .some(interval)
    }
}
