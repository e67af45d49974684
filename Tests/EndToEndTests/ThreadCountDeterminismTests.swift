import Foundation
import Scenario
import Testing
import Trace
import V2VSim
import V2VTestSupport

@Suite("Thread count determinism")
struct ThreadCountDeterminismTests {
    /// One run's CSV directory, summary, and how many frames it decided on several threads.
    struct Outcome {
        let csv: String
        let summary: RunSummary
        let parallelFrames: Int
    }

    /// Runs `scenario` with `threads` threads into a fresh directory and exports its CSVs.
    static func run(_ scenario: Scenario, threads: Int) throws -> Outcome {
        let trace = try TestPaths.temporaryDirectory("threads-\(threads)") + "/trace.sqlite"
        let recorder = try TraceRecorder(path: trace, meta: TraceMeta(
            scenarioName: scenario.name, scenarioText: scenario.sourceText, seed: scenario.seed,
            programVersion: Simulation.programVersion), receptions: scenario.record.receptions)
        let simulation = Simulation(scenario: scenario)
        simulation.useThreads(threads)
        let summary = try simulation.run(recorder: recorder)
        try recorder.finish(summary: summary.metaEntries)
        let csv = trace.replacingOccurrences(of: "/trace.sqlite", with: "/csv")
        _ = try CSVExporter.export(tracePath: trace, to: csv)
        return Outcome(csv: csv, summary: summary, parallelFrames: simulation.framesDecidedInParallel)
    }

    /// Requires the same event digest, memo hits and CSV bytes from both runs.
    static func expectIdentical(_ one: Outcome, _ two: Outcome) throws {
        #expect(one.summary.eventDigest == two.summary.eventDigest)
        // libsodium's call counter is process-wide and other suites run in parallel, so compare the
        // memo's own count: lookups are the same (same events), hence equal hits mean equal real checks.
        #expect(one.summary.memoHits == two.summary.memoHits)
        #expect(one.summary.memoHits > 1000)
        let files = try FileManager.default.contentsOfDirectory(atPath: one.csv).filter { $0.hasSuffix(".csv") }.sorted()
        #expect(files.contains("receptions.csv") && files.contains("messages.csv"))
        for file in files {
            let a = try Data(contentsOf: URL(fileURLWithPath: "\(one.csv)/\(file)"))
            let b = try Data(contentsOf: URL(fileURLWithPath: "\(two.csv)/\(file)"))
            #expect(a == b, "\(file) differs between --threads 1 and --threads 2")
        }
    }

    @Test("--threads 1 and 2 give byte-identical CSVs, event digests and signature-check counts")
    func oneAndTwoThreads() throws {
        // Forged signatures on a fading two-ray channel: bad-signature rejections, radio losses, RSUs.
        let scenario = try ScenarioLoader.load(
            path: TestPaths.scenario("attacks/forged-signature.yaml"), overrides: ["duration=4s", "record.radio_losses=true"])
        let one = try Self.run(scenario, threads: 1)
        let two = try Self.run(scenario, threads: 2)
        try Self.expectIdentical(one, two)
        let badSignatures = one.summary.rejectedByReason.first { $0.0 == "bad_signature" }?.1 ?? 0
        #expect(badSignatures > 0, "the scenario must exercise rejected signatures")
        #expect(one.summary.messagesSent > 1000)
    }

    @Test("receptions decided in chunks on two threads give the serial run's bytes, with every insider attack")
    func chunkedReceptions() throws {
        // Every insider attack (plausibility rejections, reports, pseudonym changes of Sybils) on a
        // fading two-ray channel with RSUs and the ledger, at mix-all's density (33 cars per km) on
        // a shorter road: frames with dozens of decoded receivers, so the chunked path runs.
        let scenario = try ScenarioLoader.load(
            path: TestPaths.scenario("attacks/mix-all.yaml"),
            overrides: ["duration=3s", "road.length=1800m", "traffic[0].count=60", "record.radio_losses=true"])
        let one = try Self.run(scenario, threads: 1)
        let two = try Self.run(scenario, threads: 2)
        #expect(one.parallelFrames == 0)
        // 495 frames on the merged tree (frames with at least `parallelReceptionMinimum` decoded vehicle receivers).
        #expect(two.parallelFrames > 400, "the chunked path must decide hundreds of frames")
        try Self.expectIdentical(one, two)
        let rejected = one.summary.rejectedByReason.filter { $0.0 != "bad_signature" }.map(\.1).reduce(0, +)
        #expect(rejected > 100, "the scenario must exercise plausibility rejections")
    }
}
