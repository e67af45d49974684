/// A value node together with its path, the unit that decoders work on.
struct SourceField: Sendable {
    var node: SourceNode
    var path: FieldPath
}

/// State shared by the decoders of one scenario: the problems found so far and where each
/// successfully decoded value came from (for the cross-field checks of the validation pass).
struct DecodeContext: Sendable {
    /// Problems in the order found.
    private(set) var problems: [LocatedProblem] = []
    /// Field path text → origin of the value, for every value decoded without a problem.
    private var origins: [String: SourceOrigin] = [:]
    /// Weights files named by `traffic[].policy`, in the order decoded (loaded above `Scenario`).
    var policyReferences: [LocatedPolicyReference] = []
    /// The learned detector's weights file named by `security.detection.model` (group -1).
    var detectorReference: LocatedPolicyReference?

    /// Records `problem` for `field` at `origin`.
    mutating func report(_ problem: ScenarioProblem, at origin: SourceOrigin, field: FieldPath?) {
        self.problems.append(LocatedProblem(origin: origin, field: field, problem: problem))
    }

    /// Records `problem` at the node of `field`.
    mutating func report(_ problem: ScenarioProblem, _ field: SourceField) {
        self.report(problem, at: field.node.origin, field: field.path)
    }

    /// Remembers that `field` decoded cleanly.
    mutating func accept(_ field: SourceField) {
        self.origins[field.path.description] = field.node.origin
    }

    /// The origin of a cleanly decoded value at `path`, or nil when it was absent or had a problem.
    func origin(of path: FieldPath) -> SourceOrigin? {
        self.origins[path.description]
    }

    /// True when some problem concerns `path` or a value inside it.
    func hasProblem(under path: FieldPath) -> Bool {
        self.problems.contains { problem in
            guard let field = problem.field else { return false }
            return field.components.starts(with: path.components)
        }
    }
}
