internal import GRDB

/// Rows of one table in an order other than insertion order, pulled one at a time.
///
/// Only valid inside the ``TraceReader/readSorted(_:)`` closure that made it. Several streams can be open
/// at once, so that a caller can merge two tables that are sorted by the same key (for example a
/// vehicle's samples and the receptions at that vehicle) with constant memory.
public final class SortedRowStream<Element> {
    private let cursor: RowCursor
    private let decode: (Row) throws -> Element
    private let path: String
    private let table: String

    fileprivate init(cursor: RowCursor, path: String, table: String, decode: @escaping (Row) throws -> Element) {
        self.cursor = cursor
        self.path = path
        self.table = table
        self.decode = decode
    }

    /// The next row, or nil after the last.
    /// - Throws: ``TraceError`` naming the file and table on a read or decode failure.
    public func next() throws -> Element? {
        guard let row = try TraceError.mappingDatabaseErrors(path: self.path, { try self.cursor.next() }) else {
            return nil
        }
        do {
            return try self.decode(row)
        } catch let error as TraceError {
            throw error
        } catch {
            throw TraceError(path: self.path, problem: .database("bad row in \(self.table): \(error)"))
        }
    }
}

/// A reception row joined with the sender and envelope of its message (nil and empty when the trace has
/// no row for that message).
public struct DeliveredReception: Sendable {
    /// The reception.
    public var reception: ReceptionRow
    /// The vehicle that sent the message.
    public var sender: UInt32?
    /// The message's complete wire bytes.
    public var envelope: [UInt8]
}

/// The sorted views of a trace that per-vehicle exports need; see ``TraceReader/readSorted(_:)``.
///
/// SQLite sorts with a temporary B-tree that spills to disk, so memory stays bounded for any trace size.
public struct SortedTraceTables {
    fileprivate let database: Database
    /// The trace file.
    public let path: String
    fileprivate let codes: ReceptionCodeNames

    /// Vehicle samples ordered by vehicle id, then time (then insertion order).
    public func vehiclesByVehicle() throws -> SortedRowStream<VehicleRow> {
        let sql = TraceSchema.vehicles.selectSQL(orderBy: "vehicle_id, time_ns, rowid")
        return try self.stream(sql, table: "vehicles", decode: VehicleRow.init(databaseRow:))
    }

    /// Messages of type `messageType` ordered by sender, then generation time (then insertion order).
    public func messagesBySender(type messageType: String) throws -> SortedRowStream<MessageRow> {
        let columns = TraceSchema.messages.columns.map(\.name).joined(separator: ", ")
        let sql = "SELECT \(columns) FROM messages WHERE message_type = ? ORDER BY sender, t_generated_ns, rowid"
        let cursor = try TraceError.mappingDatabaseErrors(path: self.path) {
            try Row.fetchCursor(self.database, sql: sql, arguments: [messageType])
        }
        return SortedRowStream(cursor: cursor, path: self.path, table: "messages", decode: MessageRow.init(databaseRow:))
    }

    /// Receptions at vehicles whose frame the radio delivered (`radio_outcome` = `received`), ordered by
    /// receiver, then arrival time (then insertion order), each with its message's sender and envelope.
    public func deliveredVehicleReceptionsByReceiver() throws -> SortedRowStream<DeliveredReception> {
        let columns = TraceSchema.receptions.columns.map { "r." + $0.name }.joined(separator: ", ")
        let sql = """
            SELECT \(columns), m.sender, m.envelope FROM receptions r LEFT JOIN messages m ON m.message_id = r.message_id
            WHERE r.receiver_kind = 'vehicle'
              AND r.radio_outcome = (SELECT code FROM reception_codes WHERE column_name = 'radio_outcome' AND name = 'received')
            ORDER BY r.receiver_id, r.t_received_ns, r.rowid
            """
        let codes = self.codes
        let senderIndex = TraceSchema.receptions.columns.count
        return try self.stream(sql, table: "receptions") { row in
            DeliveredReception(
                reception: try ReceptionRow(databaseRow: row, codes: codes),
                sender: try row.optionalUInt32(senderIndex), envelope: try row.bytes(senderIndex + 1))
        }
    }

    private func stream<R>(_ sql: String, table: String, decode: @escaping (Row) throws -> R) throws -> SortedRowStream<R> {
        let cursor = try TraceError.mappingDatabaseErrors(path: self.path) { try Row.fetchCursor(self.database, sql: sql) }
        return SortedRowStream(cursor: cursor, path: self.path, table: table, decode: decode)
    }
}

extension TraceReader {
    /// Runs `body` in one read transaction with access to sorted views of the trace.
    ///
    /// The streams `body` opens are valid only until it returns; `body` must not call back into this reader.
    /// - Throws: ``TraceError`` on a read failure, or whatever `body` throws.
    public func readSorted<T>(_ body: (SortedTraceTables) throws -> T) throws -> T {
        try TraceError.mappingDatabaseErrors(path: self.path) {
            try self.database.read { db in
                try body(SortedTraceTables(database: db, path: self.path, codes: self.receptionCodes))
            }
        }
    }
}

extension TableSpec {
    /// `SELECT` of every column in schema order, sorted by `orderBy` (an SQL ordering term list).
    func selectSQL(orderBy: String) -> String {
        "SELECT " + self.columns.map(\.name).joined(separator: ", ") + " FROM \(self.name) ORDER BY \(orderBy)"
    }
}
