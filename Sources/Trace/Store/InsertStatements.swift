internal import GRDB

/// The eight prepared insert statements of one batch transaction, looked up once per batch, not per row.
struct InsertStatements {
    private let vehicles: Statement
    private let messages: Statement
    private let receptions: Statement
    private let blocks: Statement
    private let anchors: Statement
    private let incidents: Statement
    private let leaves: Statement
    private let consensus: Statement

    init(_ db: Database) throws {
        self.vehicles = try db.cachedStatement(sql: TraceSchema.vehicles.insertSQL)
        self.messages = try db.cachedStatement(sql: TraceSchema.messages.insertSQL)
        self.receptions = try db.cachedStatement(sql: TraceSchema.receptions.insertSQL)
        self.blocks = try db.cachedStatement(sql: TraceSchema.blocks.insertSQL)
        self.anchors = try db.cachedStatement(sql: TraceSchema.anchors.insertSQL)
        self.incidents = try db.cachedStatement(sql: TraceSchema.incidents.insertSQL)
        self.leaves = try db.cachedStatement(sql: TraceSchema.leaves.insertSQL)
        self.consensus = try db.cachedStatement(sql: TraceSchema.consensus.insertSQL)
    }

    /// Inserts `row` into its table.
    mutating func insert(_ row: PendingRow) throws {
        switch row {
        case .vehicle(let row): try self.vehicles.execute(arguments: row.databaseArguments)
        case .message(let row): try self.messages.execute(arguments: row.databaseArguments)
        case .reception(let row): try self.receptions.execute(arguments: row.databaseArguments)
        case .block(let row): try self.blocks.execute(arguments: row.databaseArguments)
        case .anchor(let row): try self.anchors.execute(arguments: row.databaseArguments)
        case .incident(let row): try self.incidents.execute(arguments: row.databaseArguments)
        case .leaf(let row): try self.leaves.execute(arguments: row.databaseArguments)
        case .consensus(let row): try self.consensus.execute(arguments: row.databaseArguments)
        }
    }
}
