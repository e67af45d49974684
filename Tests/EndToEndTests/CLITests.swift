import Foundation
import Testing
import V2VTestSupport

/// The built `v2vsim` binary, run as a user would. Not `.serialized`: every test works in its own
/// temporary directory, and in parallel they do not queue behind the whole test run.
@Suite("Command line")
struct CLITests {
    let cli = TestPaths.cli

    func runQuick(_ extra: [String] = []) throws -> (dir: String, result: ProcessResult) {
        try Self.quickRun(extra)
    }

    static func quickRun(_ extra: [String] = []) throws -> (dir: String, result: ProcessResult) {
        let dir = try TestPaths.temporaryDirectory("cli")
        let result = try runProcess(TestPaths.cli, ["run", "Scenarios/quick.yaml", "--out", dir, "--duration", "3s"] + extra)
        return (dir, result)
    }

    /// One `run` of the quick scenario and one `export --csv` of its trace, made once per test run for
    /// the tests that only read them. A test that edits the trace edits its own copy (`copyOfQuickTrace`).
    static let quick: Result<QuickRun, any Error> = Result {
        let (dir, result) = try quickRun()
        let export = try runProcess(TestPaths.cli, ["export", dir + "/trace.sqlite", "--csv", dir + "/csv"])
        return QuickRun(dir: dir, result: result, export: export)
    }

    struct QuickRun: Sendable {
        let dir: String
        let result: ProcessResult
        /// `export DIR/trace.sqlite --csv DIR/csv`.
        let export: ProcessResult
    }

    /// A copy of the shared quick trace in a fresh directory, for a test that edits it.
    func copyOfQuickTrace() throws -> String {
        let quick = try Self.quick.get()
        #expect(quick.result.status == 0, "stderr: \(quick.result.stderr)")
        let trace = try TestPaths.temporaryDirectory("cli-copy") + "/trace.sqlite"
        try FileManager.default.copyItem(atPath: quick.dir + "/trace.sqlite", toPath: trace)
        return trace
    }

    @Test("run writes a trace and prints the summary")
    func run() throws {
        let quick = try Self.quick.get()
        let (dir, result) = (quick.dir, quick.result)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        for field in ["messages sent", "accepted", "rejected", "latency", "p50", "p95", "p99",
                      "blocks finalised", "libsodium calls", "wall time", "simulated/wall"] {
            #expect(result.stdout.contains(field), "summary lacks '\(field)'")
        }
        #expect(FileManager.default.fileExists(atPath: dir + "/trace.sqlite"))
        #expect(!FileManager.default.fileExists(atPath: dir + "/trace.sqlite.partial"))
    }

    @Test("two separate processes running the same scenario and seed write byte-identical CSVs")
    func determinismAcrossProcesses() throws {
        // The first process is the shared quick run; the second runs here.
        let quick = try Self.quick.get()
        #expect(quick.result.status == 0, "stderr: \(quick.result.stderr)")
        #expect(quick.export.status == 0)
        var exported: [String] = [quick.dir + "/csv"]
        let (dir, result) = try self.runQuick()
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let export = try runProcess(self.cli, ["export", dir + "/trace.sqlite", "--csv", dir + "/csv"])
        #expect(export.status == 0)
        exported.append(dir + "/csv")
        for table in ["vehicles", "messages", "receptions", "blocks", "anchors", "incidents"] {
            let a = try Data(contentsOf: URL(fileURLWithPath: "\(exported[0])/\(table).csv"))
            let b = try Data(contentsOf: URL(fileURLWithPath: "\(exported[1])/\(table).csv"))
            #expect(a == b, "\(table).csv differs between two processes")
        }
    }

    @Test("replay reproduces a trace, and notices when the recorded scenario was changed")
    func replay() throws {
        let trace = try self.copyOfQuickTrace()
        let ok = try runProcess(self.cli, ["replay", trace])
        #expect(ok.status == 0, "stderr: \(ok.stderr)")
        #expect(ok.stdout.contains("reproduced: the re-run's event digest matches"))
        // Change the recorded seed inside scenario_text: the re-run must differ.
        let edit = """
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            text = db.execute("SELECT value FROM meta WHERE key = 'scenario_text'").fetchone()[0]
            db.execute("UPDATE meta SET value = ? WHERE key = 'scenario_text'", (text.replace("seed: 7", "seed: 8"),))
            db.commit()
            """
        #expect(try runProcess("/usr/bin/env", ["python3", "-c", edit, trace]).status == 0)
        let changed = try runProcess(self.cli, ["replay", trace])
        #expect(changed.status == 2)
        #expect(changed.stdout.contains("NOT reproduced"))
        let missing = try runProcess(self.cli, ["replay", trace, "--incident", "3"])
        #expect(missing.status == 64)
    }

    @Test("every scenario shipped in Scenarios/ validates")
    func shippedScenariosValidate() throws {
        let root = TestPaths.repositoryRoot.appendingPathComponent("Scenarios")
        let files = (FileManager.default.enumerator(atPath: root.path)?.allObjects as? [String] ?? [])
            .filter { $0.hasSuffix(".yaml") }.sorted().map { "Scenarios/" + $0 }
        #expect(files.count >= 5)
        let result = try runProcess(self.cli, ["validate"] + files)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdout.split(separator: "\n").count == files.count)
    }

    @Test("export writes six CSVs with the documented headers")
    func export() throws {
        let quick = try Self.quick.get()
        let (dir, result) = (quick.dir, quick.export)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let expected: [String: [String]] = [
            "messages": ["message_id", "sender", "t_generated", "envelope_hex", "signer_public_key_hex"],
            "receptions": ["message_id", "receiver", "verify_outcome", "latency_ms"],
            "vehicles": ["time_s", "vehicle_id", "x_m", "y_m", "speed_mps"],
            "blocks": ["height", "hash", "merkle_root"],
            "anchors": ["message_id", "height", "leaf_index"],
            "incidents": ["time_s", "kind"],
        ]
        for (table, columns) in expected {
            let text = try String(contentsOfFile: "\(dir)/csv/\(table).csv", encoding: .utf8)
            let header = text.split(separator: "\n", maxSplits: 1).first.map(String.init) ?? ""
            let names = header.split(separator: ",").map(String.init)
            for column in columns { #expect(names.contains(column), "\(table).csv lacks \(column)") }
        }
    }

    @Test("export --fcd-csv writes SUMO's FCD CSV layout, one row per vehicle sample")
    func exportFCD() throws {
        let dir = try TestPaths.temporaryDirectory("cli-fcd")
        let run = try runProcess(self.cli, ["run", "Scenarios/ring-sugiyama.yaml", "--out", dir, "--duration", "2s"])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let result = try runProcess(self.cli, ["export", dir + "/trace.sqlite", "--fcd-csv", dir + "/fcd.csv"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let lines = try String(contentsOfFile: dir + "/fcd.csv", encoding: .utf8).split(separator: "\n").map(String.init)
        // Exactly the header SUMO 1.15's xml2csv.py writes for `sumo --fcd-output` (see docs/trace.md).
        #expect(lines.first == "timestep_time;vehicle_angle;vehicle_id;vehicle_lane;vehicle_pos;vehicle_slope;"
            + "vehicle_speed;vehicle_type;vehicle_x;vehicle_y")
        #expect(lines.count == 1 + 22 * 3, "22 vehicles sampled at 0, 1 and 2 s")
        // The first vehicle starts at (R, 0) on the ring, heading north, at road position 0.
        let first = lines[1].split(separator: ";").map(String.init)
        #expect(first == ["0.00", "0.00", "0", "road_0", "0.00", "0.00", "3.45", "car", "36.61", "0.00"])
        let comma = try runProcess(
            self.cli, ["export", dir + "/trace.sqlite", "--fcd-csv", dir + "/fcd2.csv", "--fcd-separator", ","])
        #expect(comma.status == 0)
        let text = try String(contentsOfFile: dir + "/fcd2.csv", encoding: .utf8)
        #expect(text.hasPrefix("timestep_time,vehicle_angle,vehicle_id,"))
    }

    @Test("every signature in messages.csv verifies with an independent Ed25519 implementation (Python cryptography)")
    func independentVerification() throws {
        let dir = try Self.quick.get().dir
        let script = """
            import csv, sys
            from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
            n = 0
            with open(sys.argv[1]) as f:
                for row in csv.DictReader(f):
                    env = bytes.fromhex(row["envelope_hex"])
                    key = Ed25519PublicKey.from_public_bytes(bytes.fromhex(row["signer_public_key_hex"]))
                    key.verify(env[-64:], env[:-64])
                    n += 1
            # A tampered copy must fail.
            env = bytearray(env); env[20] ^= 1
            try:
                key.verify(bytes(env[-64:]), bytes(env[:-64])); print("TAMPER-ACCEPTED")
            except Exception:
                pass
            print(n)
            """
        let result = try runProcess("/usr/bin/env", ["python3", "-c", script, dir + "/csv/messages.csv"])
        #expect(result.status == 0, "python: \(result.stderr)")
        #expect(!result.stdout.contains("TAMPER-ACCEPTED"))
        let count = Int(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        #expect(count > 1000, "verified \(count) signatures")
    }

    @Test("verify passes a clean trace and names a tampered message, exiting 2")
    func verifyAndTamper() throws {
        let trace = try self.copyOfQuickTrace()
        let clean = try runProcess(self.cli, ["verify", trace])
        #expect(clean.status == 0, "stderr: \(clean.stderr)")
        #expect(clean.stdout.contains("ok"))
        // Flip one payload byte of message 5 in place.
        let tamper = """
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            col = [r[1] for r in db.execute("PRAGMA table_info(messages)") if 'envelope' in r[1]][0]
            env = bytearray(db.execute(f"SELECT {col} FROM messages WHERE message_id = 5").fetchone()[0])
            env[len(env) - 70] ^= 0x01
            db.execute(f"UPDATE messages SET {col} = ? WHERE message_id = 5", (bytes(env),))
            db.commit()
            """
        let t = try runProcess("/usr/bin/env", ["python3", "-c", tamper, trace])
        #expect(t.status == 0, "python: \(t.stderr)")
        let bad = try runProcess(self.cli, ["verify", trace])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("message 5"))
    }

    @Test("a bad scenario names file, line, column and field, exits 64 and writes nothing")
    func badScenario() throws {
        let dir = try TestPaths.temporaryDirectory("bad")
        let file = dir + "/bad.yaml"
        try """
            name: bad
            duration: 10s
            traffic:
              - { type: car, count: -3 }
            """.write(toFile: file, atomically: true, encoding: .utf8)
        let result = try runProcess(self.cli, ["run", file, "--out", dir + "/out"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("\(file):4:"), "stderr: \(result.stderr)")
        #expect(result.stderr.contains("traffic[0].count"))
        #expect(!FileManager.default.fileExists(atPath: dir + "/out/trace.sqlite"))

        let unknown = try runProcess(self.cli, ["validate", "Scenarios/quick.yaml", "--set", "securty.verify=none"])
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("did you mean 'security'"), "stderr: \(unknown.stderr)")
    }

    @Test("export of a file that is not a trace fails with a clear message")
    func exportGarbage() throws {
        let dir = try TestPaths.temporaryDirectory("garbage")
        try Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 31) }).write(to: URL(fileURLWithPath: dir + "/x.sqlite"))
        let result = try runProcess(self.cli, ["export", dir + "/x.sqlite", "--csv", dir + "/csv"])
        #expect(result.status != 0)
        #expect(result.stderr.contains(dir + "/x.sqlite"))
        let verify = try runProcess(self.cli, ["verify", dir + "/x.sqlite"])
        #expect(verify.status == 1)
    }
}
