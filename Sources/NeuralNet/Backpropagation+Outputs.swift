extension Backpropagation {
    /// A loss over all of a network's outputs for one sample: `(loss, d loss / d outputs)`.
    public typealias SampleLoss = (_ sample: Int, _ outputs: [Double]) -> (loss: Double, gradient: [Double])

    /// The mean of `loss` over the samples of `inputs` and its gradient with respect to every weight
    /// and bias: `lossAndGradient(_:batch:)` for any loss on any number of outputs (for example
    /// squared error on one output plus cross-entropy on others). Samples in order, sums in index
    /// order, so training stays reproducible.
    ///
    /// - Parameters:
    ///   - inputs: one input vector (`net.inputCount` values) per sample.
    ///   - loss: the loss of sample k given the network's outputs for it.
    public static func lossAndGradient(
        _ net: MultilayerPerceptron, inputs: [[Double]], loss: SampleLoss
    ) -> (loss: Double, gradient: Gradient) {
        var gradient: Gradient = net.layers.map {
            ([Double](repeating: 0, count: $0.weights.count), [Double](repeating: 0, count: $0.biases.count))
        }
        var total = 0.0
        let scale = 1.0 / Double(max(1, inputs.count))
        for (sample, x) in inputs.enumerated() {
            var layerInputs: [[Double]] = []
            var pre: [[Double]] = []
            var a = x
            for (k, layer) in net.layers.enumerated() {
                layerInputs.append(a)
                let z = layer.apply(a, relu: false)
                pre.append(z)
                a = k < net.layers.count - 1 ? z.map { max(0, $0) } : z
            }
            let (l, dOutputs) = loss(sample, a)
            total += l * scale
            var delta = dOutputs.map { $0 * scale }
            for k in stride(from: net.layers.count - 1, through: 0, by: -1) {
                let layer = net.layers[k]
                if k < net.layers.count - 1 {
                    for o in 0..<layer.outputs where pre[k][o] <= 0 { delta[o] = 0 }
                }
                for o in 0..<layer.outputs {
                    gradient[k].biases[o] += delta[o]
                    let row = o * layer.inputs
                    for i in 0..<layer.inputs { gradient[k].weights[row + i] += delta[o] * layerInputs[k][i] }
                }
                if k > 0 {
                    var previous = [Double](repeating: 0, count: layer.inputs)
                    for o in 0..<layer.outputs {
                        let row = o * layer.inputs
                        for i in 0..<layer.inputs { previous[i] += layer.weights[row + i] * delta[o] }
                    }
                    delta = previous
                }
            }
        }
        return (total, gradient)
    }
}
