import Foundation
import GRDB
import SimKernel
import Testing
@testable import Trace

/// Seals: every table of a recorded trace is sealed, and an edit of any row is found and located.
@Suite("Trace seals")
struct SealTests {
    /// The sample rows plus per-second event digests across three 10 s intervals, recorded in small
    /// batches so that sealing spans several transactions.
    static func recordSample(to path: String) throws {
        let recorder = try TraceRecorder(path: path, meta: SampleRows.meta, batchSize: 2)
        for row in SampleRows.vehicles { try recorder.record(row) }
        for row in SampleRows.messages { try recorder.record(row) }
        for row in SampleRows.receptions { try recorder.record(row) }
        for row in SampleRows.blocks { try recorder.record(row) }
        for row in SampleRows.anchors { try recorder.record(row) }
        for row in SampleRows.incidents { try recorder.record(row) }
        for row in SampleRows.leaves { try recorder.record(row) }
        for row in SampleRows.consensus { try recorder.record(row) }
        for second in [0, 1, 12, 25] {
            try recorder.record(EventDigestRow(
                secondStart: .seconds(Int64(second)), kind: "all", events: second + 1,
                digest: String(repeating: "ab", count: 32)))
        }
        try recorder.finish(summary: ["messages_sent": "2"])
    }

    /// A one-column edit per table, as an investigator would try it with `sqlite3`.
    static let edits: [(table: String, sql: String)] = [
        ("vehicles", "UPDATE vehicles SET speed_mps = speed_mps + 0.5 WHERE rowid = 2"),
        ("messages", "UPDATE messages SET size_bytes = 301 WHERE rowid = 1"),
        ("receptions", "UPDATE receptions SET latency_ns = latency_ns + 1 WHERE rowid = 1"),
        ("blocks", "UPDATE blocks SET proposer = 3 WHERE rowid = 1"),
        ("anchors", "UPDATE anchors SET leaf_index = 6 WHERE rowid = 1"),
        ("incidents", "UPDATE incidents SET kind = 'near_miss' WHERE rowid = 2"),
        ("leaves", "UPDATE leaves SET leaf = x'0400ff' WHERE rowid = 2"),
        ("consensus", "UPDATE consensus SET recipients = 4 WHERE rowid = 1"),
        ("event_digests", "UPDATE event_digests SET events = 99 WHERE rowid = 3"),
        ("reception_codes", "UPDATE reception_codes SET name = 'accepted' WHERE name = 'unchecked'"),
        ("meta", "UPDATE meta SET value = '43' WHERE key = 'seed'"),
    ]

    private func execute(_ path: String, _ sql: String) throws {
        try DatabaseQueue(path: path).write { db in try db.execute(sql: sql) }
    }

    @Test("a fresh recording: every table sealed, every seal holds")
    func freshRecordingHolds() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("trace.sqlite")
        try Self.recordSample(to: path)
        let report = try TraceReader(path: path).checkSeals()
        #expect(report.sealed && report.isValid, "\(report.problems)")
        let rows = Dictionary(uniqueKeysWithValues: report.tables.map { ($0.table, $0.rows) })
        #expect(rows["vehicles"] == 2 && rows["incidents"] == 2 && rows["event_digests"] == 4)
        // Event digests at 0, 1, 12 and 25 s fall into the 10 s intervals 0, 1 and 2: three segments.
        #expect(report.tables.first { $0.table == "event_digests" }?.segments == 3)
        #expect(report.tables.count == 12, "the nine row tables (decisions included), event_digests, reception_codes, meta")
    }

    @Test("an SQL UPDATE of one row in each table is found, naming the table and the row", arguments: Self.edits.indices)
    func editInEachTable(_ index: Int) throws {
        let (table, sql) = Self.edits[index]
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("trace.sqlite")
        try Self.recordSample(to: path)
        try self.execute(path, sql)
        let report = try TraceReader(path: path).checkSeals()
        #expect(!report.isValid)
        let problem = try #require(report.problems.first, "no problem found after: \(sql)")
        #expect(report.problems.count == 1, "\(report.problems)")
        #expect(problem.table == table && problem.kind == .rowEdited, "\(problem)")
        #expect(problem.rowid != nil)
        #expect(problem.description.hasPrefix("table \(table) row \(problem.rowid!): row edited (segment "), "\(problem)")
    }

    @Test("a deleted row, an inserted row, an edited seal and removed seals are each reported")
    func structuralEdits() throws {
        let cases: [(sql: String, kind: SealProblem.Kind, table: String)] = [
            ("DELETE FROM receptions WHERE rowid = 1", .rowMissing, "receptions"),
            ("INSERT INTO incidents SELECT * FROM incidents WHERE rowid = 1", .rowAdded, "incidents"),
            ("UPDATE seals SET digest = '00' || substr(digest, 3) WHERE table_name = 'blocks'", .sealEdited, "blocks"),
            ("DELETE FROM seals WHERE table_name = 'leaves'", .rowAdded, "leaves"),
        ]
        for (sql, kind, table) in cases {
            let dir = TemporaryDirectory()
            defer { dir.remove() }
            let path = dir.file("trace.sqlite")
            try Self.recordSample(to: path)
            try self.execute(path, sql)
            let report = try TraceReader(path: path).checkSeals()
            #expect(report.problems.contains { $0.kind == kind && $0.table == table }, "\(sql): \(report.problems)")
        }
    }

    @Test("removing a table's rows together with its seals still breaks the manifest")
    func manifestNoticesRemovedTable() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("trace.sqlite")
        try Self.recordSample(to: path)
        try self.execute(path, "DELETE FROM consensus; DELETE FROM seals WHERE table_name = 'consensus'")
        let report = try TraceReader(path: path).checkSeals()
        #expect(report.problems.map(\.description) == [
            "table seals: seals inconsistent (manifest seal '*'): the manifest does not match the tables' seals (seals were removed or replaced)",
        ])
    }

    @Test("canonical row bytes: rowid, then type byte and little-endian payload per column")
    func canonicalEncodingKnownAnswer() throws {
        let queue = try DatabaseQueue()
        let bytes: [UInt8] = try queue.write { db in
            try db.execute(sql: "CREATE TABLE t (a INTEGER, b REAL, c TEXT, d BLOB, e INTEGER)")
            try db.execute(sql: "INSERT INTO t VALUES (-2, 1.5, 'ab', x'0102', NULL)")
            let row = try #require(try Row.fetchOne(db, sql: "SELECT rowid, a, b, c, d, e FROM t"))
            var out: [UInt8] = []
            SealEncoding.appendRow(row, columnCount: 5, to: &out)
            return out
        }
        var expected: [UInt8] = [1, 0, 0, 0, 0, 0, 0, 0]  // rowid 1
        expected += [0x01, 0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]  // INTEGER -2
        expected += [0x02, 0, 0, 0, 0, 0, 0, 0xf8, 0x3f]  // REAL 1.5 = 0x3FF8000000000000
        expected += [0x03, 2, 0, 0, 0, 0, 0, 0, 0, 0x61, 0x62]  // TEXT "ab"
        expected += [0x04, 2, 0, 0, 0, 0, 0, 0, 0, 0x01, 0x02]  // BLOB 01 02
        expected += [0x00]  // NULL
        #expect(bytes == expected)
    }

    @Test("an editor who recomputes the seals passes the seal check; comparing with a re-run names table, row and column")
    func recomputedSealsNeedAComparison() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let original = dir.file("original.sqlite")
        let edited = dir.file("edited.sqlite")
        try Self.recordSample(to: original)
        try Self.recordSample(to: edited)
        try DatabaseQueue(path: edited).write { db in
            try db.execute(sql: "UPDATE receptions SET latency_ns = 1 WHERE rowid = 2")
            try db.execute(sql: "DELETE FROM seals")
            var sealer = TraceSealer()
            try sealer.finish(db)
        }
        #expect(try TraceReader(path: edited).checkSeals().isValid, "recomputed seals hold: seals alone cannot prove this")
        let differences = try TraceComparison.compare(
            recorded: try TraceReader(path: edited), replayed: try TraceReader(path: original))
        let receptions = try #require(differences.first)
        #expect(receptions.table == "receptions" && receptions.rowid == 2 && receptions.column == "latency_ns")
        #expect(receptions.recorded == "1" && receptions.replayed == "NULL")
        #expect(differences.map(\.table) == ["receptions", "seals"], "\(differences)")
        #expect(try TraceComparison.compare(recorded: try TraceReader(path: original), replayed: try TraceReader(path: original)).isEmpty)
    }

    @Test("a version 4 trace still reads, and says it carries no seals")
    func version4Trace() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("v4.sqlite")
        try Self.recordSample(to: path)
        try self.execute(path, "DROP TABLE seals; DROP TABLE event_digests; UPDATE meta SET value = '4' WHERE key = 'schema_version'")
        let reader = try TraceReader(path: path)
        #expect(!reader.hasSeals)
        #expect(try reader.vehicles().count == 2)
        #expect(try reader.eventDigests().isEmpty)
        let report = try reader.checkSeals()
        #expect(!report.sealed && !report.isValid && report.problems.isEmpty)
    }

    @Test("a version 7 trace without its seals table, or cut short, is an error naming the file")
    func missingTableAndTruncation() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let noSeals = dir.file("noseals.sqlite")
        try Self.recordSample(to: noSeals)
        try self.execute(noSeals, "DROP TABLE seals")
        #expect(throws: TraceError(path: noSeals, problem: .notATrace("no seals table (schema_version 7 has one)"))) {
            try TraceReader(path: noSeals)
        }
        let cut = dir.file("cut.sqlite")
        try Self.recordSample(to: cut)
        let data = try Data(contentsOf: URL(fileURLWithPath: cut))
        try data.prefix(data.count / 2).write(to: URL(fileURLWithPath: cut))
        do {
            let reader = try TraceReader(path: cut)
            _ = try reader.checkSeals()
            _ = try reader.vehicles()
            Issue.record("a truncated trace read without error")
        } catch let error as TraceError {
            #expect(error.description.hasPrefix(cut + ": "), "\(error)")
        }
    }
}
