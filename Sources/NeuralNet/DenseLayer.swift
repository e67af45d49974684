/// One fully connected layer: `y[o] = b[o] + Σ_i W[o, i] · x[i]`, summed in index order.
///
/// Weights are row-major by output (`weights[o * inputs + i]`), the layout of a PyTorch
/// `nn.Linear.weight` of shape `[outputs, inputs]`, so a safetensors tensor maps onto it unchanged.
public struct DenseLayer: Sendable, Hashable {
    /// Number of inputs.
    public let inputs: Int
    /// Number of outputs.
    public let outputs: Int
    /// `outputs × inputs` weights, row-major by output.
    public var weights: [Double]
    /// One bias per output.
    public var biases: [Double]

    /// - Precondition: `weights.count == inputs * outputs` and `biases.count == outputs`.
    public init(inputs: Int, outputs: Int, weights: [Double], biases: [Double]) {
        precondition(inputs > 0 && outputs > 0, "a layer needs inputs and outputs")
        precondition(weights.count == inputs * outputs && biases.count == outputs, "layer shape mismatch")
        self.inputs = inputs
        self.outputs = outputs
        self.weights = weights
        self.biases = biases
    }

    /// Number of trainable parameters (weights and biases).
    public var parameterCount: Int { self.weights.count + self.biases.count }

    /// The layer applied to `x`, with ReLU when `relu` is set.
    ///
    /// This is the reference evaluation (training and single calls use it); the batched path in
    /// `MultilayerPerceptron+UnsafeBatch.swift` performs the same operations in the same order.
    /// - Precondition: `x.count == inputs`.
    public func apply(_ x: [Double], relu: Bool) -> [Double] {
        precondition(x.count == self.inputs, "expected \(self.inputs) inputs, got \(x.count)")
        var y = [Double](repeating: 0, count: self.outputs)
        for o in 0..<self.outputs {
            var sum = self.biases[o]
            let row = o * self.inputs
            for i in 0..<self.inputs { sum += self.weights[row + i] * x[i] }
            y[o] = relu ? max(0, sum) : sum
        }
        return y
    }
}
