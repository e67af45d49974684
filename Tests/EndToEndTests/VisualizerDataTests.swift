import Foundation
import Testing
import Trace
import V2VTestSupport

/// The Visualizer's data, computed from traces: the space-time image, the page's size limit, the
/// charts' aggregates against the run's own summary.
@Suite("Visualizer data", .serialized)
struct VisualizerDataTests {
    static func overview(_ index: VisualizerIndex) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(index.overviewJSON.utf8)) as? [String: Any])
    }

    @Test("the space-time image of ring-sugiyama shows stop-and-go: standing and moving cars in the same second")
    func ringShowsStopAndGo() throws {
        let dir = try TestPaths.temporaryDirectory("viz-ring")
        // Beacons off: the ring's drivers use only their radar, so traffic is the same and the run
        // costs no signing or verification (the image is built from FCD alone).
        let run = try runProcess(
            TestPaths.cli, ["run", "Scenarios/ring-sugiyama.yaml", "--out", dir, "-q", "--set", "beacons.enabled=false"])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let index = try VisualizerIndex(reader: try TraceReader(path: dir + "/trace.sqlite"), layout: nil)
        #expect(index.layout.kind == .ring, "inferred \(index.layout.kind)")
        let density = try #require(try Self.overview(index)["density"] as? [String: Any])
        let columns = try #require(density["time_bins"] as? Int), rows = try #require(density["position_bins"] as? Int)
        let t0 = try #require((density["t0"] as? NSNumber)?.doubleValue), t1 = try #require((density["t1"] as? NSNumber)?.doubleValue)
        let speed = try #require(density["mean_speed"] as? [Any]).map { ($0 as? NSNumber)?.doubleValue }
        #expect(speed.count == columns * rows)
        #expect(columns <= 600 && rows <= 200, "the image's size is bounded")
        // After 300 s: in each second, cars at a standstill somewhere on the ring and cars moving
        // at > 4 m/s elsewhere: stop-and-go, not a uniform slow flow.
        func column(at t: Double) -> [Double?] {
            let c = min(columns - 1, Int((t - t0) / (t1 - t0) * Double(columns)))
            return (0..<rows).map { speed[$0 * columns + c] }
        }
        for t in stride(from: 300.0, through: 400.0, by: 20) {
            let values = column(at: t).compactMap { $0 }
            #expect((values.min() ?? 99) < 1 && (values.max() ?? 0) > 4, "t=\(t): speeds \(values.min() ?? -1)…\(values.max() ?? -1)")
        }
    }

    @Test("a span too large for one page is refused with the span that fits; the server's windows sample instead")
    func pageLimit() throws {
        let dir = try TestPaths.temporaryDirectory("viz-limit")
        let run = try runProcess(TestPaths.cli, ["run", "Scenarios/quick.yaml", "--out", dir, "--duration", "2s", "-q"])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let reader = try TraceReader(path: dir + "/trace.sqlite")
        let receptions = try reader.receptions().count
        var limits = VisualizerLimits.standard
        limits.pageReceptions = receptions / 4
        let index = try VisualizerIndex(reader: reader, layout: nil, limits: limits)
        let app = try VisualizerApp(
            directory: TestPaths.repositoryRoot.appendingPathComponent("Visualizer").path,
            chartJSPath: "/usr/share/javascript/chart.js/chart.min.js")
        #expect {
            _ = try VisualizerExport.page(index: index, app: app)
        } throws: { error in
            guard let error = error as? VisualizerError else { return false }
            return error.kind == .tooLarge && error.message.contains("receptions") && error.message.contains("--from/--to")
                && error.message.contains("--serve")
        }
        // A shorter span fits.
        #expect(throws: Never.self) { _ = try VisualizerExport.page(index: index, app: app, from: 0, to: 0.3) }
        // A served window past the budget keeps every k-th message's receptions, and all of the named vehicle's.
        let vehicle = try #require(try reader.vehicles().first?.vehicleID)
        let text = try index.windowJSON(from: 0, to: 2, receptionBudget: receptions / 10, vehicle: vehicle)
        let window = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let every = try #require(window["receptions_sampled_every"] as? Int)
        #expect(every >= 10)
        let heard = try reader.receptions().filter { $0.receiverKind == "vehicle" && $0.receiverID == vehicle }.count
        let rx = try #require(window["receptions"] as? [String: Any])
        let receivers = try #require(rx["receiver"] as? [NSNumber]).map(\.uint32Value)
        let kinds = try #require(rx["kind"] as? [NSNumber]).map(\.intValue)
        #expect(zip(receivers, kinds).filter { $0 == vehicle && $1 == 0 }.count == heard)
        #expect(receivers.count < receptions / 5)
    }

    @Test("the latency CDF per stage agrees with the run's summary percentiles")
    func latencyMatchesSummary() throws {
        let dir = try TestPaths.temporaryDirectory("viz-latency")
        let run = try runProcess(TestPaths.cli, ["run", "Scenarios/quick.yaml", "--out", dir, "--duration", "2s", "-q"])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let reader = try TraceReader(path: dir + "/trace.sqlite")
        let index = try VisualizerIndex(reader: reader, layout: nil)
        let latency = try #require((try Self.overview(index)["charts"] as? [String: Any])?["latency_cdf"] as? [String: Any])
        let edges = try #require(latency["edges_ms"] as? [NSNumber]).map(\.doubleValue)
        let total = try #require((latency["stages"] as? [String: Any])?["total"] as? [String: Any])
        let cdf = try #require(total["cdf"] as? [NSNumber]).map(\.doubleValue)
        #expect(total["count"] as? Int == Int(reader.meta["summary.accepted"] ?? "") ?? -1)
        let p50 = try #require(Double(reader.meta["summary.latency.total.p50_ms"] ?? ""))
        // The median's bin: the first edge where the CDF reaches 0.5 brackets the summary's p50 (bins are 12 % wide).
        let bin = try #require(cdf.firstIndex { $0 >= 0.5 })
        #expect(edges[bin] >= p50 * 0.98 && (bin == 0 || edges[bin - 1] <= p50 * 1.02), "p50 \(p50) ms, bin \(edges[max(0, bin - 1)])–\(edges[bin])")
    }
}
