import Traffic

extension MOBILParameters {
    /// Decodes `traffic[i].mobil`; absent keys keep the defaults (p 0.2, Δa_th 0.2, b_safe 4, bias 0.2, 3 s).
    static func decode(_ field: SourceField, context: inout DecodeContext) -> MOBILParameters {
        var mobil = MOBILParameters()
        guard var reader = MappingReader(field, context: &context) else { return mobil }
        if let field = reader.optional("politeness"), let p = context.plainNumber(field, .between(-1, 2)) {
            mobil.politeness = p
        }
        if let field = reader.optional("threshold"),
            let threshold = context.quantity(field, .acceleration, .nonNegative(max: 10, "10m/s2"))
        {
            mobil.threshold = threshold
        }
        if let field = reader.optional("b_safe"),
            let bSafe = context.quantity(field, .acceleration, .positive(max: 20, "20m/s2"))
        {
            mobil.safeDeceleration = bSafe
        }
        if let field = reader.optional("keep_right"),
            let bias = context.quantity(field, .acceleration, .nonNegative(max: 10, "10m/s2"))
        {
            mobil.keepRightBias = bias
        }
        if let field = reader.optional("duration"), let duration = context.time(field, .positive(max: .seconds(20))) {
            mobil.duration = duration.seconds
        }
        reader.finish(context: &context)
        return mobil
    }
}
