import SimKernel
import Testing
@testable import Traffic

/// Braking stays physical: no driver ever decelerates harder than the vehicle can
/// (`IDMParameters.maxDeceleration`), and the causes of emergency braking (unsafe cut-ins, ramp
/// merges into too small a gap, entrances into a queue) are gone, so that the limit does not cost
/// collisions. Worlds are the traffic of `Scenarios/merge.yaml` and `Scenarios/hazard.yaml`.
@Suite("Physical deceleration")
struct PhysicalDecelerationTests {
    /// The traffic of `Scenarios/merge.yaml`: 2 km, two main lanes, on-ramp at 800 m, off-ramp at 1.6 km.
    static func mergeWorld(seed: UInt64) -> TrafficWorld {
        var road = RoadConfig()
        road.length = 2_000
        road.lanes = 2
        var ramp = RoadConfig.OnRamp()
        ramp.start = 800
        ramp.length = 250
        road.onRamp = ramp
        road.offRampPosition = 1_600
        var idm = IDMParameters()
        idm.timeHeadway = 1.2
        var cars = TrafficGroup()
        cars.spawn = .flow(vehiclesPerHour: 2_000)
        cars.exitShare = 0.2
        cars.idm = idm
        var trucks = TrafficGroup()
        trucks.type = "truck"
        trucks.idm = IDMParameters.defaults(forType: "truck")
        trucks.spawn = .flow(vehiclesPerHour: 200)
        trucks.initialSpeedFraction = 0.9
        var entering = TrafficGroup()
        entering.spawn = .flow(vehiclesPerHour: 600)
        entering.entry = .onRamp
        entering.initialSpeedFraction = 0.5
        entering.idm = idm
        return TrafficWorld(road: road, groups: [cars, trucks, entering], incidents: IncidentConfig(), seed: seed)
    }

    /// The traffic of `Scenarios/hazard.yaml`: 3 km, three lanes, 90 cars with an 80 m sensor, a
    /// stopped vehicle at 15 s and debris at 30 s.
    static func hazardWorld(seed: UInt64) -> TrafficWorld {
        var road = RoadConfig()
        road.length = 3_000
        var stopped = Hazard()
        stopped.time = .seconds(15)
        stopped.position = 2_000
        stopped.lane = 1
        var debris = Hazard()
        debris.kind = .debris
        debris.time = .seconds(30)
        debris.position = 2_600
        debris.lane = 0
        debris.length = 1
        road.hazards = [stopped, debris]
        var cars = TrafficGroup()
        cars.spawn = .count(90)
        cars.idm.timeHeadway = 1.2
        cars.sensor.range = 80
        cars.sensor.rearRange = 60
        return TrafficWorld(road: road, groups: [cars], incidents: IncidentConfig(), seed: seed)
    }

    /// Runs `world` for `seconds`; vehicles see other vehicles (by sensor or V2V) but a hazard only
    /// within their sensor range. Returns the hardest deceleration [m/s², positive] and the collisions.
    static func run(_ world: inout TrafficWorld, seconds: Double) -> (maxDeceleration: Double, collisions: [Incident]) {
        var hardest = 0.0
        var collisions: [Incident] = []
        var now = SimTime.zero
        let range = world.groups.map(\.sensor.range)
        for _ in 0..<Int(seconds * 10) {
            now += .milliseconds(100)
            collisions += world.step(dt: .milliseconds(100), now: now) { _, v, truth in
                guard let truth, truth.hazard == nil || truth.gap <= range[v.group] else { return .freeRoad }
                return Perception(gap: truth.gap, leaderSpeed: truth.speed)
            }.filter { $0.kind == .collision }
            for v in world.vehicles { hardest = max(hardest, -v.acceleration) }
        }
        return (hardest, collisions)
    }

    @Test("merge.yaml's traffic: braking within the physical limit, no collisions", arguments: Array(UInt64(0)..<4))
    func merge(seed: UInt64) {
        var world = Self.mergeWorld(seed: seed)
        let (hardest, collisions) = Self.run(&world, seconds: 120)
        print("merge seed \(seed): max deceleration \(hardest), collisions \(collisions.count)")
        #expect(hardest <= IDMParameters().maxDeceleration + 1e-9, "seed \(seed): \(hardest) m/s²")
        #expect(collisions.isEmpty, "seed \(seed): \(collisions)")
    }

    @Test("hazard.yaml's traffic: braking within the physical limit, no collisions", arguments: Array(UInt64(0)..<4))
    func hazard(seed: UInt64) {
        var world = Self.hazardWorld(seed: seed)
        let (hardest, collisions) = Self.run(&world, seconds: 60)
        #expect(world.activeHazards == [true, true], "seed \(seed): both obstacles appeared")
        print("hazard seed \(seed): max deceleration \(hardest), collisions \(collisions.count)")
        #expect(hardest <= IDMParameters().maxDeceleration + 1e-9, "seed \(seed): \(hardest) m/s²")
        #expect(collisions.isEmpty, "seed \(seed): \(collisions)")
    }
}
