internal import GRDB

/// Seals one table as its rows arrive: cuts them into segments (per ``SealPolicy/interval`` of the
/// table's time column, or per ``SealPolicy/maxRows`` rows) and hashes each segment as a running chain.
///
/// A segment closes when a row belongs to a later interval than the segment's (rows whose time runs
/// back stay in the open segment, so every segment is a contiguous rowid range) or when it is full.
struct TableSealer {
    let table: TableSpec
    /// The last rowid absorbed; the next read starts after it.
    private(set) var lastRowid: Int64 = 0
    private var nextSegment: Int64 = 0
    private var previousDigest: String?
    private var open: OpenSegment?
    /// Reused buffer for one row's canonical bytes, and where its columns end.
    private var scratch: [UInt8] = []
    private var columnEnds: [Int]? = []

    private struct OpenSegment {
        var hasher: SegmentHasher
        var interval: Int64?
        var record: SealRecord
        /// Running check per column (``SealEncoding/foldColumns(_:columnEnds:into:)``).
        var columnChecks: [UInt32]
    }

    init(table: TableSpec) {
        self.table = table
    }

    /// Hashes the rows of the table added since the last call and returns the segments that closed.
    mutating func absorbNewRows(_ db: Database) throws -> [SealRecord] {
        var closed: [SealRecord] = []
        let cursor = try Row.fetchCursor(db, sql: self.table.selectWithRowidSQL, arguments: [self.lastRowid])
        while let row = try cursor.next() {
            let rowid: Int64 = row[0]
            let interval: Int64? = self.table.timeColumn.map { column in
                SealPolicy.intervalIndex((row[column + 1] as Int64?) ?? 0)
            }
            if let segment = self.open,
               segment.record.rowCount >= SealPolicy.maxRows || (interval ?? 0) > (segment.interval ?? 0) {
                closed.append(self.close())
            }
            if self.open == nil { self.startSegment(rowid: rowid, interval: interval) }
            self.scratch.removeAll(keepingCapacity: true)
            SealEncoding.appendRow(row, columnCount: self.table.columns.count, to: &self.scratch, columnEnds: &self.columnEnds)
            self.open!.hasher.absorb(self.scratch)
            SealEncoding.foldColumns(self.scratch, columnEnds: self.columnEnds!, into: &self.open!.columnChecks)
            let check = SealEncoding.rowCheck(self.scratch)
            for k in 0..<4 { self.open!.record.rowChecks.append(UInt8(truncatingIfNeeded: check >> (8 * k))) }
            self.open!.record.lastRowid = rowid
            self.open!.record.rowCount += 1
            self.lastRowid = rowid
        }
        return closed
    }

    /// Closes the open segment, if any (at the end of the run).
    mutating func finish() -> SealRecord? {
        self.open == nil ? nil : self.close()
    }

    /// The digest of the table's last closed segment, for the manifest; nil while nothing was sealed.
    var lastDigest: String? { self.previousDigest }
    /// Segments closed so far.
    var segmentCount: Int64 { self.nextSegment - (self.open == nil ? 0 : 1) }

    private mutating func startSegment(rowid: Int64, interval: Int64?) {
        let segment = self.nextSegment
        self.nextSegment += 1
        let record = SealRecord(
            table: self.table.name, segment: segment, tStart: interval.map { $0 * SealPolicy.interval },
            tEnd: interval.map { ($0 + 1) * SealPolicy.interval }, firstRowid: rowid, lastRowid: rowid, rowCount: 0,
            digest: "", rowChecks: [])
        self.open = OpenSegment(
            hasher: SegmentHasher(table: self.table.name, segment: segment, previousDigestHex: self.previousDigest),
            interval: interval, record: record,
            columnChecks: Array(repeating: SealEncoding.checkBasis, count: self.table.columns.count))
    }

    private mutating func close() -> SealRecord {
        var record = self.open!.record
        record.digest = self.open!.hasher.digestHex()
        // The column checks follow the row checks in the same blob (schema version 7).
        for check in self.open!.columnChecks {
            for k in 0..<4 { record.rowChecks.append(UInt8(truncatingIfNeeded: check >> (8 * k))) }
        }
        self.previousDigest = record.digest
        self.open = nil
        return record
    }
}
