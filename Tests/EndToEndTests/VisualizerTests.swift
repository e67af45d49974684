import Foundation
import Testing
import V2VTestSupport

/// The Visualizer page, rendered by a real browser (headless Chromium, which `make test` installs).
@Suite("Visualizer in a browser", .serialized)
struct VisualizerTests {
    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }

    @Test("visualize writes a page whose charts and numbers a browser renders from the trace",
          .enabled(if: VisualizerTests.chromium != nil, "needs chromium (make test-deps installs it)"))
    func rendersInChromium() throws {
        let dir = try TestPaths.temporaryDirectory("viz")
        let run = try runProcess(TestPaths.cli, ["run", "Scenarios/quick.yaml", "--out", dir, "--duration", "3s", "-q"])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let viz = try runProcess(TestPaths.cli, ["visualize", dir + "/trace.sqlite", "--out", dir + "/web"])
        #expect(viz.status == 0, "stderr: \(viz.stderr)")
        for file in ["index.html", "app.js", "style.css", "chart.min.js", "data.js"] {
            #expect(FileManager.default.fileExists(atPath: "\(dir)/web/\(file)"), "missing \(file)")
        }
        let dom = try runProcess(Self.chromium!, [
            "--headless", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=5000", "--dump-dom",
            "file://\(dir)/web/index.html",
        ])
        #expect(dom.stdout.contains("data-ready=\"true\""), "page did not finish: \(dom.stdout.prefix(400))")
        #expect(dom.stdout.contains("data-charts=\"4\""))
        // The summary cards show the run's own numbers, formatted by the page.
        let sent = run.stdout.split(separator: "\n").first { $0.hasPrefix("messages sent") }
            .flatMap { $0.split(separator: " ").dropFirst(2).first }.flatMap { Int($0) }
        let formatted = sent.map { NumberFormatter.localizedString(from: NSNumber(value: $0), number: .decimal) }
        #expect(formatted != nil)
        if let formatted { #expect(dom.stdout.contains(">\(formatted)<"), "card for \(formatted) messages not rendered") }
    }

    @Test("a page with data of another schema version says so instead of drawing",
          .enabled(if: VisualizerTests.chromium != nil, "needs chromium (make test-deps installs it)"))
    func refusesOtherSchema() throws {
        let chromium = try #require(Self.chromium)
        let dir = try TestPaths.temporaryDirectory("viz-schema")
        for file in ["index.html", "app.js", "style.css"] {
            try FileManager.default.copyItem(
                atPath: TestPaths.repositoryRoot.appendingPathComponent("Visualizer/\(file)").path, toPath: "\(dir)/\(file)")
        }
        try FileManager.default.copyItem(atPath: "/usr/share/javascript/chart.js/chart.min.js", toPath: "\(dir)/chart.min.js")
        try "window.V2V_DATA = {\"schema_version\": 99};".write(toFile: "\(dir)/data.js", atomically: true, encoding: .utf8)
        let dom = try runProcess(chromium, ["--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", "file://\(dir)/index.html"])
        #expect(dom.stdout.contains("data-ready=\"error\""))
        #expect(dom.stdout.contains("the data has 99"))
    }
}
