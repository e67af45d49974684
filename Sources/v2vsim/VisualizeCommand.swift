import ArgumentParser
import Dispatch
import Foundation
import Trace
import VisualizerServer

/// `v2vsim visualize`: play a trace in a browser, from one self-contained page (`--out`) or from a
/// local server that loads time windows on demand (`--serve`). Also opens window directories
/// (written by `--windows` or `v2vsim replay ... --out DIR`).
struct VisualizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "visualize",
        abstract: "Play a trace in a browser: road, vehicles, messages and verdicts, RSUs, blocks, incidents, charts.",
        discussion: """
            --out FILE.html writes one self-contained page (opens from file://, offline) for spans up to the \
            limits in docs/visualizer.md; --serve serves any trace on http://127.0.0.1:PORT/. \
            TRACE may also be a window directory (manifest.json). Chart.js comes from Debian's libjs-chart.js.
            """)

    @Argument(help: "Trace file (trace.sqlite), or a window directory holding manifest.json.")
    var trace: String

    @Option(help: "Write a self-contained page: FILE.html, or DIR (writes DIR/index.html).")
    var out: String?

    @Flag(help: "Serve the app and the trace's windows on 127.0.0.1 until interrupted.")
    var serve = false

    @Option(help: "Port for --serve (0: any free port; the URL is printed).")
    var port: UInt16 = 8787

    @Option(help: "Write a window directory DIR (manifest.json, overview.json, window-NNNN.json) of the span.")
    var windows: String?

    @Option(help: "Start of the span for --out/--windows [s] (default: the trace's start).")
    var from: Double?

    @Option(help: "End of the span for --out/--windows [s] (default: the trace's end).")
    var to: Double?

    @Option(help: "Open the player at this time [s] (default: the span's start).")
    var start: Double?

    @Option(help: "Open at incident N (as `v2vsim incidents` numbers them): its time, its vehicles selected.")
    var incident: Int?

    @Option(help: "Directory holding the Visualizer app (default: ./Visualizer, or the one next to the build).")
    var app: String?

    @Option(help: "Chart.js UMD build to inline or serve.")
    var chartjs = "/usr/share/javascript/chart.js/chart.min.js"

    func validate() throws {
        let modes = [self.out != nil, self.serve, self.windows != nil].filter { $0 }.count
        guard modes == 1 else { throw ValidationError("give exactly one of --out FILE.html, --serve, --windows DIR") }
        if let from = self.from, let to = self.to, !(from <= to) { throw ValidationError("--from must not be after --to") }
    }

    func run() throws {
        let app = try self.loadApp()
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: self.trace, isDirectory: &isDirectory), isDirectory.boolValue {
            let directory = try self.fail(code: .failure) { try VisualizerWindowDirectory(path: self.trace) }
            if self.serve { return try self.serve(.directory(directory), app: app) }
            guard let out = self.out else { throw ValidationError("a window directory opens with --out or --serve") }
            return try self.write(VisualizerExport.page(directory: directory, app: app), to: out)
        }
        let index = try self.fail(code: .failure) {
            let reader = try TraceReader(path: self.trace)
            return try VisualizerIndex(reader: reader, layout: VisualizerLayout.of(trace: reader))
        }
        if self.serve { return try self.serve(.trace(index), app: app) }
        var start = self.start, focus: [UInt32] = [], from = self.from, to = self.to
        if let n = self.incident {
            let incidents = try self.fail(code: .failure) { try TraceReader(path: self.trace).incidents() }
            guard incidents.indices.contains(n) else {
                throw ValidationError("--incident \(n): the trace has \(incidents.count) incidents (0 to \(incidents.count - 1))")
            }
            let t = incidents[n].time.seconds
            start = start ?? t
            focus = [incidents[n].vehicleA] + (incidents[n].vehicleB.map { [$0] } ?? [])
            from = from ?? max(index.start.seconds, t - 10)
            to = to ?? min(index.end.seconds, t + 5)
        }
        if let dir = self.windows {
            let span = (from ?? index.start.seconds, to ?? index.end.seconds)
            try self.fail(code: .validationFailure) {
                try VisualizerWindowDirectory.write(
                    index: index, from: span.0, to: span.1, start: start ?? span.0, focus: focus, into: dir)
            }
            print(dir)
            return
        }
        let page = try self.fail(code: .validationFailure) {
            try VisualizerExport.page(index: index, app: app, from: from, to: to, start: start, focus: focus)
        }
        try self.write(page, to: self.out!)
    }

    /// Runs `body`, turning its error into a message on stderr and exit `code`.
    private func fail<T>(code: ExitCode, _ body: () throws -> T) throws -> T {
        do { return try body() } catch {
            Terminal.error("error: \(error)")
            throw code
        }
    }

    private func write(_ page: String, to out: String) throws {
        let file = out.hasSuffix(".html") ? out : out + "/index.html"
        do {
            try FileManager.default.createDirectory(
                atPath: URL(fileURLWithPath: file).deletingLastPathComponent().path, withIntermediateDirectories: true)
            try Data(page.utf8).write(to: URL(fileURLWithPath: file), options: .atomic)
        } catch {
            Terminal.error("error: cannot write \(file): \(error.localizedDescription)")
            throw ExitCode.failure
        }
        print(file)
    }

    private func serve(_ content: VisualizerContent, app: VisualizerApp) throws {
        // A parent may have started us with SIGINT/SIGTERM blocked (a test harness, some shells'
        // background jobs); unblocked here so that Ctrl-C and `kill` stop the server.
        var stopSignals = sigset_t()
        sigemptyset(&stopSignals)
        sigaddset(&stopSignals, SIGINT)
        sigaddset(&stopSignals, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &stopSignals, nil)
        let server = VisualizerServer(content: content, app: app)
        let port = self.port
        let outcome = ServeOutcome()
        let done = DispatchSemaphore(value: 0)
        Task {
            do {
                try await server.run(port: port) { bound in
                    // Flushed at once: scripts and tests wait for this line to know the port.
                    FileHandle.standardOutput.write(Data("serving http://127.0.0.1:\(bound)/ (Ctrl-C stops)\n".utf8))
                }
            } catch {
                outcome.set("\(error)")
            }
            done.signal()
        }
        done.wait()
        if let message = outcome.message {
            Terminal.error("error: cannot serve on 127.0.0.1:\(port): \(message)")
            throw ExitCode.failure
        }
    }

    private func loadApp() throws -> VisualizerApp {
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        let besideBuild = executable.deletingLastPathComponent().appendingPathComponent("../../../Visualizer").standardized.path
        let candidates = [self.app, "Visualizer", besideBuild].compactMap { $0 }
        guard let directory = candidates.first(where: { FileManager.default.fileExists(atPath: "\($0)/index.html") }) else {
            Terminal.error("error: cannot find the Visualizer app (index.html); pass --app DIR")
            throw ExitCode.validationFailure
        }
        guard FileManager.default.isReadableFile(atPath: self.chartjs) else {
            Terminal.error("error: \(self.chartjs): Chart.js not found; install Debian's libjs-chart.js (make deps) or pass --chartjs FILE")
            throw ExitCode.validationFailure
        }
        return try self.fail(code: .validationFailure) { try VisualizerApp(directory: directory, chartJSPath: self.chartjs) }
    }
}

/// The server task's error, handed to the waiting command thread.
private final class ServeOutcome: @unchecked Sendable {
    private let lock = NSLock()
    private var text: String?
    // @unchecked: `text` is only touched under `lock`.
    func set(_ message: String) { self.lock.withLock { self.text = message } }
    var message: String? { self.lock.withLock { self.text } }
}
