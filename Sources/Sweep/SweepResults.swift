import Foundation

/// The collected table of a sweep: one row per finished run, in run order.
///
/// Columns: `run`, the varied fields (named by their paths), `seed`, then every column of the
/// runs' `summary.csv` except `scenario` and `seed` (in the order the summaries give them; a
/// column that only some runs have, such as the detection of an attack type that one grid
/// point does not include, comes after the column that precedes it in those runs, and is empty
/// elsewhere), then `wall_time_s`, the wall-clock time of the `v2vsim run` process.
public struct SweepResults: Sendable {
    /// Column names.
    public var columns: [String]
    /// One row per finished run; the run's index in the plan.
    public var rows: [(index: Int, values: [String])]
    /// Runs of the plan that are not finished (pending, queued or failed).
    public var missing: [String]
    /// How many leading columns identify the run (run, the varied fields, seed).
    public var keyColumns: Int

    /// Reads every finished run's summary under `layout`.
    ///
    /// - Throws: `SweepError.io` when a finished run's summary cannot be read.
    public static func collect(plan: SweepPlan, layout: SweepLayout) throws(SweepError) -> SweepResults {
        let state = SweepState.read(plan: plan, layout: layout)
        var metrics: [String] = []
        var perRun: [(index: Int, values: [String: String], wall: Double)] = []
        var missing: [String] = []
        for run in plan.runs {
            guard case .finished(let outcome) = state.runs[run.index] else {
                missing.append(run.id)
                continue
            }
            let path = layout.runDirectory(run) + "/summary.csv"
            guard let data = FileManager.default.contents(atPath: path) else { throw .io("cannot read \(path)") }
            let rows = CSVText.parse(String(decoding: data, as: UTF8.self))
            guard rows.count == 2, rows[0].count == rows[1].count else {
                throw .io("\(path): expected a header and one row of equal length")
            }
            let names = rows[0].filter { $0 != "scenario" && $0 != "seed" }
            SweepResults.merge(names, into: &metrics)
            perRun.append((run.index, Dictionary(zip(rows[0], rows[1]), uniquingKeysWith: { a, _ in a }), outcome.wallTimeSeconds))
        }
        let columns = ["run"] + plan.axes.map(\.field) + ["seed"] + metrics + ["wall_time_s"]
        let rows = perRun.map { entry in
            let run = plan.runs[entry.index]
            let values = [run.id] + run.values + [String(run.seed)] + metrics.map { entry.values[$0] ?? "" }
                + [String(format: "%.3f", entry.wall)]
            return (entry.index, values)
        }
        return SweepResults(columns: columns, rows: rows, missing: missing, keyColumns: plan.axes.count + 2)
    }

    /// Adds the names of `names` that `metrics` lacks, each after the name that precedes it in
    /// `names` (or first).
    static func merge(_ names: [String], into metrics: inout [String]) {
        var previous: String?
        for name in names {
            if !metrics.contains(name) {
                let position = previous.flatMap { metrics.firstIndex(of: $0) }.map { $0 + 1 } ?? 0
                metrics.insert(name, at: position)
            }
            previous = name
        }
    }

    /// The table as CSV text.
    public var csv: String {
        CSVText.line(self.columns) + self.rows.map { CSVText.line($0.values) }.joined()
    }

    /// Metric columns (after the key columns) that hold a number in at least one row; the
    /// event digest is not one.
    public var numericColumns: [Int] {
        (self.keyColumns..<self.columns.count).filter { column in
            self.rows.contains { Double($0.values[column]) != nil }
        }
    }
}
