import SimKernel
import V2X

extension DetectionConfig {
    /// Decodes `security.detection`: the plausibility thresholds and the revocation threshold.
    static func decode(_ field: SourceField, context: inout DecodeContext) -> DetectionConfig {
        var config = DetectionConfig()
        guard var reader = MappingReader(field, context: &context) else { return config }
        if let f = reader.optional("enabled"), let v = context.boolean(f) { config.enabled = v }
        if let f = reader.optional("max_range"), let v = context.quantity(f, .length, .positive(max: 100_000, "100km")) {
            config.maxRange = v
        }
        if let f = reader.optional("max_speed"), let v = context.quantity(f, .speed, .positive(max: 1_000, "1000m/s")) {
            config.maxSpeed = v
        }
        if let f = reader.optional("max_acceleration"),
            let v = context.quantity(f, .acceleration, .positive(max: 1_000, "1000m/s2"))
        {
            config.maxAcceleration = v
        }
        if let f = reader.optional("position_tolerance"),
            let v = context.quantity(f, .length, .nonNegative(max: 10_000, "10km"))
        {
            config.positionTolerance = v
        }
        if let f = reader.optional("appearance_range"),
            let v = context.quantity(f, .length, .nonNegative(max: 10_000, "10km"))
        {
            config.appearanceRange = v
        }
        if let f = reader.optional("appearance_warmup"), let v = context.time(f, .nonNegative(max: .seconds(3600))) {
            config.appearanceWarmup = v
        }
        if let f = reader.optional("min_beacon_interval"), let v = context.time(f, .nonNegative(max: .seconds(60))) {
            config.minBeaconInterval = v
        }
        if let f = reader.optional("overlap_distance"),
            let v = context.quantity(f, .length, .nonNegative(max: 100, "100m"))
        {
            config.overlapDistance = v
        }
        if let f = reader.optional("hazard_sensing_range"),
            let v = context.quantity(f, .length, .nonNegative(max: 10_000, "10km"))
        {
            config.hazardSensingRange = v
        }
        if let f = reader.optional("hazard_moving_speed"),
            let v = context.quantity(f, .speed, .nonNegative(max: 1_000, "1000m/s"))
        {
            config.hazardMovingSpeed = v
        }
        if let f = reader.optional("revoke_after"), let v = context.integer(f, in: 1...1_000_000) { config.revokeAfter = v }
        reader.finish(context: &context)
        return config
    }
}
