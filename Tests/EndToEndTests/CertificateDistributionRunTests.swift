import Scenario
import Testing
import V2VSim
import V2VTestSupport

@Suite("Peer-to-peer certificate distribution in a run")
struct CertificateDistributionRunTests {
    static func unknownSigners(_ s: RunSummary) -> Int {
        s.rejectedByReason.first { $0.reason == "unknown_signer" }?.count ?? 0
    }

    @Test("on the quick scenario, requests and answers cut unknown_signer rejections by at least 90 %")
    func reduction() throws {
        let on = try ScenarioLoader.load(path: TestPaths.scenario("quick.yaml"))
        let off = try ScenarioLoader.load(path: TestPaths.scenario("quick.yaml"), overrides: ["security.p2p_certificates=false"])
        let a = try Simulation(scenario: on).run(recorder: nil)
        let b = try Simulation(scenario: off).run(recorder: nil)
        let with = Self.unknownSigners(a)
        let without = Self.unknownSigners(b)
        #expect(without > 100, "the scenario must have unknown signers to remove: \(without)")
        #expect(with * 10 <= without, "unknown_signer with p2p \(with), without \(without)")
        // The feature only adds: honest runs still reject nothing but unknown signers.
        #expect(a.rejectedByReason.allSatisfy { $0.reason == "unknown_signer" })
        // Same scenario and seed again: the same run, event for event.
        let again = try Simulation(scenario: on).run(recorder: nil)
        #expect(again.eventDigest == a.eventDigest)
        #expect(again.messagesSent == a.messagesSent)
    }
}
