import Dispatch
internal import GRDB
import Synchronization

/// Writes batches of rows on a background thread, so that on a multi-core machine the simulation
/// keeps running while SQLite inserts and commits.
///
/// Order is kept: one serial queue, batches in the order they were handed over, so the file's rows
/// (and their rowids) are exactly those of a synchronous writer. At most `maximumInFlight` batches
/// wait at once, which bounds memory; the producer blocks when the writer falls behind. The first
/// error is kept and reported by the next `submit` or by `drain`.
final class BatchWriter: Sendable {
    private let queue = DispatchQueue(label: "v2vsim.trace.writer")
    private let slots: DispatchSemaphore
    private let firstError = Mutex<TraceError?>(nil)
    /// Label codes assigned so far and the running seals; touched by the serial queue, one lock per
    /// batch, and by `finishSeals` after `drain`.
    private let state = Mutex(State())

    private struct State {
        var codes = ReceptionCodebook()
        var sealer = TraceSealer()
    }
    private let database: DatabaseQueue
    private let path: String

    init(database: DatabaseQueue, path: String, maximumInFlight: Int = 2) {
        self.database = database
        self.path = path
        self.slots = DispatchSemaphore(value: maximumInFlight)
    }

    /// Queues `rows` for insertion in one transaction.
    /// - Throws: the error of an earlier batch, if one failed.
    func submit(_ rows: [PendingRow]) throws(TraceError) {
        try self.throwIfFailed()
        self.slots.wait()
        self.queue.async { [self] in
            defer { self.slots.signal() }
            guard self.firstError.withLock({ $0 == nil }) else { return }
            do throws(TraceError) {
                try TraceError.wrapping(path: self.path) {
                    try self.state.withLock { state in
                        try self.database.write { db in
                            var statements = try InsertStatements(db)
                            for row in rows { try statements.insert(row, codes: &state.codes) }
                            // Sealed in the same transaction, so no batch is ever stored unsealed.
                            try state.sealer.sealNewRows(db)
                        }
                    }
                }
            } catch {
                self.firstError.withLock { if $0 == nil { $0 = error } }
            }
        }
    }

    /// Seals what is left in one transaction (see ``TraceSealer/finish(_:)``); call after ``drain()`` and
    /// after the final `meta` values are written.
    func finishSeals() throws {
        try self.state.withLock { state in
            try self.database.write { db in try state.sealer.finish(db) }
        }
    }

    /// Waits until every queued batch is written.
    /// - Throws: the first error any batch met.
    func drain() throws(TraceError) {
        self.queue.sync {}
        try self.throwIfFailed()
    }

    private func throwIfFailed() throws(TraceError) {
        if let error = self.firstError.withLock({ $0 }) { throw error }
    }
}
