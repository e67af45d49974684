/// The path of a value in a scenario, printed the way users write it: `traffic[0].idm.v0`.
struct FieldPath: Hashable, Sendable, CustomStringConvertible {
    /// One step of a path.
    enum Component: Hashable, Sendable {
        case key(String)
        case index(Int)
    }

    var components: [Component]

    /// The root of the scenario (an empty path).
    static let root = FieldPath(components: [])

    /// This path extended by the mapping key `key`.
    func key(_ key: String) -> FieldPath { FieldPath(components: self.components + [.key(key)]) }

    /// This path extended by the list index `index`.
    func index(_ index: Int) -> FieldPath { FieldPath(components: self.components + [.index(index)]) }

    /// The path as text, "" for the root.
    var description: String {
        var text = ""
        for component in self.components {
            switch component {
            case .key(let key): text += text.isEmpty ? key : "." + key
            case .index(let index): text += "[\(index)]"
            }
        }
        return text
    }

    /// The path as an issue's field, nil for the root.
    var field: String? { self.components.isEmpty ? nil : self.description }
}
