import ArgumentParser
import Foundation
import SimKernel
import Trace
import V2VSim

/// `replay`'s options that resume from a checkpoint instead of re-running from 0: a window
/// (`--from`, `--to`) or a what-if (`--incident N --set FIELD=VALUE`).
struct ResumeOptions: ParsableArguments {
    @Option(help: "Resume from the last checkpoint at or before this time (e.g. 580s) and re-run only to --to.")
    var from: String?

    @Option(help: "End of the resumed window (default: the run's end; for a what-if, 5 s after the incident).")
    var to: String?

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

    var isRequested: Bool { self.from != nil || self.to != nil || !self.overrides.isEmpty }

    func validate() throws {
        if let from { _ = try Self.time(from, option: "--from") }
        if let to { _ = try Self.time(to, option: "--to") }
    }

    /// `580`, `580s`, `1.5s`, `500ms` or `2min` as simulated time.
    static func time(_ text: String, option: String) throws -> SimTime {
        let units: [(String, Double)] = [("ms", 0.001), ("min", 60), ("s", 1)]
        var number = Substring(text)
        var factor = 1.0
        if let unit = units.first(where: { text.hasSuffix($0.0) }) {
            number = number.dropLast(unit.0.count)
            factor = unit.1
        }
        guard let value = Double(number), value.isFinite, value >= 0, value * factor <= 86_400 * 366 else {
            throw ValidationError("\(option): expected a time such as 580s, 1.5s or 500ms, got '\(text)'")
        }
        return SimTime(seconds: value * factor)
    }
}

extension ReplayCommand {
    /// `--from`/`--to` (a resumed window, checked against the recording) or `--incident N --set`
    /// (a what-if, shown beside the recording).
    func runResumed(_ reader: TraceReader, incidents: [IncidentRow]) throws {
        let options = self.resumeOptions
        let from = try options.from.map { try ResumeOptions.time($0, option: "--from") }
        let to = try options.to.map { try ResumeOptions.time($0, option: "--to") }
        if !options.overrides.isEmpty && self.incident == nil {
            Terminal.error("error: --set needs --incident N: a what-if is judged by what happens to one incident")
            throw ExitCode.validationFailure
        }
        if let refused = WhatIf.refusedFields(options.overrides) {
            Terminal.error("error: \(refused)")
            throw ExitCode.validationFailure
        }
        let workspace: ReplayWorkspace
        do { workspace = try ReplayWorkspace() } catch {
            Terminal.error("error: \(error)")
            throw ExitCode.failure
        }
        defer { workspace.remove() }
        if let n = self.incident, !options.overrides.isEmpty {
            let incident = incidents[n]
            let start = from ?? max(.zero, incident.time - ResumeOptions.whatIfBefore)
            let end = to ?? incident.time + ResumeOptions.whatIfAfter
            try self.whatIf(reader, incident: incident, id: n, from: start, to: end, workspace: workspace)
            return
        }
        let start = from ?? .zero
        let end = to ?? SimTime(nanoseconds: .max)
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
        let replayed = try TraceReader(path: resumed.tracePath)
        let origin = resumed.checkpoint ?? .zero
        let differences = try TraceComparison.compareWindow(
            recorded: reader, replayed: replayed, from: origin.nanoseconds, to: resumed.to.nanoseconds)
        let started = resumed.checkpoint.map { "the checkpoint at \($0) s" } ?? "time 0 (no checkpoint at or before \(start) s)"
        print("resumed from \(started); re-ran \(origin)…\(resumed.to) s (\(resumed.simulated) s simulated) in "
            + String(format: "%.2f s wall", Self.seconds(wall)))
        let endDigest = resumed.to == resumed.scenario.duration ? replayed.meta["event_digest"] : nil
        let endAgrees = endDigest == nil || endDigest == reader.meta["event_digest"]
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
        if let n = self.incident {
            let window = try IncidentWindow.build(reader, incident: incidents[n], seconds: self.window)
            print(IncidentsCommand.describe(n, incidents[n]))
            for story in window.stories { print(Self.render(story)) }
        }
        if !differences.isEmpty || !endAgrees { throw ExitCode(ExitCodes.verificationFailed) }
    }

    private func whatIf(
        _ reader: TraceReader, incident: IncidentRow, id: Int, from: SimTime, to: SimTime, workspace: ReplayWorkspace
    ) throws {
        let options = self.resumeOptions
        let comparison: WhatIfComparison
        do {
            let resumed = try Replay.resume(
                trace: reader, at: from, until: to, into: workspace.tracePath, overrides: options.overrides,
                threads: Simulation.defaultThreads)
            let replayed = try TraceReader(path: resumed.tracePath)
            comparison = try WhatIfComparison.build(
                incidentID: id, incident: incident, changes: options.overrides, baseline: reader, whatIf: replayed,
                from: resumed.checkpoint ?? .zero, to: resumed.to)
        } catch {
            Terminal.error("error: \(error)")
            throw ExitCode.failure
        }
        switch options.whatIfFormat {
        case .table: print(WhatIfText.table(comparison), terminator: "")
        case .json: print(WhatIfText.json(comparison))
        }
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }
}
