import Foundation
import NeuralNet
import SimKernel
import Traffic

/// Behaviour cloning for observation v2: fits an MLP (36 → hidden → 4) to an expert's decisions in
/// the states it visited, the acceleration by squared error and the lane choice by cross-entropy
/// over the three lane logits (softmax), with Adam (Kingma & Ba 2015).
///
/// Everything is seeded and sequential, so the same samples and settings give the same weights,
/// bit for bit.
public struct BehaviourCloningV2: Sendable {
    /// One labelled state: the observation's features and what the expert did there.
    public struct Sample: Sendable, Equatable {
        public var features: [Double]
        /// The expert's acceleration [m/s²], clamped to `MLPPolicy.accelerationRange`.
        public var acceleration: Double
        public var lane: LaneChoice

        public init(features: [Double], acceleration: Double, lane: LaneChoice) {
            self.features = features
            self.acceleration = acceleration
            self.lane = lane
        }
    }

    /// Training settings.
    public struct Settings: Sendable {
        public var hiddenLayers: [Int] = [64, 64]
        public var epochs = 20
        public var batchSize = 64
        public var learningRate = 2e-3
        /// Share of the samples held out for validation (the last ones after a seeded shuffle).
        public var validationShare = 0.2
        public var seed: UInt64 = 1
        public init() {}
    }

    /// How training went.
    public struct Report: Sendable {
        /// Mean loss (squared acceleration error + lane cross-entropy) on the training set per epoch.
        public var trainingLoss: [Double]
        /// The same loss on the held-out samples after each epoch.
        public var validationLoss: [Double]
        /// Mean absolute acceleration error on the held-out samples at the end [m/s²].
        public var validationMeanAbsoluteError: Double
        /// Share of held-out samples whose lane choice (arg max) equals the expert's.
        public var validationLaneAccuracy: Double
        public var trainingSamples: Int
        public var validationSamples: Int
    }

    public let settings: Settings

    public init(settings: Settings = Settings()) { self.settings = settings }

    /// The loss of one sample and its gradient with respect to the four outputs.
    public static func loss(_ sample: Sample, outputs: [Double]) -> (loss: Double, gradient: [Double]) {
        let error = outputs[MLPPolicy.LaneOutput.acceleration] - sample.acceleration
        let logits = [outputs[MLPPolicy.LaneOutput.left], outputs[MLPPolicy.LaneOutput.keep], outputs[MLPPolicy.LaneOutput.right]]
        let top = max(logits[0], max(logits[1], logits[2]))
        let e = logits.map { Foundation.exp($0 - top) }
        let sum = e[0] + e[1] + e[2]
        let target = sample.lane == .left ? 0 : sample.lane == .keep ? 1 : 2
        let crossEntropy = Foundation.log(sum) - (logits[target] - top)
        var gradient = [Double](repeating: 0, count: 4)
        gradient[MLPPolicy.LaneOutput.acceleration] = 2 * error
        for k in 0..<3 { gradient[1 + k] = e[k] / sum - (k == target ? 1 : 0) }
        return (error * error + crossEntropy, gradient)
    }

    /// Trains on `samples` and returns the network with its report.
    /// - Parameter onEpoch: called after each epoch with its number (from 1) and its training and
    ///   validation loss (progress reports).
    /// - Precondition: at least two samples, each with `ObservationV2.featureCount` features.
    public func train(
        _ samples: [Sample], onEpoch: (_ epoch: Int, _ trainingLoss: Double, _ validationLoss: Double) -> Void = { _, _, _ in }
    ) -> (network: MultilayerPerceptron, report: Report) {
        precondition(samples.count >= 2 && samples.allSatisfy { $0.features.count == ObservationV2.featureCount })
        var rng = RandomStream.derived(seed: self.settings.seed, component: "policy-training-v2")
        var shuffled = samples
        Self.shuffle(&shuffled, &rng)
        let held = min(samples.count - 1, max(1, Int(Double(samples.count) * self.settings.validationShare)))
        let train = Array(shuffled[..<(samples.count - held)])
        let validation = Array(shuffled[(samples.count - held)...])
        let sizes = [ObservationV2.featureCount] + self.settings.hiddenLayers + [ObservationVersion.v2.outputCount]
        var net = BehaviourCloning.initialNetwork(sizes: sizes, rng: &rng)
        var adam = Adam(shapeOf: net, learningRate: self.settings.learningRate)
        var order = Array(train.indices)
        var trainingLoss: [Double] = []
        var validationLoss: [Double] = []
        for _ in 0..<self.settings.epochs {
            Self.shuffle(&order, &rng)
            var total = 0.0
            var start = 0
            while start < order.count {
                let batch = order[start..<min(start + self.settings.batchSize, order.count)].map { train[$0] }
                let (loss, gradient) = Backpropagation.lossAndGradient(net, inputs: batch.map(\.features)) { k, outputs in
                    Self.loss(batch[k], outputs: outputs)
                }
                total += loss * Double(batch.count)
                adam.step(&net, gradient: gradient)
                start += self.settings.batchSize
            }
            trainingLoss.append(total / Double(order.count))
            validationLoss.append(validation.reduce(0) { $0 + Self.loss($1, outputs: net.evaluate($1.features)).loss } / Double(held))
            onEpoch(trainingLoss.count, trainingLoss.last!, validationLoss.last!)
        }
        var mae = 0.0
        var agree = 0
        for sample in validation {
            let outputs = net.evaluate(sample.features)
            let action = outputs.withUnsafeBufferPointer { MLPPolicy.action(outputs: $0) }
            mae += abs(action.acceleration - sample.acceleration)
            if action.lane == sample.lane { agree += 1 }
        }
        return (net, Report(
            trainingLoss: trainingLoss, validationLoss: validationLoss, validationMeanAbsoluteError: mae / Double(held),
            validationLaneAccuracy: Double(agree) / Double(held), trainingSamples: train.count, validationSamples: held))
    }

    /// Fisher–Yates with our own draws, so the order does not depend on the standard library.
    static func shuffle<T>(_ items: inout [T], _ rng: inout RandomStream) {
        for i in stride(from: items.count - 1, to: 0, by: -1) {
            items.swapAt(i, Int(rng.integer(below: UInt64(i + 1))))
        }
    }
}
