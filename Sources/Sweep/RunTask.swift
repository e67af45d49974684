import Foundation

/// Runs one run of a sweep as its own `v2vsim run` process and files the result: the run's
/// directory is renamed into place only when the process succeeded and left its trace and
/// summary, otherwise a failure record is written. Both engines go through here (the local pool
/// directly, a Slurm array task through `v2vsim sweep task`).
public struct RunTask: Sendable {
    /// The sweep directory's layout.
    public var layout: SweepLayout
    /// The plan.
    public var plan: SweepPlan
    /// The run.
    public var run: SweepRun
    /// The `v2vsim` executable that runs it.
    public var executable: String
    /// Names the attempt's partial directory; unique per attempt (a process id, a Slurm job).
    public var attempt: String
    /// `local` or `slurm …`, stored in the outcome.
    public var engine: String

    /// Creates the task.
    public init(layout: SweepLayout, plan: SweepPlan, run: SweepRun, executable: String, attempt: String, engine: String) {
        self.layout = layout
        self.plan = plan
        self.run = run
        self.executable = executable
        self.attempt = attempt
        self.engine = engine
    }

    /// Starts `v2vsim run` with its output in the partial directory (stdout and stderr go to
    /// `run.log` there). The caller waits for it and then calls `finish`.
    public func start() throws(SweepError) -> Process {
        let partial = self.layout.partialDirectory(self.run, attempt: self.attempt)
        let fm = FileManager.default
        try? fm.removeItem(atPath: partial)
        do { try fm.createDirectory(atPath: partial, withIntermediateDirectories: true) } catch {
            throw .io("cannot create \(partial): \(error.localizedDescription)")
        }
        let logPath = partial + "/run.log"
        guard fm.createFile(atPath: logPath, contents: nil), let log = FileHandle(forWritingAtPath: logPath) else {
            throw .io("cannot write \(logPath)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: self.executable)
        process.arguments = self.plan.arguments(for: self.run, outputDirectory: partial)
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch {
            throw .io("cannot start \(self.executable): \(error.localizedDescription)")
        }
        try? log.close()
        return process
    }

    /// Files the result of a finished process.
    ///
    /// - Parameters:
    ///   - status: its exit status (a signal counts as a failure, 128 + signal).
    ///   - wallSeconds: how long it ran.
    /// - Returns: the outcome, finished or failed.
    @discardableResult
    public func finish(status: Int32, wallSeconds: Double) throws(SweepError) -> RunOutcome {
        let fm = FileManager.default
        let partial = self.layout.partialDirectory(self.run, attempt: self.attempt)
        let wall = (wallSeconds * 1000).rounded() / 1000
        let complete = ["trace.sqlite", "summary.csv"].allSatisfy { fm.fileExists(atPath: partial + "/" + $0) }
        if status == 0 && complete {
            let outcome = RunOutcome(run: self.run.id, exitStatus: 0, wallTimeSeconds: wall, error: nil, engine: self.engine)
            try SweepLayout.writeAtomically(outcome.json(), to: partial + "/outcome.json")
            let final = self.layout.runDirectory(self.run)
            try? fm.removeItem(atPath: final)
            do { try fm.moveItem(atPath: partial, toPath: final) } catch {
                throw .io("cannot move \(partial) to \(final): \(error.localizedDescription)")
            }
            try? fm.removeItem(atPath: self.layout.failureFile(self.run))
            try? fm.removeItem(atPath: self.layout.failureLog(self.run))
            return outcome
        }
        let log = fm.contents(atPath: partial + "/run.log").map { String(decoding: $0, as: UTF8.self) } ?? ""
        var error = RunTask.lastLines(log, count: 5)
        if status == 0 { error = "exited 0 without writing trace.sqlite and summary.csv" + (error.isEmpty ? "" : "; " + error) }
        if error.isEmpty { error = "exited with status \(status) and no output" }
        let outcome = RunOutcome(run: self.run.id, exitStatus: status == 0 ? 1 : status, wallTimeSeconds: wall, error: error, engine: self.engine)
        try SweepLayout.writeAtomically(Data(log.utf8), to: self.layout.failureLog(self.run))
        try SweepLayout.writeAtomically(outcome.json(), to: self.layout.failureFile(self.run))
        try? fm.removeItem(atPath: partial)
        return outcome
    }

    /// Files a failure that happened before `v2vsim run` could start (a changed scenario file).
    public func recordFailure(_ message: String) throws(SweepError) {
        let outcome = RunOutcome(run: self.run.id, exitStatus: 64, wallTimeSeconds: 0, error: message, engine: self.engine)
        try SweepLayout.writeAtomically(Data((message + "\n").utf8), to: self.layout.failureLog(self.run))
        try SweepLayout.writeAtomically(outcome.json(), to: self.layout.failureFile(self.run))
    }

    /// Runs the task to the end in this thread (a Slurm array task).
    @discardableResult
    public func runToEnd() throws(SweepError) -> RunOutcome {
        let clock = ContinuousClock()
        let started = clock.now
        let process = try self.start()
        process.waitUntilExit()
        return try self.finish(status: RunTask.status(of: process), wallSeconds: (clock.now - started).seconds)
    }

    /// The exit status, or 128 + the signal that ended the process.
    public static func status(of process: Process) -> Int32 {
        process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
    }

    static func lastLines(_ text: String, count: Int) -> String {
        let lines = text.split(whereSeparator: \.isNewline).map { $0.replacingOccurrences(of: "\r\u{1B}[2K", with: "") }
        return lines.suffix(count).joined(separator: "\n")
    }
}

extension Duration {
    /// The duration in seconds.
    public var seconds: Double { Double(self.components.seconds) + Double(self.components.attoseconds) / 1e18 }
}
