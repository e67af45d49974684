import ArgumentParser
import Foundation
import Sweep

/// `v2vsim sweep`: parameter sweeps over a scenario, on a local process pool or Slurm job arrays.
struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Run a scenario over a grid of field values and seeds; collect the results into one table and plots.",
        discussion: """
            v2vsim sweep SCENARIO --vary FIELD=V1,V2,... [--vary ...] [--seeds N] --out DIR
            v2vsim sweep status DIR | collect DIR | retry DIR. See docs/sweep.md.
            """,
        subcommands: [
            SweepStartCommand.self, SweepStatusCommand.self, SweepCollectCommand.self, SweepRetryCommand.self,
            SweepTaskCommand.self,
        ],
        defaultSubcommand: SweepStartCommand.self
    )
}

/// What the sweep commands share: the executable, error reporting, running the local pool.
enum SweepCLI {
    /// This executable's absolute path, which runs the runs (`/proc/self/exe` on Linux).
    static var executable: String {
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return path }
        return URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.resolvingSymlinksInPath().path
    }

    /// Prints `error` and maps it to the exit code: 64 for bad input, 1 otherwise.
    static func fail(_ error: SweepError) -> ExitCode {
        Terminal.error(error.description)
        return error.isInputError ? ExitCode.validationFailure : ExitCode.failure
    }

    /// Absolute form of `path`, for scripts that run elsewhere.
    static func absolute(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }

    /// Runs `indices` on the local pool with progress on stderr; SIGINT and SIGTERM stop it
    /// cleanly (running runs are ended and stay unfinished, so a later call resumes them).
    /// - Returns: the exit code: 0 when every run finished, 1 when some failed, 130 when stopped.
    static func runLocally(
        plan: SweepPlan, layout: SweepLayout, indices: [Int], jobs: Int, quiet: Bool
    ) throws(SweepError) -> Int32 {
        StopSignal.install()
        let tty = !quiet && Terminal.stderrIsTerminal
        var reported = 0
        let pool = LocalPool(layout: layout, plan: plan, executable: SweepCLI.executable, jobs: jobs)
        let final = try pool.run(indices, shouldStop: StopSignal.requested) { progress in
            if tty { Terminal.status("sweep: " + progress.line) }
            let ended = progress.done + progress.failed
            if ended > reported, let last = progress.last {
                reported = ended
                if last.outcome.exitStatus != 0 {
                    if tty { Terminal.clearStatus() }
                    let error = last.outcome.error?.split(whereSeparator: \.isNewline).last.map(String.init) ?? ""
                    Terminal.error("\(last.run) failed (exit \(last.outcome.exitStatus)): \(error)")
                } else if !tty && !quiet {
                    Terminal.error("\(last.run) finished in \(String(format: "%.1f", last.outcome.wallTimeSeconds)) s (\(progress.line))")
                }
            }
        }
        if tty { Terminal.clearStatus() }
        let state = SweepState.read(plan: plan, layout: layout)
        print(state.report(plan: plan, layout: layout, engine: "local"))
        if final.interrupted {
            Terminal.error("sweep stopped; run the same command again (or v2vsim sweep retry \(layout.directory)) to resume")
            return 130
        }
        return final.failed > 0 ? 1 : 0
    }

    /// Runs `body`, printing a `SweepError` and mapping it to its exit code, and a nonzero
    /// status to that exit code.
    static func main(_ body: () throws(SweepError) -> Int32) throws {
        let status: Int32
        do { status = try body() } catch { throw SweepCLI.fail(error) }
        if status != 0 { throw ExitCode(status) }
    }
}

/// `v2vsim sweep SCENARIO --vary ...`: plan the grid, then run it locally or submit it to Slurm.
struct SweepStartCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "start",
        abstract: "Plan a sweep and run it (the default: `v2vsim sweep SCENARIO ...`); run again to resume.",
        discussion: """
            The grid is every combination of the --vary values (the last --vary varies fastest) times the seeds.
            Every grid point is validated before anything runs. Running the same command again resumes: finished
            runs are kept, failed ones stay failed until `v2vsim sweep retry DIR`.
            """
    )

    @Argument(help: "Scenario file (YAML).")
    var scenario: String

    @Option(name: .customLong("vary"), parsing: .singleValue, help: "A field and its values: FIELD=V1,V2,...")
    var vary: [String] = []

    @Option(help: "Seeds per grid point: the scenario's seed and the N-1 after it.")
    var seeds: Int?

    @Option(name: .customLong("seed-list"), help: "Explicit seeds, comma-separated.")
    var seedList: String?

    @Option(name: .customLong("set"), parsing: .singleValue, help: "A fixed override for every run: FIELD=VALUE.")
    var sets: [String] = []

    @Option(name: .customLong("record"), parsing: .singleValue,
            help: "A record key for every run: KEY=VALUE (record.KEY); `full` keeps the scenario's recording.")
    var record: [String] = []

    @Option(name: .shortAndLong, help: "Sweep directory.")
    var out: String

    @Option(help: "Where runs go: local (a process pool) or slurm (job arrays through sbatch).")
    var engine: Engine = .local

    @Option(help: "Local runs at a time (default: the number of cores).")
    var jobs: Int?

    @Option(help: "Slurm partition.")
    var partition: String?

    @Option(help: "Slurm time limit per run, e.g. 10 or 1:00:00.")
    var time: String?

    @Option(help: "Slurm memory per run, e.g. 2G.")
    var mem: String?

    @Option(name: .customLong("cpus-per-task"), help: "Slurm CPUs per run.")
    var cpusPerTask: Int?

    @Flag(name: .customLong("dry-run"), help: "Slurm: write the job script and print the sbatch commands, submit nothing.")
    var dryRun = false

    @Flag(name: .shortAndLong, help: "No progress.")
    var quiet = false

    enum Engine: String, ExpressibleByArgument, CaseIterable {
        case local, slurm
    }

    func run() throws {
        try SweepCLI.main(self.start)
    }

    private func start() throws(SweepError) -> Int32 {
        var seedList: [UInt64]?
        if let text = self.seedList {
            let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmingCharacters(in: .whitespaces) }
            let parsed = parts.compactMap { UInt64($0) }
            guard parsed.count == parts.count else {
                throw .invalidArgument("--seed-list \(text): expected integers 0 … 2^64-1 separated by commas")
            }
            seedList = parsed
        }
        let jobs = self.jobs ?? ProcessInfo.processInfo.activeProcessorCount
        guard (1...SweepLimits.jobs).contains(jobs) else {
            throw .invalidArgument("--jobs \(jobs): must be 1 … \(SweepLimits.jobs)")
        }
        let options = SlurmOptions(partition: self.partition, time: self.time, memory: self.mem, cpusPerTask: self.cpusPerTask)
        if self.engine == .local && (options != SlurmOptions() || self.dryRun) {
            throw .invalidArgument("--partition, --time, --mem, --cpus-per-task and --dry-run need --engine slurm")
        }
        let request = SweepRequest(
            scenario: self.scenario, vary: self.vary, seedCount: self.seeds, seedList: seedList, record: self.record,
            sets: self.sets)
        let layout = SweepLayout(directory: self.out)
        try options.validate()
        let plan = try SweepPlan.plan(request)
        try layout.open(plan)
        switch self.engine {
        case .local:
            let state = SweepState.read(plan: plan, layout: layout)
            let pending = state.pendingIndices
            if !self.quiet {
                Terminal.error("sweep: \(plan.runs.count) runs, \(state.finished) finished already, \(state.failed) failed; "
                    + "running \(pending.count) with \(jobs) job(s) in \(self.out)")
            }
            return try SweepCLI.runLocally(plan: plan, layout: layout, indices: pending, jobs: jobs, quiet: self.quiet)
        case .slurm:
            let slurm = SlurmEngine(
                layout: SweepLayout(directory: SweepCLI.absolute(self.out)), executable: SweepCLI.executable,
                workingDirectory: FileManager.default.currentDirectoryPath, options: options)
            let queue = try self.dryRun ? [:] : slurm.queue()
            let state = SweepState.read(plan: plan, layout: layout, queue: queue)
            let lines = try slurm.submit(plan: plan, indices: state.pendingIndices, dryRun: self.dryRun)
            print("job script: \(slurm.scriptFile)")
            if lines.isEmpty { print("nothing to submit: \(state.finished) finished, \(state.queued) queued, \(state.failed) failed") }
            for line in lines { print(line) }
            return 0
        }
    }
}
