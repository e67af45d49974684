import SimKernel
import V2X

extension AttackerConfig {
    /// Decodes the `attackers` list: `- { type: ConstPos, fraction: 0.1, start: 5s }` or
    /// `- { type: 16, vehicles: [3, 8] }`. The type is a name or an F2MD number.
    static func decodeList(_ field: SourceField?, context: inout DecodeContext) -> [AttackerConfig] {
        guard let field else { return [] }
        let items: [SourceNode]
        switch field.node.content {
        case .sequence(let nodes): items = nodes
        case .scalar(let s) where s.isNull: return []
        default:
            context.report(.typeMismatch(expected: "a list of attackers", got: field.node.kindDescription), field)
            return []
        }
        var out: [AttackerConfig] = []
        for (i, node) in items.enumerated() {
            let item = SourceField(node: node, path: field.path.index(i))
            guard var reader = MappingReader(item, context: &context) else { continue }
            var type: AttackType?
            if let f = reader.required("type", context: &context), let text = context.scalarText(f, expected: "an attack name or number") {
                if let n = Int(text), let t = AttackType(rawValue: n) {
                    type = t
                } else if let t = AttackType(name: text) {
                    type = t
                } else {
                    let names = AttackType.allCases.map(\.name)
                    let suggestion = Suggestion.closest(to: text, among: names, ignoringCase: true)
                    context.report(.notOneOf(allowed: names, got: text, suggestion: suggestion), f)
                }
                if type != nil { context.accept(f) }
            }
            var selection: Selection?
            let vehicles = reader.optional("vehicles")
            let fraction = reader.optional("fraction")
            if let vehicles {
                if case .sequence(let nodes) = vehicles.node.content, !nodes.isEmpty {
                    var ids: [UInt32] = []
                    for (j, n) in nodes.enumerated() {
                        if let id = context.integer(SourceField(node: n, path: vehicles.path.index(j)), in: 0...10_000_000) {
                            ids.append(UInt32(id))
                        }
                    }
                    selection = .vehicles(ids)
                } else {
                    context.report(.typeMismatch(expected: "a non-empty list of vehicle ids", got: vehicles.node.kindDescription), vehicles)
                }
            }
            if let fraction, let p = context.plainNumber(fraction, .between(0, 1)) {
                if vehicles != nil {
                    context.report(.typeMismatch(expected: "either vehicles or fraction, not both", got: "both"), fraction)
                } else {
                    selection = .fraction(p)
                }
            }
            if vehicles == nil && fraction == nil {
                context.report(.missing, at: item.node.origin, field: item.path.key("fraction"))
            }
            var config = AttackerConfig(type: type ?? .constPos, selection: selection ?? .fraction(0))
            if let f = reader.optional("start"), let t = context.time(f, .nonNegative()) { config.start = t }
            if let f = reader.optional("replay_delay"), let t = context.time(f, .positive(max: .seconds(60))) {
                config.replayDelay = t
            }
            if let f = reader.optional("denm_interval"), let t = context.time(f, .positive(max: .seconds(60))) {
                config.denmInterval = t
            }
            if let f = reader.optional("hazard_distance"),
                let v = context.quantity(f, .length, .nonNegative(max: 10_000, "10km"))
            {
                config.hazardDistance = v
            }
            reader.finish(context: &context)
            if type != nil, selection != nil { out.append(config) }
        }
        return out
    }
}
