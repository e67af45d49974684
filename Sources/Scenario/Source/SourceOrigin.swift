/// Where a node of the scenario tree came from, so that an issue can point at it.
enum SourceOrigin: Hashable, Sendable {
    /// A position in the scenario file, 1-based line and column (columns count Unicode scalars,
    /// as libyaml does).
    case position(line: Int, column: Int)
    /// A command-line override, named as the user typed it ("--set road.lanes=4", "--seed 7"),
    /// and its place among the overrides (issues are listed in that order).
    case override(index: Int, label: String)
    /// The file as a whole (for problems that have no position, such as an unreadable file).
    case file
}

extension SourceOrigin {
    /// Sorts issues: whole-file problems, then file positions, then overrides in the order given.
    var sortKey: (Int, Int, Int) {
        switch self {
        case .file: (0, 0, 0)
        case .position(let line, let column): (1, line, column)
        case .override(let index, _): (2, index, 0)
        }
    }
}
