import Scenario
import SimKernel
import Trace

extension Replay {
    /// What a resumed re-run did: where it started, where it stopped, and where its rows are.
    public struct Resumed: Sendable {
        /// The checkpoint it started from; nil when none was at or before the requested time (the run
        /// then starts at 0).
        public var checkpoint: SimTime?
        /// The requested start and end of the window.
        public var from: SimTime
        public var to: SimTime
        /// The scenario it ran (the recorded one, or the what-if variant).
        public var scenario: Scenario
        /// Why the re-run started at 0 although a checkpoint was there (one line), if it did.
        public var note: String?
        /// The re-run's summary at `to`.
        public var summary: RunSummary
        /// The re-run's trace (rows from `checkpoint` to `to`).
        public var tracePath: String
        /// The simulated time the re-run covered, from its start to `to`.
        public var simulated: SimTime { self.to - (self.checkpoint ?? .zero) }
    }

    /// Re-runs the recording from the last checkpoint at or before `time` up to `end`, into a new trace
    /// at `tracePath`: the cost is that of the window, not of the run before it. With `overrides`
    /// (`FIELD=VALUE`, validated like `run --set`; only ``WhatIf/midRunFields`` may change) the re-run
    /// continues under the changed scenario: a what-if.
    ///
    /// - Parameters:
    ///   - reader: the recorded trace.
    ///   - time: the start of the window; the re-run starts at the checkpoint at or before it.
    ///   - end: the end of the window (clamped to the scenario's duration).
    ///   - tracePath: where the re-run's rows go (the caller deletes it).
    ///   - overrides: what-if changes.
    ///   - threads: worker threads (results do not depend on it).
    ///   A trace of another program version or checkpoint format is re-run from 0 (checkpoints are bound
    ///   to the build that wrote them), and ``Resumed/note`` says so.
    /// - Throws: ``Failure`` when the trace has no scenario, its checkpoint is damaged, or an
    ///   override is invalid or cannot change mid-run; ``TraceError`` when a trace cannot be read or written.
    public static func resume(
        trace reader: TraceReader, at time: SimTime, until end: SimTime, into tracePath: String,
        overrides: [String] = [], threads: Int = 1
    ) throws -> Resumed {
        guard let text = reader.meta["scenario_text"] else {
            throw Failure(description: "\(reader.path): trace has no scenario_text to resume")
        }
        let recordedVersion = reader.meta["program_version"] ?? "unknown"
        if let refused = WhatIf.refusedFields(overrides) {
            throw Failure(description: refused)
        }
        let scenario: Scenario
        let policies: LearnedPolicies
        do {
            scenario = try ScenarioLoader.load(text: text, path: "\(reader.path) (scenario_text)", overrides: overrides)
            policies = try LearnedPolicies.load(for: scenario)
        } catch {
            throw Failure(description: error.description)
        }
        guard time <= end else {
            throw Failure(description: "the window starts at \(time) s, after its end at \(end) s")
        }
        let stop = min(end, scenario.duration)
        var row: CheckpointRow?
        do {
            row = try reader.checkpoint(atOrBefore: time)
        } catch {
            throw Failure(description: "\(error)")
        }
        // A checkpoint of another format (an older build's layout) cannot be decoded, and one written by
        // another program version holds that version's state layout (libsodium's SHA-256 state, the
        // engines' fields): the run from 0 gives the same window, at the cost of the run before it.
        var note: String?
        if row != nil, recordedVersion != Simulation.programVersion {
            note = "the trace was recorded by v2vsim \(recordedVersion) and its checkpoints resume only in that version "
                + "(this is \(Simulation.programVersion)): re-running from 0 s instead"
            row = nil
        } else if let old = row, old.formatVersion != SimulationState.formatVersion {
            note = "the checkpoint at \(old.time) s has format \(old.formatVersion), this build reads "
                + "\(SimulationState.formatVersion): re-running from 0 s instead"
            row = nil
        }
        let recorder = try Replay.recorder(for: scenario, at: tracePath)
        let summary: RunSummary
        do {
            let simulation: Simulation
            if let row {
                do {
                    simulation = try Simulation(resumingFrom: row, scenario: scenario, policies: policies)
                } catch let error as Simulation.ResumeFailure {
                    throw Failure(description: "\(reader.path): \(error.description)")
                }
                simulation.applyMidRunChanges()
                simulation.useThreads(threads)
                summary = try simulation.resume(recorder: recorder, until: stop)
            } else {
                simulation = Simulation(scenario: scenario, policies: policies)
                simulation.useThreads(threads)
                summary = try simulation.run(recorder: recorder, until: stop)
            }
            try recorder.finish(summary: summary.metaEntries)
        } catch {
            recorder.abandon()
            throw error
        }
        return Resumed(
            checkpoint: row?.time, from: time, to: stop, scenario: scenario, note: note, summary: summary,
            tracePath: tracePath)
    }
}
