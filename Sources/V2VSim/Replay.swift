import Scenario
import SimKernel
import Trace

/// Re-running a recorded trace to prove it reproduces.
public enum Replay {
    /// What a replay found.
    public struct Outcome: Sendable {
        public var recordedDigest: String
        public var replayedDigest: String
        public var recordedVersion: String
        /// Whether the re-run produced the recorded event stream.
        public var reproduced: Bool { self.recordedDigest == self.replayedDigest }
    }

    /// Why a trace cannot be replayed.
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    /// Re-runs the scenario text and seed stored in the trace (no trace is written) and compares the
    /// run's event digest, a SHA-256 over every message, reception verdict, incident and block, with
    /// the recorded one.
    public static func rerun(_ reader: TraceReader) throws -> Outcome {
        guard let text = reader.meta["scenario_text"], let recorded = reader.meta["event_digest"] else {
            throw Failure(description: "\(reader.path): trace has no scenario_text or event_digest to replay")
        }
        let scenario: Scenario
        let policies: LearnedPolicies
        do {
            scenario = try ScenarioLoader.load(text: text, path: "\(reader.path) (scenario_text)")
            policies = try LearnedPolicies.load(for: scenario)
        } catch {
            throw Failure(description: error.description)
        }
        let summary = try Simulation(scenario: scenario, policies: policies).run(recorder: nil)
        return Outcome(
            recordedDigest: recorded, replayedDigest: summary.eventDigest,
            recordedVersion: reader.meta["program_version"] ?? "unknown")
    }
}
