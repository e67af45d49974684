import SimKernel
import Testing
@testable import Traffic

@Suite("Intelligent Driver Model")
struct IDMTests {
    let p = IDMParameters()

    @Test("free road: a·(1 − (v/v0)^4)")
    func freeRoad() {
        for v in stride(from: 0.0, through: 33.0, by: 3.0) {
            let expected = 1.0 * (1 - pow(v / (120 / 3.6), 4))
            #expect(abs(IntelligentDriverModel.acceleration(parameters: self.p, speed: v, gap: nil, leaderSpeed: 0) - expected) < 1e-12)
        }
    }

    @Test("at the equilibrium gap the acceleration is zero")
    func equilibrium() {
        for v in [5.0, 15.0, 25.0, 30.0] {
            let s = IntelligentDriverModel.equilibriumGap(parameters: self.p, speed: v)
            #expect(abs(IntelligentDriverModel.acceleration(parameters: self.p, speed: v, gap: s, leaderSpeed: v)) < 1e-9)
            // s_e(v) = (s0 + vT) / sqrt(1 − (v/v0)^4), computed independently.
            let independent = (2 + v * 1.0) / (1 - pow(v / (120 / 3.6), 4)).squareRoot()
            #expect(abs(s - independent) < 1e-9)
        }
    }

    @Test("a car approaching a stopped obstacle stops about s0 short of it, without touching")
    func stopsBeforeObstacle() {
        var road = RoadConfig()
        road.lanes = 1
        road.length = 100_000
        var group = TrafficGroup()
        group.spawn = .count(1)
        var thresholds = IncidentConfig()
        thresholds.hardBraking = 1.0
        var world = TrafficWorld(road: road, groups: [group], incidents: thresholds, seed: 1)
        let obstacle = world.vehicles[0].position + 300
        var now = SimTime.zero
        var minGap = Double.infinity
        var incidents: [Incident] = []
        var hardest = 0.0
        for _ in 0..<3000 {
            now += .milliseconds(100)
            incidents += world.step(dt: .milliseconds(100), now: now) { _, v, _ in
                Perception(gap: obstacle - v.position, leaderSpeed: 0)
            }
            hardest = min(hardest, world.vehicles[0].acceleration)
            minGap = min(minGap, obstacle - world.vehicles[0].position)
        }
        // Braking beyond 1 m/s² is one hard-braking episode, recorded once with its peak at onset.
        #expect(hardest < -1.0)
        #expect(incidents.count == 1)
        #expect(incidents.first?.kind == .hardBraking)
        #expect(incidents.first.map { $0.value > 1.0 } == true)
        let v = world.vehicles[0]
        #expect(v.speed < 0.01)
        #expect(minGap > 0)
        #expect(abs((obstacle - v.position) - self.p.minimumGap) < 0.5, "stopped \(obstacle - v.position) m short")
    }

    @Test("200 IDM vehicles on a 3-lane highway for 60 s: no collision, speeds within [0, v0]")
    func noCollisions() {
        var group = TrafficGroup()
        group.spawn = .count(200)
        var world = TrafficWorld(road: RoadConfig(), groups: [group], incidents: IncidentConfig(), seed: 42)
        var now = SimTime.zero
        var collisions = 0
        for _ in 0..<600 {
            now += .milliseconds(100)
            let incidents = world.step(dt: .milliseconds(100), now: now) { _, _, truth in
                truth.map { Perception(gap: $0.gap, leaderSpeed: $0.speed) } ?? .freeRoad
            }
            collisions += incidents.filter { $0.kind == .collision }.count
            for v in world.vehicles { #expect(v.speed >= 0 && v.speed <= 120 / 3.6 + 1e-9) }
        }
        #expect(collisions == 0)
        #expect(world.spawnedCount == 200)
    }

    @Test("a flow of 1800 veh/h yields about 30 vehicles per minute")
    func flow() {
        var group = TrafficGroup()
        group.spawn = .flow(vehiclesPerHour: 1800)
        var world = TrafficWorld(road: RoadConfig(), groups: [group], incidents: IncidentConfig(), seed: 3)
        driveWithTruth(&world, seconds: 600)
        // 10 minutes at 0.5 veh/s: Poisson mean 300, sd ≈ 17.
        #expect((240...360).contains(world.spawnedCount), "spawned \(world.spawnedCount)")
    }
}

private func pow(_ x: Double, _ n: Double) -> Double { n == 4 ? x * x * x * x : Double.nan }
