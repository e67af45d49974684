import Foundation
import NeuralNet
import Policy
import SimKernel
import Traffic
import V2VSim

/// Batched inference of an observation v2 policy: the network alone over 1000 rows, then the same
/// network driving every vehicle of a traffic-only run, so that inference can be compared with the
/// whole tick it is part of.
enum PolicyBench {
    /// The benchmark network: 36 → 64 → 64 → 4, He-initialised from a fixed seed (its weights do not
    /// change the cost; the shape does).
    static func network() -> MultilayerPerceptron {
        var rng = RandomStream.derived(seed: 1, component: "bench-policy")
        var layers: [DenseLayer] = []
        let sizes = [ObservationV2.featureCount, 64, 64, ObservationVersion.v2.outputCount]
        for (inputs, outputs) in zip(sizes, sizes.dropFirst()) {
            let limit = (6.0 / Double(inputs)).squareRoot()
            let weights = (0..<(inputs * outputs)).map { _ in rng.uniform(in: -limit..<limit) }
            layers.append(DenseLayer(inputs: inputs, outputs: outputs, weights: weights, biases: .init(repeating: 0, count: outputs)))
        }
        return MultilayerPerceptron(layers: layers)
    }

    static func run(
        rows: Int, batches: Int, trafficScenario: String, duration: String, directory: String, report: BenchReport
    ) throws {
        let network = Self.network()
        let policy = MLPPolicy(network: network, name: "bench-v2", observation: .v2)
        var rng = RandomStream.derived(seed: 2, component: "bench-policy-rows")
        let features = (0..<(rows * ObservationV2.featureCount)).map { _ in rng.uniform() }
        var outputs = [Double](repeating: 0, count: rows * ObservationVersion.v2.outputCount)
        var scratch = [Double](repeating: 0, count: network.scratchCount)
        var actions = [LearnedDecision](repeating: LearnedDecision(acceleration: 0), count: rows)
        var checksum = 0.0
        let timed = BenchClock.measure {
            features.withUnsafeBufferPointer { f in
                outputs.withUnsafeMutableBufferPointer { o in
                    scratch.withUnsafeMutableBufferPointer { s in
                        actions.withUnsafeMutableBufferPointer { a in
                            for _ in 0..<batches {
                                policy.decide(features: f, rows: rows, outputs: o, scratch: s, into: a)
                                checksum += a[rows - 1].acceleration
                            }
                        }
                    }
                }
            }
        }
        precondition(checksum.isFinite)
        let perBatch = timed.seconds / Double(batches)
        report.emit("policy_inference", [
            ("network", .string(network.widths.map(String.init).joined(separator: "-"))),
            ("parameters", .integer(network.parameterCount)), ("rows", .integer(rows)), ("batches", .integer(batches)),
            ("decisions_per_s", .number(Double(rows * batches) / timed.seconds, decimals: 0)),
            ("batch_us", .number(perBatch * 1e6, decimals: 1)),
        ])

        // The same network drives every vehicle: perception, observation v2, inference, shield.
        let weights = directory + "/bench-v2.safetensors"
        guard FileManager.default.createFile(atPath: weights, contents: Data(PolicyFile.encode(network, observation: .v2))) else {
            throw BenchFailure(message: "cannot write \(weights)")
        }
        defer { try? FileManager.default.removeItem(atPath: weights) }
        let scenario = try SimulationBench.load(
            trafficScenario, overrides: ["beacons.enabled=false", "duration=\(duration)", "traffic[0].policy=\(weights)"])
        let driven = try BenchClock.measure { try SimulationBench.simulation(scenario).run(recorder: nil) }
        let steps = Double(scenario.duration.nanoseconds / scenario.step.nanoseconds)
        let decisions = driven.result.shield.decisions
        let tick = driven.seconds / steps
        // Inference per tick at the run's mean batch, at the rate measured above.
        let inferencePerTick = Double(decisions) / steps * perBatch / Double(rows)
        report.emit("policy_traffic", [
            ("scenario", .string(scenario.name)), ("simulated_s", .number(scenario.duration.seconds, decimals: 1)),
            ("v2_decisions", .integer(decisions)), ("wall_s", .number(driven.seconds)),
            ("tick_ms", .number(tick * 1e3)), ("inference_ms_per_tick", .number(inferencePerTick * 1e3)),
            ("inference_share", .number(inferencePerTick / tick, decimals: 3)),
            ("shield_overrides", .integer(driven.result.shield.overrides)),
            ("lane_change_overrides", .integer(driven.result.shield.laneChangeOverrides)),
        ])
    }
}
