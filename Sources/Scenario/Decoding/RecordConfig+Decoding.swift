import SimKernel

extension RecordConfig {
    /// The default FCD interval, used when it is a whole multiple of the step.
    static let defaultFCDInterval = SimTime.milliseconds(100)

    /// Decodes `record`. Without `fcd`, the interval is 100 ms, or the step when 100 ms is not a
    /// whole multiple of it (positions exist only at steps).
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
        reader.finish(context: &context)
        return record
    }
}
