import Scenario
import SimKernel
import Testing
import Trace
import V2VSim
import V2VTestSupport

@Suite("Peer-to-peer certificate distribution in a run")
struct CertificateDistributionRunTests {
    /// The default run's road, radio and density (40 cars on 1.5 km, two-ray with Nakagami fading), 4 s of it.
    static let small = ["duration=4s", "traffic[0].count=40", "road.length=1.5km", "rsus.count=1"]

    static func unknownSigners(_ s: RunSummary) -> Int {
        s.rejectedByReason.first { $0.reason == "unknown_signer" }?.count ?? 0
    }

    static func run(_ overrides: [String]) throws -> RunSummary {
        let scenario = try ScenarioLoader.load(path: TestPaths.scenario("highway.yaml"), overrides: Self.small + overrides)
        return try Simulation(scenario: scenario).run(recorder: nil)
    }

    @Test("on a small default-like highway, the hold and neighbour answers cut unknown_signer by ≥ 90 %; nothing leaves the hold unaccounted")
    func reduction() throws {
        let on = try Self.run([])
        let off = try Self.run(["security.p2p_certificates=false"])
        let with = Self.unknownSigners(on)
        let without = Self.unknownSigners(off)
        // Measured for seed 42: 433 without distribution, 1 with it (README "Certificate distribution").
        #expect(without > 300, "the scenario must have unknown signers to remove: \(without)")
        #expect(with * 10 <= without, "unknown_signer with p2p \(with), without \(without): expected ≥ 90 % fewer")
        let c = on.certificates
        #expect(c.held > 100 && c.neighbourAnswers > 0, "\(c)")
        #expect(c.held == c.resolved + c.expired + c.evicted + c.heldAtEnd, "\(c)")
        // Every unknown_signer left is a held message that expired or was evicted.
        #expect(with == c.expired + c.evicted)
        // Each reception is accepted, rejected, or still held at the end.
        #expect(on.vehicleReceptions == on.accepted + on.rejected + c.heldAtEnd)
        #expect(off.vehicleReceptions == off.accepted + off.rejected && off.certificates.held == 0)
        // Honest runs still reject nothing but unknown signers.
        #expect(on.rejectedByReason.allSatisfy { $0.reason == "unknown_signer" })
        let again = try Self.run([])
        #expect(again.eventDigest == on.eventDigest)
    }

    @Test("a checkpoint taken while stations hold messages resumes bit-exactly")
    func checkpointWithHeldMessages() throws {
        // At 2 s some messages wait in holds: the run cut there ends with them still held.
        #expect(try Self.run(["duration=2s"]).certificates.heldAtEnd > 0)
        let scenario = try ScenarioLoader.load(
            path: TestPaths.scenario("highway.yaml"),
            overrides: Self.small + ["duration=3s", "record.checkpoint=1s"])
        let (summary, trace) = try recordRun(scenario, label: "p2p-checkpoint")
        let reader = try TraceReader(path: trace)
        let directory = try TestPaths.temporaryDirectory("p2p-checkpoint-resume")
        let resumed = try Replay.resume(
            trace: reader, at: .milliseconds(2_500), until: .seconds(3), into: directory + "/resumed.sqlite")
        #expect(resumed.checkpoint == .seconds(2))
        #expect(resumed.summary.eventDigest == summary.eventDigest)
        #expect(resumed.summary.certificates == summary.certificates)
    }
}
