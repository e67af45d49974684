import Yams

extension SourceNode {
    /// This tree as YAML text, keys in their original order, flow collections kept in flow style.
    ///
    /// - Returns: the text, or nil if libyaml's emitter refuses the tree (it accepts every tree
    ///   the composer produces, so nil means a bug).
    func serializedYAML() -> String? {
        try? Yams.serialize(node: self.yamsNode(), indent: 2, width: -1, allowUnicode: true)
    }

    /// The Yams node for this tree (without marks).
    private func yamsNode() -> Node {
        switch self.content {
        case .scalar(let scalar):
            return .scalar(Node.Scalar(scalar.text, .implicit, scalar.yamsStyle))
        case .sequence(let items):
            let style: Node.Sequence.Style = self.isFlow ? .flow : .block
            return .sequence(Node.Sequence(items.map { $0.yamsNode() }, .implicit, style))
        case .mapping(let entries):
            let style: Node.Mapping.Style = self.isFlow ? .flow : .block
            let pairs = entries.map { entry in (Node(entry.key), entry.value.yamsNode()) }
            return .mapping(Node.Mapping(pairs, .implicit, style))
        }
    }
}

extension SourceScalar {
    /// The Yams style to emit this scalar with; plain text that needs quoting is quoted by libyaml.
    fileprivate var yamsStyle: Node.Scalar.Style {
        switch self.style {
        case .plain: .plain
        case .singleQuoted: .singleQuoted
        case .doubleQuoted: .doubleQuoted
        case .literal: .literal
        case .folded: .folded
        }
    }
}
