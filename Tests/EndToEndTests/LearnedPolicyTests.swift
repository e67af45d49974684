import Foundation
import Ledger
import NeuralNet
import Policy
import Scenario
import Testing
import Trace
import V2VCrypto
import V2VSim
import V2VTestSupport

@Suite("Learned policies in a run")
struct LearnedPolicyTests {
    /// The quick scenario with its cars driven by `policy`.
    func scenario(policy: String) -> String {
        """
        name: mlp
        seed: 3
        duration: 6s
        road: { kind: highway, length: 1.5km, lanes: 2 }
        traffic:
          - { type: car, count: 30, policy: \(policy) }
        """
    }

    @Test("the shipped behaviour-cloned policy drives a run without collisions, and the FCD names it")
    func shippedPolicyDrives() throws {
        let weights = TestPaths.repositoryRoot.appendingPathComponent("Policies/idm-clone.safetensors").path
        let loaded = try ScenarioLoader.load(text: self.scenario(policy: weights), path: "mlp.yaml")
        // Scenario keeps where the file is named (the value's line and column), not the weights.
        #expect(loaded.policyReferences == [
            PolicyReference(path: weights, group: 0, file: "mlp.yaml", line: 6, column: 37, field: "traffic[0].policy")
        ])
        let policies = try LearnedPolicies.load(for: loaded)
        #expect(policies[weights]?.network.inputCount == 4)
        let dir = try TestPaths.temporaryDirectory("mlp")
        let recorder = try TraceRecorder(path: dir + "/trace.sqlite", meta: TraceMeta(
            scenarioName: "mlp", scenarioText: loaded.sourceText, seed: loaded.seed, programVersion: Simulation.programVersion))
        let summary = try Simulation(scenario: loaded, policies: policies).run(recorder: recorder)
        try recorder.finish(summary: summary.metaEntries)
        #expect(!summary.incidents.contains { $0.kind == "collision" })
        let rows = try TraceReader(path: dir + "/trace.sqlite").vehicles()
        #expect(rows.allSatisfy { $0.policy == weights })
        // The network drives: speeds change over the run and stay physical.
        #expect(rows.contains { $0.accel != 0 })
        #expect(rows.allSatisfy { $0.speed >= 0 && $0.speed < 40 })

        // Every vehicle registered its pseudonym with the SHA-256 of the weights file, provably.
        let fileDigest = SHA256.hash([UInt8](try Data(contentsOf: URL(fileURLWithPath: weights))))
        let ledger = try TraceLedger.load(path: dir + "/trace.sqlite")
        let registrations = ledger.blocks.flatMap { $0?.leaves ?? [] }.compactMap { leaf -> RegistrationLeaf? in
            if case let .registration(r)? = try? leaf.content() { return r }
            return nil
        }
        #expect(!registrations.isEmpty)
        #expect(registrations.allSatisfy { $0.model == fileDigest })
        let first = try #require(registrations.first)
        let proofs = ledger.proofs(kind: .registration, certificate: first.certificate)
        #expect(proofs.count == 1 && proofs[0].proof.problem(committee: ledger.committee) == nil)
    }

    @Test("a policy that does not match the expert gives a different run from the expert's")
    func policyMatters() throws {
        // A network that always brakes gently: weights zero, bias −0.5 m/s².
        let net = MultilayerPerceptron(layers: [.init(inputs: 4, outputs: 1, weights: [0, 0, 0, 0], biases: [-0.5])])
        let dir = try TestPaths.temporaryDirectory("brake")
        let path = dir + "/brake.safetensors"
        try Data(PolicyFile.encode(net)).write(to: URL(fileURLWithPath: path))
        let brakingScenario = try ScenarioLoader.load(text: self.scenario(policy: path), path: "b.yaml")
        let braking = try Simulation(scenario: brakingScenario, policies: LearnedPolicies.load(for: brakingScenario)).run(recorder: nil)
        let expert = try Simulation(scenario: ScenarioLoader.load(text: self.scenario(policy: "expert"), path: "e.yaml")).run(recorder: nil)
        #expect(braking.eventDigest != expert.eventDigest)
    }

    @Test("a missing or broken weights file is a located error once the weights are loaded above Scenario")
    func badWeights() throws {
        let dir = try TestPaths.temporaryDirectory("badw")
        let broken = dir + "/broken.safetensors"
        try Data([1, 2, 3]).write(to: URL(fileURLWithPath: broken))
        for (path, text) in [(dir + "/none.safetensors", "cannot read the file"), (broken, "shorter than the 8-byte header")] {
            do {
                // Scenario only keeps the reference; the file is read by LearnedPolicies.
                let scenario = try ScenarioLoader.load(text: self.scenario(policy: path), path: "w.yaml")
                _ = try LearnedPolicies.load(for: scenario)
                Issue.record("accepted \(path)")
            } catch {
                #expect(error.description.hasPrefix("w.yaml:6:37: traffic[0].policy: cannot use this policy: \(path): "), "\(error.description)")
                #expect(error.description.contains("traffic[0].policy"))
                #expect(error.description.contains(text), "\(error.description)")
            }
        }
    }
}
