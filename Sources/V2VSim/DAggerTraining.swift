import NeuralNet
import Policy
import Scenario
import SimKernel
import V2VCrypto

/// Training an observation-v2 policy in closed loop: behaviour cloning from expert rollouts, then
/// DAgger rounds (Ross, Gordon & Bagnell 2011): the current network drives every vehicle of each
/// scenario, the expert labels every state it visits (`ExpertRollout.labelsLearnedDrivers`), the
/// labels join the data set and the network is trained again on all of it.
///
/// Round 0 runs each scenario with the expert at the scenario's seed; round r runs it with the
/// network of round r − 1 at seed + r, so that each round sees new traffic (a scenario named k
/// times runs k times per round, its repeats 51 seeds apart). Each training starts
/// from the same seeded initialisation; everything is sequential and seeded, so the same scenarios
/// and settings give the same weights, bit for bit.
public struct DAggerTraining {
    /// One scenario the rollouts run.
    public struct Source: Sendable {
        /// The scenario file, as named on the command line (rows and provenance name it so).
        public var path: String
        public var scenario: Scenario
        /// How many earlier sources name the same file: the k-th repeat runs its rounds at seeds
        /// `repeatSeedStride`·k further on, so naming a scenario twice doubles its share of the data
        /// with traffic of its own.
        public var repeatIndex: Int

        public init(path: String, scenario: Scenario, repeatIndex: Int = 0) {
            self.path = path
            self.scenario = scenario
            self.repeatIndex = repeatIndex
        }
    }

    /// One rollout: a scenario run in one round.
    public struct Rollout: Sendable {
        public var round: Int
        public var scenario: String
        public var seed: UInt64
        /// Who drove: the expert (round 0) or the network.
        public var network: Bool
        /// Samples this rollout added, and the data set's size after it.
        public var samples: Int
        public var totalSamples: Int
        /// How the drivers drove.
        public var metrics: DrivingMetrics
        /// Network rounds: the sampled states and how the network's action differed from the expert's there.
        public var learnedStates: Int
        public var laneDisagreement: Double
        public var accelerationMeanAbsoluteError: Double
    }

    /// The loss of one training epoch.
    public struct Epoch: Sendable {
        /// The round whose data set was trained on (0: behaviour cloning).
        public var round: Int
        public var epoch: Int
        public var trainingLoss: Double
        public var validationLoss: Double
    }

    /// What a training reports as it goes.
    public enum Progress {
        case rollingOut(round: Int, scenario: String)
        case rolledOut(Rollout)
        case epoch(Epoch)
    }

    /// What training produced.
    public struct Result: Sendable {
        /// The network trained on every sample of every round.
        public var network: MultilayerPerceptron
        public var rollouts: [Rollout]
        public var epochs: [Epoch]
        /// The last training's report (held-out loss, acceleration error, lane agreement).
        public var report: BehaviourCloningV2.Report
        public var totalSamples: Int
    }

    public var sources: [Source]
    /// DAgger rounds after behaviour cloning.
    public var rounds: Int
    /// Seconds between sampled steps of a rollout (a whole multiple of each scenario's step).
    public var sampleInterval: SimTime
    /// The data set may not grow beyond this many samples.
    public var maxSamples: Int
    public var cloning: BehaviourCloningV2.Settings

    public init(
        sources: [Source], rounds: Int, sampleInterval: SimTime, maxSamples: Int, cloning: BehaviourCloningV2.Settings
    ) {
        self.sources = sources
        self.rounds = rounds
        self.sampleInterval = sampleInterval
        self.maxSamples = maxSamples
        self.cloning = cloning
    }

    /// Seeds between the repeats of one scenario: more than the 50 rounds a training may run, so
    /// repeats never share a seed.
    public static let repeatSeedStride = 51
    /// The most sources that may name one scenario: their seeds stay below the scenario's seed
    /// + 1000, where `policy eval` starts.
    public static let maximumRepeats = 19

    /// The seed a scenario runs with in `round`, for its `repeatIndex`-th repeat.
    public static func seed(of scenario: Scenario, round: Int, repeatIndex: Int = 0) -> UInt64 {
        scenario.seed &+ UInt64(round + Self.repeatSeedStride * repeatIndex)
    }

    /// Trains: rollouts, then training, round after round.
    /// - Throws: `DAggerTrainingError` when the data set is too small or too large.
    public func run(progress: (Progress) -> Void = { _ in }) throws -> Result {
        var samples: [BehaviourCloningV2.Sample] = []
        var rollouts: [Rollout] = []
        var epochs: [Epoch] = []
        var network: MultilayerPerceptron?
        var report: BehaviourCloningV2.Report?
        for round in 0...self.rounds {
            let driver = try network.map { try Self.policy(of: $0, round: round) }
            for source in self.sources {
                progress(.rollingOut(round: round, scenario: source.path))
                let rollout = try self.rollout(source, round: round, driver: driver, samples: &samples)
                rollouts.append(rollout)
                progress(.rolledOut(rollout))
            }
            guard samples.count >= 10 else { throw DAggerTrainingError.tooFewSamples(samples.count) }
            let (net, trained) = BehaviourCloningV2(settings: self.cloning).train(samples) { epoch, training, validation in
                let record = Epoch(round: round, epoch: epoch, trainingLoss: training, validationLoss: validation)
                epochs.append(record)
                progress(.epoch(record))
            }
            network = net
            report = trained
        }
        return Result(network: network!, rollouts: rollouts, epochs: epochs, report: report!, totalSamples: samples.count)
    }

    /// A network as it would be loaded from its weights file (F32), named after its round.
    static func policy(of network: MultilayerPerceptron, round: Int) throws -> (policy: MLPPolicy, digest: Digest) {
        let bytes = PolicyFile.encode(network, observation: .v2)
        return (try PolicyFile.decode(bytes, path: "dagger-round-\(round).safetensors"), SHA256.hash(bytes))
    }

    /// Runs `source` in `round`, driven by `driver` (nil: the expert), and adds its samples.
    private func rollout(
        _ source: Source, round: Int, driver: (policy: MLPPolicy, digest: Digest)?, samples: inout [BehaviourCloningV2.Sample]
    ) throws -> Rollout {
        var scenario = source.scenario
        scenario.seed = Self.seed(of: source.scenario, round: round, repeatIndex: source.repeatIndex)
        let policies = driver.map { LearnedPolicies.driving(&scenario, by: $0.policy, digest: $0.digest, name: $0.policy.name) }
            ?? LearnedPolicies.expertDriving(&scenario)
        let simulation = Simulation(scenario: scenario, policies: policies)
        let collector = ExpertRollout(interval: self.sampleInterval, labelsLearnedDrivers: driver != nil)
        simulation.expertRollout = collector
        let (metrics, _) = try simulation.runMeasured()
        guard samples.count + collector.samples.count <= self.maxSamples else {
            throw DAggerTrainingError.tooManySamples(
                round: round, scenario: source.path, count: samples.count + collector.samples.count, limit: self.maxSamples)
        }
        samples += collector.samples
        return Rollout(
            round: round, scenario: source.path, seed: scenario.seed, network: driver != nil,
            samples: collector.samples.count, totalSamples: samples.count, metrics: metrics,
            learnedStates: collector.learnedStates, laneDisagreement: collector.laneDisagreement,
            accelerationMeanAbsoluteError: collector.accelerationMeanAbsoluteError)
    }
}

/// Why a training stopped.
public enum DAggerTrainingError: Error, CustomStringConvertible, Equatable {
    case tooFewSamples(Int)
    case tooManySamples(round: Int, scenario: String, count: Int, limit: Int)

    public var description: String {
        switch self {
        case .tooFewSamples(let count):
            return "the rollouts gave \(count) samples; need at least 10 (longer scenarios or a shorter --sample-interval)"
        case let .tooManySamples(round, scenario, count, limit):
            return "round \(round), \(scenario): the data set would hold \(count) samples, more than --max-samples \(limit) "
                + "(fewer --rounds, a longer --sample-interval, shorter scenarios or a larger --max-samples)"
        }
    }
}
