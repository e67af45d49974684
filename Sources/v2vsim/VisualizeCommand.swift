import ArgumentParser
import Foundation
import Trace

/// `v2vsim visualize`: turn a trace into a static web page (the `Visualizer/` app plus the data).
struct VisualizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "visualize",
        abstract: "Write a web page of a trace: messages, latency, space-time diagram, ledger, incidents.",
        discussion: "Open DIR/index.html in a browser. Chart.js comes from Debian's libjs-chart.js (make deps installs it).")

    @Argument(help: "Trace file (trace.sqlite).")
    var trace: String

    @Option(help: "Directory for the page (index.html, app.js, style.css, chart.min.js, data.js).")
    var out: String

    @Option(help: "Directory holding the Visualizer app (default: ./Visualizer, or the one next to the build).")
    var app: String?

    @Option(help: "Chart.js UMD build to ship with the page.")
    var chartjs = "/usr/share/javascript/chart.js/chart.min.js"

    func run() throws {
        let fm = FileManager.default
        guard let appDir = self.appDirectory() else {
            Terminal.error("error: cannot find the Visualizer app (index.html); pass --app DIR")
            throw ExitCode.validationFailure
        }
        guard fm.isReadableFile(atPath: self.chartjs) else {
            Terminal.error("error: \(self.chartjs): Chart.js not found; install Debian's libjs-chart.js (make deps) or pass --chartjs FILE")
            throw ExitCode.validationFailure
        }
        let json: String
        do { json = try VisualizerExport.json(try TraceReader(path: self.trace)) } catch {
            Terminal.error("error: \(error)")
            throw ExitCode.failure
        }
        do {
            try fm.createDirectory(atPath: self.out, withIntermediateDirectories: true)
            for file in ["index.html", "app.js", "style.css"] {
                try Data(contentsOf: URL(fileURLWithPath: "\(appDir)/\(file)")).write(to: self.url(file), options: .atomic)
            }
            try Data(contentsOf: URL(fileURLWithPath: self.chartjs)).write(to: self.url("chart.min.js"), options: .atomic)
            // A script, not a .json fetch: browsers refuse fetch() from file:// pages.
            try Data(("window.V2V_DATA = " + json + ";\n").utf8).write(to: self.url("data.js"), options: .atomic)
        } catch {
            Terminal.error("error: cannot write \(self.out): \(error.localizedDescription)")
            throw ExitCode.failure
        }
        print("\(self.out)/index.html")
    }

    private func url(_ file: String) -> URL { URL(fileURLWithPath: self.out).appendingPathComponent(file) }

    private func appDirectory() -> String? {
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        let besideBuild = executable.deletingLastPathComponent().appendingPathComponent("../../../Visualizer").standardized.path
        let candidates = [self.app, "Visualizer", besideBuild].compactMap { $0 }
        return candidates.first { FileManager.default.fileExists(atPath: "\($0)/index.html") }
    }
}
