import NeuralNet

/// A learned policy: an MLP from `Observation.features` to acceleration.
public struct MLPPolicy: DrivingPolicy, Hashable {
    public let network: MultilayerPerceptron
    public let name: String
    /// Outputs are clamped to this physically plausible range [m/s²].
    public static let accelerationRange = -9.0...3.0

    /// - Precondition: the network takes `Observation.featureCount` inputs and gives one output.
    public init(network: MultilayerPerceptron, name: String) {
        precondition(network.inputCount == Observation.featureCount && network.outputCount == 1)
        self.network = network
        self.name = name
    }

    public func acceleration(for observation: Observation) -> Double {
        Self.clamped(self.network.evaluate(observation.features)[0])
    }

    /// `a` limited to `accelerationRange`.
    static func clamped(_ a: Double) -> Double {
        min(max(a, Self.accelerationRange.lowerBound), Self.accelerationRange.upperBound)
    }
}
