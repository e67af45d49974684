import Foundation
import GRDB
import SimKernel
import Testing
@testable import Trace

/// `verify --replay` of a trace written by an older build: what depends on the build (its version,
/// its checkpoint format) is left out and said so, instead of reported as an edit; everything else is
/// still compared.
@Suite("Comparing a trace with a re-run by another build")
struct ComparisonScopeTests {
    /// The sample rows plus two checkpoints in `format`, recorded as program `version`.
    static func record(to path: String, version: String, format: Int) throws {
        let meta = TraceMeta(
            scenarioName: SampleRows.meta.scenarioName, scenarioText: SampleRows.meta.scenarioText,
            seed: SampleRows.meta.seed, programVersion: version)
        let recorder = try TraceRecorder(path: path, meta: meta, batchSize: 2)
        for row in SampleRows.vehicles { try recorder.record(row) }
        for row in SampleRows.receptions { try recorder.record(row) }
        for second in [1, 2] {
            // An older format lays the same state out differently: other bytes, other length.
            let blob = [UInt8](repeating: UInt8(format), count: 10 * format + second)
            try recorder.record(CheckpointRow(time: .seconds(Int64(second)), formatVersion: format, blob: blob))
        }
        try recorder.finish(summary: ["messages_sent": "2"])
    }

    @Test("checkpoints of an older format and their seals are not compared, and the note says why")
    func olderCheckpointFormat() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let old = dir.file("format2.sqlite")
        let new = dir.file("format3.sqlite")
        try Self.record(to: old, version: "0.3.0", format: 2)
        try Self.record(to: new, version: "0.3.0", format: 3)
        let (a, b) = (try TraceReader(path: old), try TraceReader(path: new))
        #expect(try TraceComparison.compare(recorded: a, replayed: b).isEmpty)
        let scope = try ComparisonScope(recorded: a, replayed: b)
        #expect(scope.notes.count == 2, "\(scope.notes)")
        #expect(scope.notes.first?.contains("checkpoints (the recording stores them in format 2, this build writes format 3") == true,
                "\(scope.notes)")
        #expect(scope.uncomparedSealTables == ["checkpoints", "*"])
    }

    @Test("another program version: meta.program_version and the meta seal are left out, and named")
    func olderProgramVersion() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let old = dir.file("v020.sqlite")
        let new = dir.file("v030.sqlite")
        try Self.record(to: old, version: "0.2.0", format: 3)
        try Self.record(to: new, version: "0.3.0", format: 3)
        let (a, b) = (try TraceReader(path: old), try TraceReader(path: new))
        #expect(try TraceComparison.compare(recorded: a, replayed: b).isEmpty)
        let scope = try ComparisonScope(recorded: a, replayed: b)
        #expect(scope.notes.first?.contains("meta.program_version (recorded by v2vsim 0.2.0, re-run by 0.3.0)") == true, "\(scope.notes)")
        #expect(scope.uncomparedSealTables == ["meta", "*"])
    }

    @Test("what is left out hides no edit: a changed row, or a changed seal of a compared table, is still found")
    func editsStillFound() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let old = dir.file("old.sqlite")
        let new = dir.file("new.sqlite")
        try Self.record(to: old, version: "0.2.0", format: 2)
        try Self.record(to: new, version: "0.3.0", format: 3)
        try DatabaseQueue(path: old).write { db in
            try db.execute(sql: "UPDATE receptions SET latency_ns = 7 WHERE rowid = 1")
            try db.execute(sql: "UPDATE seals SET digest = 'ff' WHERE table_name = 'vehicles'")
            try db.execute(sql: "UPDATE meta SET value = 'edited' WHERE key = 'scenario_name'")
        }
        let differences = try TraceComparison.compare(recorded: try TraceReader(path: old), replayed: try TraceReader(path: new))
        #expect(differences.map(\.table) == ["receptions", "seals", "meta"], "\(differences)")
        #expect(differences.first?.column == "latency_ns")
        #expect(differences.dropFirst().first?.entity.contains("table_name='vehicles'") == true, "\(differences)")
        #expect(differences.last?.entity == "key=scenario_name", "\(differences)")
    }

    @Test("the same build: everything is compared")
    func sameBuild() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("same.sqlite")
        try Self.record(to: path, version: "0.3.0", format: 3)
        let reader = try TraceReader(path: path)
        let scope = try ComparisonScope(recorded: reader, replayed: reader)
        #expect(scope.isComplete && scope.notes.isEmpty && scope.uncomparedSealTables.isEmpty)
    }
}
