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
        reader.finish(context: &context)
        return road
    }
}
