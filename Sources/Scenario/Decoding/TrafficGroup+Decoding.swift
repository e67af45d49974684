import Traffic

extension TrafficGroup {
    /// The built-in driving policies a group may name; a path ending in `.safetensors` names a learned one.
    static let knownPolicies = ["expert"]

    /// Decodes the `traffic` list: at least one group.
    static func decodeList(_ field: SourceField, context: inout DecodeContext) -> [TrafficGroup] {
        guard case .sequence(let items) = field.node.content else {
            context.report(.typeMismatch(expected: "a list of vehicle groups", got: field.node.kindDescription), field)
            return []
        }
        guard !items.isEmpty else {
            context.report(.typeMismatch(expected: "a non-empty list of vehicle groups", got: "an empty list"), field)
            return []
        }
        var groups: [TrafficGroup] = []
        for (index, item) in items.enumerated() {
            let itemField = SourceField(node: item, path: field.path.index(index))
            if let group = TrafficGroup.decode(itemField, context: &context) { groups.append(group) }
        }
        context.accept(field)
        return groups
    }

    /// Decodes one group `traffic[i]`: exactly one of `count` and `flow`.
    static func decode(_ field: SourceField, context: inout DecodeContext) -> TrafficGroup? {
        guard var reader = MappingReader(field, context: &context) else { return nil }
        var group = TrafficGroup()
        if let field = reader.optional("type"), let type = context.string(field) {
            group.type = type
        }
        let countField = reader.optional("count")
        let flowField = reader.optional("flow")
        switch (countField, flowField) {
        case (nil, nil):
            context.report(
                .constraint("needs exactly one of 'count' or 'flow', got neither"), at: field.node.origin,
                field: field.path)
        case (_?, let flow?):
            context.report(.constraint("conflicts with 'count'; give exactly one of 'count' or 'flow'"), flow)
        case (let count?, nil):
            if let count = context.integer(count, in: 1...100_000) { group.spawn = .count(count) }
        case (nil, let flow?):
            if let rate = context.quantity(flow, .flow, .positive(max: 10_000, "10000/h")) {
                group.spawn = .flow(vehiclesPerHour: rate)
            }
        }
        if let field = reader.optional("inflow") {
            if flowField != nil {
                context.report(.constraint("a 'flow' group has no 'inflow'; 'inflow' adds arrivals to a 'count' group"), field)
            } else if let rate = context.quantity(field, .flow, .positive(max: 10_000, "10000/h")) {
                group.inflow = rate
            }
        }
        if let field = reader.optional("policy"), let policy = context.string(field) {
            if TrafficGroup.knownPolicies.contains(policy) {
                group.policy = policy
            } else if policy.hasSuffix(".safetensors") {
                // A learned policy: a weights file relative to the working directory (docs/policy.md),
                // loaded above Scenario; the reference keeps where it was named for its errors.
                group.policy = policy
                if let index = field.path.components.dropLast().last, case .index(let group) = index {
                    context.policyReferences.append(
                        LocatedPolicyReference(path: policy, group: group, origin: field.node.origin, field: field.path))
                }
            } else {
                let suggestion = Suggestion.closest(to: policy, among: TrafficGroup.knownPolicies)
                context.report(
                    .unknownReference(
                        kind: "policy", name: policy, available: TrafficGroup.knownPolicies, suggestion: suggestion),
                    field)
            }
        }
        if let field = reader.optional("policy_v2v"), let uses = context.boolean(field) {
            group.policyUsesV2V = uses
        }
        if let field = reader.optional("speed"),
            let fraction = context.plainNumber(field, .between(0, 1))
        {
            group.initialSpeedFraction = fraction
        }
        // A type's defaults apply first, so that `type: truck` alone gives a truck.
        group.idm = IDMParameters.defaults(forType: group.type)
        if let field = reader.optional("idm") {
            group.idm = IDMParameters.decode(field, base: group.idm, context: &context)
        }
        if let field = reader.optional("entry"), let entry = context.choice(field, as: Entry.self) {
            group.entry = entry
        }
        if let field = reader.optional("exit_share"), let share = context.plainNumber(field, .between(0, 1)) {
            group.exitShare = share
        }
        if let field = reader.optional("mobil") {
            group.mobil = MOBILParameters.decode(field, context: &context)
        }
        if let field = reader.optional("sigma"), let sigma = context.plainNumber(field, .between(0, 1)) {
            group.sigma = sigma
        }
        if let field = reader.optional("sensor_range"),
            let range = context.quantity(field, .length, .positive(max: 10_000, "10km"))
        {
            group.sensorRange = range
        }
        if let field = reader.optional("sensor") {
            group.sensor = RangeSensor.decode(field, base: group.sensor, context: &context)
        }
        reader.finish(context: &context)
        return group
    }
}
