import Foundation
internal import GRDB

extension TraceRecorder {
    /// How long a write waits for another process's lock on the trace before it fails [s].
    static let busyTimeout: TimeInterval = 60

    /// Creates the database file with the current schema, the fixed reception codes and the run's metadata.
    ///
    /// The file is a `.partial` that is useless after a crash anyway, so durability is traded for speed:
    /// no fsync (`synchronous = OFF`) and an in-memory rollback journal (no `-journal` file to clean up).
    static func createDatabase(
        at path: String, meta: TraceMeta, receptions: ReceptionRecording
    ) throws(TraceError) -> DatabaseQueue {
        try TraceError.wrapping(path: path) {
            // Someone may open the growing `.partial` to look (sqlite3, a script): a reader's shared
            // lock must make a commit wait, not fail a run of many minutes at its last batch.
            var configuration = Configuration()
            configuration.busyMode = .timeout(Self.busyTimeout)
            let database = try DatabaseQueue(path: path, configuration: configuration)
            try database.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA journal_mode = MEMORY")
                try db.execute(sql: "PRAGMA synchronous = OFF")
            }
            try database.write { db in
                try db.execute(sql: TraceSchema.createMeta)
                for table in TraceSchema.tables + [TraceSchema.receptionCodes] + TraceSchema.version5Tables
                    + TraceSchema.version7Tables {
                    try db.execute(sql: table.createSQL)
                }
                for entry in ReceptionCodebook.fixedEntries {
                    try db.execute(
                        sql: TraceSchema.receptionCodes.insertSQL, arguments: [entry.column.rawValue, entry.code, entry.name])
                }
                let entries: [(String, String)] = [
                    (TraceSchema.MetaKey.schemaVersion, TraceSchema.version),
                    (TraceSchema.MetaKey.scenarioName, meta.scenarioName),
                    (TraceSchema.MetaKey.scenarioText, meta.scenarioText),
                    (TraceSchema.MetaKey.seed, String(meta.seed)),
                    (TraceSchema.MetaKey.programVersion, meta.programVersion),
                    (TraceSchema.MetaKey.recordReceptions, receptions.level.rawValue),
                    (TraceSchema.MetaKey.recordSampleRate, "\(receptions.sampleRate)"),
                    (TraceSchema.MetaKey.recordRadioLosses, receptions.radioLosses ? "true" : "false"),
                ]
                for (key, value) in entries {
                    try db.execute(sql: TraceSchema.upsertMeta, arguments: [key, value])
                }
            }
            return database
        }
    }
}
