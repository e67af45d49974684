import Foundation
import NeuralNet
import Policy
import Scenario
import Testing
import Trace
import Traffic
import V2VSim
import V2VTestSupport

/// A lane-choosing (observation v2) weights file drives a run end to end through the shield.
@Suite("Observation v2 policies in a run")
struct LearnedPolicyV2Tests {
    /// A hand-set 36 → 3 → 4 network: accelerates at 0.5 m/s² per m/s below its desired speed
    /// (brakes likewise above it), and wants the left lane when its own leader is nearer than
    /// 133 m (left logit 3 − 3·gap/200 against keep's 1). The shield keeps it safe.
    static let network: MultilayerPerceptron = {
        var hidden = [Double](repeating: 0, count: 3 * 36)
        hidden[0 * 36 + 0] = -40
        hidden[0 * 36 + 1] = 40  // relu(v0 − v)
        hidden[1 * 36 + 0] = 40
        hidden[1 * 36 + 1] = -40  // relu(v − v0)
        hidden[2 * 36 + 7] = 1  // own leader's gap / 200
        let output: [Double] = [0.5, -0.5, 0, 0, 0, -3, 0, 0, 0, 0, 0, 0]
        return MultilayerPerceptron(layers: [
            DenseLayer(inputs: 36, outputs: 3, weights: hidden, biases: [0, 0, 0]),
            DenseLayer(inputs: 3, outputs: 4, weights: output, biases: [0, 3, 1, 0]),
        ])
    }()

    func scenario(policy: String) -> String {
        """
        name: v2
        seed: 5
        duration: 4s
        road: { kind: highway, length: 1.5km, lanes: 2 }
        traffic:
          - { type: car, count: 24, policy: \(policy) }
        """
    }

    @Test("a v2 file loads and drives: deterministic digests, shield counts, decisions recorded with observation v2 and the action")
    func drives() throws {
        let dir = try TestPaths.temporaryDirectory("v2drive")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/lanes.safetensors"
        try Data(PolicyFile.encode(Self.network, observation: .v2)).write(to: URL(fileURLWithPath: path))
        let scenario = try ScenarioLoader.load(text: self.scenario(policy: path), path: "v2.yaml")
        let policies = try LearnedPolicies.load(for: scenario)
        #expect(policies[path]?.observation == .v2)
        let recorder = try TraceRecorder(path: dir + "/trace.sqlite", meta: TraceMeta(
            scenarioName: "v2", scenarioText: scenario.sourceText, seed: scenario.seed, programVersion: Simulation.programVersion))
        let first = try Simulation(scenario: scenario, policies: policies).run(recorder: recorder)
        try recorder.finish(summary: first.metaEntries)
        // Again on two threads (signature checks off the main thread): the same run, bit for bit.
        let twoThreads = Simulation(scenario: scenario, policies: policies)
        twoThreads.useThreads(2)
        let second = try twoThreads.run(recorder: nil)
        #expect(first.eventDigest == second.eventDigest)
        #expect(first.shield == second.shield)
        #expect(!first.incidents.contains { $0.kind == "collision" })
        // The network decided for every vehicle at every 0.1 s step (a few left at the road's end).
        #expect(first.shield.decisions > 20 * 39 && first.shield.decisions <= 24 * 40)
        #expect(first.shield.laneChangesChosen > 0)
        #expect(first.metaEntries["summary.shield.decisions"] == String(first.shield.decisions))

        let rows = try TraceReader(path: dir + "/trace.sqlite").decisions()
        #expect(!rows.isEmpty)
        for row in rows {
            #expect(row.observationVersion == "observation-v2" && row.observation.count == 36)
            let outputs = Self.network.evaluate(row.observation)
            #expect(row.output.bitPattern == outputs[0].bitPattern)
            let choice = outputs.withUnsafeBufferPointer { MLPPolicy.action(outputs: $0) }
            #expect(row.laneChoice == choice.lane?.rawValue && row.acceleration == choice.acceleration)
            let shield = ShieldOverride(rawValue: UInt8(row.shield))
            #expect(row.shieldedAcceleration != nil && (row.laneChange != 0) == (row.laneChoice != 0 && !shield.contains(.laneChange)))
        }
        // Trying the left lane from the left lane is refused by the shield.
        #expect(rows.contains { $0.observation[4] == 0 && $0.laneChoice == 1 && $0.shield & 4 != 0 })
    }
}
