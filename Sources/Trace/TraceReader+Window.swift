import Foundation
internal import GRDB
import SimKernel

/// A reception at a vehicle together with the message it heard (nil fields when the trace has no row
/// for that message), as the incident timeline needs it.
public struct HeardMessage: Sendable {
    /// The reception row.
    public var reception: ReceptionRow
    /// The message's sender (the true vehicle), type (`cam`, `denm`), attacker kind and generation time.
    public var sender: UInt32?
    public var messageType: String?
    public var attacker: String?
    public var tGenerated: SimTime?
    /// The message's complete wire bytes (empty when the trace has no message row).
    public var envelope: [UInt8]
}

/// A decision row's identity: its step and vehicle.
public struct DecisionKey: Hashable, Sendable {
    public var time: SimTime
    public var vehicle: UInt32

    public init(time: SimTime, vehicle: UInt32) {
        self.time = time
        self.vehicle = vehicle
    }
}

/// Reads of a bounded slice of a trace: a few vehicles over a time window. Each is one SQL query whose
/// answer holds only the rows asked for, so memory follows the window, not the run.
extension TraceReader {
    /// Vehicle rows of `ids` with `from ≤ time ≤ to`, in time order (then insertion order).
    public func vehicles(_ ids: [UInt32], from: SimTime, to: SimTime) throws -> [VehicleRow] {
        let sql = "SELECT " + TraceSchema.vehicles.columns.map(\.name).joined(separator: ", ")
            + " FROM vehicles WHERE time_ns BETWEEN ? AND ? AND vehicle_id IN (\(Self.placeholders(ids.count)))"
            + " ORDER BY time_ns, rowid"
        return try self.fetch(sql, [from.nanoseconds, to.nanoseconds] + ids.map { Int64($0) }, table: "vehicles",
                              decode: VehicleRow.init(databaseRow:))
    }

    /// The first and last FCD sample time of the trace and the sample times' count; nil when it has none.
    public func vehicleTimeRange() throws -> (first: SimTime, last: SimTime)? {
        try TraceError.mappingDatabaseErrors(path: self.path) {
            try self.database.read { db in
                guard let row = try Row.fetchOne(db, sql: "SELECT MIN(time_ns), MAX(time_ns) FROM vehicles"),
                      let first = row[0] as Int64?, let last = row[1] as Int64? else { return nil }
                return (SimTime(nanoseconds: first), SimTime(nanoseconds: last))
            }
        }
    }

    /// Which of `ids` have at least one vehicle row.
    public func vehiclesPresent(_ ids: [UInt32]) throws -> Set<UInt32> {
        let sql = "SELECT DISTINCT vehicle_id FROM vehicles WHERE vehicle_id IN (\(Self.placeholders(ids.count)))"
        let found = try self.fetch(sql, ids.map { Int64($0) }, table: "vehicles") { try $0.uint32(0) }
        return Set(found)
    }

    /// Messages sent by `senders` generated in [from, to], in generation order (then insertion order).
    public func messages(sentBy senders: [UInt32], from: SimTime, to: SimTime) throws -> [MessageRow] {
        let sql = "SELECT " + TraceSchema.messages.columns.map(\.name).joined(separator: ", ")
            + " FROM messages WHERE t_generated_ns BETWEEN ? AND ? AND sender IN (\(Self.placeholders(senders.count)))"
            + " ORDER BY t_generated_ns, rowid"
        return try self.fetch(sql, [from.nanoseconds, to.nanoseconds] + senders.map { Int64($0) }, table: "messages",
                              decode: MessageRow.init(databaseRow:))
    }

    /// Receptions at the vehicles `receivers` that arrived in [from, to], and receptions of DENMs that
    /// arrived in [denmFrom, from) (warnings live far longer than beacons), each with its message; in
    /// arrival order (then insertion order, which is the order the run processed them).
    public func heardMessages(
        by receivers: [UInt32], from: SimTime, to: SimTime, denmFrom: SimTime
    ) throws -> [HeardMessage] {
        let columns = TraceSchema.receptions.columns.map { "r." + $0.name }.joined(separator: ", ")
        let sql = """
            SELECT \(columns), m.sender, m.message_type, m.attacker, m.t_generated_ns, m.envelope
            FROM receptions r LEFT JOIN messages m ON m.message_id = r.message_id
            WHERE r.receiver_kind = 'vehicle' AND r.receiver_id IN (\(Self.placeholders(receivers.count)))
              AND r.t_received_ns <= ?
              AND (r.t_received_ns >= ? OR (r.t_received_ns >= ? AND m.message_type = 'denm'))
            ORDER BY r.t_received_ns, r.rowid
            """
        let codes = self.receptionCodes
        let base = TraceSchema.receptions.columns.count
        let arguments = receivers.map { Int64($0) } + [to.nanoseconds, from.nanoseconds, denmFrom.nanoseconds]
        return try self.fetch(sql, arguments, table: "receptions") { row in
            HeardMessage(
                reception: try ReceptionRow(databaseRow: row, codes: codes), sender: try row.optionalUInt32(base),
                messageType: try row.optionalString(base + 1), attacker: try row.optionalString(base + 2),
                tGenerated: try row.optionalTime(base + 3), envelope: try row.bytes(base + 4))
        }
    }

    /// Decision rows of `ids` with `from ≤ time ≤ to`, in time order; none before schema version 6.
    public func decisions(_ ids: [UInt32], from: SimTime, to: SimTime) throws -> [DecisionRow] {
        guard self.hasDecisions else { return [] }
        let sql = "SELECT " + TraceSchema.decisions.columns.map(\.name).joined(separator: ", ")
            + " FROM decisions WHERE time_ns BETWEEN ? AND ? AND vehicle_id IN (\(Self.placeholders(ids.count)))"
            + " ORDER BY time_ns, rowid"
        return try self.fetch(sql, [from.nanoseconds, to.nanoseconds] + ids.map { Int64($0) }, table: "decisions",
                              decode: DecisionRow.init(databaseRow:))
    }

    /// The column names of `table` in this file, nil when the file has no such table. Lets a reader use
    /// a column that later schema versions add (e.g. a shield override) only where it exists.
    public func columns(of table: String) throws -> [String]? {
        try TraceError.mappingDatabaseErrors(path: self.path) {
            try self.database.read { db in
                let names = try Row.fetchAll(db, sql: "SELECT name FROM pragma_table_info(?)", arguments: [table])
                    .map { try $0.string(0) }
                return names.isEmpty ? nil : names
            }
        }
    }

    /// The text of `column` (a column this file's `decisions` table has, see ``columns(of:)``) for the
    /// decision rows of `ids` with `from ≤ time ≤ to`, keyed by (time, vehicle); NULL reads as "".
    public func decisionColumn(
        _ column: String, _ ids: [UInt32], from: SimTime, to: SimTime
    ) throws -> [DecisionKey: String] {
        guard try self.columns(of: "decisions")?.contains(column) == true else { return [:] }
        let quoted = "\"" + column.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        let sql = "SELECT time_ns, vehicle_id, CAST(\(quoted) AS TEXT) FROM decisions WHERE time_ns BETWEEN ? AND ?"
            + " AND vehicle_id IN (\(Self.placeholders(ids.count))) ORDER BY time_ns, rowid"
        let rows = try self.fetch(sql, [from.nanoseconds, to.nanoseconds] + ids.map { Int64($0) }, table: "decisions") {
            (DecisionKey(time: try $0.time(0), vehicle: try $0.uint32(1)), try $0.optionalString(2) ?? "")
        }
        return Dictionary(rows, uniquingKeysWith: { first, _ in first })
    }

    private static func placeholders(_ count: Int) -> String {
        // `IN ()` is an SQL error; `IN (NULL)` matches nothing, which is what an empty list means.
        count == 0 ? "NULL" : Array(repeating: "?", count: count).joined(separator: ", ")
    }

    private func fetch<R>(
        _ sql: String, _ arguments: [Int64], table: String, decode: (Row) throws -> R
    ) throws -> [R] {
        try TraceError.mappingDatabaseErrors(path: self.path) {
            try self.database.read { db in
                let cursor = try Row.fetchCursor(db, sql: sql, arguments: StatementArguments(arguments))
                var rows: [R] = []
                while let row = try cursor.next() {
                    do {
                        rows.append(try decode(row))
                    } catch let error as DatabaseError {
                        throw error
                    } catch {
                        throw TraceError(path: self.path, problem: .database("bad row in \(table): \(error)"))
                    }
                }
                return rows
            }
        }
    }
}
