import Foundation

/// Runs a sweep's runs as `v2vsim run` processes on this machine, at most `jobs` at a time.
///
/// The pool is one loop in the calling thread: it starts processes while there is room, polls
/// them, files each one that ended (`RunTask.finish`) and reports progress. Nothing it does
/// depends on the order in which processes end, since each run writes only its own directory.
public struct LocalPool: Sendable {
    /// The sweep.
    public var layout: SweepLayout
    public var plan: SweepPlan
    /// The `v2vsim` executable.
    public var executable: String
    /// Most processes at once.
    public var jobs: Int

    /// Creates a pool.
    public init(layout: SweepLayout, plan: SweepPlan, executable: String, jobs: Int) {
        self.layout = layout
        self.plan = plan
        self.executable = executable
        self.jobs = jobs
    }

    /// Runs `indices` (run indices of the plan).
    ///
    /// - Parameters:
    ///   - indices: the runs to do.
    ///   - shouldStop: polled between steps; when it returns true, the running processes are
    ///     terminated (their runs stay unfinished) and the pool returns.
    ///   - progress: called after every change and about every half second.
    /// - Returns: the final progress.
    @discardableResult
    public func run(
        _ indices: [Int], shouldStop: () -> Bool = { false }, progress: (SweepProgress) -> Void = { _ in }
    ) throws(SweepError) -> SweepProgress {
        let clock = ContinuousClock()
        var queue = indices[...]
        var running: [(task: RunTask, process: Process, started: ContinuousClock.Instant)] = []
        var state = SweepProgress(total: indices.count, started: clock.now)
        var lastReport = clock.now
        var needsReport = false
        while !queue.isEmpty || !running.isEmpty {
            if shouldStop() {
                for entry in running { entry.process.terminate() }
                for entry in running { entry.process.waitUntilExit() }
                state.interrupted = true
                progress(state)
                return state
            }
            while running.count < self.jobs, let index = queue.popFirst() {
                let task = RunTask(
                    layout: self.layout, plan: self.plan, run: self.plan.runs[index], executable: self.executable,
                    attempt: String(ProcessInfo.processInfo.processIdentifier), engine: "local")
                // A scenario edited mid-sweep would silently change the remaining runs.
                if let change = self.plan.scenarioChange() {
                    try task.recordFailure(change)
                    state.record(RunOutcome(run: task.run.id, exitStatus: 64, wallTimeSeconds: 0, error: change, engine: "local"), run: task.run)
                    continue
                }
                running.append((task, try task.start(), clock.now))
            }
            state.running = running.count
            state.now = clock.now
            // Reported after the refill, so that "running" counts the runs that replaced those that ended.
            if needsReport || clock.now - lastReport > .milliseconds(500) {
                lastReport = clock.now
                needsReport = false
                progress(state)
            }
            var changed = false
            var still: [(task: RunTask, process: Process, started: ContinuousClock.Instant)] = []
            for entry in running {
                if entry.process.isRunning {
                    still.append(entry)
                    continue
                }
                let wall = (clock.now - entry.started).seconds
                let outcome = try entry.task.finish(status: RunTask.status(of: entry.process), wallSeconds: wall)
                state.record(outcome, run: entry.task.run)
                changed = true
            }
            running = still
            state.running = running.count
            needsReport = needsReport || changed
            if !changed { Thread.sleep(forTimeInterval: 0.05) }
        }
        state.now = clock.now
        progress(state)
        return state
    }
}

/// A pool's progress: runs done, failed, running, and an estimate of the time left.
public struct SweepProgress: Sendable {
    /// Runs this invocation was asked to do.
    public var total: Int
    public var done = 0
    public var failed = 0
    public var running = 0
    /// The latest run that ended, and how.
    public var last: (run: String, outcome: RunOutcome)?
    /// Set when the pool was stopped before the end.
    public var interrupted = false
    var started: ContinuousClock.Instant
    var now: ContinuousClock.Instant

    init(total: Int, started: ContinuousClock.Instant) {
        self.total = total
        self.started = started
        self.now = started
    }

    mutating func record(_ outcome: RunOutcome, run: SweepRun) {
        if outcome.exitStatus == 0 { self.done += 1 } else { self.failed += 1 }
        self.last = (run.id, outcome)
    }

    /// Estimated seconds left: the elapsed time per ended run, times the runs not ended; nil
    /// before the first run ends.
    public var secondsLeft: Double? {
        let ended = self.done + self.failed
        guard ended > 0 else { return nil }
        return (self.now - self.started).seconds / Double(ended) * Double(self.total - ended)
    }

    /// `12/60 done, 1 failed, 2 running, ~1m20s left`.
    public var line: String {
        var text = "\(self.done)/\(self.total) done, \(self.failed) failed, \(self.running) running"
        if let left = self.secondsLeft, self.done + self.failed < self.total {
            let s = Int(left.rounded())
            text += s >= 60 ? ", ~\(s / 60)m\(s % 60)s left" : ", ~\(s)s left"
        }
        return text
    }
}
