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
        Self.decodePhysical(&reader, into: &radio, context: &context)
        reader.finish(context: &context)
        return radio
    }

    /// The keys of the physical models (`log-distance`, `two-ray`); the unit disk ignores them.
    private static func decodePhysical(_ reader: inout MappingReader, into radio: inout RadioConfig, context: inout DecodeContext) {
        func power(_ key: String, _ value: inout Double) {
            if let field = reader.optional(key),
                let v = context.quantity(field, .power, .between(-150, 50, unit: "dBm"))
            {
                value = v
            }
        }
        power("tx_power", &radio.txPower)
        power("sensitivity", &radio.sensitivity)
        power("noise_floor", &radio.noiseFloor)
        power("carrier_sense", &radio.carrierSense)
        if let field = reader.optional("sinr_threshold"),
            let v = context.quantity(field, .ratio, .between(-10, 60, unit: "dB"))
        {
            radio.sinrThreshold = v
        }
        if let field = reader.optional("frequency"),
            let v = context.quantity(field, .frequency, .positive(max: 1e11, "100GHz"))
        {
            radio.frequency = v
        }
        if let field = reader.optional("path_loss_exponent"), let v = context.plainNumber(field, .between(1, 6)) {
            radio.pathLossExponent = v
        }
        if let field = reader.optional("antenna_height"),
            let v = context.quantity(field, .length, .positive(max: 100, "100m"))
        {
            radio.antennaHeight = v
        }
        if let field = reader.optional("dcc") {
            if let text = context.scalarText(field, expected: "off or reactive") {
                switch text {
                case "off": radio.reactiveDCC = false; context.accept(field)
                case "reactive": radio.reactiveDCC = true; context.accept(field)
                default:
                    context.report(.notOneOf(allowed: ["off", "reactive"], got: text, suggestion: nil), field)
                }
            }
        }
        if let field = reader.optional("access_category"), let v = context.choice(field, as: AccessCategory.self) {
            radio.accessCategory = v
        }
        guard let field = reader.optional("fading") else { return }
        // `fading: none` / `fading: nakagami`, or a mapping with the model and its shapes.
        if case .scalar = field.node.content {
            if let v = context.choice(field, as: Fading.self) { radio.fading = v }
            return
        }
        guard var fading = MappingReader(field, context: &context) else { return }
        if let field = fading.optional("model"), let v = context.choice(field, as: Fading.self) { radio.fading = v }
        if let field = fading.optional("m_near"), let v = context.plainNumber(field, .between(0.5, 20)) {
            radio.nakagamiNear = v
        }
        if let field = fading.optional("m_far"), let v = context.plainNumber(field, .between(0.5, 20)) {
            radio.nakagamiFar = v
        }
        if let field = fading.optional("breakpoint"),
            let v = context.quantity(field, .length, .positive(max: 10_000, "10km"))
        {
            radio.fadingBreakpoint = v
        }
        fading.finish(context: &context)
    }
}
