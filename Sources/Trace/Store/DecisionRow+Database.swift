import Foundation
internal import GRDB

// Decision rows ↔ the `decisions` table, in the column order of `TraceSchema.decisions`.

extension DecisionRow {
    var databaseArguments: StatementArguments {
        [
            self.time.nanoseconds, Int64(self.vehicleID), self.policy, self.modelDigest, self.observationVersion,
            Data(self.observationBytes), self.output, self.acceleration, self.laneChoice.map { Int64($0) },
            self.shieldedAcceleration, self.laneChange.map { Int64($0) }, Int64(self.shield),
        ]
    }

    init(databaseRow row: Row) throws {
        let bytes = try row.bytes(5)
        // A hand-edited trace may hold any blob here: refuse more values than an observation has.
        guard bytes.count <= 8 * DecisionRow.maximumObservationCount else {
            throw ColumnValueError(description: "column 5: observation of \(bytes.count) bytes, more than \(DecisionRow.maximumObservationCount) values")
        }
        guard let observation = DecisionRow.observation(fromBytes: bytes) else {
            throw ColumnValueError(description: "column 5: observation of \(bytes.count) bytes is not whole 8-byte values")
        }
        self.init(
            time: try row.time(0), vehicleID: try row.uint32(1), policy: try row.string(2),
            modelDigest: try row.string(3), observationVersion: try row.string(4), observation: observation,
            output: try row.double(6), acceleration: try row.double(7),
            laneChoice: row.count > 8 ? try Self.laneOffset(row, 8) : nil,
            shieldedAcceleration: row.count > 9 ? try row.decode(Double?.self, atIndex: 9) : nil,
            laneChange: row.count > 10 ? try Self.laneOffset(row, 10) : nil,
            shield: row.count > 11 ? try Self.shieldBits(row, 11) : 0)
    }

    /// A lane offset column: NULL, or −1, 0 or +1.
    private static func laneOffset(_ row: Row, _ index: Int) throws -> Int? {
        guard let value = try row.decode(Int64?.self, atIndex: index) else { return nil }
        guard (-1...1).contains(value) else {
            throw ColumnValueError(description: "column \(index): lane offset must be -1, 0 or 1, got \(value)")
        }
        return Int(value)
    }

    /// The shield column: `ShieldOverride` bits (0…7).
    private static func shieldBits(_ row: Row, _ index: Int) throws -> Int {
        let value = try row.int64(index)
        guard (0...7).contains(value) else {
            throw ColumnValueError(description: "column \(index): shield bits must be 0…7, got \(value)")
        }
        return Int(value)
    }
}

extension TraceReader {
    /// Whether the trace has a decisions table (schema version 6 on).
    public var hasDecisions: Bool { (self.meta["schema_version"].flatMap(Int.init) ?? 0) >= 6 }

    /// Calls `body` with every decision row, in insertion order; see ``forEachVehicle(_:)``.
    public func forEachDecision(_ body: (DecisionRow) throws -> Void) throws {
        // Traces before schema version 6 have no decisions table: they hold no decisions.
        guard self.hasDecisions else { return }
        let version = self.meta["schema_version"].flatMap(Int.init) ?? 0
        let table = version >= 7 ? TraceSchema.decisions : TraceSchema.decisionsVersion6
        try self.forEach(table, decode: DecisionRow.init(databaseRow:), body)
    }

    /// All decision rows in insertion order.
    public func decisions() throws -> [DecisionRow] {
        var rows: [DecisionRow] = []
        try self.forEachDecision { rows.append($0) }
        return rows
    }
}
