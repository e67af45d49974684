import ArgumentParser
import Foundation
import SimKernel
import Trace
import V2VSim

/// `v2vsim replay`: prove a trace reproduces, then show what happened before an incident.
struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Re-run a trace's scenario and seed, check the event digest matches, and show an incident's window.",
        discussion: """
            On a difference it names the first simulated second whose event digest differs, the event kinds and the \
            first differing row, and whether the scenario text, seed or program version differ from the recording. \
            Exit codes: 0 reproduced, 2 the re-run differs from the recording, 1 the trace cannot be read.
            """)

    @Argument(help: "Trace file (trace.sqlite).")
    var trace: String

    @Option(help: "Incident number (as listed by `v2vsim incidents`) whose window to show.")
    var incident: Int?

    @Option(help: "Seconds before the incident to show.")
    var window: Double = 10

    @OptionGroup(title: "Resume from a checkpoint (fast windows, what-if)")
    var resumeOptions: ResumeOptions

    func validate() throws {
        guard self.window > 0 && self.window <= 3600 else { throw ValidationError("--window: must be in (0, 3600] seconds, got \(self.window)") }
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
        if self.resumeOptions.isRequested {
            try self.runResumed(reader, incidents: incidents)
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
            if !outcome.tableDifferences.isEmpty {
                print("but the trace's rows differ from the re-run's: it was edited after recording (see `v2vsim verify --replay`)")
            }
        } else {
            print("NOT reproduced: recorded \(outcome.recordedDigest.prefix(16))…, re-run \(outcome.replayedDigest.prefix(16))…")
            for line in Self.explain(outcome) { print(line) }
        }
        if let n = self.incident {
            let window = try IncidentWindow.build(reader, incident: incidents[n], seconds: self.window)
            print(IncidentsCommand.describe(n, incidents[n]))
            print("window \(window.from)…\(window.to) s")
            for story in window.stories { print(Self.render(story)) }
        } else {
            print("\(incidents.count) incident(s); show one with --incident N (see `v2vsim incidents \(self.trace)`)")
        }
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
