import Foundation
import Policy
import Scenario
import SimKernel
import Testing
import Traffic
import V2VSim

/// Behaviour cloning for observation v2 from expert rollouts in the simulator.
@Suite("Expert rollouts and v2 behaviour cloning")
struct ExpertRolloutTests {
    static let text = """
        name: rollout
        seed: 4
        duration: 3s
        road: { kind: highway, length: 1km, lanes: 2 }
        traffic:
          - { type: car, count: 12, policy: expert }
        """

    func rollout() throws -> (samples: [BehaviourCloningV2.Sample], digest: String) {
        let scenario = try ScenarioLoader.load(text: Self.text, path: "rollout.yaml")
        let simulation = Simulation(scenario: scenario)
        let rollout = ExpertRollout(interval: .milliseconds(500))
        simulation.expertRollout = rollout
        let summary = try simulation.run(recorder: nil)
        return (rollout.samples, summary.eventDigest)
    }

    @Test("sampling leaves the run unchanged; the same rollouts and seed give the same weights, bit for bit")
    func reproducible() throws {
        let (samples, digest) = try self.rollout()
        let plain = try Simulation(scenario: ScenarioLoader.load(text: Self.text, path: "rollout.yaml")).run(recorder: nil)
        #expect(digest == plain.eventDigest)
        // Steps at 0.5, 1.0, … 3.0 s, each with every car still on the 1 km road.
        #expect(samples.count >= 5 * 10 && samples.count <= 6 * 12)
        #expect(samples.allSatisfy { $0.features.count == 36 && MLPPolicy.accelerationRange.contains($0.acceleration) })
        let (again, _) = try self.rollout()
        #expect(again == samples)

        var settings = BehaviourCloningV2.Settings()
        settings.hiddenLayers = [8]
        settings.epochs = 3
        let first = BehaviourCloningV2(settings: settings).train(samples)
        let second = BehaviourCloningV2(settings: settings).train(again)
        #expect(PolicyFile.encode(first.network, observation: .v2) == PolicyFile.encode(second.network, observation: .v2))
        #expect(first.report.trainingLoss.count == 3 && first.report.trainingLoss.last! < first.report.trainingLoss.first!)
    }

    @Test("the loss is squared acceleration error plus the lane cross-entropy, with its exact gradient")
    func loss() {
        let sample = BehaviourCloningV2.Sample(features: [], acceleration: 1, lane: .left)
        // Outputs: acceleration 0.5; logits left 0, keep 0, right 0: softmax 1/3 each.
        let (loss, gradient) = BehaviourCloningV2.loss(sample, outputs: [0.5, 0, 0, 0])
        #expect(abs(loss - (0.25 + Foundation.log(3.0))) < 1e-12)
        #expect(abs(gradient[0] - -1) < 1e-12)
        #expect(abs(gradient[1] - (1.0 / 3 - 1)) < 1e-12 && abs(gradient[2] - 1.0 / 3) < 1e-12 && abs(gradient[3] - 1.0 / 3) < 1e-12)
    }
}
