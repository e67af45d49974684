import Foundation

/// Where a sweep keeps things under its directory `DIR`.
///
/// - `sweep.json`: the plan (`SweepPlan`).
/// - `runs/run-0007/`: a finished run, everything `v2vsim run` writes (trace, `summary.csv` and
///   the other small CSVs) plus `outcome.json`. The directory appears only when the run is
///   complete: the run writes into `runs/run-0007.partial-<attempt>/`, which is renamed at the end.
/// - `failed/run-0007.json` and `failed/run-0007.log`: a failed run's exit status, error and output.
/// - `slurm/`: job scripts, `submissions.json` and the tasks' Slurm logs.
/// - `results.csv`, `aggregate.csv`, `report.html`: written by `sweep collect`.
public struct SweepLayout: Sendable {
    /// The sweep directory.
    public var directory: String

    /// Creates the layout of `directory`.
    public init(directory: String) {
        self.directory = directory
    }

    public var planFile: String { self.directory + "/sweep.json" }
    public var runsDirectory: String { self.directory + "/runs" }
    public var failedDirectory: String { self.directory + "/failed" }
    public var slurmDirectory: String { self.directory + "/slurm" }
    public var resultsFile: String { self.directory + "/results.csv" }
    public var aggregateFile: String { self.directory + "/aggregate.csv" }
    public var reportFile: String { self.directory + "/report.html" }

    /// The finished run's directory.
    public func runDirectory(_ run: SweepRun) -> String { self.runsDirectory + "/" + run.id }
    /// Where an attempt of `run` writes until it is complete.
    public func partialDirectory(_ run: SweepRun, attempt: String) -> String {
        self.runsDirectory + "/" + run.id + ".partial-" + attempt
    }
    public func outcomeFile(_ run: SweepRun) -> String { self.runDirectory(run) + "/outcome.json" }
    public func failureFile(_ run: SweepRun) -> String { self.failedDirectory + "/" + run.id + ".json" }
    public func failureLog(_ run: SweepRun) -> String { self.failedDirectory + "/" + run.id + ".log" }

    /// Creates `DIR`, `runs/` and `failed/`.
    public func create() throws(SweepError) {
        for path in [self.directory, self.runsDirectory, self.failedDirectory] {
            do { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) } catch {
                throw .io("cannot create \(path): \(error.localizedDescription)")
            }
        }
    }

    /// Writes `data` to `path` through a temporary file and a rename, so that a reader never
    /// sees half of it.
    /// Starts the sweep of `plan` here, or continues it: creates the directory and writes
    /// `sweep.json` when there is none; otherwise checks that the stored plan defines the same sweep.
    ///
    /// - Throws: `SweepError.mismatch` when the directory holds another sweep.
    public func open(_ plan: SweepPlan) throws(SweepError) {
        if FileManager.default.fileExists(atPath: self.planFile) {
            let stored = try SweepPlan.read(directory: self.directory)
            if let difference = stored.hasSameDefinition(as: plan) {
                throw .mismatch("\(self.directory) holds another sweep: \(difference); give another --out, or delete it")
            }
        } else {
            try self.create()
            try SweepLayout.writeAtomically(try plan.json(), to: self.planFile)
        }
        try self.create()
    }

    public static func writeAtomically(_ data: Data, to path: String) throws(SweepError) {
        do { try data.write(to: URL(fileURLWithPath: path), options: .atomic) } catch {
            throw .io("cannot write \(path): \(error.localizedDescription)")
        }
    }
}
