import Yams

extension YAMLComposer {
    /// Converts a Yams node tree into `SourceNode`s, restoring keys that were renamed to
    /// placeholders and reporting every repeated key of a mapping.
    struct Converter {
        let origin: @Sendable (TextPosition?) -> SourceOrigin
        /// Placeholder key → the key it stands for.
        let placeholders: [String: String]
        /// The composed text, to tell flow collections from block ones (Yams does not keep the style).
        let lines: LineIndex
        private(set) var problems: [LocatedProblem] = []

        init(
            origin: @escaping @Sendable (TextPosition?) -> SourceOrigin, placeholders: [String: String], text: String
        ) {
            self.origin = origin
            self.placeholders = placeholders
            self.lines = LineIndex(text)
        }

        /// The `SourceNode` for `node`, found at `path`.
        mutating func convert(_ node: Node, path: FieldPath) -> SourceNode {
            let origin = self.origin(node.mark.map(TextPosition.init))
            switch node {
            case .scalar(let scalar):
                return SourceNode(content: .scalar(Converter.scalar(scalar)), origin: origin)
            case .alias:
                // Yams resolves aliases while composing; an alias node cannot reach here.
                return SourceNode.null(at: origin)
            case .sequence(let sequence):
                let items = sequence.enumerated().map { offset, item in self.convert(item, path: path.index(offset)) }
                return SourceNode(content: .sequence(items), origin: origin, isFlow: self.starts(node, with: "["))
            case .mapping(let mapping):
                let entries = self.convertEntries(of: mapping, path: path)
                return SourceNode(content: .mapping(entries), origin: origin, isFlow: self.starts(node, with: "{"))
            }
        }

        /// The entries of `mapping`: the last value of a repeated key wins (the repeat is an error).
        private mutating func convertEntries(of mapping: Node.Mapping, path: FieldPath) -> [SourceEntry] {
            var entries: [SourceEntry] = []
            var firstSeen: [String: (entry: Int, origin: SourceOrigin)] = [:]
            for (keyNode, valueNode) in mapping {
                let keyOrigin = self.origin(keyNode.mark.map(TextPosition.init))
                guard case .scalar(let keyScalar) = keyNode else {
                    self.problems.append(
                        LocatedProblem(
                            origin: keyOrigin, field: path,
                            problem: .typeMismatch(expected: "a plain key", got: "a \(keyNode.kindName) as key")))
                    continue
                }
                let key = self.placeholders[keyScalar.string] ?? keyScalar.string
                let value = self.convert(valueNode, path: path.key(key))
                let entry = SourceEntry(key: key, keyOrigin: keyOrigin, value: value)
                if let first = firstSeen[key] {
                    var line = 0
                    var column = 0
                    if case .position(let firstLine, let firstColumn) = first.origin {
                        (line, column) = (firstLine, firstColumn)
                    }
                    self.problems.append(
                        LocatedProblem(
                            origin: keyOrigin, field: path.key(key),
                            problem: .duplicateKey(key, firstLine: line, firstColumn: column)))
                    entries[first.entry] = entry
                } else {
                    firstSeen[key] = (entries.count, keyOrigin)
                    entries.append(entry)
                }
            }
            return entries
        }

        /// True when the text of `node` begins with `bracket`, that is, it is a flow collection.
        private func starts(_ node: Node, with bracket: Unicode.Scalar) -> Bool {
            guard let mark = node.mark else { return false }
            return self.lines.scalar(at: TextPosition(mark)) == bracket
        }

        private static func scalar(_ scalar: Node.Scalar) -> SourceScalar {
            let style: SourceScalar.Style =
                switch scalar.style {
                case .singleQuoted: .singleQuoted
                case .doubleQuoted: .doubleQuoted
                case .literal: .literal
                case .folded: .folded
                case .plain, .any: .plain
                }
            return SourceScalar(text: scalar.string, isPlain: style == .plain, style: style)
        }
    }
}

extension Node {
    /// "mapping", "list" or "scalar", for messages.
    fileprivate var kindName: String {
        switch self {
        case .scalar, .alias: "scalar"
        case .mapping: "mapping"
        case .sequence: "list"
        }
    }
}
