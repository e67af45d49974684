/// Every problem found in one scenario, thrown once by `ScenarioLoader`.
public struct ScenarioErrors: Error, Hashable, Sendable, CustomStringConvertible {
    /// The issues: file problems in file order (line, then column), then override problems in the
    /// order the overrides were given.
    public var issues: [ScenarioIssue]

    /// Creates the error from its issues.
    public init(issues: [ScenarioIssue]) {
        self.issues = issues
    }

    /// One compiler-style line per issue.
    public var description: String {
        self.issues.map(\.description).joined(separator: "\n")
    }
}
