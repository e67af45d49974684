/// One problem in a scenario, located like a compiler diagnostic.
///
/// Rendered as `FILE:LINE:COLUMN: FIELD: MESSAGE`, for example
/// `Scenarios/x.yaml:12:5: traffic[0].count: must be a positive integer, got -3`, so that editors
/// can jump to it. A problem that comes from a command-line override names the override instead
/// of a position: `--set security.verify=bogus: security.verify: must be one of none, signature,
/// full, got 'bogus'`.
public struct ScenarioIssue: Error, Hashable, Sendable, CustomStringConvertible {
    /// The scenario file's path as given, or the override that caused the problem ("--set a=b").
    public var file: String
    /// 1-based line of the offending value (of the key for unknown keys, of the enclosing mapping
    /// for missing keys); nil for overrides and whole-file problems.
    public var line: Int?
    /// 1-based column, counted in Unicode scalars; nil when `line` is nil.
    public var column: Int?
    /// The path of the value, such as "traffic[0].count"; nil for problems of the whole file.
    public var field: String?
    /// What is wrong.
    public var problem: ScenarioProblem

    /// Creates an issue.
    public init(file: String, line: Int?, column: Int?, field: String?, problem: ScenarioProblem) {
        self.file = file
        self.line = line
        self.column = column
        self.field = field
        self.problem = problem
    }

    /// The message without location and field: "must be a positive integer, got -3".
    public var message: String { self.problem.description }

    /// The compiler-style line for this issue.
    public var description: String {
        var text = self.file
        if let line = self.line, let column = self.column { text += ":\(line):\(column)" }
        text += ": "
        if let field = self.field { text += field + ": " }
        return text + self.message
    }
}

extension ScenarioIssue {
    /// An issue at `origin` in the scenario file `file`.
    init(file: String, origin: SourceOrigin, field: FieldPath?, problem: ScenarioProblem) {
        switch origin {
        case .position(let line, let column):
            self.init(file: file, line: line, column: column, field: field?.field, problem: problem)
        case .override(_, let label):
            self.init(file: label, line: nil, column: nil, field: field?.field, problem: problem)
        case .file:
            self.init(file: file, line: nil, column: nil, field: field?.field, problem: problem)
        }
    }
}
