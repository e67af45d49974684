internal import GRDB

extension TraceReader {
    /// Calls `body` with every vehicle row, in insertion order, holding one row in memory at a time.
    ///
    /// `body` runs while the reader holds its database; it must not call back into this reader.
    /// - Throws: ``TraceError`` on a read or decode failure, or whatever `body` throws.
    public func forEachVehicle(_ body: (VehicleRow) throws -> Void) throws {
        try self.forEach(TraceSchema.vehicles, decode: VehicleRow.init(databaseRow:), body)
    }

    /// Calls `body` with every message row, in insertion order; see ``forEachVehicle(_:)``.
    public func forEachMessage(_ body: (MessageRow) throws -> Void) throws {
        try self.forEach(TraceSchema.messages, decode: MessageRow.init(databaseRow:), body)
    }

    /// Calls `body` with every reception row, in insertion order; see ``forEachVehicle(_:)``.
    public func forEachReception(_ body: (ReceptionRow) throws -> Void) throws {
        let codes = self.receptionCodes
        try self.forEach(TraceSchema.receptions, decode: { try ReceptionRow(databaseRow: $0, codes: codes) }, body)
    }

    /// Calls `body` with every block row, in insertion order; see ``forEachVehicle(_:)``.
    public func forEachBlock(_ body: (BlockRow) throws -> Void) throws {
        try self.forEach(TraceSchema.blocks, decode: BlockRow.init(databaseRow:), body)
    }

    /// Calls `body` with every anchor row, in insertion order; see ``forEachVehicle(_:)``.
    public func forEachAnchor(_ body: (AnchorRow) throws -> Void) throws {
        try self.forEach(TraceSchema.anchors, decode: AnchorRow.init(databaseRow:), body)
    }

    /// Calls `body` with every incident row, in insertion order; see ``forEachVehicle(_:)``.
    public func forEachIncident(_ body: (IncidentRow) throws -> Void) throws {
        try self.forEach(TraceSchema.incidents, decode: IncidentRow.init(databaseRow:), body)
    }

    /// Calls `body` with every leaf row, in insertion order; see ``forEachVehicle(_:)``.
    public func forEachLeaf(_ body: (LeafRow) throws -> Void) throws {
        try self.forEach(TraceSchema.leaves, decode: LeafRow.init(databaseRow:), body)
    }

    /// Calls `body` with every consensus row, in insertion order; see ``forEachVehicle(_:)``.
    public func forEachConsensus(_ body: (ConsensusRow) throws -> Void) throws {
        try self.forEach(TraceSchema.consensus, decode: ConsensusRow.init(databaseRow:), body)
    }

    /// Calls `body` with every per-second event digest, in insertion order (none in a version 4 trace).
    public func forEachEventDigest(_ body: (EventDigestRow) throws -> Void) throws {
        guard self.hasSeals else { return }
        try self.forEach(TraceSchema.eventDigests, decode: EventDigestRow.init(databaseRow:), body)
    }

    /// All vehicle rows in insertion order. - Complexity: O(n) time and memory; prefer ``forEachVehicle(_:)``
    /// for long runs.
    public func vehicles() throws -> [VehicleRow] { try self.collect(self.forEachVehicle) }
    /// All message rows in insertion order.
    public func messages() throws -> [MessageRow] { try self.collect(self.forEachMessage) }
    /// All reception rows in insertion order.
    public func receptions() throws -> [ReceptionRow] { try self.collect(self.forEachReception) }
    /// All block rows in insertion order.
    public func blocks() throws -> [BlockRow] { try self.collect(self.forEachBlock) }
    /// All anchor rows in insertion order.
    public func anchors() throws -> [AnchorRow] { try self.collect(self.forEachAnchor) }
    /// All incident rows in insertion order.
    public func incidents() throws -> [IncidentRow] { try self.collect(self.forEachIncident) }
    /// All leaf rows in insertion order.
    public func leaves() throws -> [LeafRow] { try self.collect(self.forEachLeaf) }
    /// All consensus rows in insertion order.
    public func consensusMessages() throws -> [ConsensusRow] { try self.collect(self.forEachConsensus) }
    /// All per-second event digests in insertion order.
    public func eventDigests() throws -> [EventDigestRow] { try self.collect(self.forEachEventDigest) }

    private func collect<R>(_ forEach: ((R) throws -> Void) throws -> Void) throws -> [R] {
        var rows: [R] = []
        try forEach { rows.append($0) }
        return rows
    }

    func forEach<R>(
        _ table: TableSpec, decode: (Row) throws -> R, _ body: (R) throws -> Void
    ) throws {
        try self.forEach(table, sql: table.selectSQL, arguments: [], decode: decode, body)
    }

    /// The rows `sql` selects from `table`, decoded one at a time; a row that does not decode is a
    /// ``TraceError`` naming the table.
    func forEach<R>(
        _ table: TableSpec, sql: String, arguments: StatementArguments, decode: (Row) throws -> R,
        _ body: (R) throws -> Void
    ) throws {
        try TraceError.mappingDatabaseErrors(path: self.path) {
            try self.database.read { db in
                let cursor = try Row.fetchCursor(db, sql: sql, arguments: arguments)
                while let row = try cursor.next() {
                    let value: R
                    do {
                        value = try decode(row)
                    } catch let error as DatabaseError {
                        throw error
                    } catch {
                        throw TraceError(path: self.path, problem: .database("bad row in \(table.name): \(error)"))
                    }
                    try body(value)
                }
            }
        }
    }
}
