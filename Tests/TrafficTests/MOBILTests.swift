import SimKernel
import Testing
@testable import Traffic

/// MOBIL (Kesting, Treiber, Helbing 2007) on small hand-built highways.
@Suite("MOBIL lane changes")
struct MOBILTests {
    /// A two-lane highway with one group and no initial vehicles.
    static func emptyHighway(lanes: Int = 2, politeness: Double = 0.2) -> TrafficWorld {
        var road = RoadConfig()
        road.lanes = lanes
        road.length = 10_000
        var group = TrafficGroup()
        group.spawn = .flow(vehiclesPerHour: 0)
        group.mobil.politeness = politeness
        return TrafficWorld(road: road, groups: [group], incidents: IncidentConfig(), seed: 1)
    }

    static func step(_ world: inout TrafficWorld, seconds: Double) -> [Incident] {
        incidentsDrivingWithTruth(&world, seconds: seconds)
    }

    @Test("a fast car behind a slow truck overtakes on the free left lane")
    func overtakes() {
        // Selfish drivers: with politeness the slow one would move left to let the fast one by, and
        // the fast one, no longer safe behind it in the left lane, would stay right.
        var world = Self.emptyHighway(politeness: 0)
        let car = world.addVehicle(group: 0, lane: 0, position: 1_000, speed: 30)
        world.addVehicle(group: 0, lane: 0, position: 1_060, speed: 10)
        let decided = world.decideLaneChanges(accelerations: world.vehicles.map { _ in -3 }, truth: world.groundTruthLeaders())
        #expect(decided.first { $0.index == 0 }?.target == 1)
        _ = Self.step(&world, seconds: 1)
        let v = world.vehicles.first { $0.id == car }!
        #expect(v.lane == 1)
        #expect(v.laneChangeFrom == 0, "the move sideways takes the lane-change duration")
        #expect(v.lateralLane > 0 && v.lateralLane < 1)
    }

    @Test("no change into a gap that would make the new follower brake harder than b_safe")
    func safety() {
        var world = Self.emptyHighway()
        world.addVehicle(group: 0, lane: 0, position: 1_000, speed: 25)
        world.addVehicle(group: 0, lane: 0, position: 1_040, speed: 5)
        world.addVehicle(group: 0, lane: 1, position: 990, speed: 33)  // fast, close behind in lane 1
        let decided = world.decideLaneChanges(accelerations: world.vehicles.map { _ in -3 }, truth: world.groundTruthLeaders())
        #expect(!decided.contains { $0.index == 0 })
    }

    @Test("keep right: a lone car in the left lane returns to the right lane")
    func keepRight() {
        var world = Self.emptyHighway()
        world.addVehicle(group: 0, lane: 1, position: 1_000, speed: 30)
        let decided = world.decideLaneChanges(accelerations: [0], truth: world.groundTruthLeaders())
        #expect(decided.first?.target == 0)
    }

    @Test("a lane change completes over the duration and never jumps more than one lane")
    func duration() {
        var world = Self.emptyHighway(lanes: 3)
        world.addVehicle(group: 0, lane: 2, position: 1_000, speed: 30)
        var lateral: [Double] = []
        var now = SimTime.zero
        for _ in 0..<100 {
            now += .milliseconds(100)
            _ = world.step(dt: .milliseconds(100), now: now) { _, _, _ in .freeRoad }
            lateral.append(world.vehicles[0].lateralLane)
        }
        #expect(world.vehicles[0].lane == 0)
        for (a, b) in zip(lateral, lateral.dropFirst()) { #expect(abs(a - b) <= 0.1 / 3 + 1e-9) }
    }

    @Test("a mixed car/truck highway with lane changes has no collisions", arguments: Array(UInt64(0)..<10))
    func noCollisions(seed: UInt64) {
        var road = RoadConfig()
        road.length = 2_000
        var cars = TrafficGroup()
        cars.spawn = .count(50)
        var trucks = TrafficGroup()
        trucks.type = "truck"
        trucks.idm = IDMParameters.defaults(forType: "truck")
        trucks.spawn = .count(10)
        var world = TrafficWorld(road: road, groups: [cars, trucks], incidents: IncidentConfig(), seed: seed)
        let incidents = Self.step(&world, seconds: 20)
        #expect(!incidents.contains { $0.kind == .collision }, "seed \(seed)")
        #expect(world.vehicles.contains { $0.laneChanges > 0 }, "seed \(seed): nobody changed lanes")
        for v in world.vehicles { #expect(v.speed >= 0 && v.speed <= v.idm.desiredSpeed + 0.5) }
    }
}
