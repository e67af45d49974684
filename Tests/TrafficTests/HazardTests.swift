import SimKernel
import Testing
@testable import Traffic

@Suite("Hazards on the road")
struct HazardTests {
    @Test("a stopped vehicle appearing on a lane: drivers brake or change lanes, nobody hits it", arguments: Array(UInt64(0)..<5))
    func avoided(seed: UInt64) {
        var road = RoadConfig()
        road.length = 3_000
        var hazard = Hazard()
        hazard.time = .seconds(2)
        hazard.position = 1_500
        hazard.lane = 1
        road.hazards = [hazard]
        var cars = TrafficGroup()
        cars.spawn = .count(60)
        var world = TrafficWorld(road: road, groups: [cars], incidents: IncidentConfig(), seed: seed)
        #expect(world.activeHazards == [false])
        var now = SimTime.zero
        var incidents: [Incident] = []
        var passedInOtherLanes = 0
        for _ in 0..<300 {
            now += .milliseconds(100)
            incidents += world.step(dt: .milliseconds(100), now: now) { _, _, truth in
                truth.map { Perception(gap: $0.gap, leaderSpeed: $0.speed) } ?? .freeRoad
            }
        }
        #expect(world.activeHazards == [true])
        for v in world.vehicles where v.rear > 1_500 && v.lane != 1 { passedInOtherLanes += 1 }
        #expect(!incidents.contains { $0.kind == .collision }, "seed \(seed): \(incidents.filter { $0.kind == .collision })")
        #expect(passedInOtherLanes > 0)
        // Whoever is still in lane 1 behind the hazard has stopped short of it.
        for v in world.vehicles where v.lane == 1 && v.position < 1_500 {
            #expect(v.position <= 1_495 + 1e-6, "seed \(seed): \(v.id) at \(v.position)")
        }
    }

    @Test("the world keeps the lowest time to collision it has seen, to a leader and to a hazard")
    func minimumTTC() {
        var road = RoadConfig()
        road.length = 5_000
        var hazard = Hazard()
        hazard.time = .zero
        hazard.position = 3_000
        hazard.lane = 1
        road.hazards = [hazard]
        var group = TrafficGroup()
        group.spawn = .flow(vehiclesPerHour: 0)
        var world = TrafficWorld(road: road, groups: [group], incidents: IncidentConfig(), seed: 1)
        #expect(world.minimumTTC == .infinity)
        world.addVehicle(group: 0, lane: 0, position: 1_100, speed: 10)
        world.addVehicle(group: 0, lane: 0, position: 1_000, speed: 30)
        _ = world.detectIncidents(now: .zero)
        let gap = 1_100 - world.vehicles[0].length - 1_000
        #expect(abs(world.minimumTTC - gap / 20) < 1e-12, "\(world.minimumTTC)")
        // A car 30 m/s short of the stopped vehicle in lane 1, 1 s away: below the 1.5 s threshold.
        #expect(world.activeHazards == [true])
        world.addVehicle(group: 0, lane: 1, position: 3_000 - hazard.length - 30, speed: 30)
        _ = world.detectIncidents(now: .milliseconds(100))
        #expect(abs(world.minimumTTC - 1) < 1e-9, "\(world.minimumTTC)")
    }
}
