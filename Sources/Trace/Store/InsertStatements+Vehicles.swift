internal import GRDB
internal import GRDBSQLite

extension InsertStatements {
    /// SQLite's "copy the text now" destructor (`SQLITE_TRANSIENT`, a C macro Swift does not import).
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    /// Inserts one FCD row, binding its eleven values straight to the prepared statement.
    ///
    /// FCD is the largest table of a traffic run (one row per vehicle and step), and GRDB's
    /// `execute(arguments:)` boxes every value in an existential and checks the arguments on each
    /// call: two thirds of the writer thread's insert time at 1000 vehicles (BENCHMARKS.md,
    /// 2026-12-04). The values and their SQLite types are those the other rows' `databaseArguments` would give (a NaN
    /// double is stored as NULL either way, by SQLite itself).
    func insertVehicle(_ row: VehicleRow) throws {
        let statement = self.vehicles.sqliteStatement
        sqlite3_reset(statement)
        sqlite3_bind_int64(statement, 1, row.time.nanoseconds)
        sqlite3_bind_int64(statement, 2, Int64(row.vehicleID))
        sqlite3_bind_double(statement, 3, row.x)
        sqlite3_bind_double(statement, 4, row.y)
        sqlite3_bind_double(statement, 5, row.angleDeg)
        sqlite3_bind_double(statement, 6, row.speed)
        sqlite3_bind_double(statement, 7, row.accel)
        sqlite3_bind_int64(statement, 8, Int64(row.lane))
        _ = row.policy.withCString { sqlite3_bind_text(statement, 9, $0, -1, Self.transient) }
        _ = row.type.withCString { sqlite3_bind_text(statement, 10, $0, -1, Self.transient) }
        sqlite3_bind_double(statement, 11, row.pos)
        let code = sqlite3_step(statement)
        sqlite3_reset(statement)
        guard code == SQLITE_DONE else {
            let message = String(cString: sqlite3_errmsg(sqlite3_db_handle(statement)))
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: TraceSchema.vehicles.insertSQL)
        }
    }
}
