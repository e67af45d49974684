import Scenario
import Testing
import V2VSim
import V2VTestSupport
import V2X

@Suite("False hazard warnings (FakeHazard)")
struct FakeHazardTests {
    /// The shipped scenario, the attack from 2 s to 17 s on a unit-disk radio (300 m) to keep the test short.
    func run(verify: String) throws -> RunSummary {
        let scenario = try ScenarioLoader.load(
            path: TestPaths.scenario("attacks/fake-hazard.yaml"),
            overrides: ["duration=17s", "attackers[0].start=2s", "radio.model=unit-disk", "security.verify=" + verify])
        return try Simulation(scenario: scenario).run(recorder: nil)
    }

    func hardBraking(_ s: RunSummary) -> Int { s.incidents.first { $0.kind == "hard_braking" }?.count ?? 0 }

    @Test("verify none: drivers slow for a stopped car that is not there; full: the warning is refuted, dropped, its sender revoked")
    func noneVersusFull() throws {
        let none = try self.run(verify: "none")
        let full = try self.run(verify: "full")
        let attackNone = try #require(none.attacks.first { $0.name == "FakeHazard" })
        let attackFull = try #require(full.attacks.first { $0.name == "FakeHazard" })
        // The same 16 warnings (2 s … 17 s at 1 Hz) go out in both runs.
        #expect(attackNone.sent == 16 && attackFull.sent == 16)

        // none: everybody in range believes it, nobody rejects it, and drivers on the single lane
        // slow and queue for it (some braking hard).
        #expect(attackNone.rejected == 0 && attackNone.actedOn >= 10, "\(attackNone)")
        #expect(none.falseHazards.vehiclesWarnedFalsely >= 10, "\(none.falseHazards)")
        #expect(none.falseHazards.vehiclesBrakedForFalse >= 8, "\(none.falseHazards)")
        #expect(self.hardBraking(none) >= 1, "\(none.incidents)")
        #expect(none.certificatesRevoked == 0)

        // full: the early warnings are believed until evidence comes in, then refuted and reported;
        // three reporters revoke the sender and every believer drops the warning. Until then a
        // believer may already slow for it, never more of them than without verification.
        #expect(full.falseHazards.vehiclesBrakedForFalse * 3 <= none.falseHazards.vehiclesBrakedForFalse, "\(full.falseHazards)")
        // What verification buys on the single-lane road: traffic keeps its speed.
        let speedNone = try #require(none.falseHazards.meanSpeed)
        let speedFull = try #require(full.falseHazards.meanSpeed)
        #expect(speedFull > speedNone + 1.5, "mean speed none \(speedNone) m/s, full \(speedFull) m/s")
        #expect(self.hardBraking(full) == 0, "\(full.incidents)")
        #expect(full.certificatesRevoked == 1)
        #expect(full.falseHazards.falseBeliefsDropped == full.falseHazards.vehiclesWarnedFalsely)
        #expect(full.falseHazards.genuineBeliefsDropped == 0)
        #expect(attackFull.rejected > attackFull.accepted, "\(attackFull)")
        #expect(full.rejectedByReason.contains { $0.reason.hasPrefix("implausible_hazard_") }, "\(full.rejectedByReason)")
        let detection = try #require(full.detection.first { $0.name == "FakeHazard" })
        #expect(detection.truePositives > 0 && detection.detected == 1 && detection.revoked == 1, "\(detection)")
        #expect(full.detectionTotals.falsePositives == 0 && detection.precision == 1)
    }
}
