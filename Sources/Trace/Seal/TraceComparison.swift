import Foundation
internal import GRDB

/// The first place where one table of two traces differs, as `verify --replay` reports it.
public struct TableDifference: Sendable, Equatable, CustomStringConvertible {
    /// The table.
    public var table: String
    /// The rowid of the first differing row (for `meta`: nil, the key is in `entity`).
    public var rowid: Int64?
    /// The first differing column, or nil when one trace has a row the other lacks.
    public var column: String?
    /// What the row is about (`vehicle_id=3`, `message_id=17 receiver_id=2`, …), from the recorded row.
    public var entity: String
    /// The row's time [ns] (its time column), when it has one.
    public var time: Int64?
    /// The values in the recorded and in the re-run trace (`absent` when the row is missing).
    public var recorded: String
    public var replayed: String
    /// Rows in each trace.
    public var recordedRows: Int64
    public var replayedRows: Int64

    /// `table receptions row 1234 (message_id=17 …, t=3.200 s) column latency_ns: recorded …, re-run …`.
    public var description: String {
        var text = "table \(self.table)"
        if let rowid = self.rowid { text += " row \(rowid)" }
        var about = self.entity
        if let time = self.time {
            about += (about.isEmpty ? "" : ", ") + "t=\(DecimalText.seconds(.init(nanoseconds: time), decimals: 3)) s"
        }
        if !about.isEmpty { text += " (\(about))" }
        if let column = self.column { text += " column \(column)" }
        text += ": recorded \(self.recorded), re-run \(self.replayed)"
        if self.recordedRows != self.replayedRows {
            text += " (\(self.recordedRows) rows recorded, \(self.replayedRows) re-run)"
        }
        return text
    }
}

/// Compares two traces table by table, row by row in rowid order.
public enum TraceComparison {
    /// Meta values not compared: the counts of libsodium calls, which the verification memo and the worker
    /// count may change without changing any result, and the schema version, since a version 4 trace is
    /// re-run into a version 5 one (the tables a version lacks are skipped).
    public static let uncomparedMetaKeys: Set<String> = ["summary.sign_calls", "summary.verify_calls", "schema_version"]

    /// Columns that say what a row is about, per table, for reports.
    static let entityColumns: [String: [String]] = [
        "meta": ["key"],
        "vehicles": ["vehicle_id"], "messages": ["message_id", "sender"],
        "receptions": ["message_id", "receiver_kind", "receiver_id"], "blocks": ["height"],
        "anchors": ["message_id", "height"], "incidents": ["kind", "vehicle_a", "vehicle_b"],
        "leaves": ["height", "leaf_index"], "consensus": ["rsu", "kind", "height"],
        "event_digests": ["kind"], "checkpoints": ["format_version"], "seals": ["table_name", "segment"], "reception_codes": ["column_name", "code"],
    ]

    /// The tables compared, in report order: the row tables, then the per-second digests, codes and seals.
    static var comparedTables: [TableSpec] {
        TraceSchema.tables + [TraceSchema.eventDigests, TraceSchema.checkpoints, TraceSchema.receptionCodes, TraceSchema.seals]
    }

    /// The first difference of every table that differs between `recorded` and `replayed`, in table
    /// order, `meta` last (compared by key); empty when the traces hold the same rows. What depends on
    /// the program that wrote a trace (its version, its checkpoint format) is left out when the two
    /// differ: ``ComparisonScope`` says what and why.
    /// - Complexity: one pass over both traces; constant memory per table.
    /// - Throws: ``TraceError`` when either trace cannot be read.
    public static func compare(recorded: TraceReader, replayed: TraceReader) throws -> [TableDifference] {
        let scope = try ComparisonScope(recorded: recorded, replayed: replayed)
        var differences: [TableDifference] = []
        let bothSealed = recorded.hasSeals && replayed.hasSeals
        for table in Self.comparedTables {
            if !bothSealed && TraceSchema.version5Tables.contains(where: { $0.name == table.name }) { continue }
            // Traces before schema version 6 have no decisions table.
            if table.name == TraceSchema.decisions.name && !(recorded.hasDecisions && replayed.hasDecisions) { continue }
            // Nor checkpoints before version 7.
            if table.name == TraceSchema.checkpoints.name && !(recorded.hasCheckpoints && replayed.hasCheckpoints) { continue }
            if table.name == TraceSchema.checkpoints.name && scope.skipsCheckpoints { continue }
            let leftOut = table.name == TraceSchema.seals.name ? scope.uncomparedSealTables : []
            if let difference = try Self.firstDifference(table, recorded, replayed, leavingOutSealsOf: leftOut) {
                differences.append(difference)
            }
        }
        let keys = Set(recorded.meta.keys).union(replayed.meta.keys)
            .subtracting(Self.uncomparedMetaKeys).subtracting(scope.uncomparedMetaKeys).sorted()
        if let key = keys.first(where: { recorded.meta[$0] != replayed.meta[$0] }) {
            differences.append(TableDifference(
                table: "meta", rowid: nil, column: "value", entity: "key=\(key)", time: nil,
                recorded: Self.quoted(recorded.meta[key]), replayed: Self.quoted(replayed.meta[key]),
                recordedRows: Int64(recorded.meta.count), replayedRows: Int64(replayed.meta.count)))
        }
        return differences
    }

    /// - Parameter leavingOutSealsOf: for the `seals` table, the `table_name`s whose seal rows are not compared.
    private static func firstDifference(
        _ table: TableSpec, _ recorded: TraceReader, _ replayed: TraceReader, leavingOutSealsOf leftOut: [String]
    ) throws -> TableDifference? {
        // The names are the schema's own table names, never user input, so they are quoted inline.
        let filter = leftOut.isEmpty ? "" : " table_name NOT IN (" + leftOut.map { "'\($0)'" }.joined(separator: ", ") + ")"
        let countSQL = "SELECT COUNT(*) FROM \(table.name)" + (filter.isEmpty ? "" : " WHERE" + filter)
        let selectSQL = filter.isEmpty ? table.selectWithRowidSQL
            : "SELECT rowid, " + table.columns.map(\.name).joined(separator: ", ")
                + " FROM \(table.name) WHERE rowid > ? AND" + filter + " ORDER BY rowid"
        return try TraceError.mappingDatabaseErrors(path: recorded.path) {
            try recorded.database.read { a in
                try TraceError.mappingDatabaseErrors(path: replayed.path) {
                    try replayed.database.read { b in
                        let countA = try Int64.fetchOne(a, sql: countSQL) ?? 0
                        let countB = try Int64.fetchOne(b, sql: countSQL) ?? 0
                        let cursorA = try Row.fetchCursor(a, sql: selectSQL, arguments: [Int64.min])
                        let cursorB = try Row.fetchCursor(b, sql: selectSQL, arguments: [Int64.min])
                        while true {
                            let rowA = try cursorA.next()
                            let rowB = try cursorB.next()
                            if rowA == nil && rowB == nil { return nil }
                            if let difference = Self.difference(table, rowA, rowB) {
                                var difference = difference
                                difference.recordedRows = countA
                                difference.replayedRows = countB
                                return difference
                            }
                        }
                    }
                }
            }
        }
    }

    /// How `recorded` and `replayed` (rowid, then the table's columns) differ, or nil when they are equal.
    private static func difference(_ table: TableSpec, _ recorded: Row?, _ replayed: Row?) -> TableDifference? {
        guard var reference = recorded ?? replayed else { return nil }
        var column: String?
        var values: (String, String) = ("absent", "absent")
        if let recorded, let replayed, (recorded[0] as Int64) != (replayed[0] as Int64) {
            // One side lacks a rowid the other has: the row with the smaller rowid is missing on the other side.
            let recordedFirst = (recorded[0] as Int64) < (replayed[0] as Int64)
            reference = recordedFirst ? recorded : replayed
            values = recordedFirst ? ("a row", "absent") : ("absent", "a row")
        } else if let recorded, let replayed {
            guard let index = (0...table.columns.count).first(where: {
                (recorded[$0] as DatabaseValue) != (replayed[$0] as DatabaseValue)
            }) else { return nil }
            column = index == 0 ? "rowid" : table.columns[index - 1].name
            values = (Self.render(recorded[index]), Self.render(replayed[index]))
        } else {
            values = recorded == nil ? ("absent", "a row") : ("a row", "absent")
        }
        let rowid: Int64 = reference[0]
        let entity = Self.entity(of: reference, in: table)
        let time: Int64? = table.timeColumn.flatMap { reference[$0 + 1] as Int64? }
        return TableDifference(
            table: table.name, rowid: rowid, column: column, entity: entity, time: time, recorded: values.0,
            replayed: values.1, recordedRows: 0, replayedRows: 0)
    }

    /// `name=value` of the row's entity columns (rowid in column 0, then the table's columns).
    static func entity(of row: Row, in table: TableSpec) -> String {
        (Self.entityColumns[table.name] ?? []).compactMap { name -> String? in
            guard let index = table.columns.firstIndex(where: { $0.name == name }) else { return nil }
            return "\(name)=\(Self.render(row[index + 1]))"
        }.joined(separator: " ")
    }

    /// A stored value as text: integers and reals as is, text quoted, blobs as length and leading hex.
    static func render(_ value: DatabaseValue) -> String {
        switch value.storage {
        case .null: return "NULL"
        case .int64(let integer): return String(integer)
        case .double(let double): return "\(double)"
        case .string(let text): return Self.quoted(text)
        case .blob(let data):
            let bytes = [UInt8](data)
            return "\(bytes.count) bytes \(Hex.encode(Array(bytes.prefix(8))))\(bytes.count > 8 ? "…" : "")"
        }
    }

    private static func quoted(_ text: String?) -> String {
        guard let text else { return "absent" }
        let shown = text.count > 60 ? String(text.prefix(60)) + "…" : text
        return "'" + shown.replacingOccurrences(of: "\n", with: "\\n") + "'"
    }
}
