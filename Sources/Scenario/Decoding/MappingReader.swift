/// Reads the keys of one mapping and reports the keys nobody asked for.
///
/// Decoders ask for each key of their section; `finish` then reports every key of the mapping
/// that was not asked for as unknown, with a did-you-mean among the keys that were. So the schema
/// lives in one place, the decoder, and the suggestions can never drift from it.
struct MappingReader {
    /// The path of the mapping.
    let path: FieldPath
    /// The mapping's origin: where missing keys are reported.
    let origin: SourceOrigin
    private let entries: [SourceEntry]
    private var known: [String] = []

    /// A reader for `field`, or nil (after reporting) when it is not a mapping. A null value
    /// (`road:` with nothing after it) reads as an empty mapping, so every key gets its default.
    init?(_ field: SourceField, context: inout DecodeContext) {
        self.path = field.path
        self.origin = field.node.origin
        switch field.node.content {
        case .mapping(let entries):
            self.entries = entries
        case .scalar(let scalar) where scalar.isNull:
            self.entries = []
        default:
            context.report(.typeMismatch(expected: "a mapping", got: field.node.kindDescription), field)
            return nil
        }
    }

    /// The value of `key`, or nil when the mapping does not have it.
    mutating func optional(_ key: String) -> SourceField? {
        self.known.append(key)
        guard let entry = self.entries.first(where: { $0.key == key }) else { return nil }
        return SourceField(node: entry.value, path: self.path.key(key))
    }

    /// The value of `key`; reports a missing key at the mapping when it is absent.
    mutating func required(_ key: String, context: inout DecodeContext) -> SourceField? {
        guard let field = self.optional(key) else {
            context.report(.missing, at: self.origin, field: self.path.key(key))
            return nil
        }
        return field
    }

    /// Reports every key that no `optional`/`required` call asked for.
    func finish(context: inout DecodeContext) {
        for entry in self.entries where !self.known.contains(entry.key) {
            let suggestion = Suggestion.closest(to: entry.key, among: self.known)
            context.report(
                .unknownKey(entry.key, suggestion: suggestion, known: self.known),
                at: entry.keyOrigin, field: self.path.key(entry.key))
        }
    }
}
