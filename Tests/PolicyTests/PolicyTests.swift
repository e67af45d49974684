import Foundation
import SimKernel
import Testing
import Traffic
@testable import NeuralNet
@testable import Policy

@Suite("Driving policies")
struct PolicyTests {
    @Test("the expert policy is IDM with the observation's desired speed")
    func expertIsIDM() {
        let expert = ExpertPolicy(parameters: IDMParameters())
        let o = Observation(speed: 20, desiredSpeed: 30, gap: 25, leaderSpeed: 18)
        var p = IDMParameters()
        p.desiredSpeed = 30
        #expect(expert.acceleration(for: o) == IntelligentDriverModel.acceleration(parameters: p, speed: 20, gap: 25, leaderSpeed: 18))
    }

    @Test("an MLP evaluates as computed by hand")
    func handComputed() {
        // 2 → 2 (ReLU) → 1: h = relu([1·x0 − 1·x1 + 0.5, 2·x0 + 0·x1 − 3]); y = 1·h0 + 0.5·h1 + 0.25
        let net = MultilayerPerceptron(layers: [
            .init(inputs: 2, outputs: 2, weights: [1, -1, 2, 0], biases: [0.5, -3]),
            .init(inputs: 2, outputs: 1, weights: [1, 0.5], biases: [0.25]),
        ])
        #expect(net.evaluate([1, 2]) == [0.25])            // h = [0, 0]
        #expect(net.evaluate([3, 1]) == [2.5 + 1.5 + 0.25]) // h = [2.5, 3]
    }

    @Test("backpropagation matches finite differences")
    func gradientCheck() {
        var rng = RandomStream(seed: 5)
        let net = BehaviourCloning.initialNetwork(sizes: [4, 5, 3, 1], rng: &rng)
        let batch = (0..<6).map { _ in ((0..<4).map { _ in rng.uniform(in: -1..<1) }, rng.uniform(in: -2..<2)) }
        let (_, gradient) = Backpropagation.lossAndGradient(net, batch: batch)
        func loss(_ n: MultilayerPerceptron) -> Double { Backpropagation.lossAndGradient(n, batch: batch).loss }
        let h = 1e-6
        for k in net.layers.indices {
            for i in net.layers[k].weights.indices {
                var plus = net
                var minus = net
                plus.layers[k].weights[i] += h
                minus.layers[k].weights[i] -= h
                let numeric = (loss(plus) - loss(minus)) / (2 * h)
                #expect(abs(numeric - gradient[k].weights[i]) < 1e-5, "layer \(k) weight \(i)")
            }
        }
    }

    @Test("behaviour cloning learns IDM far better than a constant guess, and is reproducible")
    func cloning() {
        var settings = BehaviourCloning.Settings()
        settings.hiddenLayers = [16, 16]
        settings.trainingSamples = 3_000
        settings.validationSamples = 1_000
        settings.epochs = 20
        let bc = BehaviourCloning(teacher: ExpertPolicy(parameters: IDMParameters()), desiredSpeed: 120 / 3.6, settings: settings)
        let (a, report) = bc.train()
        let (b, _) = bc.train()
        #expect(a == b)
        #expect(report.trainingLoss.last! < report.trainingLoss.first!)
        // Baseline: always predicting the mean target of fresh samples.
        var rng = RandomStream(seed: 99)
        let samples = (0..<2_000).map { _ in bc.sample(&rng) }
        let mean = samples.map(\.target).reduce(0, +) / Double(samples.count)
        let baseline = samples.map { abs($0.target - mean) }.reduce(0, +) / Double(samples.count)
        #expect(report.validationMeanAbsoluteError < 0.3 * baseline,
                "MAE \(report.validationMeanAbsoluteError) vs constant-guess MAE \(baseline)")
    }
}

@Suite("Weights files (safetensors)")
struct WeightsFileTests {
    let net = MultilayerPerceptron(layers: [
        .init(inputs: 4, outputs: 3, weights: (0..<12).map { Double($0) / 8 - 0.75 }, biases: [0.5, -0.25, 1]),
        .init(inputs: 3, outputs: 1, weights: [1, -2, 0.125], biases: [0.0625]),
    ])

    @Test("a written file reads back to the same network (values exact in F32)")
    func roundTrip() throws {
        let bytes = PolicyFile.encode(self.net)
        let policy = try PolicyFile.decode(bytes, path: "x.safetensors")
        #expect(policy.network == self.net)
        #expect(PolicyFile.encode(policy.network) == bytes)
        // The header length prefix and a JSON header that names our tensors, padded to 8 bytes.
        let n = Int(bytes[0]) | Int(bytes[1]) << 8
        #expect(n % 8 == 0)
        let header = String(decoding: bytes[8..<(8 + n)], as: UTF8.self)
        #expect(header.contains("\"layers.0.weight\":{\"dtype\":\"F32\",\"shape\":[3,4],\"data_offsets\":[12,60]}"))
        #expect(header.contains("\"format\":\"v2vsim-mlp-1\""))
        #expect(bytes.count == 8 + n + 4 * (12 + 3 + 3 + 1))
    }

    func expectError(_ bytes: [UInt8], contains text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            _ = try PolicyFile.decode(bytes, path: "w.safetensors")
            Issue.record("accepted a bad file", sourceLocation: sourceLocation)
        } catch {
            #expect(error.description.hasPrefix("w.safetensors: "), sourceLocation: sourceLocation)
            #expect(error.description.contains(text), "\(error.description)", sourceLocation: sourceLocation)
        }
    }

    func file(header: String, data: [UInt8]) -> [UInt8] {
        let n = UInt64(header.utf8.count)
        return (0..<8).map { UInt8(truncatingIfNeeded: n >> (8 * UInt64($0))) } + Array(header.utf8) + data
    }

    @Test("bad files get a clear error naming the file")
    func badFiles() {
        let meta = "\"__metadata__\":{\"format\":\"v2vsim-mlp-1\",\"features\":\"observation-v1\"}"
        self.expectError([1, 2, 3], contains: "shorter than the 8-byte header")
        self.expectError([255, 255, 255, 255, 0, 0, 0, 0, 1], contains: "header length")
        self.expectError(self.file(header: "{nope", data: []), contains: "not valid JSON")
        self.expectError(self.file(header: "[1,2]", data: []), contains: "not a JSON object")
        self.expectError(self.file(header: "{\(meta),\"layers.0.weight\":{\"dtype\":\"I8\",\"shape\":[1,4],\"data_offsets\":[0,4]}}", data: [0, 0, 0, 0]),
                         contains: "dtype I8 is not supported")
        self.expectError(self.file(header: "{\(meta),\"layers.0.weight\":{\"dtype\":\"F32\",\"shape\":[1,4],\"data_offsets\":[0,160]}}", data: [0, 0, 0, 0]),
                         contains: "outside the 4-byte data section")
        self.expectError(self.file(header: "{\(meta),\"layers.0.weight\":{\"dtype\":\"F32\",\"shape\":[1,4],\"data_offsets\":[0,12]}}", data: [UInt8](repeating: 0, count: 12)),
                         contains: "needs 4 × 4 bytes")
        self.expectError(self.file(header: "{\(meta),\"layers.0.weight\":{\"dtype\":\"F32\",\"shape\":[1,4],\"data_offsets\":[0,16]}}", data: [UInt8](repeating: 0, count: 16)),
                         contains: "layers.0.bias is missing")
        self.expectError(self.file(header: "{\"layers.0.weight\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", data: [0, 0, 0, 0]),
                         contains: "not a v2vsim policy")
        var nan = PolicyFile.encode(self.net)
        nan[nan.count - 1] = 0x7F; nan[nan.count - 2] = 0xC0  // last float becomes NaN
        self.expectError(nan, contains: "not finite")
        var trailing = PolicyFile.encode(self.net)
        trailing.append(0)
        self.expectError(trailing, contains: "belong to none")
    }

    @Test("random bytes and truncations never crash the reader", arguments: 0..<100)
    func fuzz(seed: UInt64) {
        var rng = RandomStream(seed: seed)
        var bytes = PolicyFile.encode(self.net)
        let cut = Int(rng.integer(below: UInt64(bytes.count)))
        if seed % 2 == 0 { bytes = Array(bytes.prefix(cut)) } else {
            for _ in 0..<4 { bytes[Int(rng.integer(below: UInt64(bytes.count)))] ^= UInt8(truncatingIfNeeded: rng.next() | 1) }
        }
        _ = try? PolicyFile.decode(bytes, path: "f.safetensors")
    }
}
