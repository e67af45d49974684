import Traffic

extension Hazard {
    /// Decodes `road.hazards`: a list of obstacles.
    static func decodeList(_ field: SourceField, context: inout DecodeContext) -> [Hazard] {
        guard case .sequence(let items) = field.node.content else {
            context.report(.typeMismatch(expected: "a list of hazards", got: field.node.kindDescription), field)
            return []
        }
        var hazards: [Hazard] = []
        for (index, item) in items.enumerated() {
            let itemField = SourceField(node: item, path: field.path.index(index))
            guard var reader = MappingReader(itemField, context: &context) else { continue }
            var hazard = Hazard()
            if let field = reader.optional("kind"), let kind = context.choice(field, as: Kind.self) {
                hazard.kind = kind
                hazard.length = kind == .debris ? 1 : 5
            }
            if let field = reader.optional("at"), let time = context.time(field, .nonNegative()) {
                hazard.time = time
            }
            if let field = reader.required("position", context: &context),
                let position = context.quantity(field, .length, .nonNegative(max: 1_000_000, "1000km"))
            {
                hazard.position = position
            }
            if let field = reader.optional("lane"), let lane = context.integer(field, in: 0...8) {
                hazard.lane = lane
            }
            if let field = reader.optional("length"),
                let length = context.quantity(field, .length, .positive(max: 100, "100m"))
            {
                hazard.length = length
            }
            if let field = reader.optional("warn"), let warn = context.boolean(field) {
                hazard.warn = warn
            }
            if let field = reader.optional("repeat"), let time = context.time(field, .nonNegative(max: .seconds(3_600))) {
                hazard.repetition = time == .zero ? nil : time
            }
            reader.finish(context: &context)
            context.accept(itemField)
            hazards.append(hazard)
        }
        context.accept(field)
        return hazards
    }
}
