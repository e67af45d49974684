/// Mean-squared-error gradients of a `MultilayerPerceptron` by backpropagation, summed in a fixed
/// order so that training is reproducible.
public enum Backpropagation {
    /// The gradient has the network's shape: one weight and one bias array per layer.
    public typealias Gradient = [(weights: [Double], biases: [Double])]

    /// The mean squared error of output 0 over `batch` and its gradient with respect to every
    /// weight and bias, samples taken in batch order.
    ///
    /// - Parameters:
    ///   - net: the network.
    ///   - batch: inputs (`net.inputCount` values each) and the wanted value of output 0.
    /// - Returns: the loss (mean over the batch) and its gradient.
    public static func lossAndGradient(
        _ net: MultilayerPerceptron, batch: [(features: [Double], target: Double)]
    ) -> (loss: Double, gradient: Gradient) {
        var gradient: Gradient = net.layers.map {
            ([Double](repeating: 0, count: $0.weights.count), [Double](repeating: 0, count: $0.biases.count))
        }
        var loss = 0.0
        let scale = 1.0 / Double(batch.count)
        for (x, y) in batch {
            // Forward, keeping each layer's input and pre-activation.
            var inputs: [[Double]] = []
            var pre: [[Double]] = []
            var a = x
            for (k, layer) in net.layers.enumerated() {
                inputs.append(a)
                let z = layer.apply(a, relu: false)
                pre.append(z)
                a = k < net.layers.count - 1 ? z.map { max(0, $0) } : z
            }
            let error = a[0] - y
            loss += error * error * scale
            // Backward: d(loss)/d(output) = 2·error/batch.
            var delta = [2 * error * scale]
            for k in stride(from: net.layers.count - 1, through: 0, by: -1) {
                let layer = net.layers[k]
                if k < net.layers.count - 1 {
                    for o in 0..<layer.outputs where pre[k][o] <= 0 { delta[o] = 0 }
                }
                for o in 0..<layer.outputs {
                    gradient[k].biases[o] += delta[o]
                    let row = o * layer.inputs
                    for i in 0..<layer.inputs { gradient[k].weights[row + i] += delta[o] * inputs[k][i] }
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
        return (loss, gradient)
    }
}
