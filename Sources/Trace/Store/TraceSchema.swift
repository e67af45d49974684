/// The SQLite layout of a trace, version 7 (version 6 had no `checkpoints` table, its seals carried no
/// per-column checks after the row checks and its `decisions` table lacked the lane choice and shield
/// columns; version 5 had no `decisions` table; version 4 had no `seals` and
/// `event_digests` tables either; version 3 stored the receptions' label columns as text and had no
/// `reception_codes` table; version 2 lacked the `leaves` and `consensus` tables and hashed message leaves
/// without a type byte; version 1 also lacked `vehicles.pos_m` and `receptions.t_verify_start_ns`): one source
/// for the DDL, the inserts and the selects.
///
/// Every table keeps SQLite's implicit `rowid`, which is the insertion order; readers return rows in that
/// order. Times are INTEGER nanoseconds (`_ns`), exact. `UInt64` ids and heights are stored as the
/// `Int64` with the same bit pattern (SQLite integers are signed), so values up to 2⁶³−1 read as is.
enum TraceSchema {
    /// The value of `meta.schema_version` this build writes and reads.
    static let version = "7"
    /// The oldest version this build still reads: version 4 is version 7 without seals, per-second
    /// event digests, decisions and checkpoints, which readers report as absent (version 5 lacks
    /// decisions and checkpoints, version 6 checkpoints).
    static let oldestReadableVersion = 4

    /// Keys the recorder writes into `meta` itself; a summary may not use them.
    enum MetaKey {
        static let schemaVersion = "schema_version"
        static let scenarioName = "scenario_name"
        static let scenarioText = "scenario_text"
        static let seed = "seed"
        static let programVersion = "program_version"
        /// The reception recording level (`all`, `rejected`, `sample`, `none`) and its sample rate.
        static let recordReceptions = "record_receptions"
        static let recordSampleRate = "record_sample_rate"
        static let recordRadioLosses = "record_radio_losses"
        /// Reception rows the run produced that the level kept and left out, written by `finish`.
        static let receptionsRecorded = "receptions_recorded"
        static let receptionsOmitted = "receptions_omitted"
        static let reserved: Set<String> = [
            schemaVersion, scenarioName, scenarioText, seed, programVersion, recordReceptions, recordSampleRate,
            recordRadioLosses, receptionsRecorded, receptionsOmitted,
        ]
    }

    static let createMeta = "CREATE TABLE meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL)"
    static let upsertMeta = "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)"
    static let selectMeta = "SELECT key, value FROM meta ORDER BY key"

    static let vehicles = TableSpec("vehicles", time: "time_ns", [
        ("time_ns", "INTEGER NOT NULL"), ("vehicle_id", "INTEGER NOT NULL"),
        ("x_m", "REAL"), ("y_m", "REAL"), ("angle_deg", "REAL"), ("speed_mps", "REAL"), ("accel_mps2", "REAL"),
        ("lane", "INTEGER NOT NULL"), ("policy", "TEXT NOT NULL"), ("type", "TEXT NOT NULL"), ("pos_m", "REAL"),
    ])

    static let messages = TableSpec("messages", time: "t_generated_ns", [
        ("message_id", "INTEGER NOT NULL"), ("sender", "INTEGER NOT NULL"), ("pseudonym", "TEXT NOT NULL"),
        ("message_type", "TEXT NOT NULL"), ("t_generated_ns", "INTEGER NOT NULL"), ("t_signed_ns", "INTEGER NOT NULL"),
        ("t_transmit_start_ns", "INTEGER NOT NULL"), ("t_transmit_end_ns", "INTEGER NOT NULL"),
        ("size_bytes", "INTEGER NOT NULL"), ("envelope", "BLOB NOT NULL"), ("signer_public_key", "BLOB NOT NULL"),
        ("attacker", "TEXT"),
    ])

    static let receptions = TableSpec("receptions", time: "t_received_ns", [
        ("message_id", "INTEGER NOT NULL"), ("receiver_kind", "TEXT NOT NULL"), ("receiver_id", "INTEGER NOT NULL"),
        ("t_received_ns", "INTEGER NOT NULL"), ("distance_m", "REAL"), ("radio_outcome", "INTEGER NOT NULL"),
        ("verify_outcome", "INTEGER NOT NULL"), ("reason", "INTEGER NOT NULL"), ("t_verify_start_ns", "INTEGER"),
        ("t_verified_ns", "INTEGER"),
        ("latency_ns", "INTEGER"), ("acted_on", "INTEGER NOT NULL"),
    ])

    static let blocks = TableSpec("blocks", time: "t_final_ns", [
        ("height", "INTEGER NOT NULL"), ("hash", "TEXT NOT NULL"), ("previous_hash", "TEXT NOT NULL"),
        ("merkle_root", "TEXT NOT NULL"), ("proposer", "INTEGER NOT NULL"), ("t_proposed_ns", "INTEGER NOT NULL"),
        ("t_final_ns", "INTEGER NOT NULL"), ("leaf_count", "INTEGER NOT NULL"), ("signatures", "TEXT NOT NULL"),
        ("header", "BLOB NOT NULL"),
    ])

    static let anchors = TableSpec("anchors", time: "t_final_ns", [
        ("message_id", "INTEGER NOT NULL"), ("height", "INTEGER NOT NULL"), ("leaf_index", "INTEGER NOT NULL"),
        ("leaf_hash", "TEXT NOT NULL"), ("t_generated_ns", "INTEGER NOT NULL"), ("t_final_ns", "INTEGER NOT NULL"),
    ])

    static let leaves = TableSpec("leaves", time: "t_final_ns", [
        ("height", "INTEGER NOT NULL"), ("leaf_index", "INTEGER NOT NULL"), ("kind", "TEXT NOT NULL"),
        ("leaf", "BLOB NOT NULL"), ("leaf_hash", "TEXT NOT NULL"), ("t_final_ns", "INTEGER NOT NULL"),
    ])

    static let consensus = TableSpec("consensus", time: "time_ns", [
        ("time_ns", "INTEGER NOT NULL"), ("rsu", "INTEGER NOT NULL"), ("kind", "TEXT NOT NULL"),
        ("view", "INTEGER NOT NULL"), ("height", "INTEGER NOT NULL"), ("bytes", "INTEGER NOT NULL"),
        ("recipients", "INTEGER NOT NULL"),
    ])

    static let incidents = TableSpec("incidents", time: "time_ns", [
        ("time_ns", "INTEGER NOT NULL"), ("kind", "TEXT NOT NULL"), ("vehicle_a", "INTEGER NOT NULL"),
        ("vehicle_b", "INTEGER"), ("value", "REAL"), ("detail", "TEXT NOT NULL"),
    ])

    /// The lookup table of the receptions' label codes (see `ReceptionCodebook`); not a row table.
    static let receptionCodes = TableSpec("reception_codes", [
        ("column_name", "TEXT NOT NULL"), ("code", "INTEGER NOT NULL"), ("name", "TEXT NOT NULL"),
    ])

    /// The event stream's running digest at the end of each simulated second, and per event kind the
    /// digest of that second's events of the kind (see docs/trace.md, "Per-second event digests").
    static let eventDigests = TableSpec("event_digests", time: "second_start_ns", [
        ("second_start_ns", "INTEGER NOT NULL"), ("kind", "TEXT NOT NULL"), ("events", "INTEGER NOT NULL"),
        ("digest", "TEXT NOT NULL"),
    ])

    /// The seals: a running SHA-256 per table and interval (see `TraceSealer`, docs/trace.md "Seals").
    static let seals = TableSpec("seals", [
        ("table_name", "TEXT NOT NULL"), ("segment", "INTEGER NOT NULL"), ("t_start_ns", "INTEGER"),
        ("t_end_ns", "INTEGER"), ("first_rowid", "INTEGER NOT NULL"), ("last_rowid", "INTEGER NOT NULL"),
        ("row_count", "INTEGER NOT NULL"), ("digest", "TEXT NOT NULL"), ("row_checks", "BLOB"),
    ])

    /// Every row table, in the order the exporter writes them.
    static let tables: [TableSpec] = [
        vehicles, messages, receptions, blocks, anchors, incidents, leaves, consensus, decisions,
    ]

    /// The tables a version 5 trace adds to version 4's.
    static let version5Tables: [TableSpec] = [eventDigests, seals]

    /// Tables sealed while rows stream in (interval by their time column).
    static let streamedSealedTables: [TableSpec] = tables + [eventDigests, checkpoints]
    /// Small tables sealed once by `finish`, after their last write, in blocks of rows.
    static let finallySealedTables: [TableSpec] = [receptionCodes, meta]

    /// `meta` as a table spec, for sealing and comparing (it is created by `createMeta`).
    static let meta = TableSpec("meta", [("key", "TEXT PRIMARY KEY NOT NULL"), ("value", "TEXT NOT NULL")])

    /// Indexes built by `finish`: building them once over the full tables is cheaper than maintaining
    /// them row by row during a long run.
    static let indexes = [
        "CREATE INDEX messages_message_id ON messages (message_id)",
        "CREATE INDEX receptions_message_id ON receptions (message_id)",
        "CREATE INDEX anchors_message_id ON anchors (message_id)",
    ]
}

/// One row table: its name and its columns, in insert and select order.
struct TableSpec: Sendable {
    let name: String
    let columns: [(name: String, type: String)]
    /// The column whose value (ns of simulated time) places a row in a seal interval; nil when the table
    /// has no time column, in which case seals cover blocks of rows.
    let timeColumn: Int?

    init(_ name: String, time: String? = nil, _ columns: [(name: String, type: String)]) {
        self.name = name
        self.columns = columns
        self.timeColumn = time.flatMap { t in columns.firstIndex { $0.name == t } }
        precondition(time == nil || self.timeColumn != nil, "time column \(time ?? "") is not a column of \(name)")
    }

    var createSQL: String {
        "CREATE TABLE \(self.name) (" + self.columns.map { "\($0.name) \($0.type)" }.joined(separator: ", ") + ")"
    }

    var insertSQL: String {
        let names = self.columns.map(\.name).joined(separator: ", ")
        let marks = Array(repeating: "?", count: self.columns.count).joined(separator: ", ")
        return "INSERT INTO \(self.name) (\(names)) VALUES (\(marks))"
    }

    /// Rowid and every column of the rows after a given rowid, in rowid order (the seal's view of a table).
    var selectWithRowidSQL: String {
        "SELECT rowid, " + self.columns.map(\.name).joined(separator: ", ") + " FROM \(self.name) WHERE rowid > ? ORDER BY rowid"
    }

    var selectSQL: String {
        "SELECT " + self.columns.map(\.name).joined(separator: ", ") + " FROM \(self.name) ORDER BY rowid"
    }
}
