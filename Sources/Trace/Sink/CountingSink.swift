/// A sink that counts what it is given and stores nothing itself: for benchmarks (the cost of producing
/// rows without the cost of SQLite) and for tests of what a recording level keeps. Given a `next` sink
/// it passes every row on as well, so a run can be counted and recorded at once.
public final class CountingSink: TraceSink {
    /// Rows handed over, per table.
    public struct Counts: Hashable, Sendable {
        public var vehicles = 0
        public var messages = 0
        /// Reception rows handed over, kept or not.
        public var receptionsOffered = 0
        /// Reception rows the recording level keeps.
        public var receptionsKept = 0
        public var blocks = 0
        public var anchors = 0
        public var incidents = 0
        public var leaves = 0
        public var consensus = 0
        public var decisions = 0

        /// Rows a trace at this level would hold, over all tables.
        public var rowsKept: Int {
            self.vehicles + self.messages + self.receptionsKept + self.blocks + self.anchors + self.incidents
                + self.leaves + self.consensus + self.decisions
        }
    }

    /// What was handed over so far.
    public private(set) var counts = Counts()
    /// The summary given to ``finish(summary:)``, or nil before.
    public private(set) var summary: [String: String]?
    /// Which receptions count as kept.
    public let receptions: ReceptionRecording
    /// Where rows go on to, if anywhere.
    public let next: TraceSink?
    private let seed: UInt64

    /// Creates a counting sink that judges receptions as a trace at `receptions` would, for a run with
    /// master seed `seed`, and passes every row on to `next` when given (which decides for itself).
    public init(receptions: ReceptionRecording = .all, seed: UInt64 = 0, next: TraceSink? = nil) {
        self.receptions = receptions
        self.seed = seed
        self.next = next
    }

    public func record(_ row: VehicleRow) throws {
        self.counts.vehicles += 1
        try self.next?.record(row)
    }
    public func record(_ row: MessageRow) throws {
        self.counts.messages += 1
        try self.next?.record(row)
    }
    public func record(_ row: ReceptionRow) throws {
        self.counts.receptionsOffered += 1
        if self.receptions.keeps(row, seed: self.seed) { self.counts.receptionsKept += 1 }
        try self.next?.record(row)
    }
    public func record(_ row: BlockRow) throws {
        self.counts.blocks += 1
        try self.next?.record(row)
    }
    public func record(_ row: AnchorRow) throws {
        self.counts.anchors += 1
        try self.next?.record(row)
    }
    public func record(_ row: IncidentRow) throws {
        self.counts.incidents += 1
        try self.next?.record(row)
    }
    public func record(_ row: LeafRow) throws {
        self.counts.leaves += 1
        try self.next?.record(row)
    }
    public func record(_ row: ConsensusRow) throws {
        self.counts.consensus += 1
        try self.next?.record(row)
    }
    public func record(_ row: EventDigestRow) throws {
        try self.next?.record(row)
    }
    public func record(_ row: DecisionRow) throws {
        self.counts.decisions += 1
        try self.next?.record(row)
    }
    /// Checkpoints pass through to `next`, which decides whether it keeps them.
    public func record(_ row: CheckpointRow) throws {
        try self.next?.record(row)
    }
    public var keepsCheckpoints: Bool { self.next?.keepsCheckpoints ?? false }
    public func finish(summary: [String: String]) throws {
        self.summary = summary
        try self.next?.finish(summary: summary)
    }
}
