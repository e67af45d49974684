import Foundation
import Scenario
import Testing
import Trace
import V2VSim
import V2VTestSupport

/// `v2vsim export --veremi`: the run in the VeReMi extension layout, read back by an independent Python
/// reader (Tests/VeReMi/read_veremi.py) and compared with the trace.
@Suite("VeReMi export")
struct VeReMiExportTests {
    static let reader = TestPaths.repositoryRoot.appendingPathComponent("Tests/VeReMi/read_veremi.py").path

    /// ConstPos attackers (10 % of 40 cars) for 3 s, recorded in full.
    static func constPosTrace(_ label: String, overrides: [String] = []) throws -> String {
        let scenario = try ScenarioLoader.load(
            path: TestPaths.scenario("attacks/const-pos.yaml"),
            overrides: ["duration=3s", "attackers[0].start=1s"] + overrides)
        return try recordRun(scenario, label: label).trace
    }

    func readBack(_ directory: String) throws -> [String: Any] {
        let result = try runProcess("/usr/bin/python3", [Self.reader, directory])
        let line = String(result.stdout.split(separator: "\n").last ?? "")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                                  "read_veremi.py printed no report: \(result.stdout) \(result.stderr)")
        #expect(result.status == 0 && report["ok"] as? Bool == true, "\(report)")
        return report
    }

    @Test("the export reads back: one log per vehicle, every delivered CAM once, honest claims equal the truth, attackers labelled")
    func roundTrip() throws {
        let trace = try Self.constPosTrace("veremi")
        let out = (trace as NSString).deletingLastPathComponent + "/veremi"
        let run = try runProcess(TestPaths.cli, ["export", trace, "--veremi", out])
        #expect(run.status == 0, "\(run.stderr)")

        // The same quantities, computed from the trace directly.
        let reader = try TraceReader(path: trace)
        let messages = try reader.messages()
        let cams = Set(messages.filter { $0.messageType == "cam" }.map(\.messageID))
        let delivered = try reader.receptions().filter {
            $0.receiverKind == "vehicle" && $0.radioOutcome == "received" && cams.contains($0.messageID)
        }
        let vehicles = Set(try reader.vehicles().map(\.vehicleID))
        let attackers = Set(messages.compactMap { $0.attacker == nil ? nil : $0.sender })
        #expect(!attackers.isEmpty)

        let report = try self.readBack(out)
        #expect(report["logs"] as? Int == vehicles.count)
        #expect(report["beacons"] as? Int == delivered.count)
        #expect(report["ground_truth"] as? Int == cams.count)
        #expect(report["gps"] as? Int == (try reader.vehicles()).count)
        #expect(report["unmatched_beacons"] as? Int == 0)
        let labels = try #require(report["labels"] as? [String: Int])
        #expect(Set(labels.keys) == Set(attackers.map(String.init)), "file names label exactly the attackers")
        #expect(labels.values.allSatisfy { $0 == 1 }, "ConstPos is VeReMi type 1")
        #expect((report["truth_attackers"] as? [String: Int]) == labels)
        // Honest claims are the true state of the sender's step, up to the CAM's millimetre fixed point;
        // ConstPos attackers claim a fixed point far from where they are.
        let honest = try #require(report["honest_max_position_error"] as? Double)
        #expect(honest < 0.002, "honest claim vs ground truth: \(honest) m")
        let attacking = try #require(report["attacker_mean_position_error"] as? Double)
        #expect(attacking > 50, "ConstPos claim vs ground truth: \(attacking) m")
        #expect(run.stdout.contains("\(vehicles.count) vehicle logs"), "\(run.stdout)")
    }

    @Test("an incomplete trace, a non-empty directory and a non-trace get an error naming the file, and write nothing")
    func badInputs() throws {
        let sampled = try Self.constPosTrace("veremi-sampled", overrides: ["duration=1s", "record.receptions=sample"])
        let dir = (sampled as NSString).deletingLastPathComponent
        let out = dir + "/veremi"
        let partial = try runProcess(TestPaths.cli, ["export", sampled, "--veremi", out])
        #expect(partial.status != 0)
        #expect(partial.stderr.contains("\(sampled): recorded with record.receptions: sample"), "\(partial.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out) && !FileManager.default.fileExists(atPath: out + ".partial"))

        let busy = dir + "/busy"
        try FileManager.default.createDirectory(atPath: busy, withIntermediateDirectories: true)
        try Data("x".utf8).write(to: URL(fileURLWithPath: busy + "/keep.txt"))
        let trace = try Self.constPosTrace("veremi-busy", overrides: ["duration=1s"])
        let refused = try runProcess(TestPaths.cli, ["export", trace, "--veremi", busy])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("\(busy): exists and is not empty"), "\(refused.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: busy) == ["keep.txt"])

        let garbage = dir + "/garbage.sqlite"
        try Data("not a database".utf8).write(to: URL(fileURLWithPath: garbage))
        let notTrace = try runProcess(TestPaths.cli, ["export", garbage, "--veremi", dir + "/out"])
        #expect(notTrace.status != 0)
        #expect(notTrace.stderr.contains(garbage), "\(notTrace.stderr)")
    }
}
