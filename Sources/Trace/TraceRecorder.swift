import Foundation
internal import GRDB

/// Streams rows into a SQLite trace file.
///
/// Writes go to `<path>.partial`, which ``finish(summary:)`` renames to `path` only once everything is
/// committed, so a crashed or failed run never leaves a half-written trace under the final name (an older
/// trace at `path` stays intact until then). Rows are buffered and inserted in batched transactions through
/// prepared statements, so memory stays flat however long the run is and SQLite pays one commit per batch,
/// not one per row.
///
/// Reception rows pass through a ``ReceptionRecording`` level first, so a large run can keep rejections
/// only, a deterministic sample, or none; the label columns are stored as small integer codes (see
/// docs/trace.md, "Reception codes"), which readers turn back into names.
///
/// A recorder belongs to one thread of control (the simulation loop); it is not `Sendable`.
public final class TraceRecorder: TraceSink {
    /// The final trace path, which exists only after ``finish(summary:)``.
    public let path: String
    /// Where rows are written until ``finish(summary:)``: `path` + `.partial`.
    public let partialPath: String
    /// Which reception rows are kept.
    public let receptions: ReceptionRecording
    /// Reception rows kept so far, and rows the level left out.
    public private(set) var receptionsRecorded = 0
    public private(set) var receptionsOmitted = 0

    private let batchSize: Int
    private var database: DatabaseQueue?
    private var writer: BatchWriter?
    private var pending: [PendingRow] = []
    private let seed: UInt64

    /// Starts a trace: creates `<path>.partial` (replacing a leftover one), its tables and its metadata.
    ///
    /// - Parameters:
    ///   - path: Where the finished trace goes.
    ///   - meta: The run's scenario, seed and program version, written into the `meta` table.
    ///   - receptions: Which reception rows to keep (the scenario's `record.receptions`); every row by default.
    ///   - batchSize: Rows per transaction; larger batches are faster and use more memory.
    /// - Throws: ``TraceError`` naming the partial file when it cannot be created.
    public init(path: String, meta: TraceMeta, receptions: ReceptionRecording = .all, batchSize: Int = 5_000) throws {
        precondition(batchSize > 0, "TraceRecorder batchSize must be positive")
        self.path = path
        self.partialPath = path + ".partial"
        self.receptions = receptions
        self.seed = meta.seed
        self.batchSize = batchSize
        self.pending.reserveCapacity(batchSize)
        try FileOperations.removeIfPresent(self.partialPath)
        try FileOperations.removeIfPresent(self.partialPath + "-journal")
        do {
            let database = try Self.createDatabase(at: self.partialPath, meta: meta, receptions: receptions)
            self.database = database
            self.writer = BatchWriter(database: database, path: self.partialPath)
        } catch {
            try? FileOperations.removeIfPresent(self.partialPath)
            throw error
        }
    }

    /// Records one vehicle sample. - Throws: ``TraceError`` when the batch cannot be written or the recorder is closed.
    public func record(_ row: VehicleRow) throws { try self.enqueue(.vehicle(row)) }
    /// Records one sent message. - Throws: ``TraceError`` when the batch cannot be written or the recorder is closed.
    public func record(_ row: MessageRow) throws { try self.enqueue(.message(row)) }
    /// Records one reception if the recording level keeps it.
    /// - Throws: ``TraceError`` when the batch cannot be written or the recorder is closed.
    public func record(_ row: ReceptionRow) throws {
        guard self.receptions.keeps(row, seed: self.seed) else {
            _ = try self.openDatabase()
            self.receptionsOmitted += 1
            return
        }
        try self.enqueue(.reception(row))
        self.receptionsRecorded += 1
    }
    /// Records one final block. - Throws: ``TraceError`` when the batch cannot be written or the recorder is closed.
    public func record(_ row: BlockRow) throws { try self.enqueue(.block(row)) }
    /// Records one message anchor. - Throws: ``TraceError`` when the batch cannot be written or the recorder is closed.
    public func record(_ row: AnchorRow) throws { try self.enqueue(.anchor(row)) }
    /// Records one incident. - Throws: ``TraceError`` when the batch cannot be written or the recorder is closed.
    public func record(_ row: IncidentRow) throws { try self.enqueue(.incident(row)) }
    /// Records one leaf of a final block. - Throws: ``TraceError`` when the batch cannot be written or the recorder is closed.
    public func record(_ row: LeafRow) throws { try self.enqueue(.leaf(row)) }
    /// Records one consensus message or view change. - Throws: ``TraceError`` when the batch cannot be written or the recorder is closed.
    public func record(_ row: ConsensusRow) throws { try self.enqueue(.consensus(row)) }
    /// Records one per-second event digest. - Throws: ``TraceError`` when the batch cannot be written or the recorder is closed.
    public func record(_ row: EventDigestRow) throws { try self.enqueue(.eventDigest(row)) }
    /// Buffers one learned-policy decision.
    public func record(_ row: DecisionRow) throws { try self.enqueue(.decision(row)) }
    /// Buffers one checkpoint. - Throws: ``TraceError`` when the batch cannot be written or the recorder is closed.
    public func record(_ row: CheckpointRow) throws { try self.enqueue(.checkpoint(row)) }
    /// The trace stores every checkpoint.
    public var keepsCheckpoints: Bool { true }

    /// Writes the remaining rows, `summary` and the reception counts into the trace, builds its indexes,
    /// seals the last segments, `reception_codes` and `meta` (see docs/trace.md, "Seals"), closes it and
    /// renames it to ``path``, replacing any file there.
    ///
    /// If it throws, the partial file stays for inspection; call ``abandon()`` to delete it.
    /// - Parameter summary: Run results (counts, rates) stored as `meta` key/values, in key order.
    /// - Throws: ``TraceError`` for a reserved summary key, a closed recorder, or a failed write or rename.
    public func finish(summary: [String: String]) throws {
        let database = try self.openDatabase()
        if let key = summary.keys.sorted().first(where: { TraceSchema.MetaKey.reserved.contains($0) }) {
            throw TraceError(path: self.partialPath, problem: .reservedMetaKey(key))
        }
        try self.flush()
        try self.writer?.drain()
        try TraceError.wrapping(path: self.partialPath) {
            try database.write { db in
                for key in summary.keys.sorted() {
                    try db.execute(sql: TraceSchema.upsertMeta, arguments: [key, summary[key]])
                }
                let counts = [
                    (TraceSchema.MetaKey.receptionsRecorded, self.receptionsRecorded),
                    (TraceSchema.MetaKey.receptionsOmitted, self.receptionsOmitted),
                ]
                for (key, count) in counts {
                    try db.execute(sql: TraceSchema.upsertMeta, arguments: [key, String(count)])
                }
                for index in TraceSchema.indexes {
                    try db.execute(sql: index)
                }
            }
            try self.writer?.finishSeals()
            try database.close()
        }
        self.database = nil
        try FileOperations.replace(self.path, with: self.partialPath)
    }

    /// Stops recording and deletes the partial file. Safe to call more than once, and after a failed finish.
    public func abandon() {
        try? self.writer?.drain()
        self.writer = nil
        try? self.database?.close()
        self.database = nil
        self.pending.removeAll()
        try? FileOperations.removeIfPresent(self.partialPath)
        try? FileOperations.removeIfPresent(self.partialPath + "-journal")
    }

    private func openDatabase() throws(TraceError) -> DatabaseQueue {
        guard let database = self.database else {
            throw TraceError(path: self.path, problem: .recorderClosed)
        }
        return database
    }

    private func enqueue(_ row: PendingRow) throws {
        _ = try self.openDatabase()
        self.pending.append(row)
        if self.pending.count >= self.batchSize {
            try self.flush()
        }
    }

    /// Hands the buffered rows to the background writer, which inserts them in one transaction.
    private func flush() throws(TraceError) {
        _ = try self.openDatabase()
        guard !self.pending.isEmpty, let writer = self.writer else { return }
        let batch = self.pending
        self.pending = []
        self.pending.reserveCapacity(self.batchSize)
        try writer.submit(batch)
    }
}
