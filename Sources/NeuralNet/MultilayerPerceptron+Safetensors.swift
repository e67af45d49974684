/// The tensor layout of an MLP in a safetensors file: `layers.K.weight` (shape `[outputs, inputs]`,
/// row-major, as PyTorch's `nn.Linear` stores it) and `layers.K.bias` (shape `[outputs]`) for
/// K = 0, 1, … with no gap and no other tensor.
extension MultilayerPerceptron {
    /// The network's tensors, named as above.
    public var namedTensors: [(name: String, tensor: Tensor)] {
        var tensors: [(name: String, tensor: Tensor)] = []
        for (k, layer) in self.layers.enumerated() {
            tensors.append(("layers.\(k).weight", Tensor(shape: [layer.outputs, layer.inputs], values: layer.weights)))
            tensors.append(("layers.\(k).bias", Tensor(shape: [layer.outputs], values: layer.biases)))
        }
        return tensors
    }

    /// The network that `tensors` describe.
    /// - Parameters:
    ///   - tensors: the tensors of a file, by name.
    ///   - path: labels errors.
    /// - Throws: `WeightsFileError` when a layer is missing its bias, a shape is not a dense layer,
    ///   consecutive layers do not fit, there is no layer, or a tensor belongs to no layer.
    public init(tensors: [String: Tensor], path: String) throws(WeightsFileError) {
        func fail(_ problem: String) -> WeightsFileError { WeightsFileError(path: path, problem: problem) }
        var layers: [DenseLayer] = []
        // At most maximumTensors / 2 layers can be present, so this loop is bounded by the reader's limits.
        while let w = tensors["layers.\(layers.count).weight"] {
            let k = layers.count
            guard let b = tensors["layers.\(k).bias"] else { throw fail("layers.\(k).bias is missing") }
            guard w.shape.count == 2, b.shape == [w.shape[0]], w.shape[0] > 0, w.shape[1] > 0 else {
                throw fail("layers.\(k): weight shape \(w.shape) and bias shape \(b.shape) do not form a dense layer")
            }
            if let previous = layers.last, previous.outputs != w.shape[1] {
                throw fail("layers.\(k).weight takes \(w.shape[1]) inputs but layers.\(k - 1) gives \(previous.outputs)")
            }
            layers.append(DenseLayer(inputs: w.shape[1], outputs: w.shape[0], weights: w.values, biases: b.values))
        }
        guard !layers.isEmpty else { throw fail("no tensor layers.0.weight") }
        guard tensors.count == 2 * layers.count else {
            let expected = Set((0..<layers.count).flatMap { ["layers.\($0).weight", "layers.\($0).bias"] })
            let extra = tensors.keys.sorted().first { !expected.contains($0) } ?? "?"
            throw fail("unexpected tensor '\(extra)'")
        }
        self.init(layers: layers)
    }
}
