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
