import Foundation
import Scenario
import Testing
import V2VSim
import V2VTestSupport
import V2X

@Suite("Attack scenarios")
struct AttackScenarioTests {
    static let files: [String] = {
        let dir = TestPaths.repositoryRoot.appendingPathComponent("Scenarios/attacks").path
        return ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? [])
            .filter { $0.hasSuffix(".yaml") && $0 != "mix-all.yaml" }.sorted()
    }()

    @Test("mix-all.yaml has every VeReMi insider type (1-19) once, each with its own attackers")
    func mixAll() throws {
        let s = try ScenarioLoader.load(path: TestPaths.scenario("attacks/mix-all.yaml"))
        #expect(s.attackers.map(\.type.rawValue) == Array(1...19))
    }

    @Test("there is a scenario for every attack type, and each names one type")
    func coverage() throws {
        var seen: Set<AttackType> = []
        for file in Self.files {
            let s = try ScenarioLoader.load(path: TestPaths.scenario("attacks/" + file))
            #expect(s.attackers.count == 1, "\(file)")
            seen.insert(s.attackers[0].type)
        }
        #expect(seen.sorted() == AttackType.allCases)
        // One type has a second, incident-shaped scenario: the collision of the README's walk-through.
        #expect(Self.files.count == AttackType.allCases.count + 1, "\(Self.files)")
    }

    @Test("every attack scenario runs; its attackers send under ground truth; cryptography stops exactly the outsiders",
          arguments: Self.files)
    func runs(file: String) throws {
        // A scenario that names its attackers keeps them; the others get 20 % attackers.
        let named = try ScenarioLoader.load(path: TestPaths.scenario("attacks/" + file)).attackers.first.map {
            if case .vehicles = $0.selection { true } else { false }
        } ?? false
        let scenario = try ScenarioLoader.load(
            path: TestPaths.scenario("attacks/" + file),
            overrides: ["duration=2s", "attackers[0].start=500ms", "radio.model=unit-disk",
                        "attackers[0].replay_delay=500ms", "security.detection.enabled=false"]
                + (named ? [] : ["attackers[0].fraction=0.2"]))
        let type = scenario.attackers[0].type
        let s = try Simulation(scenario: scenario).run(recorder: nil)
        let a = try #require(s.attacks.first { $0.name == type.name }, "\(file): no ground truth for \(type.name)")
        #expect(a.number == type.rawValue && a.attackers > 0 && a.sent > 0 && a.received > 0, "\(file): \(a)")
        // The layer table accounts for every rejection, and its recall is the defended share of receptions.
        let byLayer = Dictionary(uniqueKeysWithValues: a.rejectedByLayer.map { ($0.layer, $0.count) })
        #expect(byLayer.values.reduce(0, +) == a.rejected, "\(file): \(a.rejectedByLayer)")
        let defended = a.rejected - (byLayer[.queue] ?? 0)
        #expect(a.caughtRecall == Double(defended) / Double(a.received), "\(file)")
        switch type {
        case .forgedSignature, .tamperedInFlight:
            #expect(a.accepted == 0, "\(file): \(a)")
            #expect(s.rejectedByReason.contains { $0.reason == "bad_signature" })
            #expect((byLayer[.signature] ?? 0) > 0 && byLayer[.plausibility] == 0, "\(file): \(a.rejectedByLayer)")
        case .replayCaptured:
            // Stations that heard the original reject the copy; others have no way to tell.
            #expect(s.rejectedByReason.contains { $0.reason == "replayed" }, "\(file): \(s.rejectedByReason)")
            #expect((byLayer[.freshness] ?? 0) > 0, "\(file): \(a.rejectedByLayer)")
        default:
            // Insiders hold valid credentials: signatures cannot stop them (detection is off here).
            #expect(a.accepted > a.received / 2, "\(file): \(a)")
            #expect(byLayer[.signature] == 0 && byLayer[.plausibility] == 0, "\(file): \(a.rejectedByLayer)")
        }
        if type.rateMultiplier > 1 {
            // 0.5 s to 2 s at 10 Hz × multiplier, per attacker (frames may be replaced in the MAC queue).
            #expect(a.sent > a.attackers * 15 * type.rateMultiplier / 2, "\(file): \(a)")
        }
    }

    @Test("the trace keeps the ground truth: messages.attacker names the attack, and verify passes")
    func traceGroundTruth() throws {
        let dir = try TestPaths.temporaryDirectory("attack")
        let run = try runProcess(
            TestPaths.cli,
            ["run", "Scenarios/attacks/tampered-in-flight.yaml", "--out", dir, "--duration", "3s",
             "--set", "attackers[0].start=1s", "-q"])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(run.stdout.contains("TamperedInFlight"))
        let export = try runProcess(TestPaths.cli, ["export", dir + "/trace.sqlite", "--csv", dir + "/csv"])
        #expect(export.status == 0)
        let csv = try String(contentsOfFile: dir + "/csv/messages.csv", encoding: .utf8)
        let rows = csv.split(separator: "\n").dropFirst()
        #expect(rows.contains { $0.hasSuffix(",TamperedInFlight") })
        #expect(rows.contains { $0.hasSuffix(",") }, "genuine messages have an empty attacker column")
        let verify = try runProcess(TestPaths.cli, ["verify", dir + "/trace.sqlite"])
        #expect(verify.status == 0, "stdout: \(verify.stdout) stderr: \(verify.stderr)")
        // attacks.csv carries the layer columns; every tampered copy fails at the signature or decode layer.
        let attacks = try String(contentsOfFile: dir + "/attacks.csv", encoding: .utf8).split(separator: "\n")
        let header: String = "number,attack,attackers,sent,received,accepted,rejected,acted_on,rejected_decode,"
            + "rejected_certificate,rejected_signature,rejected_freshness,rejected_revoked,rejected_plausibility,rejected_queue,caught_recall"
        #expect(attacks.first.map(String.init) == header)
        let tampered = try #require(attacks.first { $0.hasPrefix("21,TamperedInFlight,") }).split(separator: ",")
        #expect(tampered.count == 16 && tampered[5] == "0" && Int(tampered[10])! > 0 && tampered[15] == "1.0000", "\(tampered)")
        #expect(run.stdout.contains("caught by layer"))
    }
}

@Suite("Misbehaviour detection in a run")
struct DetectionRunTests {
    @Test("an honest run raises no false positives and revokes nobody")
    func honest() throws {
        let scenario = try ScenarioLoader.load(path: TestPaths.scenario("quick.yaml"), overrides: ["duration=4s"])
        let s = try Simulation(scenario: scenario).run(recorder: nil)
        #expect(s.detectionTotals.falsePositives == 0)
        #expect(s.certificatesRevoked == 0 && s.detection.isEmpty)
    }

    @Test("ConstPos is detected, reported and revoked; metrics per type add up; verify none and signature see nothing")
    func constPos() throws {
        let overrides = ["duration=4s", "attackers[0].start=1s", "radio.model=unit-disk"]
        let full = try Simulation(scenario: ScenarioLoader.load(
            path: TestPaths.scenario("attacks/const-pos.yaml"), overrides: overrides)).run(recorder: nil)
        let d = try #require(full.detection.first { $0.name == "ConstPos" })
        #expect(d.detected == d.attackers && d.attackers > 0)
        #expect(d.revoked == d.attackers)
        #expect((d.recall ?? 0) > 0.9 && (d.precision ?? 0) > 0.9)
        #expect(d.f1 != nil && d.meanTimeToDetect! <= d.maxTimeToDetect! && d.meanTimeToRevoke! >= d.meanTimeToDetect!)
        #expect(full.rejectedByReason.contains { $0.reason == "revoked" })
        let fullAccepted = full.attacks.first { $0.name == "ConstPos" }!.accepted
        for mode in ["none", "signature"] {
            let s = try Simulation(scenario: ScenarioLoader.load(
                path: TestPaths.scenario("attacks/const-pos.yaml"), overrides: overrides + ["security.verify=\(mode)"]))
                .run(recorder: nil)
            #expect(s.detection.allSatisfy { $0.truePositives == 0 })
            #expect(s.attacks.first { $0.name == "ConstPos" }!.accepted > 5 * fullAccepted, "\(mode)")
        }
    }
}
