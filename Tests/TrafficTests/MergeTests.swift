import SimKernel
import Testing
@testable import Traffic

/// On-ramp merging: the acceleration lane is lane 0; ramp drivers merge when MOBIL's safety
/// criterion allows and stop at the lane's end otherwise.
@Suite("On-ramp merge")
struct MergeTests {
    static func world(seed: UInt64) -> TrafficWorld {
        var road = RoadConfig()
        road.length = 2_000
        road.lanes = 2
        var ramp = RoadConfig.OnRamp()
        ramp.start = 300
        ramp.length = 250
        road.onRamp = ramp
        var main = TrafficGroup()
        main.spawn = .count(40)
        var entering = TrafficGroup()
        entering.spawn = .flow(vehiclesPerHour: 1_200)
        entering.entry = .onRamp
        entering.initialSpeedFraction = 0.5
        var trucks = TrafficGroup()
        trucks.type = "truck"
        trucks.idm = IDMParameters.defaults(forType: "truck")
        trucks.spawn = .flow(vehiclesPerHour: 600)
        return TrafficWorld(road: road, groups: [main, entering, trucks], incidents: IncidentConfig(), seed: seed)
    }

    @Test("ramp vehicles merge without collisions and never pass the end of the acceleration lane",
          arguments: Array(UInt64(0)..<10))
    func merges(seed: UInt64) {
        var world = Self.world(seed: seed)
        #expect(world.vehicles.allSatisfy { $0.lane >= 1 }, "main-lane vehicles start on the main lanes")
        var collisions = 0
        var merged: Set<VehicleID> = []
        var now = SimTime.zero
        for _ in 0..<400 {
            now += .milliseconds(100)
            collisions += world.step(dt: .milliseconds(100), now: now) { _, _, truth in
                truth.map { Perception(gap: $0.gap, leaderSpeed: $0.speed) } ?? .freeRoad
            }.filter { $0.kind == .collision }.count
            for v in world.vehicles {
                if v.lane == 0 { #expect(v.position <= 550 + 1e-6 && v.group == 1, "seed \(seed): \(v.id)") }
                if v.group == 1 && v.lane >= 1 { merged.insert(v.id) }
            }
        }
        #expect(collisions == 0, "seed \(seed)")
        #expect(merged.count >= 3, "seed \(seed): \(merged.count) merged")
    }
}

@Suite("Off-ramp")
struct OffRampTests {
    @Test("drivers bound for the exit move right in time and leave there; nobody collides", arguments: Array(UInt64(0)..<5))
    func exits(seed: UInt64) {
        var road = RoadConfig()
        road.length = 3_000
        road.lanes = 3
        road.offRampPosition = 2_000
        var cars = TrafficGroup()
        cars.spawn = .count(45)
        cars.exitShare = 0.5
        var world = TrafficWorld(road: road, groups: [cars], incidents: IncidentConfig(), seed: seed)
        let bound = world.vehicles.filter { $0.exits }.count
        #expect(bound > 5 && bound < 40, "seed \(seed): \(bound) bound for the exit")
        let collisions = incidentsDrivingWithTruth(&world, seconds: 60).filter { $0.kind == .collision }.count
        #expect(collisions == 0, "seed \(seed)")
        #expect(world.exitedCount > 0, "seed \(seed)")
        // Nobody still bound for the exit is left beyond it in the rightmost lane.
        #expect(!world.vehicles.contains { $0.exits && $0.lane == 0 && $0.laneChangeFrom == nil && $0.position >= 2_000 })
    }
}

@Suite("Inflow")
struct InflowTests {
    @Test("a count group with inflow keeps the road filled; without it the road empties", arguments: Array(UInt64(0)..<3))
    func refills(seed: UInt64) {
        func vehiclesAfter60s(inflow: Double) -> (count: Int, collisions: Int) {
            var road = RoadConfig()
            road.length = 2_000
            var cars = TrafficGroup()
            cars.spawn = .count(60)
            cars.inflow = inflow
            var world = TrafficWorld(road: road, groups: [cars], incidents: IncidentConfig(), seed: seed)
            let collisions = incidentsDrivingWithTruth(&world, seconds: 60).filter { $0.kind == .collision }.count
            return (world.vehicles.count, collisions)
        }
        let closed = vehiclesAfter60s(inflow: 0)
        let open = vehiclesAfter60s(inflow: 3_600)
        #expect(closed.count < 20, "seed \(seed): \(closed.count) left without inflow")
        #expect(open.count > 40, "seed \(seed): \(open.count) with 3600/h inflow")
        #expect(closed.collisions == 0 && open.collisions == 0, "seed \(seed)")
    }
}
