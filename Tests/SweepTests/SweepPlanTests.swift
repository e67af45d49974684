import Foundation
import Testing
import SimKernel
import V2VTestSupport

@testable import Sweep

@Suite("Sweep plans")
struct SweepPlanTests {
    let quick = TestPaths.scenario("quick.yaml")

    @Test("the grid is the product of the axes, the last fastest, seeds innermost, with stable ids")
    func gridOrder() throws {
        let plan = try SweepPlan.plan(SweepRequest(
            scenario: self.quick, vary: ["security.verify=none,full", "road.lanes=1,2,3"], seedCount: 2))
        #expect(plan.runs.count == 12)
        #expect(plan.seeds == [7, 8], "quick.yaml has seed 7: --seeds 2 runs 7 and 8")
        #expect(plan.runs.map(\.id).prefix(3) == ["run-0000", "run-0001", "run-0002"])
        #expect(plan.runs[0].values == ["none", "1"] && plan.runs[0].seed == 7)
        #expect(plan.runs[1].values == ["none", "1"] && plan.runs[1].seed == 8)
        #expect(plan.runs[2].values == ["none", "2"] && plan.runs[2].seed == 7)
        #expect(plan.runs[6].values == ["full", "1"])
        #expect(plan.runs[11].values == ["full", "3"] && plan.runs[11].seed == 8)
        #expect(plan.runs.map(\.index) == Array(0..<12))
    }

    @Test("run ids widen past 9999 runs")
    func idWidth() {
        #expect(SweepPlan.runID(index: 7, count: 10) == "run-0007")
        #expect(SweepPlan.runID(index: 7, count: 10_001) == "run-00007")
    }

    @Test("a run's arguments: record defaults, fixed sets, varied values (last wins), seed")
    func arguments() throws {
        let plan = try SweepPlan.plan(SweepRequest(
            scenario: self.quick, vary: ["security.verify=none,full"], seedList: [3], record: ["fcd=500ms"],
            sets: ["traffic[0].count=10"]))
        #expect(plan.record == ["fcd=1000ms", "radio_losses=false", "fcd=500ms"])
        #expect(plan.arguments(for: plan.runs[1], outputDirectory: "D") == [
            "run", self.quick, "--out", "D", "--quiet", "--set", "record.fcd=1000ms", "--set", "record.radio_losses=false",
            "--set", "record.fcd=500ms", "--set", "traffic[0].count=10", "--set", "security.verify=full", "--seed", "3",
        ])
        let full = try SweepPlan.plan(SweepRequest(scenario: self.quick, vary: [], record: ["full"]))
        #expect(full.record.isEmpty && full.runs.count == 1 && full.seeds == [7])
    }

    @Test("the default fcd interval is the largest multiple of the step up to one second")
    func defaultRecord() {
        #expect(SweepPlan.defaultRecord(step: .milliseconds(100)) == ["fcd=1000ms", "radio_losses=false"])
        #expect(SweepPlan.defaultRecord(step: .milliseconds(300)) == ["fcd=900ms", "radio_losses=false"])
        #expect(SweepPlan.defaultRecord(step: SimTime(nanoseconds: 333_333_333)) == ["fcd=999999999ns", "radio_losses=false"])
    }

    @Test("bad --vary values are rejected with the located errors of --set, naming the --vary, each once")
    func badValues() throws {
        let request = SweepRequest(
            scenario: self.quick, vary: ["security.verify=none,sig", "road.lane=2", "traffic[0].count=5,-3"], seedCount: 3)
        #expect(throws: SweepError.scenario([
            "--vary road.lane=2: road.lane: unknown key 'lane'; did you mean 'lanes'?",
            "--vary traffic[0].count=-3: traffic[0].count: must be a positive integer, got -3",
            "--vary security.verify=sig: security.verify: must be one of none, signature, full, got 'sig'",
        ])) {
            try SweepPlan.plan(request)
        }
    }

    @Test("a field varied twice, seeds given twice, and oversized grids are refused")
    func badArguments() {
        #expect(throws: SweepError.self) { try SweepPlan.plan(SweepRequest(scenario: self.quick, vary: ["road.lanes=1", "road.lanes=2"])) }
        #expect(throws: SweepError.invalidArgument("give --seeds N or --seed-list S1,S2,..., not both")) {
            try SweepPlan.plan(SweepRequest(scenario: self.quick, vary: [], seedCount: 2, seedList: [1]))
        }
        #expect(throws: SweepError.invalidArgument("--seeds 0: must be 1 … 10000")) {
            try SweepPlan.plan(SweepRequest(scenario: self.quick, vary: [], seedCount: 0))
        }
        let many = (1...500).map(String.init).joined(separator: ",")
        #expect(throws: SweepError.invalidArgument("the grid has more than 100000 points × 1 seeds; at most 100000 runs")) {
            try SweepPlan.plan(SweepRequest(scenario: self.quick, vary: ["traffic[0].count=" + many, "seed_unused=" + many]))
        }
    }

    @Test("sweep.json is the same bytes for the same command, and a changed scenario is noticed")
    func planFile() throws {
        let dir = try TestPaths.temporaryDirectory("sweep-plan")
        let copy = dir + "/s.yaml"
        try FileManager.default.copyItem(atPath: self.quick, toPath: copy)
        let request = SweepRequest(scenario: copy, vary: ["security.verify=none,full"], seedCount: 2)
        let a = try SweepPlan.plan(request)
        #expect(try a.json() == SweepPlan.plan(request).json())
        #expect(a.scenarioChange() == nil)
        let layout = SweepLayout(directory: dir + "/sweep")
        try layout.open(a)
        #expect(try SweepPlan.read(directory: layout.directory) == a)
        try (String(contentsOfFile: copy, encoding: .utf8) + "# edited\n").write(toFile: copy, atomically: true, encoding: .utf8)
        #expect(a.scenarioChange()?.contains("the scenario file changed since the sweep was planned") == true)
        let b = try SweepPlan.plan(request)
        #expect(throws: SweepError.self) { try layout.open(b) }
        let other = try SweepPlan.plan(SweepRequest(scenario: copy, vary: ["security.verify=full"], seedCount: 2))
        #expect(other.hasSameDefinition(as: b) == "the --vary arguments differ from the sweep's")
    }
}

