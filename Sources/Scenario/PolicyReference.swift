/// A learned driving policy that a scenario names: the weights file's path and where the scenario
/// names it.
///
/// `Scenario` only checks that a `policy` value names a `.safetensors` file; the weights are loaded
/// and checked above it (V2VSim's `LearnedPolicies`), which keeps `Scenario` free of the policy
/// code (DESIGN.md's part table). A problem with the file is reported through ``issue(_:)`` at
/// the `policy` key, as if the scenario loader had found it.
public struct PolicyReference: Hashable, Sendable {
    /// The weights file's path as the scenario gives it (relative to the working directory); also
    /// the group's `TrafficGroup.policy`.
    public var path: String
    /// The index of the traffic group that names it.
    public var group: Int
    /// The scenario file (or the `--set` override) that names it.
    public var file: String
    /// 1-based line and column of the `policy` value; nil when it came from an override.
    public var line: Int?
    public var column: Int?
    /// The field, such as `traffic[0].policy`.
    public var field: String

    /// Creates a reference; `ScenarioLoader` makes them while decoding.
    public init(path: String, group: Int, file: String, line: Int?, column: Int?, field: String) {
        self.path = path
        self.group = group
        self.file = file
        self.line = line
        self.column = column
        self.field = field
    }

    /// The located issue for `problem` found with this reference's file, rendered like every
    /// scenario issue: `highway.yaml:12:30: traffic[0].policy: cannot use this policy: …`.
    public func issue(_ problem: ScenarioProblem) -> ScenarioIssue {
        ScenarioIssue(file: self.file, line: self.line, column: self.column, field: self.field, problem: problem)
    }
}

/// A reference before the scenario's file name is known (decoding does not know it).
struct LocatedPolicyReference: Hashable, Sendable {
    var path: String
    var group: Int
    var origin: SourceOrigin
    var field: FieldPath

    /// The public reference for the scenario file `file`.
    func reference(file: String) -> PolicyReference {
        let issue = ScenarioIssue(file: file, origin: self.origin, field: self.field, problem: .missing)
        return PolicyReference(
            path: self.path, group: self.group, file: issue.file, line: issue.line, column: issue.column,
            field: issue.field ?? self.field.description)
    }
}
