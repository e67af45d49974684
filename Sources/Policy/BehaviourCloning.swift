import NeuralNet
import SimKernel
import Traffic

/// Trains an MLP to imitate a policy (behaviour cloning): sample observations, label them with the
/// teacher's acceleration, minimise mean squared error with Adam (Kingma & Ba 2015).
///
/// Everything is seeded and sequential, so the same settings give the same weights, bit for bit.
public struct BehaviourCloning: Sendable {
    /// Training settings.
    public struct Settings: Sendable {
        public var hiddenLayers: [Int] = [32, 32]
        public var trainingSamples = 20_000
        public var validationSamples = 4_000
        public var epochs = 30
        public var batchSize = 64
        public var learningRate = 2e-3
        public var seed: UInt64 = 1
        public init() {}
    }

    /// How training went.
    public struct Report: Sendable {
        /// Mean squared error [(m/s²)²] on the training set after each epoch.
        public var trainingLoss: [Double]
        /// Mean squared error on held-out samples at the end.
        public var validationLoss: Double
        /// Mean absolute error on held-out samples [m/s²].
        public var validationMeanAbsoluteError: Double
    }

    public let teacher: any DrivingPolicy
    public let settings: Settings
    /// Observations are drawn with desired speeds around this one [m/s].
    public let desiredSpeed: Double

    public init(teacher: any DrivingPolicy, desiredSpeed: Double, settings: Settings = Settings()) {
        self.teacher = teacher
        self.desiredSpeed = desiredSpeed
        self.settings = settings
    }

    /// Samples the situations a highway driver meets: speeds up to v0, gaps from touching to beyond
    /// the sensor horizon, leaders slower and faster, one in ten on a free road.
    func sample(_ rng: inout RandomStream) -> (features: [Double], target: Double) {
        let v0 = self.desiredSpeed * rng.uniform(in: 0.8..<1.0)
        let speed = rng.uniform(in: 0..<v0)
        let free = rng.bernoulli(0.1)
        let gap = free ? nil : 1 + 199 * rng.uniform() * rng.uniform()  // more mass at short gaps
        let leader = max(0, speed + rng.uniform(in: -8..<8))
        let o = Observation(speed: speed, desiredSpeed: v0, gap: gap, leaderSpeed: leader)
        let a = min(max(self.teacher.acceleration(for: o), MLPPolicy.accelerationRange.lowerBound),
                    MLPPolicy.accelerationRange.upperBound)
        return (o.features, a)
    }

    /// Trains and returns the network with its report.
    public func train() -> (network: MultilayerPerceptron, report: Report) {
        var rng = RandomStream.derived(seed: self.settings.seed, component: "policy-training")
        let train = (0..<self.settings.trainingSamples).map { _ in self.sample(&rng) }
        let validation = (0..<self.settings.validationSamples).map { _ in self.sample(&rng) }
        var net = Self.initialNetwork(sizes: [Observation.featureCount] + self.settings.hiddenLayers + [1], rng: &rng)
        var adam = Adam(shapeOf: net, learningRate: self.settings.learningRate)
        var order = Array(train.indices)
        var losses: [Double] = []
        for _ in 0..<self.settings.epochs {
            // Fisher–Yates with our own draws, so the shuffle does not depend on the standard library.
            for i in stride(from: order.count - 1, to: 0, by: -1) {
                order.swapAt(i, Int(rng.integer(below: UInt64(i + 1))))
            }
            var total = 0.0
            var start = 0
            while start < order.count {
                let batch = order[start..<min(start + self.settings.batchSize, order.count)].map { train[$0] }
                let (loss, gradient) = Backpropagation.lossAndGradient(net, batch: batch)
                total += loss * Double(batch.count)
                adam.step(&net, gradient: gradient)
                start += self.settings.batchSize
            }
            losses.append(total / Double(order.count))
        }
        var mse = 0.0
        var mae = 0.0
        for (x, y) in validation {
            let e = net.evaluate(x)[0] - y
            mse += e * e
            mae += abs(e)
        }
        let n = Double(max(1, validation.count))
        return (net, Report(trainingLoss: losses, validationLoss: mse / n, validationMeanAbsoluteError: mae / n))
    }

    /// He-initialised layers (uniform ±√(6/fan_in)), zero biases.
    static func initialNetwork(sizes: [Int], rng: inout RandomStream) -> MultilayerPerceptron {
        var layers: [MultilayerPerceptron.Layer] = []
        for (inputs, outputs) in zip(sizes, sizes.dropFirst()) {
            let limit = (6.0 / Double(inputs)).squareRoot()
            let w = (0..<(inputs * outputs)).map { _ in rng.uniform(in: -limit..<limit) }
            layers.append(.init(inputs: inputs, outputs: outputs, weights: w, biases: [Double](repeating: 0, count: outputs)))
        }
        return MultilayerPerceptron(layers: layers)
    }
}
