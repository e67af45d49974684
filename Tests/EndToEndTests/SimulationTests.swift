import Foundation
import Scenario
import Testing
import Trace
import V2VSim
import V2VTestSupport

@Suite("Simulation outcomes")
struct SimulationTests {
    @Test("an honest run: most receptions accepted, only unknown_signer rejections, blocks final, no collisions")
    func honestRun() throws {
        let scenario = try ScenarioLoader.load(path: TestPaths.scenario("quick.yaml"))
        let s = try Simulation(scenario: scenario).run(recorder: nil)
        #expect(s.vehiclesSpawned == 40)
        // At most 40 vehicles × 10 Hz × 8 s; the leading cars drive off the 1.5 km road's end and fall silent.
        #expect((2800...3200).contains(s.messagesSent), "sent \(s.messagesSent)")
        #expect(s.vehiclesAtEnd < 40)
        #expect(s.accepted > s.vehicleReceptions * 8 / 10)
        // Without attackers the only honest rejection is a digest heard before its certificate.
        #expect(s.rejectedByReason.map(\.reason).allSatisfy { $0 == "unknown_signer" })
        // Outcome counts are those of vehicle receptions; RSUs are counted apart.
        #expect(s.accepted + s.rejected == s.vehicleReceptions)
        // A proposal every 500 ms from t = 0.5 s; the one at 8.0 s would be final 10 ms after the run ends.
        #expect(s.blocksFinal == 15)
        #expect(s.leavesAnchored > 0)
        #expect(!s.incidents.contains { $0.kind == "collision" })
        // Every message is signed once; the memo keeps verify calls near one per distinct frame.
        #expect(s.signCalls >= s.messagesSent)
        #expect(s.verifyCalls < s.accepted)
        #expect(s.latencyP50 != nil)
    }

    @Test("latency is at least sign + access + airtime + verify, and grows with verification cost")
    func latencyFloor() throws {
        let cheap = try ScenarioLoader.load(path: TestPaths.scenario("quick.yaml"), overrides: ["duration=3s"])
        let dear = try ScenarioLoader.load(
            path: TestPaths.scenario("quick.yaml"), overrides: ["duration=3s", "security.costs.verify=2ms"])
        let a = try Simulation(scenario: cheap).run(recorder: nil)
        let b = try Simulation(scenario: dear).run(recorder: nil)
        // 50 µs sign + 100 µs access + airtime of a 112-byte frame (40 + 8·⌈(16+8·148+6)/48⌉ = 248 µs) + 120 µs verify.
        #expect(a.latencyP50! >= 0.50)
        #expect(b.latencyP50! > a.latencyP50! + 1.8)
    }

    @Test("verify none: every reception is unchecked and nothing is rejected")
    func noVerification() throws {
        let scenario = try ScenarioLoader.load(
            path: TestPaths.scenario("quick.yaml"), overrides: ["duration=2s", "security.verify=none"])
        let s = try Simulation(scenario: scenario).run(recorder: nil)
        #expect(s.accepted == 0)
        #expect(s.rejected == 0)
        #expect(s.unchecked == s.vehicleReceptions)
    }
}
