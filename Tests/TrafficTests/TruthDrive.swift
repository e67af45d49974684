import SimKernel
@testable import Traffic

/// Steps `world` for `seconds` at 0.1 s with perfect perception (every driver sees its true
/// leader); calls `sample` after each step and returns the time reached. The one driving loop of
/// the traffic tests.
@discardableResult
func driveWithTruth(
    _ world: inout TrafficWorld, seconds: Double, from start: SimTime = .zero,
    sample: (SimTime, TrafficWorld, [Incident]) -> Void = { _, _, _ in }
) -> SimTime {
    let dt = SimTime.milliseconds(100)
    var now = start
    for _ in 0..<Int((seconds * 10).rounded()) {
        now += dt
        let incidents = world.step(dt: dt, now: now) { _, _, truth in
            truth.map { Perception(gap: $0.gap, leaderSpeed: $0.speed) } ?? .freeRoad
        }
        sample(now, world, incidents)
    }
    return now
}

/// The incidents of driving `world` for `seconds` with perfect perception.
func incidentsDrivingWithTruth(_ world: inout TrafficWorld, seconds: Double) -> [Incident] {
    var all: [Incident] = []
    driveWithTruth(&world, seconds: seconds) { _, _, incidents in all += incidents }
    return all
}

extension TrafficWorld {
    /// One whole step through the tick's phases, with each driver's perception given by
    /// `perceive(index, vehicle, true leader)`: the test's stand-in for the simulation, which
    /// builds the perceptions from sensors and V2V.
    mutating func step(
        dt: SimTime, now: SimTime, perceive: (Int, VehicleState, GroundTruthLeader?) -> Perception
    ) -> [Incident] {
        self.beginStep(dt: dt, now: now)
        let truth = self.groundTruthLeaders()
        let perceptions = self.vehicles.indices.map { perceive($0, self.vehicles[$0], truth[$0]) }
        var decisions = TrafficDecisions()
        self.decide(truth: truth, perceptions: perceptions, into: &decisions)
        return self.apply(decisions, dt: dt, now: now)
    }
}
