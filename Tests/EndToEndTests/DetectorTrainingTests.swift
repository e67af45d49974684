import Foundation
import NeuralNet
import Scenario
import Testing
import V2VCrypto
import V2VSim
import V2VTestSupport
import V2X

/// Training the learned detector: samples from a short attack run, the vehicle-disjoint split,
/// reproducible weights, and a model file in a run through `security.detection.model`.
@Suite("Learned detector training")
struct DetectorTrainingTests {
    /// One short ConstPosOffset run (20 cars, 2 attackers from 0.5 s, 3 s), shared by the tests.
    static let overrides = ["duration=3s", "attackers[0].start=500ms", "traffic[0].count=20"]
    static let samples: [DetectorSample] = {
        let scenario = try! ScenarioLoader.load(path: TestPaths.scenario("attacks/const-pos-offset.yaml"), overrides: overrides)
        let simulation = Simulation(scenario: scenario)
        simulation.collectDetectorSamples()
        _ = try! simulation.run(recorder: nil)
        return simulation.detectorSamples!
    }()

    static var tiny: DetectorTraining.Settings {
        var s = DetectorTraining.Settings()
        s.hiddenLayers = [6]
        s.epochs = 2
        s.maxTrainingSamples = 1_500
        return s
    }

    @Test("the run gives labelled samples of both classes with one bounded value per feature")
    func samplesCollected() throws {
        let samples = Self.samples
        #expect(samples.count > 1_000)
        let attacks = samples.filter(\.isAttack)
        #expect(!attacks.isEmpty && attacks.count < samples.count)
        #expect(attacks.allSatisfy { $0.attack == .constPosOffset })
        #expect(samples.allSatisfy { $0.features.count == DetectorFeatures.count && $0.features.allSatisfy { (0...1).contains($0) } })
    }

    @Test("the split is vehicle-disjoint in both roles, and both sets hold attacks")
    func splitDisjoint() throws {
        let samples = Self.samples
        let split = DetectorSplit(runs: [samples], testFraction: 0.25, seed: 1)
        var trainVehicles = Set<UInt32>(), testVehicles = Set<UInt32>()
        var trainAttacks = 0, testAttacks = 0
        for (k, s) in samples.enumerated() {
            switch split.sides[0][k] {
            case .train:
                trainVehicles.formUnion([s.sender, s.receiver])
                if s.isAttack { trainAttacks += 1 }
            case .test:
                testVehicles.formUnion([s.sender, s.receiver])
                if s.isAttack { testAttacks += 1 }
            case .dropped:
                // Only receptions between the sets are dropped.
                #expect(split.testVehicles[0].contains(s.sender) != split.testVehicles[0].contains(s.receiver))
            }
        }
        #expect(trainVehicles.isDisjoint(with: testVehicles))
        #expect(testVehicles == Set(split.testVehicles[0]))
        #expect(trainAttacks > 0 && testAttacks > 0)
        #expect(split.count(.train) + split.count(.test) + split.count(.dropped) == samples.count)
    }

    @Test("training is byte-reproducible: the same samples and settings give the same file; another seed does not")
    func reproducible() throws {
        let a = DetectorTraining(settings: Self.tiny).train(runs: [Self.samples])
        let b = DetectorTraining(settings: Self.tiny).train(runs: [Self.samples])
        let bytes = LearnedDetector.fileBytes(a.network, metadata: ["k": "v"])
        #expect(bytes == LearnedDetector.fileBytes(b.network, metadata: ["k": "v"]))
        #expect(a.trainingLoss == b.trainingLoss && a.test == b.test)
        #expect(a.usedTrainSamples <= 1_500 && a.testSamples > 0)
        #expect(a.trainingLoss.count == 2 && a.trainingLoss[1] < a.trainingLoss[0], "\(a.trainingLoss)")
        var other = Self.tiny
        other.seed = 2
        #expect(DetectorTraining(settings: other).train(runs: [Self.samples]).network != a.network)
    }

    @Test("a trained model file runs through security.detection.model: every pseudonym registers it on the ledger")
    func modelInRun() throws {
        let outcome = DetectorTraining(settings: Self.tiny).train(runs: [Self.samples])
        let dir = try TestPaths.temporaryDirectory("detector-model")
        let path = dir + "/detector.safetensors"
        try Data(LearnedDetector.fileBytes(outcome.network, metadata: [:])).write(to: URL(fileURLWithPath: path))
        let scenario = try ScenarioLoader.load(
            path: TestPaths.scenario("attacks/const-pos-offset.yaml"),
            overrides: ["duration=2s", "attackers[0].start=500ms", "traffic[0].count=10", "security.detection.model=\(path)"])
        #expect(scenario.security.detection.model == path && scenario.detectorReference?.field == "security.detection.model")
        let models = try LearnedPolicies.load(for: scenario)
        let detector = try #require(models.detector)
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(detector.digest == SHA256.hash(bytes))
        let summary = try Simulation(scenario: scenario, policies: models).run(recorder: nil)
        let leaves = Dictionary(uniqueKeysWithValues: summary.ledger.leavesByKind.map { ($0.kind, $0.count) })
        #expect((leaves["detector"] ?? 0) > 0 && leaves["detector"] == leaves["registration"], "\(leaves)")
    }

    @Test("a missing or unusable detector file is a located error at security.detection.model")
    func locatedErrors() throws {
        let text = """
            name: d
            duration: 1s
            road: { kind: highway, length: 1km, lanes: 2 }
            traffic:
              - { type: car, count: 2 }
            security: { verify: full, detection: { model: no-such-detector.safetensors } }
            """
        let scenario = try ScenarioLoader.load(text: text, path: "d.yaml")
        do {
            _ = try LearnedPolicies.load(for: scenario)
            Issue.record("loaded a missing detector")
        } catch {
            #expect(error.description.hasPrefix(
                "d.yaml:6:47: security.detection.model: cannot use this detector: no-such-detector.safetensors: cannot read the file"),
                "\(error.description)")
        }
        do {
            _ = try ScenarioLoader.load(text: text.replacingOccurrences(of: "no-such-detector.safetensors", with: "m.bin"), path: "d.yaml")
            Issue.record("took a model that is no .safetensors file")
        } catch {
            #expect(error.description.contains("d.yaml:6:47: ") && error.description.contains("security.detection.model")
                && error.description.contains("a detector model is a .safetensors file"), "\(error.description)")
        }
    }

    @Test("detector train: bad arguments are usage errors naming the option; the same command gives the same file whatever --jobs")
    func trainCommand() throws {
        let bad = try runProcess(TestPaths.cli, ["detector", "train", "--out", "x.bin"])
        #expect(bad.status == 64 && bad.stderr.contains("--out"), "\(bad.stderr)")
        let hidden = try runProcess(TestPaths.cli, ["detector", "train", "--out", "x.safetensors", "--hidden", "8,0"])
        #expect(hidden.status == 64 && hidden.stderr.contains("--hidden"), "\(hidden.stderr)")
        let dir = try TestPaths.temporaryDirectory("detector-train")
        func train(_ out: String, jobs: String) throws -> ProcessResult {
            try runProcess(TestPaths.cli, [
                "detector", "train", "--scenario", "Scenarios/attacks/const-pos-offset.yaml", "--seeds", "2",
                "--duration", "2s", "--set", "traffic[0].count=20", "--set", "attackers[0].start=500ms",
                "--epochs", "2", "--hidden", "4", "--max-samples", "2000", "--out", out, "--loss-csv", out + ".csv",
                "--jobs", jobs, "-q",
            ])
        }
        let one = try train(dir + "/a.safetensors", jobs: "1")
        #expect(one.status == 0, "\(one.stderr)")
        #expect(one.stdout.contains("learned") && one.stdout.contains("rules"), "\(one.stdout)")
        let two = try train(dir + "/b.safetensors", jobs: "2")
        #expect(two.status == 0, "\(two.stderr)")
        let a = try Data(contentsOf: URL(fileURLWithPath: dir + "/a.safetensors"))
        let b = try Data(contentsOf: URL(fileURLWithPath: dir + "/b.safetensors"))
        // The files name their own --out path in the recorded command, so compare the weights and
        // every other metadata field.
        let ra = try Safetensors.read([UInt8](a), path: "a")
        let rb = try Safetensors.read([UInt8](b), path: "b")
        #expect(ra.tensors == rb.tensors)
        #expect(ra.metadata.filter { $0.key != "command" } == rb.metadata.filter { $0.key != "command" })
        #expect(ra.metadata["command"]!.hasPrefix("v2vsim detector train --scenario Scenarios/attacks/const-pos-offset.yaml --seeds 2"))
        #expect(ra.metadata["scenarios"]!.hasPrefix("const-pos-offset="))
        #expect(Int(ra.metadata["samples_test"]!)! > 0)
        let loss = try String(contentsOfFile: dir + "/a.safetensors.csv", encoding: .utf8).split(separator: "\n")
        #expect(loss.count == 3 && loss[0] == "epoch,train_loss,test_loss")
        _ = try LearnedDetector.load(path: dir + "/a.safetensors")
    }

    @Test("detector train --honest: the shipped honest scenarios join for --honest-duration, and add only genuine samples")
    func trainWithHonestScenarios() throws {
        let dir = try TestPaths.temporaryDirectory("detector-train-honest")
        func train(_ out: String, honest: Bool) throws -> [String: String] {
            let result = try runProcess(TestPaths.cli, [
                "detector", "train", "--scenario", "Scenarios/attacks/const-pos-offset.yaml", "--seeds", "1",
                "--duration", "3s", // --set would reach the honest runs too
                "--epochs", "1", "--hidden", "4", "--max-samples", "5000000", "--out", out, "-q",
            ] + (honest ? ["--honest", "--honest-duration", "1s"] : []))
            #expect(result.status == 0, "\(result.stderr)")
            return try Safetensors.read([UInt8](Data(contentsOf: URL(fileURLWithPath: out))), path: out).metadata
        }
        let attacksOnly = try train(dir + "/a.safetensors", honest: false)
        let withHonest = try train(dir + "/h.safetensors", honest: true)
        let names = withHonest["scenarios"]!.split(separator: ",").map { $0.split(separator: "=")[0] }
        #expect(names.first == "const-pos-offset" && names.contains("hazard") && names.contains("highway"), "\(names)")
        #expect(!names.contains { $0.hasPrefix("bench-") }, "\(names)")
        #expect(withHonest["command"]!.contains("--duration 3s") && withHonest["command"]!.contains("--honest --honest-duration 1s"))
        // The attack run's split does not depend on the runs after it, so the attack samples are the
        // same; the honest runs only add genuine ones.
        #expect(withHonest["samples_train_attacks"] == attacksOnly["samples_train_attacks"])
        #expect(withHonest["samples_test_attacks"] == attacksOnly["samples_test_attacks"])
        #expect(Int(withHonest["samples_train"]!)! > Int(attacksOnly["samples_train"]!)!)
    }
}
