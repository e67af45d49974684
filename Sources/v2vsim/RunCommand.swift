import ArgumentParser
import Foundation
import Scenario
import SimKernel
import Trace
import V2VSim

/// `v2vsim run`: simulate a scenario and write its trace.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a scenario and write DIR/trace.sqlite.",
        discussion: """
            Overrides are validated like the file: --set security.verify=none, --set traffic[0].count=50.
            The run is a pure function of the scenario, the seed and the program version.
            """
    )

    @Argument(help: "Scenario file (YAML).")
    var scenario: String

    @Option(name: .shortAndLong, help: "Output directory (default: out/<scenario name>).")
    var out: String?

    @Option(help: "Seed; overrides the scenario's.")
    var seed: UInt64?

    @Option(help: "Simulated duration, e.g. 10s; overrides the scenario's.")
    var duration: String?

    @Option(name: .customLong("set"), parsing: .singleValue, help: "Override a scenario field: FIELD=VALUE.")
    var overrides: [String] = []

    @Option(help: "Threads: signature checks on N-1 workers, receptions decided in chunks on N threads (default: the number of cores). Results do not depend on it.")
    var threads: Int?

    @Flag(name: .shortAndLong, help: "No progress line.")
    var quiet = false

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1, got \(threads)") }
    }

    func run() throws {
        var all = self.overrides
        if let seed { all.append("seed=\(seed)") }
        if let duration { all.append("duration=\(duration)") }
        let loaded: Scenario
        let policies: LearnedPolicies
        do {
            loaded = try ScenarioLoader.load(path: self.scenario, overrides: all)
            policies = try LearnedPolicies.load(for: loaded)
        } catch {
            Terminal.error(error.description)
            throw ExitCode.validationFailure
        }
        for warning in loaded.faultToleranceWarnings { Terminal.error("\(self.scenario): warning: \(warning)") }
        let directory = self.out ?? "out/\(loaded.name)"
        let tracePath = directory + "/trace.sqlite"
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            Terminal.error("error: cannot create output directory \(directory): \(error.localizedDescription)")
            throw ExitCode.failure
        }
        let recorder: TraceRecorder
        do {
            recorder = try TraceRecorder(path: tracePath, meta: TraceMeta(
                scenarioName: loaded.name, scenarioText: loaded.sourceText, seed: loaded.seed,
                programVersion: Simulation.programVersion), receptions: loaded.record.receptions)
        } catch {
            Terminal.error("error: cannot write \(tracePath): \(error)")
            throw ExitCode.failure
        }
        let simulation = Simulation(scenario: loaded, policies: policies)
        simulation.useThreads(self.threads ?? Simulation.defaultThreads)
        let showProgress = !self.quiet && Terminal.stderrIsTerminal
        let clock = ContinuousClock()
        let started = clock.now
        var lastShown = started
        let summary: RunSummary
        do {
            summary = try simulation.run(recorder: recorder) { simTime in
                guard showProgress else { return }
                let wallNow = clock.now
                guard wallNow - lastShown > .milliseconds(200) else { return }
                lastShown = wallNow
                let fraction = simTime.seconds / max(loaded.duration.seconds, 1e-9)
                Terminal.status(String(
                    format: "%@: %5.1f%%  t=%.1fs of %.1fs", loaded.name, 100 * fraction, simTime.seconds,
                    loaded.duration.seconds))
            }
            try recorder.finish(summary: summary.metaEntries)
        } catch {
            recorder.abandon()
            if showProgress { Terminal.clearStatus() }
            Terminal.error("error: run failed, no trace written: \(error)")
            throw ExitCode.failure
        }
        for file in summary.csvFiles {
            let path = directory + "/" + file.name
            guard FileManager.default.createFile(atPath: path, contents: Data(file.text.utf8)) else {
                Terminal.error("error: cannot write \(path)")
                throw ExitCode.failure
            }
        }
        let wall = clock.now - started
        if showProgress { Terminal.clearStatus() }
        print(SummaryReport.render(summary, wallSeconds: Double(wall.components.seconds) + Double(wall.components.attoseconds) / 1e18, tracePath: tracePath))
        // Two final blocks at one height: the trace is kept for investigation, but the run failed.
        guard summary.ledger.safetyHolds else {
            Terminal.error("error: " + summary.ledger.safetyReport().joined(separator: "\n"))
            throw ExitCode(3)
        }
    }
}
