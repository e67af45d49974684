import Yams

extension YAMLComposer {
    /// Converts a Yams node tree into `SourceNode`s, restoring keys that were renamed to
    /// placeholders, resolving aliases, and reporting every repeated key of a mapping.
    ///
    /// Aliases arrive as placeholder scalars (`AliasScanner`). Each anchored node is converted
    /// once; an alias shares the converted node (a copy-on-write value, so nothing is copied) and
    /// adds its expanded size to the running count. So the document with every alias expanded is
    /// counted, never built, and a count over `YAMLLimits.maxNodes` stops the conversion at the alias
    /// that crossed it. Everything that walks the tree later (decoding, overrides, serializing)
    /// walks at most that many nodes.
    struct Converter {
        /// A converted node and what it costs when expanded.
        struct Converted {
            var node: SourceNode
            /// Nodes of the expanded subtree, this one included.
            var size: Int
            /// Levels of collections in the expanded subtree (0 for a scalar).
            var height: Int
        }

        let origin: @Sendable (TextPosition?) -> SourceOrigin
        /// Placeholder key → the key it stands for.
        let placeholders: [String: String]
        /// The composed text, to tell flow collections from block ones (Yams does not keep the style).
        let lines: LineIndex
        let limits: YAMLLimits
        /// The aliases of the text, by placeholder index.
        let aliases: [AliasScanner.Alias]
        /// Anchor names by the position where their node starts.
        let anchors: [TextPosition: String]
        private(set) var problems: [LocatedProblem] = []
        /// True once a problem stopped the conversion (a limit, an undefined alias): the tree is unusable.
        private(set) var stopped = false

        /// The latest node defined for each anchor name, as aliases after it see it.
        private var defined: [String: Converted] = [:]
        /// Collections already converted, by position: Yams hands out the anchored node again for
        /// an alias the scan did not take out, which must cost its size, not another conversion.
        private var converted: [TextPosition: Converted] = [:]
        private var nodeCount = 0
        private var aliasCount = 0

        init(
            origin: @escaping @Sendable (TextPosition?) -> SourceOrigin, placeholders: [String: String], text: String,
            limits: YAMLLimits, scan: AliasScanner.Output
        ) {
            self.origin = origin
            self.placeholders = placeholders
            self.lines = LineIndex(text)
            self.limits = limits
            self.aliases = scan.aliases
            self.anchors = scan.anchors
        }

        /// The `SourceNode` for the document root `node`.
        mutating func convertRoot(_ node: Node) -> SourceNode {
            self.convert(node, path: .root, depth: 1).node
        }

        /// The converted `node`, found at `path`; `depth` is the level it has if it is a collection.
        private mutating func convert(_ node: Node, path: FieldPath, depth: Int) -> Converted {
            let position = node.mark.map(TextPosition.init)
            let origin = self.origin(position)
            guard !self.stopped else { return Converted(node: .null(at: origin), size: 1, height: 0) }
            let result: Converted
            switch node {
            case .scalar(let scalar):
                if scalar.style == .plain || scalar.style == .any,
                    let index = AliasScanner.index(ofPlaceholder: scalar.string)
                {
                    return self.expand(alias: index, path: path, depth: depth)
                }
                let text = AliasScanner.restoring(scalar.string, aliases: self.aliases)
                guard self.admitScalar(text, origin: origin, path: path), self.admitNodes(1, origin: origin, path: path)
                else { return Converted(node: .null(at: origin), size: 1, height: 0) }
                result = Converted(
                    node: SourceNode(content: .scalar(Converter.scalar(scalar, text: text)), origin: origin),
                    size: 1, height: 0)
            case .alias:
                // Yams resolves aliases while composing; an alias node cannot reach here.
                return Converted(node: .null(at: origin), size: 1, height: 0)
            case .sequence, .mapping:
                if let position, let seen = self.converted[position], seen.node.sameKind(as: node) {
                    return self.expand(seen, name: nil, origin: origin, path: path, depth: depth)
                }
                guard depth <= self.limits.maxDepth else {
                    self.stop(origin, nil, "nesting exceeds \(self.limits.maxDepth) levels")
                    return Converted(node: .null(at: origin), size: 1, height: 0)
                }
                guard self.admitNodes(1, origin: origin, path: path) else {
                    return Converted(node: .null(at: origin), size: 1, height: 0)
                }
                result = self.convertCollection(node, origin: origin, path: path, depth: depth)
                if let position { self.converted[position] = result }
            }
            if let position, let name = self.anchors[position] { self.defined[name] = result }
            return result
        }

        /// A sequence or mapping, its children converted one level deeper.
        private mutating func convertCollection(
            _ node: Node, origin: SourceOrigin, path: FieldPath, depth: Int
        ) -> Converted {
            var size = 1
            var height = 0
            let content: SourceNode.Content
            let bracket: Unicode.Scalar
            switch node {
            case .sequence(let sequence):
                var items: [SourceNode] = []
                items.reserveCapacity(sequence.count)
                for (offset, item) in sequence.enumerated() {
                    let child = self.convert(item, path: path.index(offset), depth: depth + 1)
                    items.append(child.node)
                    (size, height) = (size + child.size, max(height, child.height))
                }
                (content, bracket) = (.sequence(items), "[")
            case .mapping(let mapping):
                let (entries, childSize, childHeight) = self.convertEntries(of: mapping, path: path, depth: depth)
                (size, height) = (size + childSize, childHeight)
                (content, bracket) = (.mapping(entries), "{")
            case .scalar, .alias:
                preconditionFailure("only collections reach convertCollection")
            }
            let isFlow = self.starts(node, with: bracket)
            return Converted(node: SourceNode(content: content, origin: origin, isFlow: isFlow), size: size, height: height + 1)
        }

        /// The converted node that alias number `index` stands for, or a stop when it cannot be used.
        private mutating func expand(alias index: Int, path: FieldPath, depth: Int) -> Converted {
            let alias = self.aliases[index]
            let origin = self.origin(alias.position)
            guard let target = self.defined[alias.name] else {
                self.stop(origin, nil, problem: .invalidYAML("found undefined alias"))
                return Converted(node: .null(at: origin), size: 1, height: 0)
            }
            return self.expand(target, name: alias.name, origin: origin, path: path, depth: depth)
        }

        /// `target` used once more at `origin`: counted against the alias, node and depth limits.
        private mutating func expand(
            _ target: Converted, name: String?, origin: SourceOrigin, path: FieldPath, depth: Int
        ) -> Converted {
            let label = name.map { " (alias *\($0))" } ?? ""
            self.aliasCount += 1
            guard self.aliasCount <= self.limits.maxAliases else {
                self.stop(origin, path, "more than \(self.limits.maxAliases) aliases")
                return Converted(node: .null(at: origin), size: 1, height: 0)
            }
            guard depth + target.height - 1 <= self.limits.maxDepth else {
                self.stop(origin, nil, "nesting exceeds \(self.limits.maxDepth) levels\(label)")
                return Converted(node: .null(at: origin), size: 1, height: 0)
            }
            guard self.nodeCount + target.size <= self.limits.maxNodes else {
                self.stop(origin, path, "alias expansion exceeds \(self.limits.maxNodes) nodes\(label)")
                return Converted(node: .null(at: origin), size: 1, height: 0)
            }
            self.nodeCount += target.size
            var used = target
            // The alias itself is where the value is used; what is inside keeps its definition's place.
            used.node.origin = origin
            return used
        }

        /// The entries of `mapping`: the last value of a repeated key wins (the repeat is an error).
        private mutating func convertEntries(
            of mapping: Node.Mapping, path: FieldPath, depth: Int
        ) -> (entries: [SourceEntry], size: Int, height: Int) {
            var entries: [SourceEntry] = []
            var firstSeen: [String: (entry: Int, origin: SourceOrigin)] = [:]
            var size = 0
            var height = 0
            for (keyNode, valueNode) in mapping {
                guard !self.stopped else { break }
                let keyOrigin = self.origin(keyNode.mark.map(TextPosition.init))
                guard let key = self.key(keyNode, origin: keyOrigin, path: path) else { continue }
                let value = self.convert(valueNode, path: path.key(key), depth: depth + 1)
                (size, height) = (size + 1 + value.size, max(height, value.height))
                let entry = SourceEntry(key: key, keyOrigin: keyOrigin, value: value.node)
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
            return (entries, size, height)
        }

        /// The text of a mapping key: a plain scalar, possibly renamed or an alias of a scalar; nil
        /// (with a problem) for anything else.
        private mutating func key(_ keyNode: Node, origin keyOrigin: SourceOrigin, path: FieldPath) -> String? {
            var keyKind = keyNode.kindName
            if case .scalar(let keyScalar) = keyNode {
                if let renamed = self.placeholders[keyScalar.string] { return renamed }
                guard keyScalar.style == .plain || keyScalar.style == .any,
                    let index = AliasScanner.index(ofPlaceholder: keyScalar.string)
                else {
                    let text = AliasScanner.restoring(keyScalar.string, aliases: self.aliases)
                    guard self.admitScalar(text, origin: keyOrigin, path: path),
                        self.admitNodes(1, origin: keyOrigin, path: path)
                    else { return nil }
                    return text
                }
                let target = self.expand(alias: index, path: path, depth: 1)
                guard !self.stopped else { return nil }
                switch target.node.content {
                case .scalar(let scalar): return scalar.text
                case .mapping: keyKind = "mapping"
                case .sequence: keyKind = "list"
                }
            }
            self.problems.append(
                LocatedProblem(
                    origin: keyOrigin, field: path,
                    problem: .typeMismatch(expected: "a plain key", got: "a \(keyKind) as key")))
            return nil
        }

        /// True when `text` is short enough; otherwise stops at `origin`.
        private mutating func admitScalar(_ text: String, origin: SourceOrigin, path: FieldPath) -> Bool {
            let bytes = text.utf8.count
            guard bytes > self.limits.maxScalarBytes else { return true }
            self.stop(
                origin, path,
                "a scalar of \(bytes) bytes exceeds \(YAMLLimits.bytesText(self.limits.maxScalarBytes))")
            return false
        }

        /// True when `count` more nodes fit; otherwise stops at `origin`.
        private mutating func admitNodes(_ count: Int, origin: SourceOrigin, path: FieldPath) -> Bool {
            guard self.nodeCount + count > self.limits.maxNodes else {
                self.nodeCount += count
                return true
            }
            self.stop(origin, path, "the document has more than \(self.limits.maxNodes) nodes")
            return false
        }

        private mutating func stop(_ origin: SourceOrigin, _ path: FieldPath?, _ message: String) {
            self.stop(origin, path, problem: .limitExceeded(message))
        }

        private mutating func stop(_ origin: SourceOrigin, _ path: FieldPath?, problem: ScenarioProblem) {
            self.problems.append(LocatedProblem(origin: origin, field: path == .root ? nil : path, problem: problem))
            self.stopped = true
        }

        /// True when the text of `node` begins with `bracket`, that is, it is a flow collection.
        private func starts(_ node: Node, with bracket: Unicode.Scalar) -> Bool {
            guard let mark = node.mark else { return false }
            return self.lines.scalar(at: TextPosition(mark)) == bracket
        }

        private static func scalar(_ scalar: Node.Scalar, text: String) -> SourceScalar {
            let style: SourceScalar.Style =
                switch scalar.style {
                case .singleQuoted: .singleQuoted
                case .doubleQuoted: .doubleQuoted
                case .literal: .literal
                case .folded: .folded
                case .plain, .any: .plain
                }
            return SourceScalar(text: text, isPlain: style == .plain, style: style)
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

extension SourceNode {
    /// True when this node and the Yams `node` are both mappings or both lists.
    fileprivate func sameKind(as node: Node) -> Bool {
        switch (self.content, node) {
        case (.mapping, .mapping), (.sequence, .sequence): true
        default: false
        }
    }
}
