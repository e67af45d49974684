import SimKernel

/// Loads scenario files: parse the YAML, apply overrides, decode, validate.
///
/// Every problem is collected, and all of them are thrown at once as `ScenarioErrors`, each with
/// the file, line and column (or the override) it comes from.
public enum ScenarioLoader {
    /// Loads the scenario file at `path`.
    ///
    /// - Parameters:
    ///   - path: the file; issues name it as given.
    ///   - overrides: `--set` arguments `FIELD=VALUE`, applied in order before validation.
    ///   - seed: replaces the file's `seed` (`--seed`), applied after `overrides`.
    ///   - duration: replaces the file's `duration` (`--duration`), applied after `overrides`.
    /// - Returns: the validated scenario.
    /// - Throws: `ScenarioErrors` with every problem of the file and the overrides.
    public static func load(
        path: String, overrides: [String] = [], seed: UInt64? = nil, duration: SimTime? = nil
    ) throws(ScenarioErrors) -> Scenario {
        let text = try ScenarioFile.read(path)
        return try ScenarioLoader.load(text: text, path: path, overrides: overrides, seed: seed, duration: duration)
    }

    /// Loads a scenario from `text`, reporting issues against `path`.
    ///
    /// - Parameters:
    ///   - text: the YAML text.
    ///   - path: the name used in issues and stored as `sourcePath`.
    ///   - overrides: `--set` arguments `FIELD=VALUE`, applied in order before validation.
    ///   - seed: replaces `seed`, applied after `overrides`.
    ///   - duration: replaces `duration`, applied after `overrides`.
    /// - Returns: the validated scenario.
    /// - Throws: `ScenarioErrors` with every problem of the text and the overrides.
    public static func load(
        text: String, path: String, overrides: [String] = [], seed: UInt64? = nil, duration: SimTime? = nil
    ) throws(ScenarioErrors) -> Scenario {
        var root = try ScenarioLoader.compose(text, path: path)
        var problems: [LocatedProblem] = root.problems
        let changes = ScenarioLoader.overrides(overrides, seed: seed, duration: duration, problems: &problems)
        for change in changes {
            if let problem = root.node.apply(change) { problems.append(problem) }
        }
        var context = DecodeContext()
        var scenario = Scenario.decode(root: SourceField(node: root.node, path: .root), context: &context)
        scenario.validate(root: root.node.origin, context: &context)
        problems += context.problems
        guard problems.isEmpty else { throw ScenarioErrors(issues: problems.sortedIssues(file: path)) }
        scenario.sourcePath = path
        scenario.policyReferences = context.policyReferences.map { $0.reference(file: path) }
        scenario.detectorReference = context.detectorReference?.reference(file: path)
        if overrides.isEmpty && seed == nil && duration == nil {
            scenario.sourceText = text
        } else if let yaml = root.node.serializedYAML() {
            let header = ["# Scenario \(path) with overrides:"] + changes.map { "#   \($0.label)" }
            scenario.sourceText = header.joined(separator: "\n") + "\n" + yaml
            // Written out, aliases are expanded: the text must still load again (replay reads it).
            let bytes = scenario.sourceText.utf8.count
            guard bytes <= YAMLLimits.standard.maxBytes else {
                let problem = ScenarioProblem.limitExceeded(
                    "with overrides, the scenario is \(bytes) bytes written out (aliases expanded), more than the "
                        + "\(YAMLLimits.bytesText(YAMLLimits.standard.maxBytes)) a scenario may have")
                throw ScenarioErrors(issues: [
                    ScenarioIssue(file: path, line: nil, column: nil, field: nil, problem: problem)
                ])
            }
        } else {
            let problem = ScenarioProblem.invalidOverride("the scenario with overrides cannot be written back as YAML")
            throw ScenarioErrors(issues: [
                ScenarioIssue(file: path, line: nil, column: nil, field: nil, problem: problem)
            ])
        }
        return scenario
    }

    /// The root mapping of `text` and the problems found while composing it (duplicate keys).
    ///
    /// - Throws: when there is no usable root: empty text, invalid YAML, or a root that is not a mapping.
    private static func compose(_ text: String, path: String) throws(ScenarioErrors) -> (
        node: SourceNode, problems: [LocatedProblem]
    ) {
        let composer = YAMLComposer { position in
            position.map { SourceOrigin.position(line: $0.line, column: $0.column) } ?? .file
        }
        let output = composer.compose(text)
        guard let root = output.root else {
            guard output.problems.isEmpty else {
                throw ScenarioErrors(issues: output.problems.sortedIssues(file: path))
            }
            throw ScenarioLoader.empty(path)
        }
        if root.isNull { throw ScenarioLoader.empty(path) }
        guard case .mapping = root.content else {
            let problem = ScenarioProblem.typeMismatch(
                expected: "a mapping of scenario keys (name, duration, traffic, …) at the top level",
                got: root.kindDescription)
            let issue = LocatedProblem(origin: root.origin, field: nil, problem: problem)
            throw ScenarioErrors(issues: (output.problems + [issue]).sortedIssues(file: path))
        }
        return (root, output.problems)
    }

    /// The overrides in the order they apply: `--set` arguments, then `--seed`, then `--duration`.
    /// Arguments that cannot be parsed add their problems instead.
    private static func overrides(
        _ arguments: [String], seed: UInt64?, duration: SimTime?, problems: inout [LocatedProblem]
    ) -> [Override] {
        var changes: [Override] = []
        for (index, argument) in arguments.enumerated() {
            switch Override.parse(setArgument: argument, index: index) {
            case .success(let change): changes.append(change)
            case .failure(let failure): problems += failure.problems
            }
        }
        if let seed {
            changes.append(Override.topLevel("seed", text: "\(seed)", label: "--seed \(seed)", index: arguments.count))
        }
        if let duration {
            let text = TimeText.format(duration)
            changes.append(
                Override.topLevel("duration", text: text, label: "--duration \(text)", index: arguments.count + 1))
        }
        return changes
    }

    private static func empty(_ path: String) -> ScenarioErrors {
        let problem = ScenarioProblem.unreadable("is empty; a scenario needs at least name, duration and traffic")
        return ScenarioErrors(issues: [ScenarioIssue(file: path, line: nil, column: nil, field: nil, problem: problem)])
    }
}
