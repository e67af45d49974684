/// A fully connected feed-forward network: ReLU hidden layers and a linear output.
///
/// Inference sums every dot product in index order in `Double`, single-threaded, so the same
/// weights and input give bit-identical outputs on every run (STYLE: no parallel reductions).
public struct MultilayerPerceptron: Sendable, Hashable {
    /// One dense layer: `weights[o * inputs + i]`, row-major by output.
    public struct Layer: Sendable, Hashable {
        public let inputs: Int
        public let outputs: Int
        public var weights: [Double]
        public var biases: [Double]

        public init(inputs: Int, outputs: Int, weights: [Double], biases: [Double]) {
            precondition(weights.count == inputs * outputs && biases.count == outputs, "layer shape mismatch")
            self.inputs = inputs
            self.outputs = outputs
            self.weights = weights
            self.biases = biases
        }
    }

    public var layers: [Layer]

    /// - Precondition: consecutive layers fit (outputs of one are inputs of the next).
    public init(layers: [Layer]) {
        precondition(!layers.isEmpty, "a network needs a layer")
        for (a, b) in zip(layers, layers.dropFirst()) { precondition(a.outputs == b.inputs, "layers do not fit") }
        self.layers = layers
    }

    /// Number of inputs.
    public var inputCount: Int { self.layers[0].inputs }
    /// Number of outputs.
    public var outputCount: Int { self.layers[self.layers.count - 1].outputs }

    /// The network's output for `input`.
    public func evaluate(_ input: [Double]) -> [Double] {
        precondition(input.count == self.inputCount, "expected \(self.inputCount) inputs, got \(input.count)")
        var x = input
        for (k, layer) in self.layers.enumerated() {
            x = Self.dense(layer, x, relu: k < self.layers.count - 1)
        }
        return x
    }

    static func dense(_ layer: Layer, _ x: [Double], relu: Bool) -> [Double] {
        var y = [Double](repeating: 0, count: layer.outputs)
        for o in 0..<layer.outputs {
            var sum = layer.biases[o]
            let row = o * layer.inputs
            for i in 0..<layer.inputs { sum += layer.weights[row + i] * x[i] }
            y[o] = relu ? max(0, sum) : sum
        }
        return y
    }
}

/// A learned policy: an MLP from `Observation.features` to acceleration.
public struct MLPPolicy: DrivingPolicy, Hashable {
    public let network: MultilayerPerceptron
    public let name: String
    /// Outputs are clamped to this physically plausible range [m/s²].
    public static let accelerationRange = -9.0...3.0

    /// - Precondition: the network takes `Observation.featureCount` inputs and gives one output.
    public init(network: MultilayerPerceptron, name: String) {
        precondition(network.inputCount == Observation.featureCount && network.outputCount == 1)
        self.network = network
        self.name = name
    }

    public func acceleration(for observation: Observation) -> Double {
        let a = self.network.evaluate(observation.features)[0]
        return min(max(a, Self.accelerationRange.lowerBound), Self.accelerationRange.upperBound)
    }
}
