import ArgumentParser
import Foundation
import Sweep

/// `v2vsim sweep status DIR`: runs finished, failed (with their errors), queued and not started.
struct SweepStatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show a sweep's progress: finished, failed (with the error), queued in Slurm, not started.")

    @Argument(help: "Sweep directory.")
    var directory: String

    func run() throws {
        try SweepCLI.main { () throws(SweepError) -> Int32 in
            let layout = SweepLayout(directory: self.directory)
            let plan = try SweepPlan.read(directory: self.directory)
            let slurm = SlurmEngine(layout: layout, executable: "", workingDirectory: "", options: SlurmOptions())
            let submitted = !slurm.submissions().isEmpty
            let queue = try submitted ? slurm.queue() : [:]
            let state = SweepState.read(plan: plan, layout: layout, queue: queue)
            print(state.report(plan: plan, layout: layout, engine: submitted ? "slurm" : "local"))
            return 0
        }
    }
}

/// `v2vsim sweep retry DIR`: run the failed and unfinished runs again, on the sweep's engine.
struct SweepRetryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retry",
        abstract: "Run a sweep's failed and unfinished runs again (locally, or re-submitted to Slurm alone).")

    @Argument(help: "Sweep directory.")
    var directory: String

    @Option(help: "Local runs at a time (default: the number of cores).")
    var jobs: Int?

    @Flag(name: .customLong("dry-run"), help: "Slurm: print the sbatch commands, submit nothing.")
    var dryRun = false

    @Flag(name: .shortAndLong, help: "No progress.")
    var quiet = false

    func run() throws {
        try SweepCLI.main(self.retry)
    }

    private func retry() throws(SweepError) -> Int32 {
        let layout = SweepLayout(directory: self.directory)
        let plan = try SweepPlan.read(directory: self.directory)
        if let change = plan.scenarioChange() { throw .mismatch(change) }
        let slurm = SlurmEngine(
            layout: SweepLayout(directory: SweepCLI.absolute(self.directory)), executable: SweepCLI.executable,
            workingDirectory: FileManager.default.currentDirectoryPath, options: SlurmOptions())
        if !slurm.submissions().isEmpty {
            let state = SweepState.read(plan: plan, layout: layout, queue: try slurm.queue())
            let indices = (state.failedIndices + state.pendingIndices).sorted()
            for line in try slurm.submit(plan: plan, indices: indices, dryRun: self.dryRun, keepScript: true) { print(line) }
            if indices.isEmpty { print("nothing to retry: \(state.finished) finished, \(state.queued) queued") }
            return 0
        }
        let state = SweepState.read(plan: plan, layout: layout)
        let indices = (state.failedIndices + state.pendingIndices).sorted()
        let jobs = self.jobs ?? ProcessInfo.processInfo.activeProcessorCount
        guard (1...SweepLimits.jobs).contains(jobs) else { throw .invalidArgument("--jobs \(jobs): must be 1 … \(SweepLimits.jobs)") }
        if !self.quiet { Terminal.error("sweep retry: running \(indices.count) run(s) with \(jobs) job(s)") }
        return try SweepCLI.runLocally(plan: plan, layout: layout, indices: indices, jobs: jobs, quiet: self.quiet)
    }
}

/// `v2vsim sweep task DIR --index I`: one run, as a Slurm array task runs it (not for users).
struct SweepTaskCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "task", abstract: "Run one run of a sweep and file its result (what a Slurm array task does).",
        shouldDisplay: false)

    @Argument(help: "Sweep directory.")
    var directory: String

    @Option(help: "Run index in sweep.json.")
    var index: Int

    @Option(help: "Names this attempt's partial directory.")
    var attempt: String = "task"

    func run() throws {
        try SweepCLI.main(self.task)
    }

    private func task() throws(SweepError) -> Int32 {
        let layout = SweepLayout(directory: self.directory)
        let plan = try SweepPlan.read(directory: self.directory)
        guard plan.runs.indices.contains(self.index) else {
            throw .invalidArgument("--index \(self.index): the sweep has runs 0 … \(plan.runs.count - 1)")
        }
        let engine = ProcessInfo.processInfo.environment["SLURM_JOB_ID"].map { "slurm job \($0)" } ?? "task"
        let task = RunTask(
            layout: layout, plan: plan, run: plan.runs[self.index], executable: SweepCLI.executable,
            attempt: self.attempt, engine: engine)
        if let change = plan.scenarioChange() {
            try task.recordFailure(change)
            throw .mismatch(change)
        }
        let outcome = try task.runToEnd()
        if outcome.exitStatus != 0 {
            Terminal.error("\(outcome.run) failed (exit \(outcome.exitStatus)): \(outcome.error ?? "")")
            return 1
        }
        print("\(outcome.run) finished in \(String(format: "%.3f", outcome.wallTimeSeconds)) s")
        return 0
    }
}
