import ArgumentParser
import Foundation
import Scenario
import SimKernel
import Trace
import V2VSim

/// The incident-timeline options of `v2vsim replay` (an option group, so that `ReplayCommand` stays small).
struct TimelineOptions: ParsableArguments {
    @Option(help: "With --incident: how long before it the timeline starts (e.g. 20s, 500ms; 20 s at 10 Hz is the EDR window of 49 CFR 563).")
    var before: String = "20s"

    @Option(help: "With --incident: how long after it the timeline ends.")
    var after: String = "5s"

    @Option(help: "Start of a window [s or e.g. 12.5s]: re-run from the checkpoint before it and compare; with --to and --vehicles also their timeline; with --set, where the what-if starts.")
    var from: String?

    @Option(help: "End of the window (with --from; default the run's end).")
    var to: String?

    @Option(help: "Vehicles to show with --from/--to, comma-separated ids (at most 8).")
    var vehicles: String?

    @Flag(help: "Print only events (messages rejected, warnings, leader changes), not a line per 0.1 s sample.")
    var eventsOnly = false

    @Option(help: "Write the window as CSV files, timeline.json and Visualizer windows into this new or empty directory.")
    var out: String?

    @Flag(help: "Show the timeline from the recorded rows without re-running the scenario first.")
    var noRerun = false

    /// Whether a window was given with --from/--to.
    var hasSpan: Bool { self.from != nil || self.to != nil }
    /// Whether a timeline of named vehicles was asked for (--from/--to with --vehicles).
    var hasVehicleTimeline: Bool { self.vehicles != nil }

    /// `--from T [--to T2]` alone proves that window by a resumed re-run; with `--vehicles` (and `--to`) it
    /// also shows their timeline. With `--incident N` the window is the incident's, and `--from`/`--to` may only
    /// bound a what-if (`--set`).
    func validate(incident: Int?, whatIf: Bool) throws {
        if self.hasSpan {
            guard incident == nil || whatIf else {
                throw ValidationError("give either --incident N or --from/--to, not both (--from/--to bound a what-if with --set)")
            }
            guard self.from != nil else { throw ValidationError("--to: needs --from") }
        }
        if self.vehicles != nil {
            guard incident == nil else { throw ValidationError("--vehicles: only with --from/--to (an incident's vehicles are its own)") }
            guard self.from != nil, self.to != nil else { throw ValidationError("--vehicles: needs --from and --to") }
        }
        let timeline = incident != nil || self.vehicles != nil
        for (given, option) in [(self.out != nil, "--out"), (self.noRerun, "--no-rerun"), (self.eventsOnly, "--events-only")]
        where given && !timeline {
            throw ValidationError("\(option): needs a timeline (--incident N, or --from/--to with --vehicles)")
        }
    }

    /// Parses `12`, `12.5s`, `500ms` as a time; the option's name is in the error.
    static func time(_ text: String, option: String) throws -> SimTime {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        var number = trimmed
        var scale = 1.0
        if trimmed.hasSuffix("ms") {
            number = String(trimmed.dropLast(2))
            scale = 1e-3
        } else if trimmed.hasSuffix("s") {
            number = String(trimmed.dropLast())
        }
        guard let value = Double(number), value.isFinite, abs(value * scale) <= 1e6 else {
            throw ValidationError("\(option): '\(text)' is not a time (e.g. 20s, 12.5, 500ms)")
        }
        return SimTime(seconds: value * scale)
    }

    static func vehicleList(_ text: String) throws -> [UInt32] {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
        guard parts.count <= 64 else { throw ValidationError("--vehicles: \(parts.count) ids, at most \(TimelineWindow.maxVehicles) are shown") }
        return try parts.map { part in
            guard let id = UInt32(part.trimmingCharacters(in: .whitespaces)) else {
                throw ValidationError("--vehicles: '\(part)' is not a vehicle id")
            }
            return id
        }
    }
}

extension ReplayCommand {
    /// The window the options name, checked against the trace before any re-run; nil when none is asked.
    func timelineWindow(_ reader: TraceReader, incidents: [IncidentRow]) throws -> (TimelineWindow, Scenario)? {
        guard self.incident != nil || self.timeline.hasVehicleTimeline else { return nil }
        let options = self.timeline
        let window: TimelineWindow
        let scenario: Scenario
        do {
            scenario = try IncidentTimeline.scenario(of: reader)
            if let n = self.incident {
                let before = try self.window.map { SimTime(seconds: $0) } ?? TimelineOptions.time(options.before, option: "--before")
                window = try TimelineWindow.around(
                    incident: incidents[n], index: n, before: before,
                    after: try TimelineOptions.time(options.after, option: "--after"), runEnd: scenario.duration)
            } else {
                window = try TimelineWindow.span(
                    from: try TimelineOptions.time(options.from!, option: "--from"),
                    to: try TimelineOptions.time(options.to!, option: "--to"),
                    vehicles: try TimelineOptions.vehicleList(options.vehicles!), runEnd: scenario.duration,
                    known: reader.vehiclesPresent)
            }
        } catch let error as TimelineWindowError {
            Terminal.error("error: \(self.trace): \(error)")
            throw ExitCode.validationFailure
        } catch let error as ValidationError {
            Terminal.error("error: \(error.message)")
            throw ExitCode.validationFailure
        } catch {
            Terminal.error("error: \(error)")
            throw ExitCode.failure
        }
        return (window, scenario)
    }

    /// Builds, prints and (with --out) writes the timeline of `window`.
    func showTimeline(_ reader: TraceReader, incidents: [IncidentRow], window: TimelineWindow, scenario: Scenario) throws {
        let options = self.timeline
        let timeline: IncidentTimeline
        do {
            timeline = try IncidentTimeline.build(reader, window: window, scenario: scenario)
        } catch {
            Terminal.error("error: \(error)")
            throw ExitCode.failure
        }
        if let n = self.incident {
            print(IncidentsCommand.describe(n, incidents[n]))
            // The per-vehicle summary of the seconds before the incident, then the timeline.
            let story = try IncidentWindow.build(reader, incident: incidents[n], seconds: (incidents[n].time - window.from).seconds)
            for s in story.stories { print(Self.render(s)) }
        }
        for line in TimelineText.lines(timeline, eventsOnly: options.eventsOnly) { print(line) }
        if let out = options.out {
            do {
                try TimelineFiles.write(timeline, reader: reader, to: out)
            } catch {
                Terminal.error("error: \(out): \(error)")
                throw ExitCode.failure
            }
            print("wrote \(out): samples.csv, beliefs.csv, hazards.csv, events.csv, timeline.json and Visualizer windows "
                + "(open with `v2vsim visualize \(out) --out view.html`)")
        }
    }
}

/// Writes a timeline's files, and the Visualizer's windows of the same span, into a directory that
/// appears complete or not at all: everything goes into `DIR.partial`, renamed at the end.
enum TimelineFiles {
    static func write(_ timeline: IncidentTimeline, reader: TraceReader, to path: String) throws {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        if fm.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue, (try fm.contentsOfDirectory(atPath: path)).isEmpty else {
                throw TimelineFileError(description: "exists and is not an empty directory; name a new one")
            }
        }
        let partial = path + ".partial"
        try? fm.removeItem(atPath: partial)
        try fm.createDirectory(atPath: partial, withIntermediateDirectories: true)
        do {
            for file in timeline.files {
                try Data(file.text.utf8).write(to: URL(fileURLWithPath: partial + "/" + file.name))
            }
            let index = try VisualizerIndex(reader: reader, layout: VisualizerLayout.of(trace: reader))
            let start = timeline.window.incident?.time.seconds ?? timeline.window.from.seconds
            try VisualizerWindowDirectory.write(
                index: index, from: timeline.window.from.seconds, to: timeline.window.to.seconds, start: start,
                focus: timeline.window.vehicles, into: partial)
            if fm.fileExists(atPath: path) { try fm.removeItem(atPath: path) }
            try fm.moveItem(atPath: partial, toPath: path)
        } catch {
            try? fm.removeItem(atPath: partial)
            throw error
        }
    }
}

struct TimelineFileError: Error, CustomStringConvertible {
    let description: String
}
