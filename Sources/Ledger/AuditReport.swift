/// The outcome of `ChainAuditor.audit`.
public struct AuditReport: Hashable, Sendable, CustomStringConvertible {
    /// Blocks examined: all of them when the chain is valid, otherwise up to and including the first
    /// bad one.
    public var blocksChecked: Int
    /// The first problem found, or nil.
    public var firstProblem: AuditProblem?

    /// Creates a report.
    public init(blocksChecked: Int, firstProblem: AuditProblem?) {
        self.blocksChecked = blocksChecked
        self.firstProblem = firstProblem
    }

    /// Whether every check passed.
    public var isValid: Bool { self.firstProblem == nil }

    /// `ok: 20 blocks` or the problem, e.g. `block 7: merkle_root does not match leaves`.
    public var description: String {
        if let problem = self.firstProblem { return problem.description }
        return "ok: \(self.blocksChecked) blocks"
    }
}

/// The first thing an audit found wrong.
public struct AuditProblem: Hashable, Sendable, CustomStringConvertible {
    /// Position of the bad block in the audited list, which is the height it should have.
    public var height: UInt64
    /// What is wrong: a header field (`version`, `height`, `previous_hash`, `merkle_root`,
    /// `timestamp`, `proposer`, `leaf_count`), or `block_size`, `leaves`, `votes`, `header`,
    /// `revocation`, or a trace column (`hash`, `kind`, `leaf_hash`); see `docs/ledger.md`.
    public var field: String
    /// A sentence about it, without the block prefix.
    public var message: String

    /// Creates a problem record.
    public init(height: UInt64, field: String, message: String) {
        self.height = height
        self.field = field
        self.message = message
    }

    /// `block 7: merkle_root does not match leaves`.
    public var description: String { "block \(self.height): \(self.message)" }
}
