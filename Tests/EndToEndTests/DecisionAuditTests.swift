import Foundation
import Policy
import Testing
import Trace
import V2VCrypto
import V2VTestSupport

/// The `decisions` table: what each learned driver was given and answered, checked by `verify`.
@Suite("Auditable decisions", .serialized)
struct DecisionAuditTests {
    static let weights = TestPaths.repositoryRoot.appendingPathComponent("Policies/idm-clone.safetensors").path

    /// Runs a short MLP-driven scenario through the CLI; returns the run directory.
    func run(record: String = "{ fcd: 500ms }") throws -> String {
        let dir = try TestPaths.temporaryDirectory("decisions")
        try """
            name: decisions
            seed: 4
            duration: 3s
            road: { kind: highway, length: 1.5km, lanes: 2 }
            traffic:
              - { type: car, count: 12, policy: \(Self.weights) }
              - { type: truck, count: 3 }
            record: \(record)
            """.write(toFile: dir + "/s.yaml", atomically: true, encoding: .utf8)
        let result = try runProcess(TestPaths.cli, ["run", dir + "/s.yaml", "--out", dir, "--quiet"])
        try #require(result.status == 0, "stderr: \(result.stderr)")
        return dir
    }

    @Test("one row per MLP vehicle per FCD sample time, recomputable from the weights, exported as decisions.csv")
    func recorded() throws {
        let dir = try self.run(record: "{ fcd: 100ms }")
        let reader = try TraceReader(path: dir + "/trace.sqlite")
        let rows = try reader.decisions()
        let digest = SHA256.hash([UInt8](try Data(contentsOf: URL(fileURLWithPath: Self.weights)))).hex
        let policy = try PolicyFile.load(path: Self.weights)
        // FCD every step over 3 s: decisions at every step 0.1 … 3.0 s, for the cars on the road when the
        // step began (the FCD sample one step earlier), and only for cars (trucks drive by IDM).
        let step: Int64 = 100_000_000
        #expect(Set(rows.map(\.time.nanoseconds)) == Set((1...30).map { Int64($0) * step }))
        let vehicles = try reader.vehicles()
        for t in 1...30 {
            let decided = rows.filter { $0.time.nanoseconds == Int64(t) * step }.map(\.vehicleID)
            let onRoad = vehicles.filter { $0.time.nanoseconds == Int64(t - 1) * step && $0.policy == Self.weights }
            #expect(decided == onRoad.map(\.vehicleID), "t = \(t) steps")
        }
        #expect(rows.count > 300)
        for row in rows {
            #expect(row.modelDigest == digest && row.policy == Self.weights && row.observationVersion == "observation-v1")
            #expect(row.observation.count == 4)
            #expect(row.output.bitPattern == policy.network.evaluate(row.observation)[0].bitPattern)
            #expect(row.acceleration == min(max(row.output, -9), 3))
        }
        let export = try runProcess(TestPaths.cli, ["export", dir + "/trace.sqlite", "--csv", dir + "/csv"])
        #expect(export.status == 0, "stderr: \(export.stderr)")
        let lines = try String(contentsOfFile: dir + "/csv/decisions.csv", encoding: .utf8).split(separator: "\n")
        let header = "time_s,vehicle_id,policy,model_sha256,observation_version,observation,output,accel_mps2,"
            + "lane_choice,shielded_accel_mps2,lane_change,shield"
        #expect(lines.first.map(String.init) == header)
        #expect(lines.count == rows.count + 1)
        let first = rows[0]
        #expect(lines[1] == "0.100000,\(first.vehicleID),\(Self.weights),\(digest),observation-v1,"
            + first.observation.map { "\($0)" }.joined(separator: " ") + ",\(first.output),\(first.acceleration),,,,0")
    }

    @Test("record.decisions: none keeps no rows and changes nothing else")
    func none() throws {
        let all = try self.run()
        let none = try self.run(record: "{ fcd: 500ms, decisions: none }")
        #expect(try TraceReader(path: none + "/trace.sqlite").decisions().isEmpty)
        // At a 500 ms FCD interval, decisions are recorded at 0.5, 1.0, … 3.0 s only.
        let times = try TraceReader(path: all + "/trace.sqlite").decisions().map(\.time.nanoseconds)
        #expect(Set(times) == Set((1...6).map { Int64($0) * 500_000_000 }))
        let a = try TraceReader(path: all + "/trace.sqlite")
        let b = try TraceReader(path: none + "/trace.sqlite")
        #expect(a.meta["event_digest"] == b.meta["event_digest"])
        #expect(try a.vehicles() == b.vehicles())
    }

    @Test("verify fails unregistered model digests, and --models fails edited weights and decisions")
    func verify() throws {
        let dir = try self.run()
        let trace = dir + "/trace.sqlite"
        let models = dir + "/models"
        try FileManager.default.createDirectory(atPath: models, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Self.weights, toPath: models + "/idm-clone.safetensors")
        let clean = try runProcess(TestPaths.cli, ["verify", trace, "--models", models])
        #expect(clean.status == 0, "stderr: \(clean.stderr)")
        let count = try TraceReader(path: trace).decisions().count
        #expect(count > 50)
        // Two models registered: the weights file (cars) and the expert (trucks).
        #expect(clean.stdout.contains(
            "decisions    \(count) checked, 1 model(s) named, 2 registered; 1 weights file(s), \(count) decisions recomputed"),
                "\(clean.stdout)")

        // One changed weight byte: the file no longer has the digest the decisions name.
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: Self.weights)))
        bytes[bytes.count - 3] ^= 0x01
        try Data(bytes).write(to: URL(fileURLWithPath: models + "/idm-clone.safetensors"))
        let edited = try runProcess(TestPaths.cli, ["verify", trace, "--models", models])
        #expect(edited.status == 2)
        #expect(edited.stderr.contains("\(models)/idm-clone.safetensors: SHA-256 is \(SHA256.hash(bytes).hex), but the decisions of"),
                "\(edited.stderr)")
        try FileManager.default.removeItem(atPath: models + "/idm-clone.safetensors")
        try FileManager.default.copyItem(atPath: Self.weights, toPath: models + "/idm-clone.safetensors")

        // An edited output no longer follows from the weights; a digest nobody registered fails without --models.
        let sql = """
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            db.execute(sys.argv[2])
            db.commit()
            """
        let output = try runProcess("/usr/bin/env", ["python3", "-c", sql, trace,
            "UPDATE decisions SET output = output + 0.25 WHERE rowid = 7"])
        #expect(output.status == 0, "python: \(output.stderr)")
        let recomputed = try runProcess(TestPaths.cli, ["verify", trace, "--models", models])
        #expect(recomputed.status == 2)
        #expect(recomputed.stderr.contains("the model gives"), "\(recomputed.stderr)")
        let forged = String(repeating: "ab", count: 32)
        let digest = try runProcess("/usr/bin/env", ["python3", "-c", sql, trace,
            "UPDATE decisions SET model_sha256 = '\(forged)' WHERE rowid = 3"])
        #expect(digest.status == 0, "python: \(digest.stderr)")
        let unregistered = try runProcess(TestPaths.cli, ["verify", trace])
        #expect(unregistered.status == 2)
        #expect(unregistered.stderr.contains("decisions: model \(forged) (policy \(Self.weights)"), "\(unregistered.stderr)")
        #expect(unregistered.stderr.contains("was never registered in a final block"))
    }
}
