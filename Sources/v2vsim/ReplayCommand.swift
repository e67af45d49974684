import ArgumentParser
import Foundation
import SimKernel
import Trace
import V2VSim

/// `v2vsim replay`: prove a trace reproduces, then show what happened before an incident.
struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Re-run a trace's scenario and seed, check the event digest matches, and show an incident's timeline.",
        discussion: """
            On a difference it names the first simulated second whose event digest differs, the event kinds and the \
            first differing row, and whether the scenario text, seed or program version differ from the recording. \
            With a window (--incident N, or --from [--to], with --vehicles for a timeline) it resumes from the last \
            checkpoint at or before the window, re-runs only the window and compares it with the recording; then it \
            shows the window's timeline, rebuilt from the rows: \
            every 0.1 s each vehicle's truth beside its neighbour table and hazards (with the message that set each), \
            what it heard and what its policy decided (docs/trace.md, "Incident timeline"). With --incident N --set \
            FIELD=VALUE it runs a what-if from the checkpoint before the incident and shows it beside the recording. \
            Exit codes: 0 reproduced, 2 the re-run differs from the recording, 1 the trace cannot be read, 64 a bad window.
            """)

    @Argument(help: "Trace file (trace.sqlite).")
    var trace: String

    @Option(help: "Incident number (as listed by `v2vsim incidents`) whose window to show.")
    var incident: Int?

    @Option(help: ArgumentHelp("Seconds before the incident to show (older spelling of --before).", visibility: .hidden))
    var window: Double?

    @OptionGroup(title: "Timeline") var timeline: TimelineOptions

    @OptionGroup(title: "Resume from a checkpoint (fast windows, what-if)")
    var resumeOptions: ResumeOptions

    func validate() throws {
        if let window = self.window, !(window > 0 && window <= 3600) {
            throw ValidationError("--window: must be in (0, 3600] seconds, got \(window)")
        }
        try self.timeline.validate(incident: self.incident, whatIf: self.resumeOptions.isWhatIf)
    }

    /// The window to prove by a resumed re-run: the timeline's, or `--from [--to]` alone (to the run's
    /// end by default); nil for a whole-run replay.
    func proofSpan(_ window: TimelineWindow?) throws -> (from: SimTime, to: SimTime)? {
        if let window { return (window.from, window.to) }
        guard let from = self.timeline.from else { return nil }
        do {
            let start = try TimelineOptions.time(from, option: "--from")
            let end = try self.timeline.to.map { try TimelineOptions.time($0, option: "--to") } ?? SimTime(nanoseconds: .max)
            guard start >= .zero, end > start else {
                throw ValidationError("--from/--to: the window must start at 0 s or later and end after it starts")
            }
            return (start, end)
        } catch let error as ValidationError {
            Terminal.error("error: \(error.message)")
            throw ExitCode.validationFailure
        }
    }

    func run() throws {
        let reader: TraceReader
        do { reader = try TraceReader(path: self.trace) } catch {
            Terminal.error("error: \(error)")
            throw ExitCode.failure
        }
        let incidents: [IncidentRow]
        do { incidents = try reader.incidents() } catch {
            Terminal.error("error: \(self.trace): \(error)")
            throw ExitCode.failure
        }
        if let n = self.incident, !(0..<incidents.count).contains(n) {
            Terminal.error("error: \(self.trace): no incident \(n); the trace has \(incidents.count) (0..<\(incidents.count))")
            throw ExitCode.validationFailure
        }
        if self.resumeOptions.isWhatIf {
            try self.runWhatIf(reader, incidents: incidents)
            return
        }
        // Checked before the re-run, so that a bad window fails at once.
        let timeline = try self.timelineWindow(reader, incidents: incidents)
        if self.timeline.noRerun, let (window, scenario) = timeline {
            // The timeline is read from the rows; only the reproduction proof needs the re-run.
            try self.showTimeline(reader, incidents: incidents, window: window, scenario: scenario)
            return
        }
        // A window is proved by resuming from the checkpoint before it, so its cost is the window's.
        if let span = try self.proofSpan(timeline?.0) {
            let reproduced = try self.proveWindow(reader, from: span.from, to: span.to)
            if let (window, scenario) = timeline {
                try self.showTimeline(reader, incidents: incidents, window: window, scenario: scenario)
            }
            if !reproduced { throw ExitCode(ExitCodes.verificationFailed) }
            return
        }
        let outcome: Replay.Outcome
        do {
            let workspace = try ReplayWorkspace()
            defer { workspace.remove() }
            outcome = try workspace.rerun(reader)
        } catch {
            Terminal.error("error: \(error)")
            throw ExitCode.failure
        }
        if outcome.reproduced {
            print("reproduced: the re-run's event digest matches the recording (\(outcome.replayedDigest.prefix(16))…)")
            for line in outcome.notCompared { print("note: \(line)") }
            if !outcome.tableDifferences.isEmpty {
                print("but the trace's rows differ from the re-run's: it was edited after recording (see `v2vsim verify --replay`)")
            }
        } else {
            print("NOT reproduced: recorded \(outcome.recordedDigest.prefix(16))…, re-run \(outcome.replayedDigest.prefix(16))…")
            for line in Self.explain(outcome) { print(line) }
        }
        print("\(incidents.count) incident(s); show one with --incident N (see `v2vsim incidents \(self.trace)`)")
        if !outcome.reproduced { throw ExitCode(ExitCodes.verificationFailed) }
    }

    /// Where and why the re-run differs: the first second, event kinds and entity, and the inputs.
    static func explain(_ outcome: Replay.Outcome) -> [String] {
        var lines: [String] = []
        if let d = outcome.divergence {
            let kinds = d.kinds.map { "\($0.kind) (\($0.recorded) recorded, \($0.replayed) re-run)" }.joined(separator: ", ")
            let second = d.second.nanoseconds / 1_000_000_000
            lines.append("first differs in the second from \(second) s to \(second + 1) s: \(kinds.isEmpty ? "the running digest" : kinds)")
            if let row = d.firstRow { lines.append("first differing row: \(row)") }
        } else if !outcome.perSecondDigests {
            lines.append("the trace has no per-second digests (schema_version 4), so the second cannot be named")
            if let row = outcome.tableDifferences.first { lines.append("first differing row: \(row)") }
        }
        let inputs = outcome.inputs
        switch inputs.scenarioTextSealed {
        case true?: lines.append("scenario text: unchanged since recording (its meta seal holds)")
        case false?: lines.append("scenario text: EDITED after recording (the meta seal does not hold)")
        case nil: lines.append("scenario text: cannot tell (no seals)")
        }
        lines.append(inputs.seedAgrees
            ? "seed: \(inputs.scenarioSeed), as recorded"
            : "seed: DIFFERS: meta says \(inputs.recordedSeed), the scenario text says \(inputs.scenarioSeed)")
        lines.append(inputs.sameVersion
            ? "program version: \(inputs.currentVersion), as recorded"
            : "program version: DIFFERS: recorded by \(inputs.recordedVersion), re-run by \(inputs.currentVersion)")
        return lines
    }

    static func render(_ s: IncidentWindow.VehicleStory) -> String {
        var lines = ["vehicle \(s.vehicle)"]
        lines.append("  sent      \(s.messagesSent) messages")
        let heard = s.heard.keys.sorted().map { "\($0) \(s.heard[$0]!)" }.joined(separator: ", ")
        lines.append("  heard     \(heard.isEmpty ? "nothing" : heard)")
        if !s.rejectedByReason.isEmpty {
            lines.append("  rejected  " + s.rejectedByReason.keys.sorted().map { "\($0) \(s.rejectedByReason[$0]!)" }.joined(separator: ", "))
        }
        lines.append("  believed  \(s.acceptedSenders.count) distinct senders; \(s.actedOn) messages changed its view of its leader")
        if let a = s.first, let b = s.last {
            lines.append(String(format: "  drove     %.1f → %.1f m/s, lane %d → %d, x %.1f → %.1f m", a.speed, b.speed, a.lane, b.lane, a.x, b.x))
        }
        if let braking = s.hardestBraking {
            lines.append(String(format: "  braked    hardest %.2f m/s² at %@ s", braking.accel, braking.time.description))
        } else {
            lines.append("  braked    not in the window (no deceleration in its FCD samples)")
        }
        return lines.joined(separator: "\n")
    }
}

extension IncidentsCommand {
    static func describe(_ n: Int, _ i: IncidentRow) -> String {
        let who = i.vehicleB.map { "vehicles \(i.vehicleA) and \($0)" } ?? "vehicle \(i.vehicleA)"
        return String(format: "#%d  t=%@ s  %@  %@  %@ = %.3f", n, i.time.description, i.kind, who, i.detail, i.value)
    }
}
