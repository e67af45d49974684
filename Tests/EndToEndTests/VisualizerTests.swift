import Foundation
import Testing
import Trace
import V2VTestSupport

/// The Visualizer's self-contained page, opened by a real browser (headless Chromium, which
/// `make test-deps` installs) and checked against the trace it was made from.
@Suite("Visualizer page in a browser", .serialized)
struct VisualizerTests {
    /// A 4 s run of Scenarios/quick.yaml (40 cars, 2 RSUs), and its trace's path.
    static func recordedRun(_ label: String) throws -> String {
        let dir = try TestPaths.temporaryDirectory(label)
        let run = try runProcess(TestPaths.cli, ["run", "Scenarios/quick.yaml", "--out", dir, "--duration", "4s", "-q"])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        return dir
    }

    @Test("the page draws the trace's vehicles, inspects one, plays, and draws its charts, without console errors",
          .enabled(if: BrowserDriver.available, "needs chromium and python3 (make test-deps)"))
    func pagePlaysTheTrace() throws {
        let dir = try Self.recordedRun("viz-page")
        let viz = try runProcess(TestPaths.cli, ["visualize", dir + "/trace.sqlite", "--out", dir + "/view.html"])
        #expect(viz.status == 0, "stderr: \(viz.stderr)")
        #expect(viz.stdout.contains("view.html"))
        // One file, nothing else needed: no src= or href= that would load from elsewhere.
        let html = try String(contentsOfFile: dir + "/view.html", encoding: .utf8)
        #expect(!html.contains("<script src="), "a script is not inlined")
        #expect(!html.contains("rel=\"stylesheet\" href="), "the stylesheet is not inlined")

        // The truth, read independently of the page: vehicles sampled at t = 2 s, one of them.
        let reader = try TraceReader(path: dir + "/trace.sqlite")
        let at2 = try reader.vehicles().filter { $0.time.nanoseconds == 2_000_000_000 }
        let chosen = try #require(at2.first?.vehicleID)
        let report = try BrowserDriver.run(url: "file://\(dir)/view.html", screenshots: "page", [
            "--check-time", "2", "--select", String(chosen), "--select-time", "2.5",
            "--play-from", "0", "--play-seconds", "10", "--speed", "0.25",
        ])
        #expect(report["ready"] as? String == "true", "page did not get ready: \(report["error_text"] ?? "")")
        #expect((report["console_errors"] as? [Any])?.isEmpty == true, "console errors: \(report["console_errors"] ?? "")")
        // Vehicles on screen at t = 2 s, with the whole road in view, are the trace's.
        #expect(report.number("check.drawn") == Double(at2.count), "drawn \(report[path: "check"] ?? "")")
        #expect(report.number("check.pageCount") == Double(at2.count))
        // Charts: Chart.js drew four, and every visible chart canvas (and the density image) has ink.
        #expect(report.number("state.charts") == 4)
        let drawn = (report["charts_drawn"] as? [[Any]]) ?? []
        #expect(Set(drawn.compactMap { $0.first as? String }) == ["latency", "pdr", "cbr", "anchoring", "density"])
        for entry in drawn { #expect(((entry.last as? NSNumber)?.intValue ?? 0) > 1_000, "canvas \(entry.first ?? "") is blank") }
        // Inspecting a vehicle shows its neighbour table (it heard someone in 2.5 s of 10 Hz beacons)
        // and its ground truth, labelled as such.
        #expect(report[path: "inspect.vehicle"] as? String == String(chosen))
        #expect((Int(report[path: "inspect.neighbours"] as? String ?? "") ?? 0) > 0)
        #expect((report[path: "inspect.html"] as? String)?.contains("Ground truth (not known to receivers)") == true)
        // Ten seconds of play at 0.25x: the page's own frame counter advanced, and its clock by
        // about a quarter of the wall time.
        let frames = report.number("play.frames") ?? 0
        let advanced = (report.number("play.t_to") ?? 0) - (report.number("play.t_from") ?? 0)
        let wall = report.number("play.wall_s") ?? 0
        #expect(frames >= 30, "only \(frames) frames in \(wall) s")
        #expect(advanced > 0.15 * wall && advanced < 0.35 * wall, "clock advanced \(advanced) s in \(wall) s at 0.25x")
        for shot in ["initial.png", "fit.png", "inspect.png", "playing.png"] {
            let size = (try? FileManager.default.attributesOfItem(atPath: BrowserDriver.screenshotDirectory("page") + "/" + shot)[.size] as? Int) ?? 0
            #expect(size > 10_000, "screenshot \(shot) missing or empty")
        }
    }

    @Test("a page with data of another version says so instead of drawing",
          .enabled(if: BrowserDriver.available, "needs chromium and python3 (make test-deps)"))
    func refusesOtherVersion() throws {
        let dir = try TestPaths.temporaryDirectory("viz-version")
        let app = try VisualizerApp(
            directory: TestPaths.repositoryRoot.appendingPathComponent("Visualizer").path,
            chartJSPath: "/usr/share/javascript/chart.js/chart.min.js")
        let page = VisualizerExport.inline(app: app, data: "{\"format\":\"v2vsim-page\",\"version\":99}")
        try page.write(toFile: dir + "/old.html", atomically: true, encoding: .utf8)
        let report = try BrowserDriver.run(url: "file://\(dir)/old.html", screenshots: "version", [])
        #expect(report["ready"] as? String == "error")
        #expect((report["error_text"] as? String)?.contains("the data has 99") == true, "\(report)")
    }

    @Test("a window directory opens in the app at its start time, with its focus vehicle selected",
          .enabled(if: BrowserDriver.available, "needs chromium and python3 (make test-deps)"))
    func windowDirectoryOpens() throws {
        let dir = try Self.recordedRun("viz-windows")
        let reader = try TraceReader(path: dir + "/trace.sqlite")
        let vehicle = try #require(try reader.vehicles().first?.vehicleID)
        let write = try runProcess(TestPaths.cli, [
            "visualize", dir + "/trace.sqlite", "--windows", dir + "/windows", "--from", "1", "--to", "3.5", "--start", "2",
        ])
        #expect(write.status == 0, "stderr: \(write.stderr)")
        let names = try FileManager.default.contentsOfDirectory(atPath: dir + "/windows").sorted()
        #expect(names == ["manifest.json", "overview.json", "window-0000.json"])
        let open = try runProcess(TestPaths.cli, ["visualize", dir + "/windows", "--out", dir + "/windows.html"])
        #expect(open.status == 0, "stderr: \(open.stderr)")
        let at3 = try reader.vehicles().filter { $0.time.nanoseconds == 3_000_000_000 }.count
        let report = try BrowserDriver.run(url: "file://\(dir)/windows.html", screenshots: "windows", [
            "--check-time", "3", "--select", String(vehicle), "--select-time", "3",
        ])
        #expect(report["ready"] as? String == "true", "\(report["error_text"] ?? "")")
        #expect(report.number("state.t") == 2, "opened at \(report[path: "state.t"] ?? "")")
        #expect(report.number("check.drawn") == Double(at3))
        #expect((report["console_errors"] as? [Any])?.isEmpty == true, "\(report["console_errors"] ?? "")")
    }
}
