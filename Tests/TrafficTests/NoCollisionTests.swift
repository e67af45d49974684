import SimKernel
import Testing
@testable import Traffic

/// Honest expert traffic (IDM + MOBIL, sensors seeing the truth) never collides: the highway of
/// `Scenarios/highway.yaml` and the ring of `Scenarios/ring-sugiyama.yaml`, 10 seeds each, kept
/// short (20 s) for the test budget. The merge is covered by MergeTests.
@Suite("No collisions over seeds")
struct NoCollisionTests {
    static func run(_ world: inout TrafficWorld, seconds: Double) -> [Incident] {
        incidentsDrivingWithTruth(&world, seconds: seconds)
    }

    @Test("highway.yaml's road and 200 cars for 20 s", arguments: Array(UInt64(0)..<10))
    func highway(seed: UInt64) {
        var group = TrafficGroup()
        group.spawn = .count(200)
        var world = TrafficWorld(road: RoadConfig(), groups: [group], incidents: IncidentConfig(), seed: seed)
        let incidents = Self.run(&world, seconds: 20)
        #expect(!incidents.contains { $0.kind == .collision }, "seed \(seed)")
    }

    @Test("ring-sugiyama.yaml's ring with σ = 0.2 for 30 s", arguments: Array(UInt64(0)..<10))
    func ring(seed: UInt64) {
        var world = Ring.world(length: 230, count: 22, idm: SugiyamaTests.parameters, sigma: 0.2, seed: seed)
        var collisions = 0
        _ = Ring.run(&world, seconds: 30) { _, _, incidents in
            collisions += incidents.filter { $0.kind == .collision }.count
        }
        #expect(collisions == 0, "seed \(seed)")
    }
}
