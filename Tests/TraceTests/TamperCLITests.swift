import Foundation
import GRDB
import Testing
@testable import Trace
import V2VTestSupport

/// The investigator's checks end to end with the built CLI on a short real run: `verify` finds a hand
/// edit by its seals, `verify --replay` finds an edit whose seals were recomputed, and `replay` says
/// where and why a changed recording diverges. (Here rather than in EndToEndTests because recomputing
/// seals needs this target's GRDB and `@testable` access to the sealer.)
///
/// Not `.serialized`: the tests share one recording, never edit it (each edits a copy under its own
/// name), and in parallel they do not queue behind the whole test run.
@Suite("Tamper evidence (CLI)")
struct TamperCLITests {
    /// A 2 s run of the quick scenario (vehicles, messages, receptions, blocks, anchors, leaves,
    /// consensus), recorded once per test run.
    static let recorded: Result<String, any Error> = Result {
        let dir = try TestPaths.temporaryDirectory("tamper")
        let run = try runProcess(TestPaths.cli, ["run", "Scenarios/quick.yaml", "--out", dir, "--duration", "2s", "--quiet"])
        guard run.status == 0 else { throw RecordingFailed(description: "v2vsim run failed: \(run.stderr)") }
        return dir + "/trace.sqlite"
    }

    struct RecordingFailed: Error, CustomStringConvertible { let description: String }

    static func record() throws -> String { try recorded.get() }

    static func copy(_ trace: String, _ name: String) throws -> String {
        let path = (trace as NSString).deletingLastPathComponent + "/" + name
        try FileManager.default.copyItem(atPath: trace, toPath: path)
        return path
    }

    @Test("verify: a clean run passes; an UPDATE of one cell in each recorded table fails naming that table, row and column")
    func handEditsFoundBySeals() throws {
        let trace = try Self.record()
        let clean = try runProcess(TestPaths.cli, ["verify", trace])
        #expect(clean.status == 0, "\(clean.stderr)")
        #expect(clean.stdout.contains("ok: every seal, signature"), "\(clean.stdout)")
        #expect(clean.stdout.contains("acted on "), "\(clean.stdout)")
        let edits = [
            ("vehicles", "speed_mps", "UPDATE vehicles SET speed_mps = speed_mps + 1 WHERE rowid = 5"),
            ("messages", "t_signed_ns", "UPDATE messages SET t_signed_ns = t_signed_ns + 1 WHERE rowid = 5"),
            ("receptions", "latency_ns", "UPDATE receptions SET latency_ns = latency_ns + 1 WHERE rowid = 5"),
            ("blocks", "t_final_ns", "UPDATE blocks SET t_final_ns = t_final_ns + 1 WHERE rowid = 1"),
            ("anchors", "t_final_ns", "UPDATE anchors SET t_final_ns = t_final_ns + 1 WHERE rowid = 5"),
            ("leaves", "t_final_ns", "UPDATE leaves SET t_final_ns = t_final_ns + 1 WHERE rowid = 5"),
            ("consensus", "bytes", "UPDATE consensus SET bytes = bytes + 1 WHERE rowid = 5"),
            ("event_digests", "events", "UPDATE event_digests SET events = events + 1 WHERE rowid = 5"),
        ]
        for (n, (table, column, sql)) in edits.enumerated() {
            let edited = try Self.copy(trace, "edited-\(n).sqlite")
            try DatabaseQueue(path: edited).write { db in try db.execute(sql: sql) }
            let result = try runProcess(TestPaths.cli, ["verify", edited])
            #expect(result.status == 2, "\(table): \(result.stdout)")
            let rowid = table == "blocks" ? 1 : 5
            #expect(result.stderr.contains("\(edited): table \(table) row \(rowid) column \(column): row edited (segment 0"),
                    "\(table): \(result.stderr)")
            #expect(result.stderr.contains(": column \(column) changed"), "\(table): \(result.stderr)")
        }
        // Two cells of one row: both columns named.
        let twice = try Self.copy(trace, "edited-twice.sqlite")
        try DatabaseQueue(path: twice).write { db in
            try db.execute(sql: "UPDATE vehicles SET speed_mps = speed_mps + 1, lane = lane + 1 WHERE rowid = 5")
        }
        let both = try runProcess(TestPaths.cli, ["verify", twice])
        #expect(both.status == 2 && both.stderr.contains("table vehicles row 5: row edited"), "\(both.stderr)")
        #expect(both.stderr.contains(": columns speed_mps, lane changed"), "\(both.stderr)")
    }

    @Test("an edit with recomputed seals passes verify but not verify --replay, which names table, row and column")
    func recomputedSealsCaughtByReplay() throws {
        let trace = try Self.record()
        let edited = try Self.copy(trace, "resealed.sqlite")
        try DatabaseQueue(path: edited).write { db in
            try db.execute(sql: "UPDATE receptions SET latency_ns = latency_ns - 1000 WHERE rowid = 7")
            try db.execute(sql: "DELETE FROM seals")
            var sealer = TraceSealer()
            try sealer.finish(db)
        }
        let seals = try runProcess(TestPaths.cli, ["verify", edited])
        #expect(seals.status == 0, "the seals were recomputed, so they hold: \(seals.stderr)")
        let original = try runProcess(TestPaths.cli, ["verify", "--replay", trace])
        #expect(original.status == 0, "\(original.stderr)")
        #expect(original.stdout.contains("ok: the re-run wrote the same rows in every table"), "\(original.stdout)")
        let replay = try runProcess(TestPaths.cli, ["verify", "--replay", edited])
        #expect(replay.status == 2, "\(replay.stdout)")
        #expect(replay.stderr.contains("table receptions row 7 ("), "\(replay.stderr)")
        #expect(replay.stderr.contains(") column latency_ns: recorded "), "\(replay.stderr)")
    }

    @Test("replay names the first differing second, the event kinds, and that the scenario text and seed changed")
    func replayLocatesDivergence() throws {
        let trace = try Self.record()
        let same = try runProcess(TestPaths.cli, ["replay", trace])
        #expect(same.status == 0 && same.stdout.contains("reproduced: the re-run's event digest matches"), "\(same.stdout)")
        let edited = try Self.copy(trace, "reseeded.sqlite")
        try DatabaseQueue(path: edited).write { db in
            try db.execute(sql: "UPDATE meta SET value = replace(value, 'seed: 7', 'seed: 8') WHERE key = 'scenario_text'")
        }
        let result = try runProcess(TestPaths.cli, ["replay", edited])
        #expect(result.status == 2, "\(result.stdout)")
        #expect(result.stdout.contains("first differs in the second from 0 s to 1 s: "), "\(result.stdout)")
        #expect(result.stdout.contains("message ("), "\(result.stdout)")
        #expect(result.stdout.contains("first differing row: table "), "\(result.stdout)")
        #expect(result.stdout.contains("scenario text: EDITED after recording"), "\(result.stdout)")
        #expect(result.stdout.contains("seed: DIFFERS: meta says 7, the scenario text says 8"), "\(result.stdout)")
        #expect(result.stdout.contains("program version: "), "\(result.stdout)")
    }
}
