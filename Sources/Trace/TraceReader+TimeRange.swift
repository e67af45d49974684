internal import GRDB
import SimKernel

extension TraceReader {
    /// Calls `body` with every vehicle row whose time lies in `range`, in insertion order.
    /// - Throws: ``TraceError`` on a read or decode failure, or whatever `body` throws.
    public func forEachVehicleRow(inTime range: ClosedRange<SimTime>, _ body: (VehicleRow) throws -> Void) throws {
        try self.forEachInTimeRange(TraceSchema.vehicles, range, decode: VehicleRow.init(databaseRow:), body)
    }

    /// Calls `body` with every reception row whose receive time lies in `range`, in insertion order.
    /// - Throws: ``TraceError`` on a read or decode failure, or whatever `body` throws.
    public func forEachReceptionRow(inTime range: ClosedRange<SimTime>, _ body: (ReceptionRow) throws -> Void) throws {
        let codes = self.receptionCodes
        try self.forEachInTimeRange(
            TraceSchema.receptions, range, decode: { try ReceptionRow(databaseRow: $0, codes: codes) }, body)
    }

    /// Calls `body` with every incident row whose time lies in `range`, in insertion order.
    /// - Throws: ``TraceError`` on a read or decode failure, or whatever `body` throws.
    public func forEachIncidentRow(inTime range: ClosedRange<SimTime>, _ body: (IncidentRow) throws -> Void) throws {
        try self.forEachInTimeRange(TraceSchema.incidents, range, decode: IncidentRow.init(databaseRow:), body)
    }

    private func forEachInTimeRange<R>(
        _ table: TableSpec, _ range: ClosedRange<SimTime>, decode: (Row) throws -> R, _ body: (R) throws -> Void
    ) throws {
        guard let timeIndex = table.timeColumn else { return }
        let names = table.columns.map(\.name).joined(separator: ", ")
        let time = table.columns[timeIndex].name
        let sql = "SELECT \(names) FROM \(table.name) WHERE \(time) >= ? AND \(time) <= ? ORDER BY rowid"
        try self.forEach(
            table, sql: sql, arguments: [range.lowerBound.nanoseconds, range.upperBound.nanoseconds], decode: decode, body)
    }
}
