import NeuralNet
import Traffic

/// A learned policy: an MLP from an observation's features to an action.
///
/// - Observation v1: `Observation.features` (4) → acceleration (1 output).
/// - Observation v2: `ObservationV2.features` (36) → acceleration and three lane logits (4 outputs,
///   `MLPPolicy.LaneOutput`); the lane is the logits' arg max.
public struct MLPPolicy: DrivingPolicy, Hashable {
    public let network: MultilayerPerceptron
    public let name: String
    /// The feature layout the network reads.
    public let observation: ObservationVersion
    /// Outputs are clamped to this physically plausible range [m/s²].
    public static let accelerationRange = -9.0...3.0

    /// - Precondition: the network takes `observation.featureCount` inputs and gives
    ///   `observation.outputCount` outputs.
    public init(network: MultilayerPerceptron, name: String, observation: ObservationVersion = .v1) {
        precondition(network.inputCount == observation.featureCount && network.outputCount == observation.outputCount)
        self.network = network
        self.name = name
        self.observation = observation
    }

    /// The acceleration for a v1 observation.
    /// - Precondition: the policy reads observation v1.
    public func acceleration(for observation: Observation) -> Double {
        precondition(self.observation == .v1, "acceleration(for:) takes observation v1; use action(for:) for v2")
        return Self.clamped(self.network.evaluate(observation.features)[0])
    }

    /// `a` limited to `accelerationRange`.
    static func clamped(_ a: Double) -> Double {
        min(max(a, Self.accelerationRange.lowerBound), Self.accelerationRange.upperBound)
    }
}
