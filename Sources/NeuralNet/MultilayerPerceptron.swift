/// A fully connected feed-forward network: ReLU hidden layers and a linear output layer.
///
/// Inference sums every dot product in index order in `Double`, single-threaded, so the same
/// weights and input give bit-identical outputs on every run and in every batch
/// (STYLE: no parallel reductions).
public struct MultilayerPerceptron: Sendable, Hashable {
    /// The layer type, under the name the policy code has always used.
    public typealias Layer = DenseLayer

    /// The layers, input first.
    public var layers: [DenseLayer]

    /// - Precondition: at least one layer, and consecutive layers fit (outputs of one are inputs
    ///   of the next).
    public init(layers: [DenseLayer]) {
        precondition(!layers.isEmpty, "a network needs a layer")
        for (a, b) in zip(layers, layers.dropFirst()) { precondition(a.outputs == b.inputs, "layers do not fit") }
        self.layers = layers
    }

    /// Number of inputs.
    public var inputCount: Int { self.layers[0].inputs }
    /// Number of outputs.
    public var outputCount: Int { self.layers[self.layers.count - 1].outputs }
    /// Number of trainable parameters.
    public var parameterCount: Int { self.layers.reduce(0) { $0 + $1.parameterCount } }
    /// The widths of the vectors a forward pass goes through: inputs, then each layer's outputs.
    public var widths: [Int] { [self.inputCount] + self.layers.map(\.outputs) }

    /// The network's output for `input` (the reference evaluation; it allocates one array per layer).
    /// - Precondition: `input.count == inputCount`.
    public func evaluate(_ input: [Double]) -> [Double] {
        precondition(input.count == self.inputCount, "expected \(self.inputCount) inputs, got \(input.count)")
        var x = input
        for (k, layer) in self.layers.enumerated() {
            x = layer.apply(x, relu: k < self.layers.count - 1)
        }
        return x
    }
}
