import Foundation

/// A sweep's definition and its expanded grid, stored as `DIR/sweep.json`.
///
/// The grid is the product of the `--vary` axes in the order given, the last axis varying
/// fastest, and each grid point is run once per seed (seeds innermost). Run `i` of that order has
/// id `run-` + `i` zero-padded to at least four digits (`run-0000`, `run-0001`, …), and is the
/// `v2vsim run` of `arguments(for:)`. Everything here follows from the arguments and the
/// scenario file, so the same command gives the same plan (and `sweep.json` bytes).
public struct SweepPlan: Codable, Equatable, Sendable {
    /// Layout version of `sweep.json`.
    public var format = 1
    /// The scenario file, as given on the command line.
    public var scenario: String
    /// SHA-256 of the scenario file's bytes when the sweep was planned; a run refuses to start
    /// when the file has changed since.
    public var scenarioDigest: String
    /// The varied fields.
    public var axes: [SweepAxis]
    /// The seeds each grid point runs with.
    public var seeds: [UInt64]
    /// `record` keys set for every run (`KEY=VALUE`, applied as `--set record.KEY=VALUE`).
    public var record: [String]
    /// Fixed `--set FIELD=VALUE` overrides for every run, applied after `record`.
    public var sets: [String]
    /// Every run, in grid order.
    public var runs: [SweepRun]

    /// The `v2vsim run` arguments of `run`, writing into `outputDirectory`: the scenario, the
    /// record keys, the fixed overrides, the run's values of the varied fields, and its seed.
    public func arguments(for run: SweepRun, outputDirectory: String) -> [String] {
        var arguments = ["run", self.scenario, "--out", outputDirectory, "--quiet"]
        for entry in self.overrides(for: run) { arguments += ["--set", entry] }
        return arguments + ["--seed", String(run.seed)]
    }

    /// The `--set` arguments of `run`, in the order they apply (later ones win).
    public func overrides(for run: SweepRun) -> [String] {
        self.record.map { "record." + $0 } + self.sets
            + zip(self.axes, run.values).map { axis, value in axis.field + "=" + value }
    }

    /// Whether `other` describes the same sweep: same scenario bytes, grid, seeds and overrides.
    public func hasSameDefinition(as other: SweepPlan) -> String? {
        if self.scenarioDigest != other.scenarioDigest {
            return "the scenario file changed since the sweep was planned (SHA-256 \(self.scenarioDigest.prefix(12))… then, \(other.scenarioDigest.prefix(12))… now)"
        }
        if self.axes != other.axes { return "the --vary arguments differ from the sweep's" }
        if self.seeds != other.seeds { return "the seeds differ from the sweep's" }
        if self.record != other.record { return "the --record keys differ from the sweep's" }
        if self.sets != other.sets { return "the --set overrides differ from the sweep's" }
        return nil
    }

    /// The run id of index `index` in a sweep of `count` runs.
    public static func runID(index: Int, count: Int) -> String {
        let width = max(4, String(max(count - 1, 0)).count)
        let digits = String(index)
        return "run-" + String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// The grid: every combination of axis values (last axis fastest), each with every seed.
    static func expand(axes: [SweepAxis], seeds: [UInt64]) -> [SweepRun] {
        var points: [[String]] = [[]]
        for axis in axes {
            points = points.flatMap { prefix in axis.values.map { prefix + [$0] } }
        }
        let count = points.count * seeds.count
        var runs: [SweepRun] = []
        runs.reserveCapacity(count)
        for point in points {
            for seed in seeds {
                runs.append(SweepRun(index: runs.count, id: SweepPlan.runID(index: runs.count, count: count), values: point, seed: seed))
            }
        }
        return runs
    }
}

/// One run of a sweep.
public struct SweepRun: Codable, Equatable, Sendable {
    /// Position in grid order, from 0; the Slurm array index (plus the chunk's offset).
    public var index: Int
    /// `run-0007`: the run's directory under `DIR/runs/`.
    public var id: String
    /// The value of each axis, in axis order.
    public var values: [String]
    /// The run's seed.
    public var seed: UInt64
}

extension SweepPlan {
    /// Reads `DIR/sweep.json`.
    public static func read(directory: String) throws(SweepError) -> SweepPlan {
        let path = SweepLayout(directory: directory).planFile
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .mismatch("\(path): no sweep here (start one with v2vsim sweep SCENARIO --vary ... --out \(directory))")
        }
        do { return try JSONDecoder().decode(SweepPlan.self, from: data) } catch {
            throw .io("\(path): not a sweep plan: \(error)")
        }
    }

    /// The plan as stable JSON (sorted keys, pretty), as written to `sweep.json`.
    public func json() throws(SweepError) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do { return try encoder.encode(self) + Data("\n".utf8) } catch { throw .io("cannot encode the sweep plan: \(error)") }
    }
}
