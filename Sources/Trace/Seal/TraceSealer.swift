import Foundation
internal import GRDB
internal import V2VCrypto

/// Seals a whole trace while it is written: every streamed table through its ``TableSealer`` after each
/// batch, the small tables (`reception_codes`, `meta`) once at the end, then a manifest over all seals.
///
/// It reads the rows back from the database inside the batch's transaction, so the seal covers exactly
/// what SQLite stored (a NaN stored as NULL, a REAL stored as an integer) and `verify` recomputes it
/// bit for bit.
struct TraceSealer {
    private var streamed = TraceSchema.streamedSealedTables.map(TableSealer.init(table:))

    /// Seals the rows written since the last call and stores the segments that closed.
    mutating func sealNewRows(_ db: Database) throws {
        for index in self.streamed.indices {
            for record in try self.streamed[index].absorbNewRows(db) { try Self.insert(record, db) }
        }
    }

    /// Seals everything left: the open segments, `reception_codes` and `meta` (which must hold its final
    /// values by now), and writes the manifest seal (table `*`).
    mutating func finish(_ db: Database) throws {
        try self.sealNewRows(db)
        for index in self.streamed.indices {
            if let record = self.streamed[index].finish() { try Self.insert(record, db) }
        }
        var all = self.streamed
        for table in TraceSchema.finallySealedTables {
            var sealer = TableSealer(table: table)
            for record in try sealer.absorbNewRows(db) { try Self.insert(record, db) }
            if let record = sealer.finish() { try Self.insert(record, db) }
            all.append(sealer)
        }
        try Self.insert(Self.manifest(all.map { ($0.table.name, $0.segmentCount, $0.lastDigest) }), db)
    }

    /// The manifest: one seal over each sealed table's name, segment count and last digest, so that
    /// removing a table's rows together with all its seals is noticed too.
    static func manifest(_ tables: [(name: String, segments: Int64, lastDigest: String?)]) -> SealRecord {
        var bytes = SealEncoding.domain + Array("manifest".utf8)
        for table in tables {
            SealEncoding.appendText(table.name, to: &bytes)
            SealEncoding.appendInteger(table.segments, to: &bytes)
            bytes.append(contentsOf: table.lastDigest.flatMap(Hex.decodeDigest) ?? [UInt8](repeating: 0, count: 32))
        }
        return SealRecord(
            table: Self.manifestTable, segment: 0, tStart: nil, tEnd: nil, firstRowid: 0, lastRowid: 0,
            rowCount: Int64(tables.count), digest: SHA256.hash(bytes).hex, rowChecks: [])
    }

    /// The `table_name` of the manifest seal.
    static let manifestTable = "*"

    private static func insert(_ record: SealRecord, _ db: Database) throws {
        try db.execute(sql: TraceSchema.seals.insertSQL, arguments: [
            record.table, record.segment, record.tStart, record.tEnd, record.firstRowid, record.lastRowid,
            record.rowCount, record.digest, Data(record.rowChecks),
        ])
    }
}
