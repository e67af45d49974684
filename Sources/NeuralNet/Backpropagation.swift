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
        // Squared error on output 0, d/d(output) = 2·error: the general pass below, bit for bit what
        // this function computed on its own before that one existed.
        let targets = batch.map(\.target)
        return Self.lossAndGradient(net, inputs: batch.map(\.features)) { sample, outputs in
            let error = outputs[0] - targets[sample]
            return (error * error, [2 * error])
        }
    }
}
