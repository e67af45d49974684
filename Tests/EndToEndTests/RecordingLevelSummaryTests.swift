import Scenario
import Testing
import Trace
import V2VSim
import V2VTestSupport

/// A run's summary comes from the simulation's own counters and histograms, never from the trace, so
/// the recording level changes the trace's size and nothing else.
@Suite("Recording levels leave the summary exact")
struct RecordingLevelSummaryTests {
    /// The default highway (two-ray channel, losses, CBR, RSUs), made small enough for a debug build.
    static func highway(_ receptions: String) throws -> Scenario {
        try ScenarioLoader.load(
            path: TestPaths.scenario("highway.yaml"),
            overrides: ["duration=1s", "traffic[0].count=40", "record.receptions=\(receptions)", "record.radio_losses=true"])
    }

    @Test("receptions: none and sample give the summary and CSVs of receptions: all")
    func summaryIsExact() throws {
        let all = try recordRun(try Self.highway("all"), label: "level-all")
        let none = try recordRun(try Self.highway("none"), label: "level-none")
        let sample = try recordRun(try Self.highway("sample"), label: "level-sample")

        // Sign and verify calls come from process-wide counters that tests running in parallel also
        // advance, so they are left out; the event digest below covers every event of the run.
        func comparable(_ summary: RunSummary) -> [String: String] {
            summary.metaEntries.filter { $0.key != "summary.sign_calls" && $0.key != "summary.verify_calls" }
        }
        #expect(comparable(all.summary) == comparable(none.summary))
        #expect(comparable(all.summary) == comparable(sample.summary))
        #expect(all.summary.csvFiles.map(\.text) == none.summary.csvFiles.map(\.text))
        #expect(all.summary.eventDigest == none.summary.eventDigest)
        // The figures compared above are real: receptions, losses and latencies happened.
        // (Unknown signers wait in the pending-certificate hold now, so the held messages stand for
        // the verdicts that are not plain acceptances.)
        #expect(all.summary.vehicleReceptions > 1_000 && all.summary.certificates.held > 0)
        #expect(all.summary.latencyP95 != nil)
        #expect(all.summary.radio != nil)

        let allRows = try TraceReader(path: all.trace).receptions()
        let noneReader = try TraceReader(path: none.trace)
        let sampleRows = try TraceReader(path: sample.trace).receptions()
        #expect(try noneReader.receptions().isEmpty)
        #expect(noneReader.meta["receptions_omitted"] == String(allRows.count))
        #expect(!sampleRows.isEmpty && sampleRows.count < allRows.count / 20)
        // A sampled trace holds exactly the rows of the full trace that the level keeps.
        let level = try Self.highway("sample").record.receptions
        let seed = all.summary.seed
        #expect(sampleRows == allRows.filter { level.keeps($0, seed: seed) })
    }

    @Test("beacons.enabled: false sends no beacon and still moves the traffic")
    func beaconsOff() throws {
        let scenario = try ScenarioLoader.load(
            path: TestPaths.scenario("quick.yaml"), overrides: ["duration=2s", "beacons.enabled=false"])
        let sink = CountingSink()
        let summary = try Simulation(scenario: scenario).run(recorder: sink)
        #expect(summary.messagesSent == 0)
        #expect(summary.vehicleReceptions == 0)
        // The only messages are the vehicles' uplink frames (their registrations) to the RSUs.
        #expect(sink.counts.messages == summary.ledger.uplinkFramesSent && summary.ledger.uplinkFramesSent > 0)
        // 21 samples (0 s to 2 s every 100 ms), each of every vehicle on the road then.
        #expect(summary.vehiclesSpawned == 40)
        #expect(sink.counts.vehicles >= 21 * summary.vehiclesAtEnd && summary.vehiclesAtEnd > 30)
    }
}
