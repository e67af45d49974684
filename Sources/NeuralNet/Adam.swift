/// The Adam optimiser (Kingma & Ba 2015) with the paper's default β1 = 0.9, β2 = 0.999, ε = 1e-8.
///
/// Updates run in parameter order, so the same gradients give the same weights, bit for bit.
public struct Adam: Sendable {
    /// Step size α.
    public let learningRate: Double
    /// First-moment estimates, in the network's shape.
    var m: Backpropagation.Gradient
    /// Second-moment estimates, in the network's shape.
    var v: Backpropagation.Gradient
    /// β1^t and β2^t, kept as running products for the bias correction.
    var beta1Power = 1.0
    var beta2Power = 1.0

    /// An optimiser with zero moments for networks shaped like `net`.
    public init(shapeOf net: MultilayerPerceptron, learningRate: Double) {
        self.learningRate = learningRate
        self.m = net.layers.map { ([Double](repeating: 0, count: $0.weights.count), [Double](repeating: 0, count: $0.biases.count)) }
        self.v = self.m
    }

    /// One update of every parameter of `net` along `gradient`.
    /// - Precondition: `net` and `gradient` have the shape the optimiser was made for.
    public mutating func step(_ net: inout MultilayerPerceptron, gradient: Backpropagation.Gradient) {
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
