import SimKernel
import Testing
import Traffic
@testable import NeuralNet
@testable import Policy

/// The batch call the traffic tick makes once per policy and step.
@Suite("Batch decide")
struct BatchDecideTests {
    /// Observations over the whole input range: free road, close gaps, closing and opening.
    static func observations(count: Int, seed: UInt64) -> [Observation] {
        var stream = RandomStream.derived(seed: seed, component: "test-observations")
        return (0..<count).map { k in
            Observation(
                speed: stream.uniform(in: 0..<40), desiredSpeed: stream.uniform(in: 10..<40),
                gap: k % 5 == 0 ? nil : stream.uniform(in: 0..<300), leaderSpeed: stream.uniform(in: 0..<40))
        }
    }

    /// A 4 → 16 → 8 → 1 network with seeded weights, large enough that outputs get clamped too.
    static func network(seed: UInt64) -> MultilayerPerceptron {
        var stream = RandomStream.derived(seed: seed, component: "test-weights")
        func layer(_ inputs: Int, _ outputs: Int) -> MultilayerPerceptron.Layer {
            .init(
                inputs: inputs, outputs: outputs,
                weights: (0..<(inputs * outputs)).map { _ in stream.uniform(in: -2..<2) },
                biases: (0..<outputs).map { _ in stream.uniform(in: -1..<1) })
        }
        return MultilayerPerceptron(layers: [layer(4, 16), layer(16, 8), layer(8, 1)])
    }

    @Test("an MLP's batch equals its row-by-row actions bit for bit, whatever the batch's order", arguments: [1, 2, 3] as [UInt64])
    func mlpBatch(seed: UInt64) {
        let policy = MLPPolicy(network: Self.network(seed: seed), name: "test")
        let observations = Self.observations(count: 257, seed: seed)
        var actions = [DrivingAction](repeating: .none, count: observations.count)
        policy.decide(observations, into: &actions)
        let single = observations.map { policy.acceleration(for: $0) }
        #expect(actions.map(\.acceleration) == single, "seed \(seed)")
        #expect(Set(single).count > 50, "the network gives distinct outputs, so a mix-up would show")
        #expect(single.contains(MLPPolicy.accelerationRange.lowerBound) || single.contains(MLPPolicy.accelerationRange.upperBound))
        // Reversed batch: each row on its own.
        var reversed = [DrivingAction](repeating: .none, count: observations.count)
        policy.decide(Array(observations.reversed()), into: &reversed)
        #expect(reversed.reversed().map(\.acceleration) == single)
    }

    @Test("the expert's batch is IDM row by row")
    func expertBatch() {
        let expert = ExpertPolicy(parameters: IDMParameters())
        let observations = Self.observations(count: 50, seed: 9)
        var actions = [DrivingAction](repeating: .none, count: observations.count)
        expert.decide(observations, into: &actions)
        #expect(actions.map(\.acceleration) == observations.map { expert.acceleration(for: $0) })
    }
}
