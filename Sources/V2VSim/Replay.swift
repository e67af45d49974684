import Scenario
import SimKernel
import Trace

/// Re-running a recorded trace to prove it reproduces, and to say where it does not.
public enum Replay {
    /// What a replay found.
    public struct Outcome: Sendable {
        public var recordedDigest: String
        public var replayedDigest: String
        public var recordedVersion: String
        /// Whether the re-run produced the recorded event stream.
        public var reproduced: Bool { self.recordedDigest == self.replayedDigest }
        /// The first simulated second whose event digests differ; nil when they all match (or the trace is
        /// version 4 and has none, see ``perSecondDigests``).
        public var divergence: Divergence?
        /// Whether the recorded trace has per-second event digests (schema version 5 and later).
        public var perSecondDigests: Bool
        /// What may explain a difference: the recorded inputs against the re-run's.
        public var inputs: Inputs
        /// The first difference of every table between the recorded trace and the re-run's (empty: the
        /// re-run wrote the same rows).
        public var tableDifferences: [TableDifference]
        /// What the table comparison left out because it depends on the program that wrote the trace
        /// (an older version, an older checkpoint format), one line each; empty when it compared everything.
        public var notCompared: [String]
    }

    /// Where the event streams part.
    public struct Divergence: Sendable {
        /// The start of the first second whose running digest differs.
        public var second: SimTime
        /// Event kinds whose count or digest differs in that second, with (recorded, re-run) counts.
        public var kinds: [(kind: String, recorded: Int, replayed: Int)]
        /// The first differing row of the table those events go to, at or after that second, when one differs.
        public var firstRow: TableDifference?
    }

    /// The inputs a run is a function of, checked against the recording.
    public struct Inputs: Sendable {
        /// `scenario_text` against the `meta` seal: true unedited, false edited, nil unknown (no seals).
        public var scenarioTextSealed: Bool?
        /// `meta.seed` and the seed in `scenario_text` (which the re-run uses).
        public var recordedSeed: String
        public var scenarioSeed: UInt64
        /// The program that recorded the trace and this one.
        public var recordedVersion: String
        public var currentVersion: String

        public var seedAgrees: Bool { self.recordedSeed == String(self.scenarioSeed) }
        public var sameVersion: Bool { self.recordedVersion == self.currentVersion }
    }

    /// Why a trace cannot be replayed.
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public let description: String
        /// A failure described by `description`.
        public init(description: String) { self.description = description }
    }

    /// Which table each event kind's rows go to, to name the first differing entity.
    static let tableOfKind: [String: String] = [
        "message": "messages", "vehicle_reception": "receptions", "rsu_reception": "receptions",
        "radio_loss": "receptions", "incident": "incidents", "block": "blocks", "uplink": "leaves",
        "rsu_fault": "consensus",
    ]

    /// The recorder a re-run writes to: the scenario as it was recorded, with this program's version.
    static func recorder(for scenario: Scenario, at tracePath: String) throws -> TraceRecorder {
        try TraceRecorder(
            path: tracePath,
            meta: TraceMeta(
                scenarioName: scenario.name, scenarioText: scenario.sourceText, seed: scenario.seed,
                programVersion: Simulation.programVersion),
            receptions: scenario.record.receptions)
    }

    /// Re-runs the scenario text and seed stored in the trace into a new trace at `tracePath`, then
    /// compares event digests (overall and per second), inputs, and every table row by row.
    ///
    /// - Parameters:
    ///   - reader: the recorded trace.
    ///   - tracePath: where the re-run's trace goes (the caller deletes it).
    ///   - threads: worker threads for the re-run (results do not depend on it).
    /// - Throws: ``Failure`` when the trace has nothing to replay or its scenario no longer loads;
    ///   ``TraceError`` when a trace cannot be read or written.
    public static func rerun(_ reader: TraceReader, into tracePath: String, threads: Int = 1) throws -> Outcome {
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
        let recorder = try Replay.recorder(for: scenario, at: tracePath)
        let summary: RunSummary
        do {
            let simulation = Simulation(scenario: scenario, policies: policies)
            simulation.useThreads(threads)
            summary = try simulation.run(recorder: recorder)
            try recorder.finish(summary: summary.metaEntries)
        } catch {
            recorder.abandon()
            throw error
        }
        let replayed = try TraceReader(path: tracePath)
        let differences = try TraceComparison.compare(recorded: reader, replayed: replayed)
        let scope = try ComparisonScope(recorded: reader, replayed: replayed)
        let inputs = Inputs(
            scenarioTextSealed: reader.hasSeals ? try reader.checkSeals(only: ["meta"]).problems.isEmpty : nil,
            recordedSeed: reader.meta["seed"] ?? "absent", scenarioSeed: scenario.seed,
            recordedVersion: reader.meta["program_version"] ?? "unknown", currentVersion: Simulation.programVersion)
        return Outcome(
            recordedDigest: recorded, replayedDigest: summary.eventDigest,
            recordedVersion: reader.meta["program_version"] ?? "unknown",
            divergence: try Self.divergence(reader, replayed, differences: differences),
            perSecondDigests: reader.hasSeals, inputs: inputs, tableDifferences: differences, notCompared: scope.notes)
    }

    /// The first second whose running digest differs, its differing kinds, and the first differing row
    /// of the table of the first such kind.
    static func divergence(
        _ recorded: TraceReader, _ replayed: TraceReader, differences: [TableDifference]
    ) throws -> Divergence? {
        guard recorded.hasSeals else { return nil }
        let a = try recorded.eventDigests()
        let b = try replayed.eventDigests()
        let secondsA = Self.bySecond(a)
        let secondsB = Self.bySecond(b)
        let allSeconds = Set(secondsA.keys).union(secondsB.keys).sorted()
        guard let second = allSeconds.first(where: { secondsA[$0]?["all"]?.digest != secondsB[$0]?["all"]?.digest })
        else { return nil }
        let rowsA = secondsA[second] ?? [:]
        let rowsB = secondsB[second] ?? [:]
        let kinds = Set(rowsA.keys).union(rowsB.keys).subtracting(["all"]).sorted().filter {
            rowsA[$0]?.digest != rowsB[$0]?.digest || rowsA[$0]?.events != rowsB[$0]?.events
        }
        let tables = kinds.compactMap { Self.tableOfKind[$0] }
        let firstRow = differences.first { tables.contains($0.table) } ?? differences.first
        return Divergence(
            second: SimTime(nanoseconds: second),
            kinds: kinds.map { ($0, rowsA[$0]?.events ?? 0, rowsB[$0]?.events ?? 0) }, firstRow: firstRow)
    }

    private static func bySecond(_ rows: [EventDigestRow]) -> [Int64: [String: EventDigestRow]] {
        var out: [Int64: [String: EventDigestRow]] = [:]
        for row in rows { out[row.secondStart.nanoseconds, default: [:]][row.kind] = row }
        return out
    }
}
