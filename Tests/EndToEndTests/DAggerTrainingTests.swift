import Foundation
import NeuralNet
import Policy
import Scenario
import SimKernel
import Testing
import Trace
import V2VCrypto
import V2VSim
import V2VTestSupport

/// Closed-loop training (behaviour cloning, then DAgger) and `policy eval`'s measurements, on one
/// tiny training shared by every test.
@Suite("DAgger training and policy evaluation")
struct DAggerTrainingTests {
    /// Dense traffic on two lanes with a stopped vehicle ahead, so that the drivers brake and
    /// change lanes within a few seconds.
    static let text = """
        name: dagger
        seed: 5
        duration: 4s
        road:
          kind: highway
          length: 1km
          lanes: 2
          speed_limit: 120km/h
          hazards:
            - { kind: stopped_vehicle, at: 0s, position: 400m, lane: 0 }
        traffic:
          - { type: car, count: 14, speed: 0.8, policy: expert }
        beacons: { rate: 10Hz }
        radio: { model: unit-disk, range: 300m }
        incidents: { near_miss_ttc: 3s, hard_braking: 2m/s2 }
        record: { fcd: 100ms }
        """

    static func scenario() throws -> Scenario { try ScenarioLoader.load(text: Self.text, path: "dagger.yaml") }

    static func training() throws -> DAggerTraining {
        var settings = BehaviourCloningV2.Settings()
        settings.hiddenLayers = [8]
        settings.epochs = 2
        return DAggerTraining(
            sources: [.init(path: "dagger.yaml", scenario: try Self.scenario())], rounds: 2,
            sampleInterval: .milliseconds(500), maxSamples: 10_000, cloning: settings)
    }

    /// One training (behaviour cloning and two DAgger rounds), run once for the whole suite.
    static let trained: Result<DAggerTraining.Result, any Error> = Result { try Self.training().run() }

    @Test("behaviour cloning, then each DAgger round lets the network drive and adds expert-labelled samples")
    func roundsAggregate() throws {
        let result = try Self.trained.get()
        #expect(result.rollouts.map(\.round) == [0, 1, 2])
        #expect(result.rollouts.map(\.network) == [false, true, true])
        #expect(result.rollouts.map(\.seed) == [5, 6, 7])
        var total = 0
        for rollout in result.rollouts {
            // 8 sampled steps (0.5 s … 4 s) of up to 14 cars each.
            #expect(rollout.samples >= 8 * 10 && rollout.samples <= 8 * 14, "round \(rollout.round): \(rollout.samples)")
            total += rollout.samples
            #expect(rollout.totalSamples == total)
            // In a network round every vehicle is the network's, and every state it visits is labelled.
            #expect(rollout.learnedStates == (rollout.network ? rollout.samples : 0))
            #expect(rollout.network == (rollout.metrics.shieldDecisions > 0))
        }
        #expect(result.totalSamples == total)
        #expect(result.epochs.map(\.round) == [0, 0, 1, 1, 2, 2])
        #expect(result.report.trainingSamples + result.report.validationSamples == total)
    }

    @Test("the same scenarios and settings train the same weights, bit for bit")
    func reproducible() throws {
        let first = try Self.trained.get()
        let again = try Self.training().run()
        #expect(PolicyFile.encode(first.network, observation: .v2) == PolicyFile.encode(again.network, observation: .v2))
        #expect(again.rollouts.map(\.samples) == first.rollouts.map(\.samples))
    }

    @Test("a data set beyond --max-samples stops the training with the round and scenario named")
    func sampleLimit() throws {
        var training = try Self.training()
        training.maxSamples = 100
        #expect(throws: DAggerTrainingError.self) { try training.run() }
        do { _ = try training.run() } catch let error as DAggerTrainingError {
            #expect(error.description.hasPrefix("round 0, dagger.yaml: the data set would hold "))
            #expect(error.description.contains("more than --max-samples 100"))
        }
    }

    @Test("eval's figures for one seed equal an independent count from the trace's rows")
    func evalMatchesTrace() throws {
        let network = try Self.trained.get().network
        let bytes = PolicyFile.encode(network, observation: .v2)
        let policy = try PolicyFile.decode(bytes, path: "net.safetensors")
        let (scenario, policies) = PolicyEvaluation.prepare(
            try Self.scenario(), driver: .network, policy: policy, digest: SHA256.hash(bytes), name: "net.safetensors")
        let trace = try TestPaths.temporaryDirectory("dagger-eval") + "/trace.sqlite"
        let recorder = try TraceRecorder(path: trace, meta: TraceMeta(
            scenarioName: scenario.name, scenarioText: scenario.sourceText, seed: scenario.seed,
            programVersion: Simulation.programVersion), receptions: scenario.record.receptions)
        let (metrics, summary) = try Simulation(scenario: scenario, policies: policies).runMeasured(recorder: recorder)
        try recorder.finish(summary: summary.metaEntries)
        // The same run without a trace measures the same.
        let measured = try PolicyEvaluation.measure(try Self.scenario(), driver: .network, policy: policy, digest: SHA256.hash(bytes), name: "net.safetensors")
        #expect(measured.metrics == metrics)

        let reader = try TraceReader(path: trace)
        let incidents = try reader.incidents()
        #expect(metrics.collisions == incidents.filter { $0.kind == "collision" }.count)
        #expect(metrics.nearMisses == incidents.filter { $0.kind == "near_miss" }.count)
        #expect(metrics.hardBrakes == incidents.filter { $0.kind == "hard_braking" }.count)
        #expect(metrics.hardBrakes > 0 && metrics.nearMisses > 0, "the stopped vehicle makes drivers brake")
        // FCD every step: after each step (t > 0), the vehicles as the observer took them.
        let rows = try reader.vehicles().filter { $0.time > .zero }
        var speed = 0.0
        var jerk = 0.0
        var jerkSamples = 0
        var laneChanges = 0
        var last: [UInt32: VehicleRow] = [:]
        for row in rows.sorted(by: { ($0.time, $0.vehicleID) < ($1.time, $1.vehicleID) }) {
            speed += row.speed
            if let before = last[row.vehicleID] {
                if before.lane != row.lane { laneChanges += 1 }
                jerk += abs(row.accel - before.accel) / 0.1
                jerkSamples += 1
            }
            last[row.vehicleID] = row
        }
        #expect(abs(metrics.meanSpeed - speed / Double(rows.count)) < 1e-9)
        #expect(abs(metrics.meanAbsoluteJerk - jerk / Double(jerkSamples)) < 1e-6)
        #expect(metrics.laneChanges == laneChanges)
        // Decisions are recorded at every step here: their shield flags are the overrides.
        var decisions: [DecisionRow] = []
        try reader.forEachDecision { decisions.append($0) }
        #expect(metrics.shieldDecisions == decisions.count && metrics.shieldDecisions > 0)
        #expect(metrics.shieldOverrides == decisions.filter { $0.shield != 0 }.count)
    }
}
