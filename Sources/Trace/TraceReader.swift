import Foundation
internal import GRDB

/// Opens a finished trace file read-only and reads its metadata and rows back.
///
/// Rows come back in insertion order. The `forEach…` methods stream a table through a closure with constant
/// memory; the array methods collect a whole table and suit small tables and tests.
public final class TraceReader: Sendable {
    /// The trace file.
    public let path: String
    /// All `meta` key/values: `schema_version`, `scenario_name`, `scenario_text`, `seed`, `program_version`
    /// and the run's summary keys.
    public let meta: [String: String]

    let database: DatabaseQueue
    /// The trace's own reception code → name table.
    let receptionCodes: ReceptionCodeNames

    /// Opens the trace at `path` and checks that it is a v2vsim trace this build can read.
    ///
    /// - Throws: ``TraceError`` naming `path` when the file is missing, is not SQLite, has no `meta` table,
    ///   no or an unknown `schema_version`, or lacks one of the row tables.
    public init(path: String) throws(TraceError) {
        self.path = path
        guard FileManager.default.fileExists(atPath: path) else {
            throw TraceError(path: path, problem: .missing)
        }
        var configuration = Configuration()
        configuration.readonly = true
        let database = try TraceError.wrapping(path: path) {
            try DatabaseQueue(path: path, configuration: configuration)
        }
        self.meta = try TraceError.wrapping(path: path) {
            try database.read { db in try Self.validatedMeta(db, path: path) }
        }
        self.receptionCodes = try TraceError.wrapping(path: path) {
            try database.read { db in try Self.receptionCodes(db, path: path) }
        }
        self.database = database
    }

    /// Reads `meta` after checking the file has the tables and schema version of a trace.
    private static func validatedMeta(_ db: Database, path: String) throws -> [String: String] {
        let tables = Set(try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'"))
        guard tables.contains("meta") else {
            throw TraceError(path: path, problem: .notATrace("no meta table"))
        }
        try Self.checkMetaBounds(db, path: path)
        var meta: [String: String] = [:]
        do {
            for row in try Row.fetchAll(db, sql: TraceSchema.selectMeta) {
                meta[try row.decode(String.self, atIndex: 0)] = try row.decode(String.self, atIndex: 1)
            }
        } catch {
            throw TraceError(path: path, problem: .notATrace("unreadable meta table: \(error)"))
        }
        guard let version = meta[TraceSchema.MetaKey.schemaVersion] else {
            throw TraceError(path: path, problem: .notATrace("meta has no schema_version"))
        }
        guard let number = Int(version), number >= TraceSchema.oldestReadableVersion,
              number <= Int(TraceSchema.version)!
        else {
            let older = Int(version).map { $0 < TraceSchema.oldestReadableVersion } ?? false
            let reason = older
                ? "schema_version \(version) was written by an older v2vsim; this build reads versions "
                    + "\(TraceSchema.oldestReadableVersion) to \(TraceSchema.version) (re-run the scenario to record it again)"
                : "unknown schema_version '\(version)'; this build reads versions \(TraceSchema.oldestReadableVersion) to "
                    + "\(TraceSchema.version) (was it written by a newer v2vsim?)"
            throw TraceError(path: path, problem: .notATrace(reason))
        }
        var required = TraceSchema.tables.filter { $0.name != TraceSchema.decisions.name } + [TraceSchema.receptionCodes]
        if number >= 5 { required += TraceSchema.version5Tables }
        if number >= 6 { required.append(TraceSchema.decisions) }
        if number >= 7 { required += TraceSchema.version7Tables }
        if let missing = required.first(where: { !tables.contains($0.name) }) {
            throw TraceError(path: path, problem: .notATrace("no \(missing.name) table (schema_version \(version) has one)"))
        }
        return meta
    }

    /// Most rows the `meta` table of a trace may have.
    public static let maximumMetaRows = 100_000
    /// Longest `meta` key [B].
    public static let maximumMetaKeyBytes = 256
    /// Longest `meta` value [B]: the largest, `scenario_text`, is a scenario file of at most 1 MiB.
    public static let maximumMetaValueBytes = 4 * 1_048_576

    /// Refuses a `meta` table that is too long or has a cell that is too large, before any cell is
    /// copied out of SQLite: an untrusted trace's cell may be as large as SQLite allows (1 GB).
    /// SQLite measures each cell in place; only the first 64 characters of an offending key are read.
    private static func checkMetaBounds(_ db: Database, path: String) throws {
        let rows: Int
        let oversized: Row?
        do {
            rows = try Int.fetchOne(db, sql: "SELECT count(*) FROM meta") ?? 0
            oversized = try Row.fetchOne(
                db,
                sql: """
                    SELECT substr(key, 1, 64), length(CAST(key AS BLOB)), length(CAST(value AS BLOB)) FROM meta
                    WHERE length(CAST(key AS BLOB)) > ? OR length(CAST(value AS BLOB)) > ? LIMIT 1
                    """,
                arguments: [Self.maximumMetaKeyBytes, Self.maximumMetaValueBytes])
        } catch {
            throw TraceError(path: path, problem: .notATrace("unreadable meta table: \(error)"))
        }
        guard rows <= Self.maximumMetaRows else {
            throw TraceError(path: path, problem: .notATrace(
                "meta table has \(rows) rows, more than the limit of \(Self.maximumMetaRows)"))
        }
        guard let row = oversized else { return }
        let key = (try? row.decode(String.self, atIndex: 0)) ?? "?"
        let keyBytes = (try? row.decode(Int.self, atIndex: 1)) ?? 0
        let valueBytes = (try? row.decode(Int.self, atIndex: 2)) ?? 0
        let shown = keyBytes > 64 ? "\(key)…" : key
        if keyBytes > Self.maximumMetaKeyBytes {
            throw TraceError(path: path, problem: .notATrace(
                "meta key '\(shown)' is \(keyBytes) bytes, more than the limit of \(Self.maximumMetaKeyBytes)"))
        }
        throw TraceError(path: path, problem: .notATrace(
            "meta value of key '\(shown)' is \(valueBytes) bytes, more than the limit of \(Self.maximumMetaValueBytes)"))
    }

    /// Reads the `reception_codes` table.
    private static func receptionCodes(_ db: Database, path: String) throws -> ReceptionCodeNames {
        do {
            var entries: [(column: String, code: Int64, name: String)] = []
            for row in try Row.fetchAll(db, sql: TraceSchema.receptionCodes.selectSQL) {
                entries.append((
                    column: try row.decode(String.self, atIndex: 0), code: try row.decode(Int64.self, atIndex: 1),
                    name: try row.decode(String.self, atIndex: 2)))
            }
            return try ReceptionCodeNames(entries)
        } catch {
            throw TraceError(path: path, problem: .notATrace("unreadable reception_codes table: \(error)"))
        }
    }
}
