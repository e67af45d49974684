import Foundation

/// Where each run of a sweep stands, read from the sweep directory (and, for Slurm, the queue).
public struct SweepState: Sendable {
    /// The state of one run.
    public enum RunState: Equatable, Sendable {
        /// Complete: `runs/<id>/outcome.json`, trace and summary are there.
        case finished(RunOutcome)
        /// Failed with a recorded error.
        case failed(RunOutcome)
        /// Queued or running in Slurm (the queue's state name).
        case queued(String)
        /// Not started, or interrupted before it finished.
        case pending
    }

    /// One state per run, in run order.
    public var runs: [RunState]

    /// Reads the states of `plan`'s runs under `layout`. A run directory without an outcome,
    /// trace or summary does not count as finished.
    public static func read(plan: SweepPlan, layout: SweepLayout, queue: [Int: String] = [:]) -> SweepState {
        let fm = FileManager.default
        let states = plan.runs.map { run -> RunState in
            let directory = layout.runDirectory(run)
            if let outcome = RunOutcome.read(layout.outcomeFile(run)), outcome.exitStatus == 0,
                fm.fileExists(atPath: directory + "/trace.sqlite"), fm.fileExists(atPath: directory + "/summary.csv")
            {
                return .finished(outcome)
            }
            if let state = queue[run.index] { return .queued(state) }
            if let outcome = RunOutcome.read(layout.failureFile(run)) { return .failed(outcome) }
            return .pending
        }
        return SweepState(runs: states)
    }

    public var finished: Int { self.runs.count { if case .finished = $0 { true } else { false } } }
    public var failed: Int { self.runs.count { if case .failed = $0 { true } else { false } } }
    public var queued: Int { self.runs.count { if case .queued = $0 { true } else { false } } }
    public var pending: Int { self.runs.count { $0 == .pending } }

    /// Indices of runs that are neither finished nor failed nor queued.
    public var pendingIndices: [Int] { self.runs.indices.filter { self.runs[$0] == .pending } }
    /// Indices of failed runs.
    public var failedIndices: [Int] { self.runs.indices.filter { if case .failed = self.runs[$0] { true } else { false } } }

    /// The status report: counts, then one line per failed run with its error.
    public func report(plan: SweepPlan, layout: SweepLayout, engine: String) -> String {
        var lines = [
            "\(layout.directory): \(plan.runs.count) runs (\(engine)): \(self.finished) finished, \(self.failed) failed, "
                + "\(self.queued) queued or running, \(self.pending) not started"
        ]
        let running = self.runs.enumerated().compactMap { i, s -> String? in
            if case .queued(let state) = s { "\(plan.runs[i].id) \(state)" } else { nil }
        }
        if !running.isEmpty { lines.append("in Slurm: " + running.prefix(20).joined(separator: ", ") + (running.count > 20 ? ", …" : "")) }
        for index in self.failedIndices {
            guard case .failed(let outcome) = self.runs[index] else { continue }
            let run = plan.runs[index]
            let values = zip(plan.axes, run.values).map { "\($0.field)=\($1)" } + ["seed=\(run.seed)"]
            let error = (outcome.error ?? "").split(whereSeparator: \.isNewline).last.map(String.init) ?? ""
            lines.append("failed \(run.id) (\(values.joined(separator: " "))): exit \(outcome.exitStatus): \(error)")
        }
        if self.failed > 0 { lines.append("re-run the failed runs with: v2vsim sweep retry \(layout.directory)") }
        return lines.joined(separator: "\n")
    }
}
