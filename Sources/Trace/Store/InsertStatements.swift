internal import GRDB

/// The prepared insert statements of one batch transaction (the eight row tables and the reception code
/// table), looked up once per batch, not per row.
struct InsertStatements {
    let vehicles: Statement
    private let messages: Statement
    private let receptions: Statement
    private let blocks: Statement
    private let anchors: Statement
    private let incidents: Statement
    private let leaves: Statement
    private let consensus: Statement
    private let decisions: Statement
    private let receptionCodes: Statement
    private let eventDigests: Statement
    private let checkpoints: Statement

    init(_ db: Database) throws {
        self.vehicles = try db.cachedStatement(sql: TraceSchema.vehicles.insertSQL)
        self.messages = try db.cachedStatement(sql: TraceSchema.messages.insertSQL)
        self.receptions = try db.cachedStatement(sql: TraceSchema.receptions.insertSQL)
        self.blocks = try db.cachedStatement(sql: TraceSchema.blocks.insertSQL)
        self.anchors = try db.cachedStatement(sql: TraceSchema.anchors.insertSQL)
        self.incidents = try db.cachedStatement(sql: TraceSchema.incidents.insertSQL)
        self.leaves = try db.cachedStatement(sql: TraceSchema.leaves.insertSQL)
        self.consensus = try db.cachedStatement(sql: TraceSchema.consensus.insertSQL)
        self.decisions = try db.cachedStatement(sql: TraceSchema.decisions.insertSQL)
        self.receptionCodes = try db.cachedStatement(sql: TraceSchema.receptionCodes.insertSQL)
        self.eventDigests = try db.cachedStatement(sql: TraceSchema.eventDigests.insertSQL)
        self.checkpoints = try db.cachedStatement(sql: TraceSchema.checkpoints.insertSQL)
    }

    /// Inserts `row` into its table; a reception's labels become codes from `codes`, and a code assigned
    /// just now goes into `reception_codes` in the same transaction.
    mutating func insert(_ row: PendingRow, codes: inout ReceptionCodebook) throws {
        switch row {
        case .vehicle(let row): try self.insertVehicle(row)
        case .message(let row): try self.messages.execute(arguments: row.databaseArguments)
        case .reception(let row):
            let radio = try self.code(row.radioOutcome, in: .radioOutcome, codes: &codes)
            let verify = try self.code(row.verifyOutcome, in: .verifyOutcome, codes: &codes)
            let reason = try self.code(row.reason, in: .reason, codes: &codes)
            try self.receptions.execute(
                arguments: row.databaseArguments(radioOutcome: radio, verifyOutcome: verify, reason: reason))
        case .block(let row): try self.blocks.execute(arguments: row.databaseArguments)
        case .anchor(let row): try self.anchors.execute(arguments: row.databaseArguments)
        case .incident(let row): try self.incidents.execute(arguments: row.databaseArguments)
        case .leaf(let row): try self.leaves.execute(arguments: row.databaseArguments)
        case .consensus(let row): try self.consensus.execute(arguments: row.databaseArguments)
        case .eventDigest(let row): try self.eventDigests.execute(arguments: row.databaseArguments)
        case .decision(let row): try self.decisions.execute(arguments: row.databaseArguments)
        case .checkpoint(let row): try self.checkpoints.execute(arguments: row.databaseArguments)
        }
    }

    private func code(_ name: String, in column: ReceptionCodebook.Column, codes: inout ReceptionCodebook) throws -> Int64 {
        let (code, isNew) = codes.code(name, in: column)
        if isNew { try self.receptionCodes.execute(arguments: [column.rawValue, code, name]) }
        return code
    }
}
