import V2X

extension BeaconConfig {
    /// Decodes `beacons`; an absent section is 10 Hz beacons without padding.
    static func decode(_ field: SourceField?, context: inout DecodeContext) -> BeaconConfig {
        var beacons = BeaconConfig()
        guard let field, var reader = MappingReader(field, context: &context) else { return beacons }
        if let field = reader.optional("rate"),
            let rate = context.quantity(field, .frequency, .positive(max: 100, "100Hz"))
        {
            beacons.rate = rate
        }
        if let field = reader.optional("extra_payload"),
            let bytes = context.byteCount(field, in: 0...65_535, upperText: "65535B")
        {
            beacons.extraPayload = bytes
        }
        if let field = reader.optional("enabled"), let flag = context.boolean(field) {
            beacons.enabled = flag
        }
        reader.finish(context: &context)
        return beacons
    }
}
