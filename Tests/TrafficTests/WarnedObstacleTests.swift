import SimKernel
import Testing
@testable import Traffic

/// Drivers acting on obstacles they were warned about (DENMs), before their sensors see them.
@Suite("Warned obstacles")
struct WarnedObstacleTests {
    /// Steps `world` with a perception that sees nothing (the obstacle is beyond every sensor) and
    /// holds `warnings` for vehicle 0 only.
    static func step(_ world: inout TrafficWorld, seconds: Double, warnings: (VehicleState) -> [WarnedObstacle]) {
        var now = SimTime.zero
        for _ in 0..<Int(seconds * 10) {
            now += .milliseconds(100)
            _ = world.step(dt: .milliseconds(100), now: now) { _, v, _ in
                Perception(gap: nil, leaderSpeed: 0, warnings: warnings(v))
            }
        }
    }

    /// A warning 400 m ahead in lane 0, seen from `v` as the obstacle stands still at 1 400 m.
    static func warning(for v: VehicleState) -> [WarnedObstacle] {
        [WarnedObstacle(tag: 7, lane: 0, gap: 1_400 - v.position)]
    }

    @Test("a warned driver leaves the blocked lane early; an unwarned one keeps right")
    func leavesBlockedLane() {
        var warned = MOBILTests.emptyHighway()
        warned.addVehicle(group: 0, lane: 0, position: 1_000, speed: 30)
        Self.step(&warned, seconds: 1, warnings: Self.warning(for:))
        #expect(warned.vehicles[0].lane == 1, "MOBIL sees the warned obstacle as a standing leader")
        var unwarned = MOBILTests.emptyHighway()
        unwarned.addVehicle(group: 0, lane: 0, position: 1_000, speed: 30)
        Self.step(&unwarned, seconds: 1) { _ in [] }
        #expect(unwarned.vehicles[0].lane == 0)
    }

    @Test("boxed in the blocked lane, a warned driver slows to the approach speed early, without hard braking, and stops short")
    func approachesSlowly() {
        var world = MOBILTests.emptyHighway(lanes: 1)
        let car = world.addVehicle(group: 0, lane: 0, position: 1_000, speed: 30)
        var hardest = 0.0
        var responded = false
        var now = SimTime.zero
        for _ in 0..<600 {
            now += .milliseconds(100)
            _ = world.step(dt: .milliseconds(100), now: now) { _, v, _ in
                Perception(gap: nil, leaderSpeed: 0, warnings: Self.warning(for: v))
            }
            responded = responded || world.warningResponses.contains { $0.vehicle == car && $0.tag == 7 }
            hardest = min(hardest, world.vehicles[0].acceleration)
            // 100 m before the obstacle (beyond an 80 m sensor) it is already near the approach speed.
            if world.vehicles[0].position > 1_300 { #expect(world.vehicles[0].speed < 20, "\(world.vehicles[0])") }
        }
        #expect(responded)
        #expect(hardest > -3, "no hard braking: \(hardest)")
        #expect(world.vehicles[0].position < 1_400 && world.vehicles[0].speed < 0.1)
    }

    @Test("beyond the approach horizon a warning changes nobody's speed")
    func beyondHorizon() {
        var world = MOBILTests.emptyHighway(lanes: 1)
        world.addVehicle(group: 0, lane: 0, position: 1_000, speed: 30)
        let far = WarnedObstacle.approachHorizon + 100
        _ = world.step(dt: .milliseconds(100), now: .milliseconds(100)) { _, v, _ in
            Perception(gap: nil, leaderSpeed: 0, warnings: [WarnedObstacle(tag: 1, lane: 0, gap: far)])
        }
        #expect(world.warningResponses.isEmpty)
    }

    @Test("ring: road position inverts the lane point around the whole circle", arguments: [0.0, 0.5, 1.0])
    func ringRoadPosition(lane: Double) {
        var road = RoadConfig()
        road.kind = .ring
        road.length = 230
        road.lanes = 2
        let ring = Highway(config: road)
        for position in stride(from: 0.0, to: 230, by: 11.5) {
            let p = ring.point(position: position, lane: lane)
            let back = ring.roadPosition(x: p.x, y: p.y)
            let error = min(abs(back - position), 230 - abs(back - position))
            #expect(error < 1e-9, "position \(position) lane \(lane) came back as \(back)")
        }
        #expect(Highway(config: RoadConfig()).roadPosition(x: 123, y: 4) == 123)
    }
}
