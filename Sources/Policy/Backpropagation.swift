/// Mean-squared-error gradients of a `MultilayerPerceptron` by backpropagation, summed in a fixed
/// order so that training is reproducible.
enum Backpropagation {
    /// The gradient has the network's shape: one weight and one bias array per layer.
    typealias Gradient = [(weights: [Double], biases: [Double])]

    static func lossAndGradient(
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
                let z = MultilayerPerceptron.dense(layer, a, relu: false)
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

/// The Adam optimiser (Kingma & Ba 2015) with the paper's default β1 = 0.9, β2 = 0.999, ε = 1e-8.
struct Adam {
    let learningRate: Double
    var m: Backpropagation.Gradient
    var v: Backpropagation.Gradient
    /// β1^t and β2^t, kept as running products for the bias correction.
    var beta1Power = 1.0
    var beta2Power = 1.0

    init(shapeOf net: MultilayerPerceptron, learningRate: Double) {
        self.learningRate = learningRate
        self.m = net.layers.map { ([Double](repeating: 0, count: $0.weights.count), [Double](repeating: 0, count: $0.biases.count)) }
        self.v = self.m
    }

    mutating func step(_ net: inout MultilayerPerceptron, gradient: Backpropagation.Gradient) {
        self.beta1Power *= Self.beta1
        self.beta2Power *= Self.beta2
        let rate = (self.learningRate, 1 - self.beta1Power, 1 - self.beta2Power)
        for k in net.layers.indices {
            Self.update(&net.layers[k].weights, m: &self.m[k].weights, v: &self.v[k].weights, gradient: gradient[k].weights, rate)
            Self.update(&net.layers[k].biases, m: &self.m[k].biases, v: &self.v[k].biases, gradient: gradient[k].biases, rate)
        }
    }

    private static let beta1 = 0.9
    private static let beta2 = 0.999

    /// One Adam update; `rate` is (learning rate, 1 − β1^t, 1 − β2^t).
    private static func update(
        _ parameters: inout [Double], m: inout [Double], v: inout [Double], gradient: [Double],
        _ rate: (learningRate: Double, c1: Double, c2: Double)
    ) {
        let (learningRate, c1, c2) = rate
        for i in parameters.indices {
            let g = gradient[i]
            m[i] = Self.beta1 * m[i] + (1 - Self.beta1) * g
            v[i] = Self.beta2 * v[i] + (1 - Self.beta2) * g * g
            parameters[i] -= learningRate * (m[i] / c1) / ((v[i] / c2).squareRoot() + 1e-8)
        }
    }
}
