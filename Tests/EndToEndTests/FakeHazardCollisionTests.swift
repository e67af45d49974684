import Foundation
import SimKernel
import Testing
import Trace
import V2VTestSupport

/// Issue 11 item 8 through the CLI, as an investigator would do it: a collision caused by a false
/// hazard warning believed with `security.verify=none`, found with `v2vsim incidents`, replayed from
/// its checkpoint, then the what-if with `security.verify=full` showing the collision avoided.
@Suite("A collision caused by a false warning: found, replayed, avoided in the what-if")
struct FakeHazardCollisionTests {
    @Test("fake-hazard-collision.yaml: the truck hits the car that stopped for nothing; from its checkpoint, verify=full avoids it")
    func collisionFoundReplayedAndAvoided() throws {
        let directory = try TestPaths.temporaryDirectory("fake-hazard-collision")
        let run = try runProcess(TestPaths.cli, [
            "run", TestPaths.scenario("attacks/fake-hazard-collision.yaml"), "--out", directory, "--quiet",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let trace = directory + "/trace.sqlite"

        // Found: `incidents` lists the collision of truck 3 into car 2, after car 2's hard braking.
        let listed = try runProcess(TestPaths.cli, ["incidents", trace, "--format", "csv"])
        #expect(listed.status == 0, "\(listed.stderr)")
        let rows = listed.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        let collision = try #require(rows.first { $0.count > 4 && $0[1] == "collision" }, "\(listed.stdout)")
        #expect(collision[0] == "2" && collision[2] == "7.500" && collision[3] == "3" && collision[4] == "2", "\(listed.stdout)")
        #expect(rows.first.map { Array($0.prefix(4)) } == ["0", "hard_braking", "2.100", "2"], "\(listed.stdout)")

        // Independently of the incident detector: at 7.5 s the truck's front is past the car's rear
        // (car length 5 m), and the car had stopped while the truck was still doing about 9 m/s.
        let reader = try TraceReader(path: trace)
        let atImpact = try reader.vehicles([2, 3], from: .milliseconds(7500), to: .milliseconds(7500))
        let car = try #require(atImpact.first { $0.vehicleID == 2 })
        let truck = try #require(atImpact.first { $0.vehicleID == 3 })
        #expect(car.type == "car" && truck.type == "truck")
        #expect(truck.x > car.x - 5 && car.speed == 0 && truck.speed > 8, "car \(car), truck \(truck)")
        // The warning was false: it came from the FakeHazard attacker, never from a real obstacle.
        #expect(reader.meta["scenario_text"]?.contains("hazards:") == false)

        // Replayed from its checkpoint: 5 s before the collision starts from the 2 s checkpoint, the
        // window reproduces, and the timeline shows both vehicles taking the attacker's repeated warning unchecked.
        let replay = try runProcess(TestPaths.cli, ["replay", trace, "--incident", "2", "--before", "5s", "--after", "0.5s"])
        #expect(replay.status == 0, "\(replay.stderr)")
        #expect(replay.stdout.contains("resumed from the checkpoint at 2.000 s"), "\(replay.stdout)")
        #expect(replay.stdout.contains("reproduced: every row of the window"), "\(replay.stdout)")
        #expect(replay.stdout.contains("#2  t=7.500000 s  collision  vehicles 3 and 2"), "\(replay.stdout)")
        #expect(replay.stdout.contains("vehicle 3 (truck, policy expert)"), "\(replay.stdout)")
        #expect(replay.stdout.contains("HEARD    denm msg") && replay.stdout.contains("from vehicle 4: unchecked"), "\(replay.stdout)")
        #expect(replay.stdout.contains("[attacker: FakeHazard]"), "\(replay.stdout)")
        #expect(replay.stdout.contains("braked    hardest -9.00 m/s²") && replay.stdout.contains("braked    hardest -3.50 m/s²"),
                "\(replay.stdout)")

        // The what-if from the 1 s checkpoint (before the first warning at 2 s) with verification on.
        let whatIf = try runProcess(TestPaths.cli, [
            "replay", trace, "--incident", "2", "--from", "1s", "--set", "security.verify=full", "--format", "json",
        ])
        #expect(whatIf.status == 0, "\(whatIf.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(whatIf.stdout.utf8)) as? [String: Any])
        let recorded = try #require(object["recorded"] as? [String: Any])
        let changed = try #require(object["what_if"] as? [String: Any])
        #expect(object["from_s"] as? Double == 1)
        #expect(recorded["collision"] as? Bool == true && recorded["incident_happens"] as? Bool == true)
        #expect(recorded["min_ttc_s"] as? Double == 0 && recorded["hardest_braking_mps2"] as? Double == 9)
        #expect(changed["collision"] as? Bool == false && changed["incident_happens"] as? Bool == false)
        #expect((changed["incidents_by_kind"] as? [String: Int])?.isEmpty == true, "\(changed)")
        // Unverified, every reception was unchecked; verified, car 2's radar refutes the warning.
        #expect((recorded["receptions_by_outcome"] as? [String: Int])?.keys.sorted() == ["unchecked"])
        #expect(((changed["rejected_by_reason"] as? [String: Int]) ?? [:])["implausible_hazard_not_seen"] ?? 0 > 0, "\(changed)")
    }
}
