/// One change to the scenario tree from the command line: `--set FIELD=VALUE`, `--seed`, `--duration`.
struct Override: Sendable {
    /// The override as the user wrote it; issues caused by it are reported under this name.
    var label: String
    /// Where the value goes.
    var path: FieldPath
    /// The new value; every node in it has this override as origin.
    var value: SourceNode

    /// Parses `--set` argument `argument` (`FIELD=VALUE`); VALUE is YAML, usually a scalar.
    ///
    /// - Parameter index: the override's place in the list, for ordering issues.
    /// - Returns: the override, or the problems that make it unusable.
    static func parse(setArgument argument: String, index: Int) -> Result<Override, OverrideProblems> {
        let label = "--set \(argument)"
        let origin = SourceOrigin.override(index: index, label: label)
        guard let equals = argument.firstIndex(of: "=") else {
            return .failure(
                OverrideProblems(
                    origin: origin, .invalidOverride("expected FIELD=VALUE, e.g. --set security.verify=none")))
        }
        let path: FieldPath
        switch FieldPath.parse(String(argument[..<equals])) {
        case .success(let parsed): path = parsed
        case .failure(let error): return .failure(OverrideProblems(origin: origin, .invalidOverride(error.message)))
        }
        let valueText = String(argument[argument.index(after: equals)...])
        var composer = YAMLComposer(origin: { _ in origin })
        composer.describesContext = false
        let composed = composer.compose(valueText)
        guard composed.problems.isEmpty else {
            let problems = composed.problems.map { problem in
                let message =
                    if case .invalidYAML(let text) = problem.problem { text } else { problem.problem.description }
                return LocatedProblem(
                    origin: origin, field: path,
                    problem: .invalidOverride("the value '\(valueText)' is not valid YAML: \(message)"))
            }
            return .failure(OverrideProblems(problems: problems))
        }
        let value = composed.root ?? SourceNode.null(at: origin)
        return .success(Override(label: label, path: path, value: value))
    }

    /// An override that sets the top-level key `key` to the plain scalar `text` (for `--seed`, `--duration`).
    static func topLevel(_ key: String, text: String, label: String, index: Int) -> Override {
        let origin = SourceOrigin.override(index: index, label: label)
        let value = SourceNode(content: .scalar(SourceScalar(text: text, isPlain: true)), origin: origin)
        return Override(label: label, path: FieldPath.root.key(key), value: value)
    }
}

/// The problems of an override that cannot be used at all.
struct OverrideProblems: Error, Sendable {
    var problems: [LocatedProblem]

    init(problems: [LocatedProblem]) {
        self.problems = problems
    }

    init(origin: SourceOrigin, _ problem: ScenarioProblem) {
        self.problems = [LocatedProblem(origin: origin, field: nil, problem: problem)]
    }
}
