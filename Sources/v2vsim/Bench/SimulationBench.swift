import Foundation
import Scenario
import SimKernel
import Trace
import V2VSim

/// Whole runs of the simulator: traffic only (beacons off) and the full pipeline of a benchmark scenario.
enum SimulationBench {
    /// Loads `path` with `overrides`, turning scenario errors into the CLI's located messages.
    static func load(_ path: String, overrides: [String]) throws -> Scenario {
        do {
            return try ScenarioLoader.load(path: path, overrides: overrides)
        } catch {
            Terminal.error(error.description)
            throw BenchFailure(message: "cannot load \(path)")
        }
    }

    /// A simulation of `scenario` with the weights files it names.
    static func simulation(_ scenario: Scenario) throws -> Simulation {
        do {
            return Simulation(scenario: scenario, policies: try LearnedPolicies.load(for: scenario))
        } catch {
            Terminal.error(error.description)
            throw BenchFailure(message: "cannot load the policies of \(scenario.sourcePath)")
        }
    }

    /// Traffic only: the scenario with beacons off and one FCD sample per step, counted by a sink so that
    /// vehicle-steps are exact (a sample at each step holds the vehicles that step moved). With `fcd`
    /// the samples also go into a real trace (SQLite, receptions `none`), as SUMO's `--fcd-output` does.
    static func traffic(
        _ path: String, duration: String?, fcd: Bool, directory: String, report: BenchReport
    ) throws {
        var overrides = ["beacons.enabled=false"]
        if let duration { overrides.append("duration=\(duration)") }
        let probe = try Self.load(path, overrides: overrides)
        overrides.append("record.fcd=\(probe.step.nanoseconds / 1_000_000)ms")
        let scenario = try Self.load(path, overrides: overrides)
        let tracePath = directory + "/traffic-\(scenario.name).sqlite"
        let recorder: TraceRecorder? = try fcd
            ? TraceRecorder(path: tracePath, meta: Self.meta(scenario), receptions: ReceptionRecording(level: .none))
            : nil
        let counter = CountingSink(next: recorder)
        ProcessMemory.resetPeak()
        let timed = try BenchClock.measure { try Self.simulation(scenario).run(recorder: counter) }
        try recorder?.finish(summary: timed.result.metaEntries)
        let peak = ProcessMemory.peakResidentBytes
        let traceBytes = fcd ? Self.fileSize(tracePath) : nil
        if fcd { try? FileManager.default.removeItem(atPath: tracePath) }
        // The last sample holds vehicles no step moved.
        let vehicleSteps = counter.counts.vehicles - timed.result.vehiclesAtEnd
        var fields: [(String, BenchReport.Value)] = [
            ("scenario", .string(scenario.name)), ("fcd", .string(fcd ? "sqlite" : "none")),
            ("simulated_s", .number(scenario.duration.seconds, decimals: 1)), ("step_s", .number(scenario.step.seconds)),
            ("vehicles_start", .integer(Self.placedVehicles(scenario))),
            ("vehicles_end", .integer(timed.result.vehiclesAtEnd)), ("vehicle_steps", .integer(vehicleSteps)),
            ("wall_s", .number(timed.seconds)), ("sim_to_wall", .number(scenario.duration.seconds / timed.seconds, decimals: 2)),
            ("vehicle_steps_per_s", .number(Double(vehicleSteps) / timed.seconds, decimals: 0)),
        ]
        if let peak { fields.append(("peak_rss_mib", .number(Double(peak) / 1_048_576, decimals: 1))) }
        if let traceBytes { fields.append(("trace_bytes", .integer(traceBytes))) }
        report.emit("traffic_only", fields)
    }

    /// The full pipeline: every beacon signed and verified, the radio, RSUs, ledger and a trace at the
    /// scenario's own recording level. The libsodium floor is the run's real sign and verify calls at the
    /// per-call cost measured in this process, spread over the cores.
    static func pipeline(
        _ path: String, duration: String?, rates: CryptoBench.Rates, threads: Int, directory: String,
        report: BenchReport
    ) throws {
        let scenario = try Self.load(path, overrides: duration.map { ["duration=\($0)"] } ?? [])
        let tracePath = directory + "/pipeline-\(scenario.name).sqlite"
        let recorder = try TraceRecorder(path: tracePath, meta: Self.meta(scenario), receptions: scenario.record.receptions)
        let counter = CountingSink(receptions: scenario.record.receptions, seed: scenario.seed, next: recorder)
        ProcessMemory.resetPeak()
        let simulation = try Self.simulation(scenario)
        simulation.useThreads(threads)
        let timed = try BenchClock.measure { try simulation.run(recorder: counter) }
        let peak = ProcessMemory.peakResidentBytes
        let finish = try BenchClock.measure { try recorder.finish(summary: timed.result.metaEntries) }
        let summary = timed.result
        let wall = timed.seconds + finish.seconds
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let cryptoSeconds = Double(summary.signCalls) / rates.sign + Double(summary.verifyCalls) / rates.verify
        let floor = cryptoSeconds / Double(cores)
        let receptions = summary.vehicleReceptions + summary.rsuReceptions
        let simulated = scenario.duration.seconds
        var fields: [(String, BenchReport.Value)] = [
            ("scenario", .string(scenario.name)), ("simulated_s", .number(simulated, decimals: 1)),
            ("vehicles_end", .integer(summary.vehiclesAtEnd)), ("rsus", .integer(summary.rsus)),
            ("wall_s", .number(wall)), ("sim_to_wall", .number(simulated / wall, decimals: 2)),
            ("messages", .integer(summary.messagesSent)), ("receptions", .integer(receptions)),
            ("receptions_per_s", .number(Double(receptions) / wall, decimals: 0)),
            ("sign_calls", .integer(summary.signCalls)), ("verify_calls", .integer(summary.verifyCalls)),
            ("memo_hits", .integer(summary.memoHits)),
            ("libsodium_floor_s", .number(floor)), ("cores", .integer(cores)),
            ("threads", .integer(threads)), ("frames_decided_in_parallel", .integer(simulation.framesDecidedInParallel)),
            ("wall_to_floor", .number(wall / floor, decimals: 2)),
            ("blocks_final", .integer(summary.blocksFinal)), ("leaves_anchored", .integer(summary.leavesAnchored)),
            ("recording", .string(scenario.record.receptions.level.rawValue)),
            ("reception_rows_offered", .integer(counter.counts.receptionsOffered)),
            ("reception_rows_kept", .integer(counter.counts.receptionsKept)),
            ("trace_rows", .integer(counter.counts.rowsKept)), ("trace_finish_s", .number(finish.seconds)),
            ("trace_bytes", .integer(Self.fileSize(tracePath) ?? 0)), ("event_digest", .string(summary.eventDigest)),
        ]
        if let peak { fields.append(("peak_rss_mib", .number(Double(peak) / 1_048_576, decimals: 1))) }
        report.emit("full_pipeline", fields)
    }

    /// Vehicles the scenario places at the start (its `count` groups).
    static func placedVehicles(_ scenario: Scenario) -> Int {
        scenario.traffic.reduce(0) { total, group in
            if case .count(let n) = group.spawn { return total + n }
            return total
        }
    }

    static func meta(_ scenario: Scenario) -> TraceMeta {
        TraceMeta(
            scenarioName: scenario.name, scenarioText: scenario.sourceText, seed: scenario.seed,
            programVersion: Simulation.programVersion)
    }

    static func fileSize(_ path: String) -> Int? {
        (try? FileManager.default.attributesOfItem(atPath: path)[.size]) as? Int
    }
}

/// A benchmark step that could not run; the CLI prints it and exits non-zero.
struct BenchFailure: Error, CustomStringConvertible {
    let message: String
    var description: String { "bench: \(self.message)" }
}
