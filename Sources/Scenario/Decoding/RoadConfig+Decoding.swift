import Traffic

extension RoadConfig {
    /// Decodes `road`; an absent section is the default road.
    static func decode(_ field: SourceField?, context: inout DecodeContext) -> RoadConfig {
        var road = RoadConfig()
        guard let field, var reader = MappingReader(field, context: &context) else { return road }
        if let field = reader.optional("kind"), let kind = context.choice(field, as: Kind.self) {
            road.kind = kind
        }
        if let field = reader.optional("length"),
            let length = context.quantity(field, .length, .positive(max: 1_000_000, "1000km"))
        {
            road.length = length
        }
        if let field = reader.optional("lanes"), let lanes = context.integer(field, in: 1...8) {
            road.lanes = lanes
        }
        if let field = reader.optional("lane_width"),
            let width = context.quantity(field, .length, .positive(max: 10, "10m"))
        {
            road.laneWidth = width
        }
        if let field = reader.optional("speed_limit"),
            let limit = context.quantity(field, .speed, .positive(max: 100, "100m/s (360km/h)"))
        {
            road.speedLimit = limit
        }
        if let field = reader.optional("on_ramp"), var ramp = MappingReader(field, context: &context) {
            var onRamp = RoadConfig.OnRamp()
            if let field = ramp.optional("start"),
                let start = context.quantity(field, .length, .nonNegative(max: 1_000_000, "1000km"))
            {
                onRamp.start = start
            }
            if let field = ramp.optional("length"),
                let length = context.quantity(field, .length, .positive(max: 10_000, "10km"))
            {
                onRamp.length = length
            }
            ramp.finish(context: &context)
            context.accept(field)
            road.onRamp = onRamp
        }
        if let field = reader.optional("off_ramp"), var ramp = MappingReader(field, context: &context) {
            if let field = ramp.required("position", context: &context),
                let position = context.quantity(field, .length, .positive(max: 1_000_000, "1000km"))
            {
                road.offRampPosition = position
            }
            ramp.finish(context: &context)
            context.accept(field)
        }
        if let field = reader.optional("hazards") {
            road.hazards = Hazard.decodeList(field, context: &context)
        }
        if let field = reader.optional("lane_speed_limits") {
            road.laneSpeedLimits = Self.decodeLaneLimits(field, context: &context)
        }
        reader.finish(context: &context)
        return road
    }

    /// Decodes `road.lane_speed_limits`: a list of speeds, lane 0 first.
    private static func decodeLaneLimits(_ field: SourceField, context: inout DecodeContext) -> [Double]? {
        guard case .sequence(let items) = field.node.content, !items.isEmpty else {
            context.report(.typeMismatch(expected: "a non-empty list of speeds, lane 0 first", got: field.node.kindDescription), field)
            return nil
        }
        var limits: [Double] = []
        for (index, item) in items.enumerated() {
            let itemField = SourceField(node: item, path: field.path.index(index))
            guard let limit = context.quantity(itemField, .speed, .positive(max: 100, "100m/s (360km/h)")) else { return nil }
            limits.append(limit)
        }
        context.accept(field)
        return limits
    }
}
