/// A problem and where it is, before the file name is attached to make a `ScenarioIssue`.
struct LocatedProblem: Hashable, Sendable {
    var origin: SourceOrigin
    var field: FieldPath?
    var problem: ScenarioProblem

    /// The public issue for this problem in the scenario file `file`.
    func issue(file: String) -> ScenarioIssue {
        ScenarioIssue(file: file, origin: self.origin, field: self.field, problem: self.problem)
    }
}

extension [LocatedProblem] {
    /// The issues in reporting order: whole-file problems, file positions (line, then column),
    /// then overrides in the order given; ties keep the order in which they were found.
    func sortedIssues(file: String) -> [ScenarioIssue] {
        self.enumerated()
            .sorted { lhs, rhs in
                let (a, b) = (lhs.element.origin.sortKey, rhs.element.origin.sortKey)
                return a != b ? a < b : lhs.offset < rhs.offset
            }
            .map { $0.element.issue(file: file) }
    }
}
