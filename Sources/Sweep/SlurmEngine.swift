import Foundation

/// Runs a sweep as Slurm job arrays: one array task per run, each task running
/// `v2vsim sweep task DIR --index I`, which runs `v2vsim run` for run I and files its result
/// exactly as the local pool does.
///
/// Array indices are bounded by the cluster's `MaxArraySize` (1001 by default), so runs go in
/// chunks of `SweepLimits.arrayChunk`: the chunk's first run index is the script's argument, and
/// the task's run is that offset plus `SLURM_ARRAY_TASK_ID`.
public struct SlurmEngine: Sendable {
    /// The sweep directory (absolute paths go into the script).
    public var layout: SweepLayout
    /// The `v2vsim` executable the tasks run (absolute).
    public var executable: String
    /// The directory the tasks start in (the scenario path is relative to it).
    public var workingDirectory: String
    /// Resources per task.
    public var options: SlurmOptions

    /// Creates the engine.
    public init(layout: SweepLayout, executable: String, workingDirectory: String, options: SlurmOptions) {
        self.layout = layout
        self.executable = executable
        self.workingDirectory = workingDirectory
        self.options = options
    }

    /// One `sbatch` call: the job id it returned, the offset and the array task ids.
    public struct Submission: Codable, Equatable, Sendable {
        public var job: String
        public var offset: Int
        public var tasks: [Int]
        public var script: String
    }

    public var scriptFile: String { self.layout.slurmDirectory + "/sweep.sbatch" }
    public var submissionsFile: String { self.layout.slurmDirectory + "/submissions.json" }

    /// The job-array script.
    public func script(plan: SweepPlan) -> String {
        let quote = { (text: String) in "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        var lines = [
            "#!/bin/bash",
            "# v2vsim sweep of \(plan.scenario): \(plan.runs.count) runs, one array task per run.",
            "# Written by v2vsim sweep --engine slurm; submitted as",
            "#   sbatch --array=IDS sweep.sbatch OFFSET",
            "# where task ID runs run OFFSET + ID of sweep.json.",
            "#SBATCH --job-name=v2vsim-sweep",
            "#SBATCH --output=\(self.layout.slurmDirectory)/%A_%a.out",
            "#SBATCH --chdir=\(self.workingDirectory)",
        ]
        lines += self.options.directives
        lines += [
            "set -eu",
            "offset=\"${1:-0}\"",
            "exec \(quote(self.executable)) sweep task \(quote(self.layout.directory)) \\",
            "    --index \"$((offset + SLURM_ARRAY_TASK_ID))\" --attempt \"slurm-${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID}\"",
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    /// Writes the script; unless `dryRun`, submits `indices` with `sbatch` and records the
    /// submissions.
    ///
    /// - Returns: the `sbatch` command lines (dry run) or the submissions made.
    /// - Parameter keepScript: submit the script already written (a retry, with the resources
    ///   the sweep was started with) instead of writing it again.
    public func submit(plan: SweepPlan, indices: [Int], dryRun: Bool, keepScript: Bool = false) throws(SweepError) -> [String] {
        do { try FileManager.default.createDirectory(atPath: self.layout.slurmDirectory, withIntermediateDirectories: true) } catch {
            throw .io("cannot create \(self.layout.slurmDirectory): \(error.localizedDescription)")
        }
        if !(keepScript && FileManager.default.fileExists(atPath: self.scriptFile)) {
            try SweepLayout.writeAtomically(Data(self.script(plan: plan).utf8), to: self.scriptFile)
            chmod(self.scriptFile, 0o755)
        }
        guard !indices.isEmpty else { return [] }
        var submissions = self.submissions()
        var lines: [String] = []
        for (offset, tasks) in SlurmEngine.chunks(indices) {
            let arguments = ["--parsable", "--array=" + SlurmEngine.arraySpec(tasks), self.scriptFile, String(offset)]
            if dryRun {
                lines.append((["sbatch"] + arguments).joined(separator: " "))
                continue
            }
            let result = try SlurmEngine.command("sbatch", arguments)
            let job = result.split(separator: ";").first.map { String($0).trimmingSpaces } ?? ""
            guard !job.isEmpty, job.allSatisfy(\.isNumber) else { throw .slurm("sbatch printed '\(result)', not a job id") }
            submissions.append(Submission(job: job, offset: offset, tasks: tasks, script: self.scriptFile))
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            guard let data = try? encoder.encode(submissions) else { throw .io("cannot encode the submissions") }
            try SweepLayout.writeAtomically(data, to: self.submissionsFile)
            lines.append("submitted job \(job): \(tasks.count) array tasks (runs \(offset + tasks[0]) …)")
        }
        return lines
    }

    /// The submissions made so far (empty for a local sweep).
    public func submissions() -> [Submission] {
        guard let data = FileManager.default.contents(atPath: self.submissionsFile) else { return [] }
        return (try? JSONDecoder().decode([Submission].self, from: data)) ?? []
    }

    /// Run index → Slurm state (`PENDING`, `RUNNING`, …) of every task still in the queue.
    public func queue() throws(SweepError) -> [Int: String] {
        let submissions = self.submissions()
        guard !submissions.isEmpty else { return [:] }
        let jobs = submissions.map(\.job).joined(separator: ",")
        let output = try SlurmEngine.command("squeue", ["-h", "-r", "-j", jobs, "-o", "%F|%K|%T"])
        let offsets = Dictionary(submissions.map { ($0.job, $0.offset) }, uniquingKeysWith: { a, _ in a })
        var states: [Int: String] = [:]
        for line in output.split(whereSeparator: \.isNewline) {
            let parts = line.split(separator: "|").map(String.init)
            guard parts.count == 3, let offset = offsets[parts[0]], let task = Int(parts[1]) else { continue }
            states[offset + task] = parts[2]
        }
        return states
    }

    /// Groups run indices by chunk: (the chunk's first run index, array task ids within it).
    static func chunks(_ indices: [Int]) -> [(offset: Int, tasks: [Int])] {
        var result: [(Int, [Int])] = []
        for index in indices.sorted() {
            let offset = index / SweepLimits.arrayChunk * SweepLimits.arrayChunk
            if result.last?.0 == offset { result[result.count - 1].1.append(index - offset) } else { result.append((offset, [index - offset])) }
        }
        return result
    }

    /// `0-3,7,9-10`: sorted task ids as Slurm's `--array` ranges.
    static func arraySpec(_ tasks: [Int]) -> String {
        var parts: [String] = []
        var start = tasks[0]
        var previous = tasks[0]
        for task in tasks.dropFirst() + [Int.min] {
            if task == previous + 1 {
                previous = task
                continue
            }
            parts.append(start == previous ? String(start) : "\(start)-\(previous)")
            start = task
            previous = task
        }
        return parts.joined(separator: ",")
    }

    /// Runs a Slurm client command and returns its stdout.
    static func command(_ name: String, _ arguments: [String]) throws(SweepError) -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [name] + arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        do { try process.run() } catch { throw .slurm("cannot run \(name): \(error.localizedDescription)") }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let message = String(decoding: errData, as: UTF8.self).trimmingSpaces
            if process.terminationStatus == 127 { throw .slurm("\(name) not found; is this a Slurm submit host?") }
            throw .slurm("\(name) \(arguments.joined(separator: " ")) failed (status \(process.terminationStatus)): \(message)")
        }
        return String(decoding: outData, as: UTF8.self)
    }
}
