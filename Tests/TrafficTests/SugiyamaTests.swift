import SimKernel
import Testing
@testable import Traffic

/// Sugiyama et al. 2008, "Traffic jams without bottlenecks", New J. Phys. 10:033001: 22 vehicles
/// on a 230 m ring, started evenly spaced, form a stop-and-go wave that travels backwards at about
/// 20 km/h. IDM reproduces it with a string-unstable set (reference §7.3): a = 1.2 m/s², T = 1.0 s,
/// s0 = 2 m, b = 1.5 m/s², l = 5 m, v0 = 60 km/h, with SUMO-style dawdling σ = 0.2 as the small
/// disturbance. The same set is `Scenarios/ring-sugiyama.yaml`.
@Suite("Ring road: Sugiyama et al. 2008")
struct SugiyamaTests {
    static var parameters: IDMParameters {
        var idm = IDMParameters()
        idm.desiredSpeed = 60 / 3.6
        idm.maxAcceleration = 1.2
        idm.timeHeadway = 1.0
        idm.minimumGap = 2
        idm.comfortableDeceleration = 1.5
        idm.vehicleLength = 5
        return idm
    }

    @Test("a stop-and-go wave forms and travels backwards at 15–25 km/h", arguments: [UInt64(1), 2, 3])
    func waveForms(seed: UInt64) {
        var world = Ring.world(length: 230, count: 22, idm: Self.parameters, sigma: 0.2, seed: seed)
        var tracker = Ring.JamTracker(length: 230)
        var slowest = Double.infinity
        var fastest = 0.0
        var collisions = 0
        _ = Ring.run(&world, seconds: 300) { t, w, incidents in
            collisions += incidents.filter { $0.kind == .collision }.count
            guard t.seconds > 150 else { return }
            tracker.sample(time: t, world: w)
            for v in w.vehicles {
                slowest = min(slowest, v.speed)
                fastest = max(fastest, v.speed)
            }
        }
        // Stop-and-go: some vehicles stand still while others drive at more than twice the
        // equilibrium speed (3.4 m/s for this density).
        #expect(slowest < 0.5, "seed \(seed): slowest \(slowest) m/s")
        #expect(fastest > 7, "seed \(seed): fastest \(fastest) m/s")
        let kmh = tracker.velocity * 3.6
        #expect((-25 ... -15).contains(kmh), "seed \(seed): wave at \(kmh) km/h")
        #expect(collisions == 0, "seed \(seed)")
    }

    @Test("without noise the evenly spaced ring stays uniform at the equilibrium speed")
    func noNoiseNoWave() {
        var world = Ring.world(length: 230, count: 22, idm: Self.parameters, sigma: 0, seed: 1)
        let equilibrium = TrafficWorld.equilibriumSpeed(Self.parameters, gap: 230.0 / 22 - 5)
        _ = Ring.run(&world, seconds: 60)
        for v in world.vehicles { #expect(abs(v.speed - equilibrium) < 0.05, "\(v.id): \(v.speed)") }
    }

    @Test("ring geometry: a circle about the origin, SUMO angles, leaders wrap around")
    func geometry() {
        var road = RoadConfig()
        road.kind = .ring
        road.lanes = 1
        road.length = 230
        let ring = Highway(config: road)
        let r = 230 / (2 * Double.pi)
        let start = ring.point(position: 0, lane: 0)
        #expect(abs(start.x - r) < 1e-9 && abs(start.y) < 1e-9)
        #expect(abs(ring.headingDegrees(position: 0)) < 1e-9)  // moving north at (R, 0)
        #expect(abs(ring.headingDegrees(position: 230 / 4) - 270) < 1e-9)  // at (0, R) moving west
        let quarter = ring.point(position: 230 / 4, lane: 0)
        #expect(abs(quarter.x) < 1e-9 && abs(quarter.y - r) < 1e-9)
        #expect(abs(ring.wrapped(231) - 1) < 1e-9 && abs(ring.wrapped(-1) - 229) < 1e-9)
        let world = Ring.world(length: 230, count: 22, idm: Self.parameters, sigma: 0, seed: 1)
        let leaders = world.groundTruthLeaders()
        #expect(leaders.allSatisfy { $0 != nil })
        for leader in leaders { #expect(abs(leader!.gap - (230.0 / 22 - 5)) < 1e-9) }
    }
}
