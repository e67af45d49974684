import Foundation
import SimKernel
internal import GRDB

// Checkpoint rows ↔ the `checkpoints` table, in the column order of `TraceSchema.checkpoints`.

extension TraceSchema {
    /// One row per checkpoint (`CheckpointRow`), new in schema version 7.
    static let checkpoints = TableSpec("checkpoints", time: "time_ns", [
        ("time_ns", "INTEGER NOT NULL"), ("format_version", "INTEGER NOT NULL"), ("byte_length", "INTEGER NOT NULL"),
        ("sha256", "TEXT NOT NULL"), ("blob", "BLOB NOT NULL"),
    ])

    /// The tables a version 7 trace adds to version 6's.
    static let version7Tables: [TableSpec] = [checkpoints]
}

extension CheckpointRow {
    var databaseArguments: StatementArguments {
        [self.time.nanoseconds, self.formatVersion, self.byteLength, self.sha256, Data(self.blob)]
    }

    init(databaseRow row: Row) throws {
        self.init(
            time: try row.time(0), formatVersion: try row.int(1), byteLength: try row.int(2), sha256: try row.string(3),
            blob: try row.bytes(4))
    }
}

extension TraceReader {
    /// Whether the trace has a checkpoints table (schema version 7 on).
    public var hasCheckpoints: Bool { (self.meta["schema_version"].flatMap(Int.init) ?? 0) >= 7 }

    /// The times of every checkpoint, ascending (none before schema version 7 or with checkpoints off).
    /// - Throws: ``TraceError`` on a read failure.
    public func checkpointTimes() throws -> [SimTime] {
        guard self.hasCheckpoints else { return [] }
        let nanoseconds = try TraceError.mappingDatabaseErrors(path: self.path) {
            try self.database.read { db in
                try Int64.fetchAll(db, sql: "SELECT time_ns FROM checkpoints ORDER BY time_ns, rowid")
            }
        }
        return nanoseconds.map(SimTime.init(nanoseconds:))
    }

    /// The distinct `format_version`s of the trace's checkpoints, ascending (none without checkpoints).
    /// - Throws: ``TraceError`` on a read failure.
    public func checkpointFormatVersions() throws -> [Int] {
        guard self.hasCheckpoints else { return [] }
        return try TraceError.mappingDatabaseErrors(path: self.path) {
            try self.database.read { db in
                try Int.fetchAll(db, sql: "SELECT DISTINCT format_version FROM checkpoints ORDER BY format_version")
            }
        }
    }

    /// The latest checkpoint at or before `time` (nil when there is none), read whole.
    /// - Throws: ``TraceError`` on a read failure or an unreadable row.
    public func checkpoint(atOrBefore time: SimTime) throws -> CheckpointRow? {
        guard self.hasCheckpoints else { return nil }
        return try TraceError.mappingDatabaseErrors(path: self.path) {
            try self.database.read { db in
                let sql = TraceSchema.checkpoints.selectSQL.replacingOccurrences(
                    of: " ORDER BY rowid", with: " WHERE time_ns <= ? ORDER BY time_ns DESC, rowid DESC LIMIT 1")
                guard let row = try Row.fetchOne(db, sql: sql, arguments: [time.nanoseconds]) else { return nil }
                do {
                    return try CheckpointRow(databaseRow: row)
                } catch {
                    throw TraceError(path: self.path, problem: .notATrace("unreadable checkpoints row: \(error)"))
                }
            }
        }
    }
}
