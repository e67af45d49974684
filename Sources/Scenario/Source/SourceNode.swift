/// The scenario as a tree of YAML nodes that remember where they came from.
///
/// Yams' `Node` carries marks but is not `Sendable` and cannot say "this value came from
/// `--set`", so the loader converts it once into this small tree, applies overrides to it, and
/// decodes from it. Every node knows its origin, which is what makes compiler-style errors possible.
struct SourceNode: Hashable, Sendable {
    /// The shape and contents of a node.
    enum Content: Hashable, Sendable {
        case scalar(SourceScalar)
        case mapping([SourceEntry])
        case sequence([SourceNode])
    }

    var content: Content
    var origin: SourceOrigin
    /// True for a flow collection (`{…}` or `[…]`), kept so that serialized text looks familiar.
    var isFlow: Bool = false

    /// A null scalar (`~`, `null` or nothing) at `origin`.
    static func null(at origin: SourceOrigin) -> SourceNode {
        SourceNode(content: .scalar(SourceScalar(text: "", isPlain: true)), origin: origin)
    }

    /// An empty mapping at `origin`.
    static func emptyMapping(at origin: SourceOrigin) -> SourceNode {
        SourceNode(content: .mapping([]), origin: origin)
    }

    /// True for a plain `~`, `null` or empty scalar.
    var isNull: Bool {
        if case .scalar(let scalar) = self.content { return scalar.isNull }
        return false
    }

    /// What this node is, for messages: "a mapping", "a list", "'text'", "nothing".
    var kindDescription: String {
        switch self.content {
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .scalar(let scalar): scalar.isNull ? "nothing" : "'\(scalar.text)'"
        }
    }
}

/// A scalar's text and whether it was written plain (unquoted).
struct SourceScalar: Hashable, Sendable {
    /// The text after YAML unquoting and unescaping.
    var text: String
    /// True for a plain scalar; quoted scalars are never null.
    var isPlain: Bool
    /// The original YAML style, kept for serializing back.
    var style: Style = .plain

    /// How a scalar was written.
    enum Style: Hashable, Sendable {
        case plain, singleQuoted, doubleQuoted, literal, folded
    }

    /// True for a plain `~`, `null`, `Null`, `NULL` or empty scalar (YAML 1.2 core schema).
    var isNull: Bool { self.isPlain && ["", "~", "null", "Null", "NULL"].contains(self.text) }
}

/// One key and its value in a mapping.
struct SourceEntry: Hashable, Sendable {
    var key: String
    var keyOrigin: SourceOrigin
    var value: SourceNode
}
