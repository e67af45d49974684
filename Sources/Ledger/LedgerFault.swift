import SimKernel

/// A fault the scenario injects into the RSU committee (`ledger.faults`).
public struct LedgerFault: Hashable, Sendable, Codable {
    /// What goes wrong.
    public enum Kind: String, Hashable, Sendable, CaseIterable, Codable {
        /// `rsus` stop (no messages, no timers) from `at` and come back at `end` with their chain.
        case crash
        /// `rsus` are cut off from the other RSUs from `at` until `end` (the heal).
        case partition
        /// Every backhaul message to or from `rsus` takes `delay` longer, from `at` until `end`.
        case slow
        /// `rsus` propose two different blocks at one height whenever it is their turn, from `at`
        /// until `end`.
        case equivocate
        /// `rsus` collude as Byzantine members from `at` until `end`: when one of them proposes, it
        /// shows two conflicting blocks for one height to two halves of the honest members, and
        /// all of them sign prepares and commits (votes) for both. With more than `f` of them two
        /// blocks can become final at one height, which the run's safety check reports.
        case byzantine
    }

    public var kind: Kind
    /// The RSUs concerned, by index (`RSUID.raw`).
    public var rsus: [Int]
    /// When the fault starts.
    public var start: SimTime
    /// When it ends (recovery, heal); nil means never.
    public var end: SimTime?
    /// Extra one-way delay of a slow RSU.
    public var delay: SimTime

    public init(kind: Kind, rsus: [Int], start: SimTime, end: SimTime?, delay: SimTime = .zero) {
        self.kind = kind
        self.rsus = rsus
        self.start = start
        self.end = end
        self.delay = delay
    }
}
