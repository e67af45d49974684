import SimKernel
import V2X

extension DetectionConfig {
    /// Decodes `security.detection`: the plausibility thresholds and the revocation threshold.
    static func decode(_ field: SourceField, context: inout DecodeContext) -> DetectionConfig {
        var config = DetectionConfig()
        guard var reader = MappingReader(field, context: &context) else { return config }
        if let f = reader.optional("enabled"), let v = context.boolean(f) { config.enabled = v }
        if let f = reader.optional("model"), let path = context.string(f) {
            if path.hasSuffix(".safetensors") {
                // A learned detector: a weights file relative to the working directory
                // (docs/detector.md), loaded above Scenario like a learned policy.
                config.model = path
                context.detectorReference = LocatedPolicyReference(path: path, group: -1, origin: f.node.origin, field: f.path)
            } else {
                context.report(.constraint("a detector model is a .safetensors file (v2vsim detector train), got '\(path)'"), f)
            }
        }
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
        Self.decodeConfidenceFields(&reader, into: &config, context: &context)
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

    /// The confidence-based checks' fields (issue 14): consistency tolerances, load discount, the
    /// Kalman track, fusion and the per-sender window.
    private static func decodeConfidenceFields(
        _ reader: inout MappingReader, into config: inout DetectionConfig, context: inout DecodeContext
    ) {
        if let f = reader.optional("position_speed_tolerance"),
            let v = context.quantity(f, .length, .positive(max: 1_000, "1km"))
        {
            config.positionSpeedTolerance = v
        }
        if let f = reader.optional("acceleration_tolerance"),
            let v = context.quantity(f, .acceleration, .positive(max: 1_000, "1000m/s2"))
        {
            config.accelerationTolerance = v
        }
        if let f = reader.optional("heading_tolerance"), let v = context.plainNumber(f, .between(0.001, 180, unit: "°")) {
            config.headingTolerance = v
        }
        if let f = reader.optional("road_fit_tolerance"),
            let v = context.quantity(f, .length, .positive(max: 10_000, "10km"))
        {
            config.roadFitTolerance = v
        }
        if let f = reader.optional("load_discount"), let v = context.plainNumber(f, .between(0, 100)) { config.loadDiscount = v }
        if let f = reader.optional("loss_window"), let v = context.time(f, .positive(max: .seconds(3600))) {
            config.lossWindow = v
        }
        if let f = reader.optional("beacon_interval"), let v = context.time(f, .positive(max: .seconds(60))) {
            config.beaconInterval = v
        }
        if let f = reader.optional("duplicate_window"), let v = context.time(f, .nonNegative(max: .seconds(60))) {
            config.duplicateWindow = v
        }
        if let f = reader.optional("max_age"), let v = context.time(f, .positive(max: .seconds(60))) {
            config.maxAge = v
        }
        if let f = reader.optional("overlap_max_age"), let v = context.time(f, .nonNegative(max: .seconds(60))) {
            config.overlapMaxAge = v
        }
        if let f = reader.optional("track_gate"), let v = context.plainNumber(f, .between(0.001, 1_000)) { config.trackGate = v }
        if let f = reader.optional("track_position_noise"),
            let v = context.quantity(f, .length, .positive(max: 1_000, "1km"))
        {
            config.trackPositionNoise = v
        }
        if let f = reader.optional("track_speed_noise"),
            let v = context.quantity(f, .speed, .positive(max: 1_000, "1000m/s"))
        {
            config.trackSpeedNoise = v
        }
        if let f = reader.optional("track_jerk_noise"), let v = context.plainNumber(f, .between(0.000_001, 1_000_000)) {
            config.trackJerkNoise = v
        }
        if let f = reader.optional("confidence_margin"), let v = context.plainNumber(f, .between(0, 1.9)) { config.confidenceMargin = v }
        if let f = reader.optional("message_threshold"), let v = context.plainNumber(f, .between(0.001, 1)) {
            config.messageThreshold = v
        }
        if let f = reader.optional("sender_window"), let v = context.time(f, .positive(max: .seconds(600))) {
            config.senderWindow = v
        }
        if let f = reader.optional("sender_threshold"), let v = context.plainNumber(f, .between(0.001, 64)) {
            config.senderThreshold = v
        }
        if let f = reader.optional("report_interval"), let v = context.time(f, .nonNegative(max: .seconds(3600))) {
            config.reportInterval = v
        }
        if let f = reader.optional("history_retention"), let v = context.time(f, .positive(max: .seconds(600))) {
            config.historyRetention = v
        }
    }
}
