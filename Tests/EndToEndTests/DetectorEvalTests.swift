import Foundation
import Scenario
import Testing
import V2VSim
import V2VTestSupport

/// `v2vsim detector eval`: its figures are the sums of the runs it makes, computed here independently.
@Suite("Detector evaluation")
struct DetectorEvalTests {
    static let overrides = ["duration=2s", "attackers[0].start=500ms"]

    @Test("eval over two seeds sums each seed's counts and takes P, R and F1 of the sums; the CSV says the same")
    func sumsOfRuns() throws {
        let dir = try TestPaths.temporaryDirectory("detector-eval")
        let csv = dir + "/detection.csv"
        let result = try runProcess(TestPaths.cli, [
            "detector", "eval", "--scenario", "Scenarios/attacks/const-pos.yaml", "--seeds", "2", "--jobs", "2",
            "--set", "duration=2s", "--set", "attackers[0].start=500ms", "--csv", csv, "-q", "--model", "none",
        ])
        #expect(result.status == 0, "\(result.stderr)")

        // The same two runs, seeds 11 (the scenario's) and 12.
        var tp = 0, fn = 0, fp = 0, attackers = 0, detected = 0
        for seed in [11, 12] {
            let scenario = try ScenarioLoader.load(
                path: TestPaths.scenario("attacks/const-pos.yaml"), overrides: Self.overrides + ["seed=\(seed)"])
            let summary = try Simulation(scenario: scenario).run(recorder: nil)
            let outcome = try #require(summary.detection.first { $0.name == "ConstPos" })
            tp += outcome.truePositives
            fn += outcome.falseNegatives
            fp += summary.detectionTotals.falsePositives
            attackers += outcome.attackers
            detected += outcome.detected
        }
        #expect(tp > 0 && attackers > 0)
        let precision = Double(tp) / Double(tp + fp)
        let recall = Double(tp) / Double(tp + fn)
        let f1 = 2 * precision * recall / (precision + recall)

        let lines = try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 2, "header and one row (one attack type, so no 'all' row): \(lines)")
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let row = lines[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let field = { (name: String) -> String in row[header.firstIndex(of: name)!] }
        #expect(field("scenario") == "const-pos" && field("attack") == "ConstPos" && field("seeds") == "2")
        #expect(field("detector") == "rules")
        #expect(field("true_positives") == String(tp) && field("false_negatives") == String(fn))
        #expect(field("false_positives") == String(fp))
        #expect(field("attackers") == String(attackers) && field("detected") == String(detected))
        #expect(abs(Double(field("f1"))! - f1) < 1e-6, "f1 \(field("f1")) vs \(f1)")
        #expect(abs(Double(field("recall"))! - recall) < 1e-6)
        #expect(field("honest_revoked") == "0")
        #expect(result.stdout.contains(String(format: "%.3f", f1)), "\(result.stdout)")
    }

    @Test("bad arguments are usage errors naming the option")
    func badArguments() throws {
        let zero = try runProcess(TestPaths.cli, ["detector", "eval", "--seeds", "0"])
        #expect(zero.status == 64 && zero.stderr.contains("--seeds"), "\(zero.stderr)")
        let missing = try runProcess(TestPaths.cli, ["detector", "eval", "--scenario", "no-such.yaml", "--seeds", "1"])
        #expect(missing.status != 0 && missing.stderr.contains("no-such.yaml"), "\(missing.stderr)")
    }

    @Test("an honest scenario gives one 'honest' row: its genuine receptions, false alarms per 1000 and reports are the runs' own")
    func honestRow() throws {
        let dir = try TestPaths.temporaryDirectory("detector-eval-honest")
        let csv = dir + "/honest.csv"
        let result = try runProcess(TestPaths.cli, [
            "detector", "eval", "--scenario", "Scenarios/quick.yaml", "--seeds", "2", "--jobs", "2",
            "--duration", "2s", "--csv", csv, "-q", "--model", "none",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        var genuine = 0, flagged = 0, reports = 0
        for seed in [7, 8] {
            let scenario = try ScenarioLoader.load(
                path: TestPaths.scenario("quick.yaml"), overrides: ["duration=2s", "seed=\(seed)"])
            let totals = try Simulation(scenario: scenario).run(recorder: nil).detectionTotals
            genuine += totals.falsePositives + totals.trueNegatives
            flagged += totals.falsePositives
            reports += totals.reports
        }
        #expect(genuine > 1000)
        let lines = try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 2, "header and one row: \(lines)")
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let row = lines[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let field = { (name: String) -> String in row[header.firstIndex(of: name)!] }
        #expect(field("scenario") == "quick" && field("attack") == "honest" && field("seeds") == "2")
        #expect(field("genuine_receptions") == String(genuine) && field("false_positives") == String(flagged))
        #expect(field("reports") == String(reports) && field("honest_revoked") == "0")
        #expect(abs(Double(field("false_alarms_per_1000"))! - 1000 * Double(flagged) / Double(genuine)) < 1e-6)
        #expect(field("precision") == "" && field("f1") == "")
    }

    @Test("--honest and --scenario exclude each other")
    func honestWithScenario() throws {
        let both = try runProcess(TestPaths.cli, ["detector", "eval", "--honest", "--scenario", "Scenarios/quick.yaml"])
        #expect(both.status == 64 && both.stderr.contains("--honest and --scenario"), "\(both.stderr)")
    }
}
