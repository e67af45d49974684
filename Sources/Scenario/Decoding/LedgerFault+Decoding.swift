import Ledger
import SimKernel

extension LedgerFault {
    /// Decodes `ledger.faults`, a list such as
    /// `- { kind: crash, rsu: 2, at: 10s, recover: 20s }`. RSU indices are checked against the
    /// committee size in the validation pass.
    static func decodeList(_ field: SourceField, context: inout DecodeContext) -> [LedgerFault] {
        guard case .sequence(let items) = field.node.content else {
            context.report(.typeMismatch(expected: "a list of faults", got: field.node.kindDescription), field)
            return []
        }
        var faults: [LedgerFault] = []
        for (index, item) in items.enumerated() {
            let itemField = SourceField(node: item, path: field.path.index(index))
            if let fault = LedgerFault.decode(itemField, context: &context) { faults.append(fault) }
        }
        context.accept(field)
        return faults
    }

    /// One fault. Keys: `kind`; `rsu` (one index) or `rsus` (a list); `at`; and, by kind,
    /// `recover` (crash), `heal` (partition), `until` (slow, equivocate, byzantine), `delay` (slow).
    static func decode(_ field: SourceField, context: inout DecodeContext) -> LedgerFault? {
        guard var reader = MappingReader(field, context: &context) else { return nil }
        // Ask for every key first, so that an early return never reports a known key as unknown.
        let kindField = reader.required("kind", context: &context)
        let one = reader.optional("rsu")
        let many = reader.optional("rsus")
        let atField = reader.required("at", context: &context)
        let ends: [(key: String, field: SourceField?)] = ["recover", "heal", "until"].map { ($0, reader.optional($0)) }
        let delayField = reader.optional("delay")
        reader.finish(context: &context)
        guard let kindField,
            let kind = context.choice(kindField, as: Kind.self)
        else { return nil }
        var rsus: [Int] = []
        switch (one, many) {
        case (nil, nil):
            context.report(.constraint("needs 'rsu' (one index) or 'rsus' (a list of indices)"),
                           at: field.node.origin, field: field.path)
            return nil
        case (_?, let many?):
            context.report(.constraint("conflicts with 'rsu'; give one of 'rsu' or 'rsus'"), many)
            return nil
        case (let one?, nil):
            guard let index = context.integer(one, in: 0...999) else { return nil }
            rsus = [index]
        case (nil, let many?):
            guard case .sequence(let items) = many.node.content, !items.isEmpty else {
                context.report(.typeMismatch(expected: "a non-empty list of RSU indices", got: many.node.kindDescription), many)
                return nil
            }
            for (i, item) in items.enumerated() {
                guard let index = context.integer(SourceField(node: item, path: many.path.index(i)), in: 0...999) else {
                    return nil
                }
                rsus.append(index)
            }
            context.accept(many)
        }
        guard let atField,
            let start = context.time(atField, .nonNegative(max: .seconds(86_400)))
        else { return nil }
        let endKey: String
        switch kind {
        case .crash: endKey = "recover"
        case .partition: endKey = "heal"
        case .slow, .equivocate, .byzantine: endKey = "until"
        }
        var end: SimTime?
        for (key, field) in ends where key != endKey {
            if let field { context.report(.constraint("a \(kind.rawValue) fault ends with '\(endKey)', not '\(key)'"), field) }
        }
        if let endField = ends.first(where: { $0.key == endKey })?.field {
            guard let value = context.time(endField, .positive(max: .seconds(86_400))) else { return nil }
            if value <= start {
                context.report(.constraint("must be after 'at' (\(TimeText.format(start))), got \(TimeText.format(value))"),
                               endField)
                return nil
            }
            end = value
        }
        var delay = SimTime.zero
        if kind != .slow, let delayField {
            context.report(.constraint("only a slow fault takes 'delay'"), delayField)
        }
        if kind == .slow {
            guard let delayField else {
                context.report(.missing, at: field.node.origin, field: field.path.key("delay"))
                return nil
            }
            guard let value = context.time(delayField, .positive(max: .seconds(60)))
            else { return nil }
            delay = value
        }
        return LedgerFault(kind: kind, rsus: rsus, start: start, end: end, delay: delay)
    }
}
