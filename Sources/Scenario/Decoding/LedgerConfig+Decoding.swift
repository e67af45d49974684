import Ledger
import SimKernel

extension LedgerConfig {
    /// Decodes the `rsus` and `ledger` sections, which together configure the RSU chain.
    static func decode(rsus: SourceField?, ledger: SourceField?, context: inout DecodeContext) -> LedgerConfig {
        var config = LedgerConfig()
        if let rsus, var reader = MappingReader(rsus, context: &context) {
            if let field = reader.optional("every"),
                let spacing = context.quantity(field, .length, .positive(max: 100_000, "100km"))
            {
                config.rsuSpacing = spacing
            }
            if let field = reader.optional("count"), let count = context.integer(field, in: 1...1_000) {
                config.rsuCount = count
            }
            if let field = reader.optional("range"),
                let range = context.quantity(field, .length, .positive(max: 10_000, "10km"))
            {
                config.rsuRange = range
            }
            if let field = reader.optional("backhaul"), var backhaul = MappingReader(field, context: &context) {
                if let field = backhaul.optional("latency"),
                    let latency = context.time(field, .nonNegative(max: .seconds(1)))
                {
                    config.backhaulLatency = latency
                }
                backhaul.finish(context: &context)
            }
            reader.finish(context: &context)
        }
        if let ledger, var reader = MappingReader(ledger, context: &context) {
            if let field = reader.optional("block_interval"),
                let interval = context.time(field, .positive(max: .seconds(60)))
            {
                config.blockInterval = interval
            }
            reader.finish(context: &context)
        }
        return config
    }
}
