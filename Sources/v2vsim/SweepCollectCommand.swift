import ArgumentParser
import Foundation
import Sweep

/// `v2vsim sweep collect DIR`: one CSV row per run, the per-grid-point means, and the plots.
struct SweepCollectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "collect",
        abstract: "Merge every finished run's summary into DIR/results.csv; write DIR/aggregate.csv and DIR/report.html.",
        discussion: "The report draws each metric against the varied fields: mean over seeds and its 95 % interval.")

    @Argument(help: "Sweep directory.")
    var directory: String

    @Option(help: "Metrics to plot, comma-separated column names of results.csv (default: every numeric one).")
    var metrics: String?

    @Option(help: "Heading of the report (default: the scenario's file name).")
    var title: String?

    @Option(help: "Chart.js UMD build to inline into the report.")
    var chartjs = "/usr/share/javascript/chart.js/chart.min.js"

    func run() throws {
        try SweepCLI.main(self.collect)
    }

    private func collect() throws(SweepError) -> Int32 {
        let layout = SweepLayout(directory: self.directory)
        let plan = try SweepPlan.read(directory: self.directory)
        let results = try SweepResults.collect(plan: plan, layout: layout)
        guard !results.rows.isEmpty else {
            throw .io("\(self.directory): no finished run to collect (see v2vsim sweep status \(self.directory))")
        }
        let aggregate = SweepAggregate(results: results, plan: plan)
        try SweepLayout.writeAtomically(Data(results.csv.utf8), to: layout.resultsFile)
        try SweepLayout.writeAtomically(Data(aggregate.csv.utf8), to: layout.aggregateFile)
        guard let chart = FileManager.default.contents(atPath: self.chartjs) else {
            throw .invalidArgument(
                "\(self.chartjs): Chart.js not found; install Debian's libjs-chart.js (make deps) or pass --chartjs FILE")
        }
        let chosen = self.metrics.map { $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } }
        let html = try SweepReport.html(
            aggregate: aggregate, metrics: chosen, title: self.title ?? "Sweep of \(plan.scenario)",
            chartJS: String(decoding: chart, as: UTF8.self))
        try SweepLayout.writeAtomically(Data(html.utf8), to: layout.reportFile)
        print(layout.resultsFile)
        print(layout.aggregateFile)
        print(layout.reportFile)
        if !results.missing.isEmpty {
            Terminal.error("warning: \(results.missing.count) of \(plan.runs.count) runs are not finished and not in the table "
                + "(v2vsim sweep status \(self.directory))")
        }
        return 0
    }
}
