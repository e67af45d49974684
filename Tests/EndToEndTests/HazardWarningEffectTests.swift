import Scenario
import Testing
import V2VSim
import V2VTestSupport

/// What hazard warnings change in driving, against the same run with `warn: false`.
@Suite("Hazard warnings change driving (DENM effect)")
struct HazardWarningEffectTests {
    /// hazard.yaml, lighter, until 7 s after the stopped vehicle appears (at 5 s here instead of 15 s), without a trace.
    func run(warn: Bool, extra: [String] = []) throws -> RunSummary {
        let scenario = try ScenarioLoader.load(
            path: TestPaths.scenario("hazard.yaml"),
            overrides: ["duration=12s", "road.hazards[0].at=5s", "traffic[0].count=60", "road.hazards[0].warn=\(warn)"] + extra)
        return try Simulation(scenario: scenario).run(recorder: nil)
    }

    @Test("with warnings some drivers slow down or leave the blocked lane before their own sensor sees the obstacle; without, nobody does; past its validity a warning is dropped")
    func actBeforeSensing() throws {
        let on = try self.run(warn: true)
        let off = try self.run(warn: false)
        #expect(on.hazardWarnings.sent == 1 && off.hazardWarnings.sent == 0)
        #expect(on.hazardWarnings.actedBeforeSensing > 0, "\(on.hazardWarnings)")
        #expect(off.hazardWarnings.actedBeforeSensing == 0)
        #expect(!on.incidents.contains { $0.kind == "collision" }, "\(on.incidents)")
        #expect(!off.incidents.contains { $0.kind == "collision" }, "\(off.incidents)")
        #expect(on.eventDigest != off.eventDigest, "the warning changed the run")

        // Drivers that do not use V2V (policy_v2v: false) hear the warning but act only on their sensors.
        let blind = try self.run(warn: true, extra: ["traffic[0].policy_v2v=false"])
        #expect(blind.hazardWarnings.sent == 1 && blind.hazardWarnings.actedBeforeSensing == 0, "\(blind.hazardWarnings)")

        let brief = try self.run(warn: true, extra: ["security.denm_validity=1s"])
        #expect(brief.hazardWarnings.sent == on.hazardWarnings.sent)
        #expect(brief.eventDigest != on.eventDigest, "expiry changed what drivers did")
        #expect(brief.hazardWarnings.actedBeforeSensing <= on.hazardWarnings.actedBeforeSensing)
    }
}
