import Foundation
import Scenario
import Testing
import Trace
import V2VSim
import V2VTestSupport

@Suite("Determinism")
struct DeterminismTests {
    /// Runs `scenario` into a fresh directory and exports its CSVs; returns the CSV directory.
    static func runAndExport(_ scenario: Scenario, label: String) throws -> (dir: String, summary: RunSummary) {
        let (summary, trace) = try recordRun(scenario, label: label)
        let csv = trace.replacingOccurrences(of: "/trace.sqlite", with: "/csv")
        _ = try CSVExporter.export(tracePath: trace, to: csv)
        return (csv, summary)
    }

    static let tables = ["vehicles", "messages", "receptions", "blocks", "anchors", "incidents"]

    @Test("the same scenario and seed twice give byte-identical CSVs")
    func sameSeedSameBytes() throws {
        let scenario = try ScenarioLoader.load(path: TestPaths.scenario("quick.yaml"), overrides: ["duration=4s"])
        let a = try Self.runAndExport(scenario, label: "det-a")
        let b = try Self.runAndExport(scenario, label: "det-b")
        #expect(a.summary.eventDigest == b.summary.eventDigest)
        for table in Self.tables {
            let x = try Data(contentsOf: URL(fileURLWithPath: "\(a.dir)/\(table).csv"))
            let y = try Data(contentsOf: URL(fileURLWithPath: "\(b.dir)/\(table).csv"))
            #expect(x == y, "\(table).csv differs between two runs of the same seed")
            #expect(x.count > 0)
        }
        #expect(a.summary.messagesSent > 1000)
    }

    @Test("a different seed gives a different run")
    func otherSeedOtherRun() throws {
        let one = try ScenarioLoader.load(path: TestPaths.scenario("quick.yaml"), overrides: ["duration=2s"])
        let two = try ScenarioLoader.load(path: TestPaths.scenario("quick.yaml"), overrides: ["duration=2s", "seed=8"])
        let a = try Simulation(scenario: one).run(recorder: nil)
        let b = try Simulation(scenario: two).run(recorder: nil)
        #expect(a.eventDigest != b.eventDigest)
    }
}
