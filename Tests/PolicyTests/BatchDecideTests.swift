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

@Suite("Observation v2 batch inference")
struct BatchDecideV2Tests {
    @Test("the batch over 37 rows equals each row's own forward pass, bit for bit")
    func batchEqualsRows() {
        var rng = RandomStream.derived(seed: 11, component: "v2-batch-test")
        let network = BehaviourCloning.initialNetwork(sizes: [36, 16, 8, 4], rng: &rng)
        let policy = MLPPolicy(network: network, name: "v2", observation: .v2)
        let rows = 37
        let features = (0..<(rows * 36)).map { _ in rng.uniform(in: -1..<1) }
        var outputs = [Double](repeating: .nan, count: rows * 4)
        var scratch = [Double](repeating: 0, count: network.scratchCount)
        var actions = [LearnedDecision](repeating: LearnedDecision(acceleration: .nan), count: rows)
        features.withUnsafeBufferPointer { f in
            outputs.withUnsafeMutableBufferPointer { o in
                scratch.withUnsafeMutableBufferPointer { s in
                    actions.withUnsafeMutableBufferPointer { a in
                        policy.decide(features: f, rows: rows, outputs: o, scratch: s, into: a)
                    }
                }
            }
        }
        for r in 0..<rows {
            let single = network.evaluate(Array(features[(r * 36)..<((r + 1) * 36)]))
            #expect(Array(outputs[(r * 4)..<((r + 1) * 4)]).map(\.bitPattern) == single.map(\.bitPattern), "row \(r)")
            let expected = single.withUnsafeBufferPointer { MLPPolicy.action(outputs: $0) }
            #expect(actions[r] == expected && actions[r].acceleration.bitPattern == expected.acceleration.bitPattern)
        }
        // Ties go to keep, then left.
        let tie: [Double] = [0, 1, 1, 1]
        #expect(tie.withUnsafeBufferPointer { MLPPolicy.action(outputs: $0) }.lane == .keep)
        let leftRight: [Double] = [0, 2, 1, 2]
        #expect(leftRight.withUnsafeBufferPointer { MLPPolicy.action(outputs: $0) }.lane == .left)
    }
}
