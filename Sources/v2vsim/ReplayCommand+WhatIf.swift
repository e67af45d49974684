import ArgumentParser
import Foundation
import SimKernel
import Trace
import V2VSim

/// `replay`'s what-if options: `--incident N --set FIELD=VALUE` resumes from the checkpoint before the
/// incident with the change (the window options `--from`/`--to` are the timeline's, shared).
struct ResumeOptions: ParsableArguments {
    @Option(name: .customLong("set"), parsing: .singleValue,
            help: "What-if with --incident N: change a field from the checkpoint on (FIELD=VALUE, validated like run --set).")
    var overrides: [String] = []

    @Option(name: .customLong("format"), help: "What-if output: table or json.")
    var whatIfFormat: WhatIfFormat = .table

    enum WhatIfFormat: String, ExpressibleByArgument, CaseIterable { case table, json }

    /// Seconds before an incident a what-if starts (the event-data-recorder window of issue 11).
    static let whatIfBefore = SimTime.seconds(20)
    /// Seconds after it a what-if ends.
    static let whatIfAfter = SimTime.seconds(5)

    var isWhatIf: Bool { !self.overrides.isEmpty }
}

extension ReplayCommand {
    /// `--incident N --set FIELD=VALUE`: the what-if, shown beside the recording.
    func runWhatIf(_ reader: TraceReader, incidents: [IncidentRow]) throws {
        let options = self.resumeOptions
        guard let n = self.incident else {
            Terminal.error("error: --set needs --incident N: a what-if is judged by what happens to one incident")
            throw ExitCode.validationFailure
        }
        if let refused = WhatIf.refusedFields(options.overrides) {
            Terminal.error("error: \(refused)")
            throw ExitCode.validationFailure
        }
        let from: SimTime?
        let to: SimTime?
        do {
            from = try self.timeline.from.map { try TimelineOptions.time($0, option: "--from") }
            to = try self.timeline.to.map { try TimelineOptions.time($0, option: "--to") }
        } catch let error as ValidationError {
            Terminal.error("error: \(error.message)")
            throw ExitCode.validationFailure
        }
        let workspace: ReplayWorkspace
        do { workspace = try ReplayWorkspace() } catch {
            Terminal.error("error: \(error)")
            throw ExitCode.failure
        }
        defer { workspace.remove() }
        let incident = incidents[n]
        let start = from ?? max(.zero, incident.time - ResumeOptions.whatIfBefore)
        let end = to ?? incident.time + ResumeOptions.whatIfAfter
        try self.whatIf(reader, incident: incident, id: n, from: start, to: end, workspace: workspace)
    }

    /// The reproduction proof of a window: resumes from the last checkpoint at or before `start` (from 0
    /// when there is none), re-runs to `end` and compares the window's rows, per-second digests and later
    /// checkpoints with the recording. Prints what it found; returns whether the window reproduced.
    func proveWindow(_ reader: TraceReader, from start: SimTime, to end: SimTime) throws -> Bool {
        let workspace: ReplayWorkspace
        do { workspace = try ReplayWorkspace() } catch {
            Terminal.error("error: \(error)")
            throw ExitCode.failure
        }
        defer { workspace.remove() }
        let clock = ContinuousClock()
        let began = clock.now
        let resumed: Replay.Resumed
        do {
            resumed = try Replay.resume(
                trace: reader, at: start, until: end, into: workspace.tracePath, threads: Simulation.defaultThreads)
        } catch {
            Terminal.error("error: \(error)")
            throw ExitCode.failure
        }
        let wall = clock.now - began
        if let note = resumed.note { Terminal.error("note: \(note)") }
        let replayed = try TraceReader(path: resumed.tracePath)
        let origin = resumed.checkpoint ?? .zero
        let differences = try TraceComparison.compareWindow(
            recorded: reader, replayed: replayed, from: origin.nanoseconds, to: resumed.to.nanoseconds)
        func s(_ t: SimTime) -> String { String(format: "%.3f", t.seconds) }
        let fromZero = resumed.note == nil
            ? "no checkpoint at or before \(s(start)) s" : "its checkpoint was written by another build, see the note"
        let started = resumed.checkpoint.map { "the checkpoint at \(s($0)) s" } ?? "time 0 (\(fromZero))"
        print("resumed from \(started); re-ran \(s(origin))…\(s(resumed.to)) s (\(s(resumed.simulated)) s simulated) in "
            + String(format: "%.2f s wall", Self.seconds(wall)))
        let endDigest = resumed.to == resumed.scenario.duration ? replayed.meta["event_digest"] : nil
        if differences.isEmpty {
            print("reproduced: every row of the window (up to 1 s before its end) and every per-second event digest match the recording")
            if let endDigest {
                print(endDigest == reader.meta["event_digest"]
                    ? "and the event digest at the run's end matches the recording (\(endDigest.prefix(16))…)"
                    : "but the event digest at the run's end differs: recorded \(reader.meta["event_digest"] ?? "none"), re-run \(endDigest)")
            }
        } else {
            print("NOT reproduced: the window differs from the recording")
            for difference in differences { print("  \(difference)") }
        }
        return differences.isEmpty && (endDigest == nil || endDigest == reader.meta["event_digest"])
    }

    private func whatIf(
        _ reader: TraceReader, incident: IncidentRow, id: Int, from: SimTime, to: SimTime, workspace: ReplayWorkspace
    ) throws {
        let options = self.resumeOptions
        let comparison: WhatIfComparison
        let origin: String
        do {
            let resumed = try Replay.resume(
                trace: reader, at: from, until: to, into: workspace.tracePath, overrides: options.overrides,
                threads: Simulation.defaultThreads)
            if let note = resumed.note { Terminal.error("note: \(note)") }
            origin = resumed.checkpoint != nil
                ? "the last checkpoint at or before the window"
                : resumed.note == nil
                    ? "the run's start: no checkpoint at or before the window"
                    : "the run's start: the trace's checkpoints were written by another build"
            let replayed = try TraceReader(path: resumed.tracePath)
            comparison = try WhatIfComparison.build(
                incidentID: id, incident: incident, changes: options.overrides, baseline: reader, whatIf: replayed,
                from: resumed.checkpoint ?? .zero, to: resumed.to)
        } catch {
            Terminal.error("error: \(error)")
            throw ExitCode.failure
        }
        switch options.whatIfFormat {
        case .table: print(WhatIfText.table(comparison, origin: origin), terminator: "")
        case .json: print(WhatIfText.json(comparison))
        }
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }
}
