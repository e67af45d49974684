import Foundation
internal import GRDB
import SimKernel

extension TraceReader {
    /// Whether this trace carries seals (schema version 5 and later).
    public var hasSeals: Bool { (Int(self.meta[TraceSchema.MetaKey.schemaVersion] ?? "") ?? 0) >= 5 }

    /// Checks every table against its seals: recomputes each segment's running SHA-256 from the stored rows,
    /// and where one does not match, finds the rows whose 4-byte row check changed.
    ///
    /// This proves the rows are those the recorder sealed, unless whoever edited them also recomputed the
    /// seals (which anyone can: seals are keyless); `verify --replay` catches that case.
    /// - Parameter only: check just these tables (and skip the manifest); nil checks all.
    /// - Complexity: one pass over every table; memory O(one segment's row checks).
    /// - Throws: ``TraceError`` when the trace cannot be read.
    public func checkSeals(only: Set<String>? = nil) throws -> SealReport {
        var report = SealReport(sealed: self.hasSeals)
        guard report.sealed else { return report }
        try TraceError.mappingDatabaseErrors(path: self.path) {
            try self.database.read { db in
                let seals = try Self.readSeals(db)
                let known = Set((TraceSchema.streamedSealedTables + TraceSchema.finallySealedTables).map(\.name))
                for name in seals.keys.sorted() where only == nil && !known.contains(name) && name != TraceSealer.manifestTable {
                    report.add(SealProblem(
                        kind: .sealsInconsistent, table: TraceSchema.seals.name, rowid: nil, location: "table_name '\(name)'",
                        detail: "a seal names a table this trace does not have"))
                }
                var manifestEntries: [(name: String, segments: Int64, lastDigest: String?)] = []
                for table in TraceSchema.streamedSealedTables + TraceSchema.finallySealedTables {
                    if let only, !only.contains(table.name) { continue }
                    // Traces before schema version 7 have no checkpoints table, and sealed none.
                    if table.name == TraceSchema.checkpoints.name && !self.hasCheckpoints { continue }
                    let tableSeals = seals[table.name] ?? []
                    let rows = try Self.check(table, seals: tableSeals, db: db, into: &report)
                    report.tables.append(.init(table: table.name, rows: rows, segments: tableSeals.count))
                    manifestEntries.append((table.name, Int64(tableSeals.count), tableSeals.last?.seal.digest))
                }
                let manifest = seals[TraceSealer.manifestTable]?.first?.seal
                if only == nil, manifest?.digest != TraceSealer.manifest(manifestEntries).digest {
                    report.add(SealProblem(
                        kind: .sealsInconsistent, table: TraceSchema.seals.name, rowid: nil, location: "manifest seal '*'",
                        detail: manifest == nil ? "the manifest seal is missing"
                            : "the manifest does not match the tables' seals (seals were removed or replaced)"))
                }
            }
        }
        return report
    }

    /// All seals by table, in segment order, without their row checks (``rowChecks(ofSealAt:_:)`` reads
    /// those one segment at a time, so memory stays at one segment's checks however long the run was).
    private static func readSeals(_ db: Database) throws -> [String: [(rowid: Int64, seal: SealRecord)]] {
        var seals: [String: [(rowid: Int64, seal: SealRecord)]] = [:]
        let sql = """
            SELECT rowid, table_name, segment, t_start_ns, t_end_ns, first_rowid, last_rowid, row_count, digest
            FROM seals ORDER BY table_name, segment, rowid
            """
        for row in try Row.fetchAll(db, sql: sql) {
            let record = SealRecord(
                table: try row.string(1), segment: try row.int64(2), tStart: try row.decode(Int64?.self, atIndex: 3),
                tEnd: try row.decode(Int64?.self, atIndex: 4), firstRowid: try row.int64(5), lastRowid: try row.int64(6),
                rowCount: try row.int64(7), digest: try row.string(8), rowChecks: [])
            seals[record.table, default: []].append((try row.int64(0), record))
        }
        return seals
    }

    /// The row checks of the seal stored at `rowid` of the `seals` table.
    private static func rowChecks(ofSealAt rowid: Int64, _ db: Database) throws -> [UInt8] {
        guard let row = try Row.fetchOne(db, sql: "SELECT row_checks FROM seals WHERE rowid = ?", arguments: [rowid]) else {
            return []
        }
        return try row.bytes(0)
    }

    /// Checks one table's rows against its seals; returns its row count.
    private static func check(
        _ table: TableSpec, seals: [(rowid: Int64, seal: SealRecord)], db: Database, into report: inout SealReport
    ) throws -> Int64 {
        let cursor = try Row.fetchCursor(db, sql: table.selectWithRowidSQL, arguments: [Int64.min])
        var pending: Row? = try cursor.next()
        var rows: Int64 = 0
        var bytes: [UInt8] = []
        var columnEnds: [Int]? = []
        var previousLast: Int64 = 0
        for (k, stored) in seals.enumerated() {
            var seal = stored.seal
            seal.rowChecks = try Self.rowChecks(ofSealAt: stored.rowid, db)
            let location = Self.describe(seal)
            if seal.segment != Int64(k) || seal.firstRowid != previousLast + 1 || seal.lastRowid < seal.firstRowid {
                report.add(SealProblem(
                    kind: .sealsInconsistent, table: table.name, rowid: nil, location: location,
                    detail: "expected segment \(k) from row \(previousLast + 1): a seal was removed, reordered or edited"))
            }
            previousLast = seal.lastRowid
            var hasher = SegmentHasher(
                table: table.name, segment: seal.segment, previousDigestHex: k > 0 ? seals[k - 1].seal.digest : nil)
            var present: [Int64] = []
            var editedRows: [(rowid: Int64, entity: String)] = []
            var columnChecks = Array(repeating: SealEncoding.checkBasis, count: table.columns.count)
            while let row = pending, (row[0] as Int64) <= seal.lastRowid {
                let rowid: Int64 = row[0]
                rows += 1
                bytes.removeAll(keepingCapacity: true)
                SealEncoding.appendRow(row, columnCount: table.columns.count, to: &bytes, columnEnds: &columnEnds)
                if rowid < seal.firstRowid {
                    report.add(SealProblem(kind: .rowAdded, table: table.name, rowid: rowid, location: location,
                                           detail: "no seal covers this rowid"))
                } else {
                    hasher.absorb(bytes)
                    SealEncoding.foldColumns(bytes, columnEnds: columnEnds!, into: &columnChecks)
                    present.append(rowid)
                    if Self.storedCheck(seal, rowid: rowid) != SealEncoding.rowCheck(bytes) {
                        editedRows.append((rowid, TraceComparison.entity(of: row, in: table)))
                    }
                }
                pending = try cursor.next()
            }
            guard hasher.digestHex() != seal.digest || Int64(present.count) != seal.rowCount else { continue }
            var missing: [Int64] = []
            var expected = seal.firstRowid
            for rowid in present + [seal.lastRowid + 1] {
                while expected < rowid && expected <= seal.lastRowid { missing.append(expected); expected += 1 }
                expected = rowid + 1
            }
            let columns = missing.isEmpty ? Self.changedColumns(seal, table: table, recomputed: columnChecks) : nil
            for edited in editedRows {
                let about = edited.entity.isEmpty ? "" : " (now \(edited.entity))"
                report.add(SealProblem(
                    kind: .rowEdited, table: table.name, rowid: edited.rowid, location: location,
                    detail: "its bytes differ from the sealed row\(about)\(Self.describe(columns, rows: editedRows.count))",
                    columns: editedRows.count == 1 ? columns ?? [] : []))
            }
            for rowid in missing {
                report.add(SealProblem(kind: .rowMissing, table: table.name, rowid: rowid, location: location, detail: ""))
            }
            if editedRows.isEmpty && missing.isEmpty {
                report.add(SealProblem(
                    kind: .sealEdited, table: table.name, rowid: nil, location: location,
                    detail: "every row check matches but the segment digest does not: the seal was edited"))
            }
        }
        while let row = pending {
            rows += 1
            report.add(SealProblem(
                kind: .rowAdded, table: table.name, rowid: row[0], location: "after the last seal",
                detail: "no seal covers this rowid"))
            pending = try cursor.next()
        }
        return rows
    }

    /// The columns whose running check in `seal` differs from `recomputed`; nil when the seal carries
    /// no column checks (schema versions 5 and 6) or none differs.
    private static func changedColumns(_ seal: SealRecord, table: TableSpec, recomputed: [UInt32]) -> [String]? {
        let offset = Int(seal.rowCount) * 4
        guard seal.rowChecks.count == offset + 4 * table.columns.count else { return nil }
        var changed: [String] = []
        for (column, check) in recomputed.enumerated() {
            var stored: UInt32 = 0
            for k in 0..<4 { stored |= UInt32(seal.rowChecks[offset + 4 * column + k]) << (8 * k) }
            if stored != check { changed.append(table.columns[column].name) }
        }
        return changed.isEmpty ? nil : changed
    }

    /// `: column speed_mps changed`, or where the column cannot be named, how to find it.
    private static func describe(_ columns: [String]?, rows: Int) -> String {
        guard let columns else { return "; `verify --replay` names the column" }
        let list = columns.joined(separator: ", ")
        if rows == 1 { return ": column\(columns.count == 1 ? "" : "s") \(list) changed" }
        return ": columns changed in this segment's \(rows) edited rows: \(list) (`verify --replay` names each cell)"
    }

    /// The row check stored for `rowid` in `seal`, or nil when the seal has none for it.
    private static func storedCheck(_ seal: SealRecord, rowid: Int64) -> UInt32? {
        let offset = Int(rowid - seal.firstRowid) * 4
        guard offset >= 0, offset + 4 <= seal.rowChecks.count else { return nil }
        var check: UInt32 = 0
        for k in 0..<4 { check |= UInt32(seal.rowChecks[offset + k]) << (8 * k) }
        return check
    }

    /// `segment 3, 30.000–40.000 s, rows 1001–1500`.
    private static func describe(_ seal: SealRecord) -> String {
        var text = "segment \(seal.segment)"
        if let start = seal.tStart, let end = seal.tEnd {
            text += ", interval \(DecimalText.seconds(SimTime(nanoseconds: start), decimals: 3))–\(DecimalText.seconds(SimTime(nanoseconds: end), decimals: 3)) s"
        }
        return text + ", rows \(seal.firstRowid)–\(seal.lastRowid)"
    }
}
