import Yams

/// Parses YAML text into a `SourceNode` tree, reporting every duplicate key with its position.
///
/// Yams' composer throws at the first mapping with a duplicate key, naming only the first
/// occurrence. To report all duplicates and still check the rest of the file, the composer renames
/// that first occurrence in a working copy of the text to a placeholder of the same length in
/// Unicode scalars (so no other position moves) and composes again. When the tree is converted,
/// placeholders get their names back and every later occurrence becomes a `duplicateKey` problem.
struct YAMLComposer {
    /// The result of composing: the root (nil when the text has no document or is invalid) and
    /// the problems found on the way.
    struct Output {
        var root: SourceNode?
        var problems: [LocatedProblem]
    }

    /// Maps a Yams mark to an origin: file positions for the scenario, the override for `--set`.
    let origin: @Sendable (TextPosition?) -> SourceOrigin
    /// Whether syntax errors mention libyaml's context ("while parsing a flow node at 3:7"); only
    /// useful when positions mean something to the user, as they do in a file.
    var describesContext = true

    /// What the text may use (size, nodes, aliases, depth, scalar length).
    var limits = YAMLLimits.standard

    /// At most this many duplicate keys are reported before the composer gives up.
    private static let maxDuplicates = 200

    /// Composes `text`.
    ///
    /// - Returns: the tree and any problems: duplicate keys, non-scalar keys, or one YAML syntax
    ///   error (after which there is no tree).
    func compose(_ text: String) -> Output {
        let bytes = text.utf8.count
        guard bytes <= self.limits.maxBytes else {
            let problem = ScenarioProblem.limitExceeded(
                "is \(bytes) bytes, more than the \(YAMLLimits.bytesText(self.limits.maxBytes)) a scenario may have")
            return Output(root: nil, problems: [LocatedProblem(origin: self.origin(nil), field: nil, problem: problem)])
        }
        let scan: AliasScanner.Output
        switch AliasScanner.scan(text, maxAliases: self.limits.maxAliases) {
        case .success(let output): scan = output
        case .failure(let failure):
            let problem = LocatedProblem(
                origin: self.origin(failure.position), field: nil, problem: .limitExceeded(failure.message))
            return Output(root: nil, problems: [problem])
        }
        var working = scan.text
        var placeholders: [String: String] = [:]
        var problems: [LocatedProblem] = []
        // Each duplicate key costs one more composition of the whole text, so a large text gets fewer.
        let rounds = min(YAMLComposer.maxDuplicates, self.limits.maxComposedBytes / max(bytes, 1))
        for round in 0...rounds {
            do {
                // No implicit tags: the decoder reads scalars from their text, and resolving them runs a
                // set of regular expressions over every scalar (seconds for a 1 MB one).
                guard let node = try Yams.compose(yaml: working, Resolver.basic) else {
                    return Output(root: nil, problems: [])
                }
                var converter = Converter(
                    origin: self.origin, placeholders: placeholders, text: working, limits: self.limits, scan: scan)
                let root = converter.convertRoot(node)
                return Output(root: converter.stopped ? nil : root, problems: problems + converter.problems)
            } catch YamlError.duplicatedKeysInMapping(let duplicates, let context) {
                let key = duplicates.first ?? ""
                let placeholder = YAMLComposer.placeholder(round: round, length: key.unicodeScalars.count)
                guard round < rounds,
                    let renamed = YAMLComposer.replaceKey(key, at: context.mark, in: working, with: placeholder)
                else {
                    problems.append(
                        LocatedProblem(
                            origin: self.origin(TextPosition(context.mark)), field: nil,
                            problem: .invalidYAML("duplicate key '\(key)'")))
                    return Output(root: nil, problems: problems)
                }
                working = renamed
                placeholders[placeholder] = key
            } catch {
                if let mark = YAMLComposer.nestingLimitMark(error) {
                    // libyaml's own guard (1000 levels) fires before the converter's smaller one can.
                    let problem = ScenarioProblem.limitExceeded("nesting exceeds \(self.limits.maxDepth) levels")
                    problems.append(LocatedProblem(origin: self.origin(mark), field: nil, problem: problem))
                    return Output(root: nil, problems: problems)
                }
                let (problem, mark) = YAMLComposer.describe(error, text: working, withContext: self.describesContext)
                problems.append(LocatedProblem(origin: self.origin(mark), field: nil, problem: .invalidYAML(problem)))
                return Output(root: nil, problems: problems)
            }
        }
        preconditionFailure("the loop returns at round maxDuplicates at the latest")
    }

    /// A key no scenario uses: private-use scalars, the first one distinct per round.
    private static func placeholder(round: Int, length: Int) -> String {
        var scalars = String.UnicodeScalarView()
        scalars.append(Unicode.Scalar(0xE000 + UInt32(round))!)
        for _ in 1..<max(length, 1) { scalars.append(Unicode.Scalar(0xE000)!) }
        return String(scalars)
    }

    /// `text` with the key `key` that starts at `mark` (plain, or inside quotes) replaced by
    /// `placeholder`, or nil when the text there is not that key spelt literally.
    private static func replaceKey(
        _ key: String, at mark: Mark, in text: String, with placeholder: String
    ) -> String? {
        guard let start = TextPosition(mark).index(in: text) else { return nil }
        var keyStart = start
        if text.unicodeScalars[start] == "\"" || text.unicodeScalars[start] == "'" {
            keyStart = text.unicodeScalars.index(after: start)
        }
        guard !key.isEmpty, text.unicodeScalars[keyStart...].starts(with: key.unicodeScalars) else { return nil }
        let keyEnd = text.unicodeScalars.index(keyStart, offsetBy: key.unicodeScalars.count)
        var result = text
        result.replaceSubrange(keyStart..<keyEnd, with: placeholder)
        return result
    }

    /// Where libyaml stopped for nesting too deep, or nil for any other error. libyaml reports it
    /// as a parser error, or as running out of memory when its indentation stack hits the limit.
    private static func nestingLimitMark(_ error: any Error) -> TextPosition?? {
        guard let yamlError = error as? YamlError else { return nil }
        switch yamlError {
        case .parser(_, let problem, let mark, _) where problem.hasPrefix("Maximum nesting level"):
            return .some(TextPosition(mark))
        case .memory:
            return .some(nil)
        default:
            return nil
        }
    }

    /// A message and position for a Yams error.
    private static func describe(_ error: any Error, text: String, withContext: Bool) -> (String, TextPosition?) {
        guard let yamlError = error as? YamlError else { return ("\(error)", nil) }
        switch yamlError {
        case .scanner(let context, let problem, let mark, _),
            .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            if context?.text == "expected a single document in the stream" {
                return ("a scenario is a single YAML document, but another one starts here", TextPosition(mark))
            }
            guard let context, withContext else { return (problem, TextPosition(mark)) }
            let at = "\(context.mark.line):\(context.mark.column)"
            return ("\(problem) (\(context.text) at \(at))", TextPosition(mark))
        case .reader(let problem, let offset, _, _):
            let position = offset.flatMap { TextPosition(characterOffset: $0, in: text) }
            return (problem, position)
        default:
            return ("\(yamlError)", nil)
        }
    }
}
