import Policy
import Scenario
import V2VCrypto

/// `policy eval`'s runs: a scenario driven entirely by a network and the same scenario driven
/// entirely by the expert, on the same seeds, measured alike (`DrivingMetrics`).
public enum PolicyEvaluation {
    /// Who drives every vehicle of a run.
    public enum Driver: String, Sendable, CaseIterable {
        case expert
        case network
    }

    /// One measured run.
    public struct Run: Sendable {
        public var seed: UInt64
        public var driver: Driver
        public var metrics: DrivingMetrics
    }

    /// The scenario with `driver` at the wheel of every group (`policy` for the network, named
    /// `name`, with the digest of its file's bytes) and its policies for `Simulation`.
    public static func prepare(
        _ scenario: Scenario, driver: Driver, policy: MLPPolicy, digest: Digest, name: String
    ) -> (scenario: Scenario, policies: LearnedPolicies) {
        var scenario = scenario
        switch driver {
        case .expert: return (scenario, LearnedPolicies.expertDriving(&scenario))
        case .network:
            let policies = LearnedPolicies.driving(&scenario, by: policy, digest: digest, name: name)
            return (scenario, policies)
        }
    }

    /// Runs `scenario` with `driver` at the wheel, without a trace.
    public static func measure(
        _ scenario: Scenario, driver: Driver, policy: MLPPolicy, digest: Digest, name: String
    ) throws -> Run {
        let (prepared, policies) = Self.prepare(scenario, driver: driver, policy: policy, digest: digest, name: name)
        let (metrics, _) = try Simulation(scenario: prepared, policies: policies).runMeasured()
        return Run(seed: scenario.seed, driver: driver, metrics: metrics)
    }
}
