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
