import Radio
import SimKernel

extension RadioConfig {
    /// Decodes `radio`; an absent section is a 300 m unit disk at 6 Mbit/s.
    static func decode(_ field: SourceField?, context: inout DecodeContext) -> RadioConfig {
        var radio = RadioConfig()
        guard let field, var reader = MappingReader(field, context: &context) else { return radio }
        if let field = reader.optional("model"), let model = context.choice(field, as: Model.self) {
            radio.model = model
        }
        if let field = reader.optional("range"),
            let range = context.quantity(field, .length, .positive(max: 10_000, "10km"))
        {
            radio.range = range
        }
        if let field = reader.optional("access_delay"),
            let delay = context.time(field, .nonNegative(max: .seconds(1)))
        {
            radio.accessDelay = delay
        }
        if let field = reader.optional("data_rate"),
            let rate = context.quantity(field, .dataRate, .positive(max: 1e9, "1Gbps"))
        {
            radio.dataRate = rate
        }
        reader.finish(context: &context)
        return radio
    }
}
