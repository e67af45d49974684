import Foundation
import NeuralNet
import Testing
import V2VCrypto
import V2VTestSupport

/// `v2vsim policy train` (v2, DAgger) and `v2vsim policy eval` as a user runs them, on a tiny
/// scenario: a few simulated seconds, a dozen cars.
@Suite("Command line: policy train and eval", .serialized)
struct PolicyTrainEvalCLITests {
    let cli = TestPaths.cli

    /// A directory holding the tiny scenario.
    func workspace() throws -> (dir: String, scenario: String) {
        let dir = try TestPaths.temporaryDirectory("policy-cli")
        let scenario = dir + "/tiny.yaml"
        try Data(DAggerTrainingTests.text.replacingOccurrences(of: "duration: 4s", with: "duration: 3s").utf8)
            .write(to: URL(fileURLWithPath: scenario))
        return (dir, scenario)
    }

    func train(_ scenario: String, out: String, csv prefix: String) throws -> ProcessResult {
        try runProcess(self.cli, [
            "policy", "train", "--scenario", scenario, "--rounds", "1", "--hidden", "8", "--epochs", "2",
            "--out", out, "--loss-csv", prefix + "loss.csv", "--rounds-csv=" + prefix + "rounds.csv",
        ])
    }

    @Test("the same train command writes the same bytes, with its provenance, loss curve and rounds; eval compares on seeds")
    func trainAndEval() throws {
        let (dir, scenario) = try self.workspace()
        let first = try self.train(scenario, out: dir + "/w.safetensors", csv: dir + "/")
        #expect(first.status == 0, "stderr: \(first.stderr)")
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: dir + "/w.safetensors")))
        // Written elsewhere, the same training has the same bytes: output paths are not provenance.
        let second = try self.train(scenario, out: dir + "/again.safetensors", csv: dir + "/again-")
        #expect(second.status == 0)
        #expect(try [UInt8](Data(contentsOf: URL(fileURLWithPath: dir + "/again.safetensors"))) == bytes)
        // Not a terminal: plain progress lines, no bar.
        #expect(first.stderr.contains("round 1/1: rollout") && !first.stderr.contains("\u{1B}["))

        let metadata = try Safetensors.read(bytes, path: "w.safetensors").metadata
        let scenarioDigest = SHA256.hash([UInt8](try Data(contentsOf: URL(fileURLWithPath: scenario)))).hex
        #expect(metadata["scenarios"] == "\(scenario) sha256=\(scenarioDigest)")
        #expect(metadata["command"] == "v2vsim policy train --scenario \(scenario) --rounds 1 --hidden 8 --epochs 2")
        #expect(metadata["rounds"] == "1" && metadata["observation_version"] == "observation-v2")
        #expect(metadata["program_version"] != nil && metadata["seed"] == "1")
        let rollouts = metadata["rollouts"]?.components(separatedBy: "; ") ?? []
        #expect(rollouts.count == 2 && rollouts[0].hasPrefix("round=0 \(scenario) seed=5 driver=expert samples="))
        #expect(rollouts.count == 2 && rollouts[1].hasPrefix("round=1 \(scenario) seed=6 driver=network samples="))

        let loss = try String(contentsOfFile: dir + "/loss.csv", encoding: .utf8).split(separator: "\n")
        #expect(loss.first == "epoch,round,training_loss,validation_loss" && loss.count == 1 + 2 * 2)
        #expect(loss.dropFirst().map { $0.split(separator: ",").prefix(2).joined(separator: ",") } == ["1,0", "2,0", "1,1", "2,1"])
        let rounds = try String(contentsOfFile: dir + "/rounds.csv", encoding: .utf8).split(separator: "\n")
        #expect(rounds.count == 3 && rounds[0].hasPrefix("round,scenario,seed,driver,samples,total_samples,collisions"))
        #expect(rounds.count == 3 && rounds[2].hasPrefix("1,\(scenario),6,network,"))

        let eval = try runProcess(self.cli, [
            "policy", "eval", "--policy", dir + "/w.safetensors", "--scenario", scenario, "--seeds", "2",
            "--first-seed", "20", "--jobs", "2", "--csv", dir + "/eval.csv",
        ])
        #expect(eval.status == 0, "stderr: \(eval.stderr)")
        #expect(eval.stdout.contains("mean ± 95 %"))
        let csv = try String(contentsOfFile: dir + "/eval.csv", encoding: .utf8).split(separator: "\n")
        #expect(csv.first == "seed,driver,collisions,near_misses,min_ttc_s,hard_brakes,mean_speed_kmh,throughput_veh_h,lane_changes,mean_abs_jerk_mps3,shield_overrides")
        #expect(csv.dropFirst().map { $0.split(separator: ",").prefix(2).joined(separator: ",") } == [
            "20,expert", "20,network", "21,expert", "21,network", "mean,expert", "ci95,expert", "mean,network", "ci95,network",
        ])
        // The expert never meets the shield.
        #expect(csv.count > 1 && csv[1].hasSuffix(",0"))
    }

    @Test("a scenario named twice runs twice per round, 51 seeds apart; --teacher-coolness names the ACC teacher")
    func repeatsAndTeacher() throws {
        let (dir, scenario) = try self.workspace()
        let out = dir + "/acc.safetensors"
        let result = try runProcess(self.cli, [
            "policy", "train", "--scenario", scenario, "--scenario", scenario, "--rounds", "1", "--hidden", "8",
            "--epochs", "1", "--teacher-coolness", "0.8", "--out", out, "--rounds-csv", dir + "/acc-rounds.csv",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let rows = try String(contentsOfFile: dir + "/acc-rounds.csv", encoding: .utf8).split(separator: "\n").dropFirst()
        // The tiny scenario's seed is 5: round 0 at 5 and 56, round 1 at 6 and 57.
        #expect(rows.map { $0.split(separator: ",")[2] } == ["5", "56", "6", "57"], "\(rows)")
        let metadata = try Safetensors.read([UInt8](try Data(contentsOf: URL(fileURLWithPath: out))), path: "acc.safetensors").metadata
        #expect(metadata["teacher"] == "expert-acc-mobil coolness=0.8")
        #expect(metadata["rollouts"]?.contains("round=0 \(scenario) seed=56 driver=expert") == true, "\(metadata)")
    }

    @Test("bad arguments and files give a located error and a non-zero exit")
    func badArguments() throws {
        let (dir, scenario) = try self.workspace()
        let out = dir + "/w.safetensors"
        let cases: [(arguments: [String], status: Int32, message: String)] = [
            (["policy", "train", "--scenario", scenario, "--rounds", "51", "--out", out], 64, "--rounds: 0 to 50, got 51"),
            (["policy", "train", "--scenario", scenario, "--max-samples", "10", "--out", out], 64, "--max-samples: 100 to 5000000, got 10"),
            (["policy", "train", "--scenario", dir + "/missing.yaml", "--out", out], 64, "missing.yaml"),
            (["policy", "train", "--observation", "v1", "--scenario", scenario, "--out", out], 64, "--scenario: observation v1"),
            // Round 0 gives 79 samples, round 1 about as many again.
            (["policy", "train", "--scenario", scenario, "--max-samples", "100", "--epochs", "1", "--hidden", "8", "--out", out], 1,
             "round 1, \(scenario): the data set would hold 1"),
            (["policy", "train", "--scenario", scenario, "--teacher-coolness", "1", "--out", out], 64,
             "--teacher-coolness: 0 to 0.999, got 1.0"),
            (["policy", "train", "--observation", "v1", "--teacher-coolness", "0.5", "--out", out], 64,
             "--teacher-coolness are for observation v2"),
            (["policy", "train"] + Array(repeating: ["--scenario", scenario], count: 20).flatMap { $0 } + ["--out", out], 64,
             "--scenario \(scenario): named 20 times, at most 19"),
            (["policy", "eval", "--policy", out, "--scenario", scenario, "--seeds", "0"], 64, "--seeds: 1 to 1000, got 0"),
            (["policy", "eval", "--policy", dir + "/none.safetensors", "--scenario", scenario], 64, "none.safetensors: "),
            (["policy", "eval", "--policy", scenario, "--scenario", scenario], 64, "\(scenario): "),
        ]
        for c in cases {
            let result = try runProcess(self.cli, c.arguments)
            #expect(result.status == c.status, "\(c.arguments): \(result.stderr)")
            #expect(result.stderr.contains(c.message), "\(c.arguments): \(result.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: out))
    }
}
