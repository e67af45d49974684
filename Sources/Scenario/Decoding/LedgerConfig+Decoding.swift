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
                if let field = backhaul.optional("jitter"),
                    let jitter = context.time(field, .nonNegative(max: .seconds(1)))
                {
                    config.backhaulJitter = jitter
                }
                if let field = backhaul.optional("loss"), let loss = context.plainNumber(field, .between(0, 0.9)) {
                    config.backhaulLoss = loss
                }
                backhaul.finish(context: &context)
            }
            if let field = reader.optional("uplink"), var uplink = MappingReader(field, context: &context) {
                if let field = uplink.optional("queue"), let count = context.integer(field, in: 1...4_096) {
                    config.uplink.queueCapacity = count
                }
                if let field = uplink.optional("bundle"), let count = context.integer(field, in: 1...32) {
                    config.uplink.bundle = count
                }
                if let field = uplink.optional("ack_timeout"),
                    let timeout = context.time(field, .positive(max: .seconds(60)))
                {
                    config.uplink.ackTimeout = timeout
                }
                if let field = uplink.optional("backoff"), let factor = context.plainNumber(field, .between(1, 10)) {
                    config.uplink.backoff = factor
                }
                if let field = uplink.optional("max_attempts"), let count = context.integer(field, in: 1...100) {
                    config.uplink.maxAttempts = count
                }
                uplink.finish(context: &context)
            }
            reader.finish(context: &context)
        }
        if let ledger, var reader = MappingReader(ledger, context: &context) {
            if let field = reader.optional("block_interval"),
                let interval = context.time(field, .positive(max: .seconds(60)))
            {
                config.blockInterval = interval
            }
            if let field = reader.optional("view_timeout"),
                let timeout = context.time(field, .positive(max: .seconds(60)))
            {
                config.viewTimeout = timeout
            }
            if let field = reader.optional("max_leaves"), let count = context.integer(field, in: 1...1_000_000) {
                config.maxLeavesPerBlock = count
            }
            if let field = reader.optional("max_block_size"),
                let bytes = context.byteCount(field, in: 1_024...1_073_741_824, upperText: "1GiB")
            {
                config.maxBlockBytes = bytes
            }
            if let field = reader.optional("mempool"), let count = context.integer(field, in: 1...10_000_000) {
                config.mempoolCapacity = count
            }
            if let field = reader.optional("faults") {
                config.faults = LedgerFault.decodeList(field, context: &context)
            }
            reader.finish(context: &context)
        }
        return config
    }
}
