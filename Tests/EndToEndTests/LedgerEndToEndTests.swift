import Foundation
import Ledger
import Scenario
import Testing
import Trace
import V2VSim
import V2VTestSupport

/// Every fault kind in a short run, compressed from `Scenarios/ledger-faults.yaml`.
private let faultsScenario = """
    name: ledger-faults-short
    seed: 7
    duration: 13s
    road: { kind: highway, length: 2km, lanes: 2, speed_limit: 100km/h }
    traffic:
      - { type: car, count: 12, policy: expert, speed: 0.8 }
    beacons: { rate: 2Hz }
    radio: { model: unit-disk, range: 300m }
    rsus: { count: 4, every: 500m, range: 400m, backhaul: { latency: 5ms, jitter: 3ms, loss: 0.01 } }
    ledger:
      block_interval: 500ms
      view_timeout: 400ms
      faults:
        - { kind: crash, rsu: 1, at: 1s, recover: 3s }
        - { kind: partition, rsus: [2, 3], at: 3.5s, heal: 5s }
        - { kind: slow, rsu: 0, at: 5.5s, until: 7s, delay: 300ms }
        - { kind: equivocate, rsu: 2, at: 7.5s, until: 11.5s }
    record: { fcd: 1s }

    """

/// Not `.serialized`: every test writes only to its own temporary directory, and in parallel they do
/// not queue behind the whole test run (a serialized suite's later tests start only after it).
@Suite("Ledger end to end")
struct LedgerEndToEndTests {
    /// The short fault scenario recorded once per test run; the tests that use it only read the trace
    /// (or copy it before editing), so one recording serves them all.
    static let recorded: Result<RecordedRun, any Error> = Result {
        let scenario = try ScenarioLoader.load(text: faultsScenario, path: "ledger-faults-short.yaml", overrides: [])
        let (summary, trace) = try recordRun(scenario, label: "ledger-faults")
        return RecordedRun(summary: summary, trace: trace)
    }

    struct RecordedRun: Sendable {
        let summary: RunSummary
        let trace: String
    }

    @Test("every fault kind: safety holds, views change, equivocation is caught, liveness returns, proofs verify")
    func faultsRun() throws {
        let run = try Self.recorded.get()
        let (s, trace) = (run.summary, run.trace)
        let l = s.ledger
        #expect(l.safetyHolds, "\(l.safetyLine)")
        #expect(l.chainsChecked == 4)
        #expect(l.viewChanges > 0)
        #expect(l.equivocationsDetected > 0)
        #expect(l.catchUpBlocks > 0)
        #expect(l.backhaulBlocked > 0)
        let after = try #require(l.livenessAfterFaults, "no final block after the last fault")
        #expect(after < 2)
        #expect(l.maximumHeight - l.minimumHeight <= 1)
        let ledger = try TraceLedger.load(path: trace)
        let report = ledger.audit()
        #expect(report.isValid, "\(report)")
        var proved = 0
        for (_, anchors) in ledger.anchors {
            for anchor in anchors {
                let found = try #require(ledger.proof(forMessage: anchor.messageID))
                #expect(found.proof.problem(committee: ledger.committee) == nil, "message \(anchor.messageID)")
                proved += 1
            }
        }
        #expect(proved == s.leavesAnchored)
        #expect(proved > 0)

        // Consensus messages and view changes are in the trace; ledger.csv has one row per final block.
        let reader = try TraceReader(path: trace)
        let consensus = try reader.consensusMessages()
        let entered = Set(consensus.filter { $0.kind == "view_entered" }.map { "\($0.height)/\($0.view)" })
        #expect(entered.count == l.viewChanges)
        #expect(consensus.contains { $0.kind == "view_change" } && consensus.contains { $0.kind == "sync_response" })
        let csv = try TestPaths.temporaryDirectory("ledger-faults-csv")
        _ = try CSVExporter.export(tracePath: trace, to: csv)
        let rows = try String(contentsOfFile: csv + "/ledger.csv", encoding: .utf8).split(separator: "\n")
        #expect(rows.count == 1 + s.blocksFinal)

        // The run-level ledger-summary.csv agrees with the summary and with the per-block table.
        let summaryCSV = try #require(s.csvFiles.first { $0.name == "ledger-summary.csv" }).text
        let lines = summaryCSV.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        try #require(lines.count == 2 && lines[0].count == lines[1].count)
        let field = Dictionary(uniqueKeysWithValues: zip(lines[0], lines[1]))
        #expect(field["blocks_final"] == String(rows.count - 1))
        #expect(field["view_changes"] == String(l.viewChanges))
        #expect(field["equivocations_caught"] == String(l.equivocationsDetected))
        #expect(field["safety"] == "ok")
        #expect(field["chain_bytes"] == String(l.chainBytes))
        #expect(Double(field["liveness_after_faults_s"] ?? "") ?? 99 < 2)
        #expect(Int(field["leaves_message"] ?? "") == s.leavesAnchored)
        // What the RSU network dropped is in the file, never silent.
        #expect(field["conflicting_heights"] == "")
        #expect(field["backhaul_lost"] == String(l.backhaulLost) && l.backhaulLost > 0)
        #expect(field["backhaul_blocked"] == String(l.backhaulBlocked))
        #expect(field["uplink_dropped"] == String(l.uplinkDropped))
        for column in ["anchor_records_evicted", "early_messages_dropped", "sync_requests_unserved"] {
            #expect(field[column] == "0", "\(column)")
        }
    }

    @Test("a small block size limit holds in every block, and the audit names a block over the recorded limit")
    func blockSizeLimit() throws {
        let scenario = try ScenarioLoader.load(
            text: faultsScenario, path: "ledger-faults-short.yaml", overrides: ["ledger.max_block_size=1KiB"])
        let (summary, trace) = try recordRun(scenario, label: "ledger-block-size")
        #expect(summary.ledger.safetyHolds)
        let ledger = try TraceLedger.load(path: trace)
        #expect(ledger.maxBlockBytes == 1_024)
        #expect(ledger.audit().isValid, "\(ledger.audit())")
        let sizes = ledger.blocks.compactMap { $0?.contentBytes }
        #expect(sizes.allSatisfy { $0 <= 1_024 })
        #expect(sizes.contains { $0 > 900 }, "the limit never bound: \(sizes.max() ?? 0)")
        // A trace whose recorded limit is lowered below the largest block fails at that block.
        let largest = try #require(sizes.indices.max { sizes[$0] < sizes[$1] })
        let firstOver = try #require(sizes.firstIndex { $0 > sizes[largest] - 1 })
        let result = try runProcess("/usr/bin/env", ["python3", "-c", """
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            db.execute("UPDATE meta SET value = ? WHERE key = 'ledger_max_block_bytes'", (str(\(sizes[largest] - 1)),))
            db.commit()
            """, trace])
        try #require(result.status == 0, "\(result.stderr)")
        let problem = try #require(try TraceLedger.load(path: trace).audit().firstProblem)
        #expect(problem.field == "block_size")
        #expect(problem.height == UInt64(firstOver))
        #expect(summary.mempoolDrops == 0)
    }

    @Test("a full mempool drops leaves and counts them; the chain still audits")
    func mempoolDrops() throws {
        let scenario = try ScenarioLoader.load(
            text: faultsScenario, path: "ledger-faults-short.yaml", overrides: ["ledger.mempool=5", "duration=4s"])
        let s = try Simulation(scenario: scenario).run(recorder: nil)
        #expect(s.mempoolDrops > 0)
        #expect(s.ledger.mempoolDropped == s.mempoolDrops)
        #expect(s.metaEntries["summary.ledger.mempool_dropped"] == String(s.mempoolDrops))
        let csv = try #require(s.csvFiles.first { $0.name == "ledger-summary.csv" }).text.split(separator: "\n")
        let field = Dictionary(uniqueKeysWithValues: zip(csv[0].split(separator: ","), csv[1].split(separator: ",", omittingEmptySubsequences: false)))
        #expect(field["mempool_drops"].map(String.init) == String(s.mempoolDrops))
        #expect(s.ledger.safetyHolds)
        #expect(s.blocksFinal > 0)
        #expect(s.metaEntries["summary.ledger.leaves.message"].flatMap { Int($0) } ?? 0 > 0)
    }

    @Test("a run with faults, jitter and loss is deterministic: same event digest and consensus counts")
    func deterministic() throws {
        // One run is the shared recorded one: recording must not change what happens either.
        let scenario = try ScenarioLoader.load(text: faultsScenario, path: "ledger-faults-short.yaml", overrides: [])
        let a = try Self.recorded.get().summary
        let b = try Simulation(scenario: scenario).run(recorder: nil)
        #expect(a.eventDigest == b.eventDigest)
        #expect(a.ledger.viewChanges == b.ledger.viewChanges)
        #expect(a.ledger.backhaulLost == b.ledger.backhaulLost)
        #expect(a.ledger.chainBytes == b.ledger.chainBytes)
    }

    @Test("flipping one byte of any stored field makes the audit name the block and the field")
    func tamperEachField() throws {
        let trace = try Self.recorded.get().trace
        let ledger = try TraceLedger.load(path: trace)
        let height = 4
        let block = try #require(ledger.blocks[height])
        #expect(!block.leaves.isEmpty)
        let message = try #require(ledger.anchors[UInt64(height)]?.first?.messageID)
        // The first registration leaf, for the cases on the `leaves` table.
        let registrations = ledger.leaves.keys.sorted().compactMap { h in ledger.leaves[h]?.first { $0.kind == "registration" } }
        let registration = try #require(registrations.first)
        // (label, SQL-free python statement on `db`, accepted fields)
        let cases: [(String, String, Set<String>)] = [
            ("header prefix", "flip_blob('header', 0)", ["header"]),
            ("header version", "flip_blob('header', 12)", ["header"]),
            ("header height", "flip_blob('header', 13)", ["height"]),
            ("header previous_hash", "flip_blob('header', 30)", ["previous_hash"]),
            ("header merkle_root", "flip_blob('header', 60)", ["merkle_root"]),
            ("header timestamp", "flip_blob('header', 88)", ["timestamp", "header"]),
            ("header proposer", "flip_blob('header', 93)", ["proposer", "header"]),
            ("header leaf_count", "flip_blob('header', 97)", ["leaf_count"]),
            ("hash column", "flip_text('hash')", ["hash"]),
            ("previous_hash column", "flip_text('previous_hash')", ["previous_hash"]),
            ("merkle_root column", "flip_text('merkle_root')", ["merkle_root"]),
            ("signatures column", "flip_text('signatures', 10)", ["votes", "header"]),
            ("leaf_count column", "set_int('leaf_count')", ["leaf_count"]),
            ("proposer column", "set_int('proposer')", ["proposer"]),
            ("anchor leaf_hash", "flip_anchor()", ["leaf_hash"]),
            ("message envelope", "flip_envelope()", ["leaves"]),
            ("message leaf bytes", "flip_leaf(H, 0, 5)", ["leaves"]),
            ("message leaf kind", "set_kind(H, 0, 'report')", ["kind"]),
            ("message leaf hash", "flip_leaf_hash(H, 0)", ["leaf_hash"]),
            ("registration model byte", "flip_leaf(RH, RI, 20)", ["leaves"]),
            ("registration type byte", "flip_leaf(RH, RI, 0)", ["leaves"]),
            ("registration kind", "set_kind(RH, RI, 'message')", ["kind"]),
            ("registration leaf hash", "flip_leaf_hash(RH, RI)", ["leaf_hash"]),
            ("registration row removed", "db.execute('DELETE FROM leaves WHERE height = ? AND leaf_index = ?', (RH, RI))", ["leaves"]),
        ]
        let dir = try TestPaths.temporaryDirectory("ledger-tamper-copies")
        for (index, (label, statement, fields)) in cases.enumerated() {
            let copy = dir + "/t\(index).sqlite"
            try? FileManager.default.removeItem(atPath: copy)
            try FileManager.default.copyItem(atPath: trace, toPath: copy)
            let script = """
                import sqlite3, sys
                db = sqlite3.connect(sys.argv[1]); H = \(height); M = \(message)
                RH = \(registration.height); RI = \(registration.leafIndex)
                def flip_leaf(h, i, k):
                    b = bytearray(db.execute("SELECT leaf FROM leaves WHERE height = ? AND leaf_index = ?", (h, i)).fetchone()[0])
                    b[k] ^= 0x01
                    db.execute("UPDATE leaves SET leaf = ? WHERE height = ? AND leaf_index = ?", (bytes(b), h, i))
                def set_kind(h, i, kind):
                    db.execute("UPDATE leaves SET kind = ? WHERE height = ? AND leaf_index = ?", (kind, h, i))
                def flip_leaf_hash(h, i):
                    t = list(db.execute("SELECT leaf_hash FROM leaves WHERE height = ? AND leaf_index = ?", (h, i)).fetchone()[0])
                    t[3] = '1' if t[3] != '1' else '2'
                    db.execute("UPDATE leaves SET leaf_hash = ? WHERE height = ? AND leaf_index = ?", (''.join(t), h, i))
                def flip_blob(col, i):
                    b = bytearray(db.execute(f"SELECT {col} FROM blocks WHERE height = ?", (H,)).fetchone()[0])
                    b[i] ^= 0x01
                    db.execute(f"UPDATE blocks SET {col} = ? WHERE height = ?", (bytes(b), H))
                def flip_text(col, i=5):
                    t = list(db.execute(f"SELECT {col} FROM blocks WHERE height = ?", (H,)).fetchone()[0])
                    t[i] = '1' if t[i] != '1' else '2'
                    db.execute(f"UPDATE blocks SET {col} = ? WHERE height = ?", (''.join(t), H))
                def set_int(col):
                    db.execute(f"UPDATE blocks SET {col} = {col} + 1 WHERE height = ?", (H,))
                def flip_anchor():
                    t = list(db.execute("SELECT leaf_hash FROM anchors WHERE message_id = ?", (M,)).fetchone()[0])
                    t[3] = '1' if t[3] != '1' else '2'
                    db.execute("UPDATE anchors SET leaf_hash = ? WHERE message_id = ?", (''.join(t), M))
                def flip_envelope():
                    col = [r[1] for r in db.execute("PRAGMA table_info(messages)") if 'envelope' in r[1]][0]
                    b = bytearray(db.execute(f"SELECT {col} FROM messages WHERE message_id = ?", (M,)).fetchone()[0])
                    b[20] ^= 0x01
                    db.execute(f"UPDATE messages SET {col} = ? WHERE message_id = ?", (bytes(b), M))
                \(statement)
                db.commit()
                """
            let result = try runProcess("/usr/bin/env", ["python3", "-c", script, copy])
            try #require(result.status == 0, "python for \(label): \(result.stderr)")
            let report = try TraceLedger.load(path: copy).audit()
            let problem = try #require(report.firstProblem, "\(label): audit passed")
            let expected = statement.contains("RH") ? registration.height : UInt64(height)
            #expect(problem.height == expected, "\(label): \(problem)")
            #expect(fields.contains(problem.field), "\(label): field \(problem.field): \(problem.message)")
        }
    }

    @Test("ledger commands name a garbage, truncated or foreign file and exit non-zero")
    func badFiles() throws {
        let dir = try TestPaths.temporaryDirectory("ledger-bad-files")
        let garbage = dir + "/garbage.sqlite"
        try Data("not a database at all".utf8).write(to: URL(fileURLWithPath: garbage))
        let trace = try Self.recorded.get().trace
        let bytes = try Data(contentsOf: URL(fileURLWithPath: trace))
        let truncated = dir + "/truncated.sqlite"
        try bytes.prefix(bytes.count / 3).write(to: URL(fileURLWithPath: truncated))
        let foreign = dir + "/foreign.sqlite"
        let made = try runProcess("/usr/bin/env", ["python3", "-c",
            "import sqlite3,sys; db=sqlite3.connect(sys.argv[1]); db.execute('CREATE TABLE x(a)'); db.commit()", foreign])
        try #require(made.status == 0)
        for path in [garbage, truncated, foreign, dir + "/missing.sqlite"] {
            for arguments in [["ledger", "verify", path], ["ledger", "prove", path, "1"]] {
                let result = try runProcess(TestPaths.cli, arguments)
                #expect(result.status != 0, "\(arguments)")
                #expect(result.stderr.contains(path), "\(arguments): \(result.stderr)")
                #expect(!result.stderr.contains("Fatal error"), "\(arguments): \(result.stderr)")
            }
        }
        let ok = try runProcess(TestPaths.cli, ["ledger", "prove", trace, "999999"])
        #expect(ok.status == 1)
        #expect(ok.stderr.contains("not anchored"))
    }
}
