import Traffic

extension RangeSensor {
    /// Decodes `traffic[i].sensor`; absent keys keep `base`.
    static func decode(_ field: SourceField, base: RangeSensor, context: inout DecodeContext) -> RangeSensor {
        var sensor = base
        guard var reader = MappingReader(field, context: &context) else { return sensor }
        if let field = reader.optional("range"),
            let range = context.quantity(field, .length, .positive(max: 10_000, "10km"))
        {
            sensor.range = range
        }
        if let field = reader.optional("rear_range"),
            let range = context.quantity(field, .length, .positive(max: 10_000, "10km"))
        {
            sensor.rearRange = range
        }
        if let field = reader.optional("fov"), let fov = context.plainNumber(field, .positive(max: 360, "360")) {
            sensor.fieldOfView = fov
        }
        if let field = reader.optional("gap_noise"),
            let noise = context.quantity(field, .length, .nonNegative(max: 100, "100m"))
        {
            sensor.gapNoise = noise
        }
        if let field = reader.optional("speed_noise"),
            let noise = context.quantity(field, .speed, .nonNegative(max: 50, "50m/s"))
        {
            sensor.speedNoise = noise
        }
        reader.finish(context: &context)
        return sensor
    }
}
