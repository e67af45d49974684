import Testing

@testable import NeuralNet

/// A tiny SplitMix64 (Steele, Lea, Flood 2014) for test weights; NeuralNet depends on nothing.
struct TestDraws {
    var state: UInt64
    mutating func next() -> UInt64 {
        self.state &+= 0x9E37_79B9_7F4A_7C15
        var z = self.state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// Uniform in [-scale, scale).
    mutating func uniform(_ scale: Double) -> Double {
        (Double(self.next() >> 11) / Double(1 << 53) * 2 - 1) * scale
    }

    /// A network with the given widths and weights in ±1.5.
    static func network(_ widths: [Int], seed: UInt64) -> MultilayerPerceptron {
        var draws = TestDraws(state: seed)
        var layers: [DenseLayer] = []
        for (inputs, outputs) in zip(widths, widths.dropFirst()) {
            layers.append(DenseLayer(
                inputs: inputs, outputs: outputs, weights: (0..<(inputs * outputs)).map { _ in draws.uniform(1.5) },
                biases: (0..<outputs).map { _ in draws.uniform(0.5) }))
        }
        return MultilayerPerceptron(layers: layers)
    }
}

@Suite("Batched forward pass")
struct BatchedForwardTests {
    @Test("a 2 → 2 → 1 network evaluates as computed by hand, in both paths")
    func handComputed() {
        // h = relu([1·x0 − 1·x1 + 0.5, 2·x0 + 0·x1 − 3]); y = 1·h0 + 0.5·h1 + 0.25
        let net = MultilayerPerceptron(layers: [
            DenseLayer(inputs: 2, outputs: 2, weights: [1, -1, 2, 0], biases: [0.5, -3]),
            DenseLayer(inputs: 2, outputs: 1, weights: [1, 0.5], biases: [0.25]),
        ])
        #expect(net.evaluate([1, 2]) == [0.25])
        #expect(net.evaluate([3, 1]) == [2.5 + 1.5 + 0.25])
        var outputs = [Double](repeating: .nan, count: 2)
        var scratch = [Double](repeating: 0, count: net.scratchCount)
        net.forward(batch: [1, 2, 3, 1], into: &outputs, scratch: &scratch)
        #expect(outputs == [0.25, 4.25])
    }

    @Test(
        "a batch equals row-by-row evaluation bit for bit, for any batch size and order",
        arguments: [[4, 32, 32, 1], [7, 3, 64, 5], [1, 1], [16, 200, 2]])
    func bitIdentical(widths: [Int]) {
        let net = TestDraws.network(widths, seed: UInt64(widths.reduce(0, +)))
        var draws = TestDraws(state: 77)
        let rows = 301
        let inputs = (0..<(rows * net.inputCount)).map { _ in draws.uniform(3) }
        let single = (0..<rows).flatMap { r in
            net.evaluate(Array(inputs[(r * net.inputCount)..<((r + 1) * net.inputCount)]))
        }
        #expect(Set(single).count > rows / 2, "outputs differ from row to row, so a mix-up would show")
        // One scratch buffer reused across calls of different sizes: no state leaks between rows or calls.
        var scratch = [Double](repeating: .nan, count: net.scratchCount)
        var outputs = [Double](repeating: .nan, count: rows * net.outputCount)
        net.forward(batch: inputs, into: &outputs, scratch: &scratch)
        #expect(outputs.map(\.bitPattern) == single.map(\.bitPattern), "widths \(widths)")
        for size in [1, 2, 17] {
            var part = [Double](repeating: .nan, count: size * net.outputCount)
            net.forward(batch: Array(inputs.prefix(size * net.inputCount)), into: &part, scratch: &scratch)
            #expect(part.map(\.bitPattern) == single.prefix(size * net.outputCount).map(\.bitPattern))
        }
        // Rows reversed: each row is computed on its own.
        let reversedInputs = (0..<rows).reversed().flatMap { r in inputs[(r * net.inputCount)..<((r + 1) * net.inputCount)] }
        var reversed = [Double](repeating: .nan, count: rows * net.outputCount)
        net.forward(batch: reversedInputs, into: &reversed, scratch: &scratch)
        let back = (0..<rows).reversed().flatMap { r in reversed[(r * net.outputCount)..<((r + 1) * net.outputCount)] }
        #expect(back.map(\.bitPattern) == single.map(\.bitPattern))
    }

    @Test("the batch keeps the summation order: a different order would give other bits")
    func orderMatters() {
        // 1e16 + 1 − 1e16 is 0 summed left to right and 1 if the last two terms were summed first,
        // so this network detects any reordering of the dot product.
        let net = MultilayerPerceptron(layers: [DenseLayer(inputs: 3, outputs: 1, weights: [1e16, 1, -1e16], biases: [0])])
        var outputs = [Double](repeating: .nan, count: 1)
        var scratch = [Double](repeating: 0, count: net.scratchCount)
        net.forward(batch: [1, 1, 1], into: &outputs, scratch: &scratch)
        #expect(outputs == [0])
        #expect(net.evaluate([1, 1, 1]) == [0])
    }
}

@Suite("Adam")
struct AdamTests {
    @Test("the first step moves each parameter by the learning rate against its gradient's sign")
    func firstStep() {
        // After one step m̂ = g and v̂ = g², so the update is α·g / (|g| + ε).
        var net = MultilayerPerceptron(layers: [DenseLayer(inputs: 2, outputs: 1, weights: [1, -1], biases: [0])])
        var adam = Adam(shapeOf: net, learningRate: 0.01)
        adam.step(&net, gradient: [(weights: [4, -0.5], biases: [0])])
        #expect(abs(net.layers[0].weights[0] - (1 - 0.01 * 4 / (4 + 1e-8))) < 1e-15)
        #expect(abs(net.layers[0].weights[1] - (-1 + 0.01 * 0.5 / (0.5 + 1e-8))) < 1e-15)
        #expect(net.layers[0].biases[0] == 0)
    }

    @Test("Adam with backpropagation fits a linear map")
    func fitsLinear() {
        var net = MultilayerPerceptron(layers: [DenseLayer(inputs: 2, outputs: 1, weights: [0, 0], biases: [0])])
        var adam = Adam(shapeOf: net, learningRate: 0.05)
        let batch: [(features: [Double], target: Double)] = [([1, 0], 3), ([0, 1], -2), ([1, 1], 1), ([2, 1], 4)]
        var loss = Double.infinity
        for _ in 0..<2_000 {
            let (l, g) = Backpropagation.lossAndGradient(net, batch: batch)
            loss = l
            adam.step(&net, gradient: g)
        }
        #expect(loss < 1e-8)
        #expect(abs(net.layers[0].weights[0] - 3) < 1e-3 && abs(net.layers[0].weights[1] + 2) < 1e-3)
    }
}
