import Foundation

/// Mean and 95 % confidence interval of one metric over the seeds of one grid point.
public struct IntervalEstimate: Equatable, Sendable {
    /// Values that went in (runs where the metric is defined).
    public var count: Int
    public var mean: Double
    /// mean ∓ t(0.975, n − 1) · s / √n, with s the sample standard deviation; nil for n < 2.
    public var low: Double?
    public var high: Double?

    /// The estimate of `values`, or nil when there are none.
    public init?(_ values: [Double]) {
        guard !values.isEmpty else { return nil }
        let n = Double(values.count)
        // Summed in the given (run) order, so equal inputs give equal bits.
        let mean = values.reduce(0, +) / n
        self.count = values.count
        self.mean = mean
        guard values.count >= 2 else { return }
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)
        let half = IntervalEstimate.studentT975(degreesOfFreedom: values.count - 1) * (variance / n).squareRoot()
        self.low = mean - half
        self.high = mean + half
    }

    /// The 97.5 % quantile of Student's t distribution: tabulated for 1 … 30 degrees of freedom,
    /// beyond that the Cornish–Fisher expansion around the normal quantile 1.959964 (error below
    /// 1e-4 there).
    public static func studentT975(degreesOfFreedom df: Int) -> Double {
        let table = [
            12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.3060, 2.2622, 2.2281, 2.2010, 2.1788, 2.1604,
            2.1448, 2.1314, 2.1199, 2.1098, 2.1009, 2.0930, 2.0860, 2.0796, 2.0739, 2.0687, 2.0639, 2.0595, 2.0555,
            2.0518, 2.0484, 2.0452, 2.0423,
        ]
        precondition(df >= 1, "degrees of freedom must be positive")
        if df <= table.count { return table[df - 1] }
        let z = 1.959964
        let v = Double(df)
        let z3 = z * z * z
        let z5 = z3 * z * z
        return z + (z3 + z) / (4 * v) + (5 * z5 + 16 * z3 + 3 * z) / (96 * v * v)
    }
}

/// The results summarised per grid point: for each metric, the mean and interval over seeds.
public struct SweepAggregate: Sendable {
    /// One grid point: the varied fields' values, and per metric column its estimate.
    public struct Point: Sendable {
        public var values: [String]
        public var estimates: [String: IntervalEstimate]
    }

    /// The varied fields.
    public var fields: [String]
    /// The metrics summarised, in column order.
    public var metrics: [String]
    /// The grid points that have at least one finished run, in grid order.
    public var points: [Point]

    /// Groups `results`' rows by their varied values (all columns between `run` and `seed`).
    public init(results: SweepResults, plan: SweepPlan) {
        self.fields = plan.axes.map(\.field)
        let columns = results.numericColumns.filter { results.columns[$0] != "seed" }
        self.metrics = columns.map { results.columns[$0] }
        var order: [[String]] = []
        var groups: [[String]: [[String]]] = [:]
        for row in results.rows {
            let key = Array(row.values[1..<(1 + plan.axes.count)])
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(row.values)
        }
        self.points = order.map { key in
            var estimates: [String: IntervalEstimate] = [:]
            for column in columns {
                let values = groups[key, default: []].compactMap { Double($0[column]) }
                estimates[results.columns[column]] = IntervalEstimate(values)
            }
            return Point(values: key, estimates: estimates)
        }
    }

    /// `aggregate.csv`: the varied fields, `metric`, `runs`, `mean`, `ci95_low`, `ci95_high`
    /// (6 significant decimals; the interval empty with fewer than two runs).
    public var csv: String {
        var text = CSVText.line(self.fields + ["metric", "runs", "mean", "ci95_low", "ci95_high"])
        for point in self.points {
            for metric in self.metrics {
                guard let e = point.estimates[metric] else { continue }
                let f = { (v: Double?) in v.map { String(format: "%.6f", $0) } ?? "" }
                text += CSVText.line(point.values + [metric, String(e.count), f(e.mean), f(e.low), f(e.high)])
            }
        }
        return text
    }
}
