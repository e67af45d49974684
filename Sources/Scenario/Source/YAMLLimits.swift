/// The resources one scenario text may make the loader use.
///
/// A scenario file (and every `--set` value, and the scenario text stored in a trace) is untrusted
/// input: a 700-byte file of nested aliases ("billion laughs") expands to billions of nodes if
/// anything walks it as a tree. Each limit is checked where the resource is consumed, before
/// anything is allocated for it, and breaking one is a located issue
/// (`FILE:LINE:COL: alias expansion exceeds 100000 nodes`). docs/scenario.md and docs/limits.md
/// list them; the real scenarios are far below each (the largest, `hazard.yaml`, is 3.4 kB).
public struct YAMLLimits: Sendable, Equatable {
    /// Largest text, in UTF-8 bytes; a file is refused before more than this is read.
    public var maxBytes: Int
    /// Most nodes (scalars, lists, mappings, keys included) of the document with every alias
    /// expanded, that is, of the tree that decoding walks.
    public var maxNodes: Int
    /// Most alias uses (`*name`) in one text.
    public var maxAliases: Int
    /// Deepest nesting of lists and mappings, counted with aliases expanded (the top-level mapping is 1).
    public var maxDepth: Int
    /// Longest scalar (a value or a key), in UTF-8 bytes after unquoting.
    public var maxScalarBytes: Int
    /// Most text that the duplicate-key search may compose in all (it composes the text once
    /// per duplicate key it reports), in UTF-8 bytes.
    public var maxComposedBytes: Int

    /// The limits every load uses.
    public static let standard = YAMLLimits(
        maxBytes: 1 << 20, maxNodes: 100_000, maxAliases: 1_000, maxDepth: 64, maxScalarBytes: 4_096,
        maxComposedBytes: 4 << 20)

    /// Creates a set of limits (tests use small ones).
    public init(
        maxBytes: Int, maxNodes: Int, maxAliases: Int, maxDepth: Int, maxScalarBytes: Int, maxComposedBytes: Int
    ) {
        self.maxBytes = maxBytes
        self.maxNodes = maxNodes
        self.maxAliases = maxAliases
        self.maxDepth = maxDepth
        self.maxScalarBytes = maxScalarBytes
        self.maxComposedBytes = maxComposedBytes
    }

    /// "1 MiB", "4096 bytes": a byte count as the messages write it.
    static func bytesText(_ count: Int) -> String {
        count >= 1 << 20 && count % (1 << 20) == 0 ? "\(count >> 20) MiB" : "\(count) bytes"
    }
}
