import SimKernel
import Testing
@testable import Traffic

@Suite("Range sensors")
struct RangeSensorTests {
    let highway = Highway(config: RoadConfig())
    let truth = GroundTruthLeader(id: VehicleID(1), gap: 40, speed: 20)

    @Test("without noise the sensor reports the truth within range, nothing beyond it")
    func range() {
        var sensor = RangeSensor()
        sensor.range = 50
        let seen = sensor.perceive(self.truth, vehicle: VehicleID(0), now: .zero, seed: 1, road: self.highway)
        #expect(seen == Perception(gap: 40, leaderSpeed: 20))
        sensor.range = 30
        #expect(sensor.perceive(self.truth, vehicle: VehicleID(0), now: .zero, seed: 1, road: self.highway) == nil)
    }

    @Test("on a ring a narrow field of view loses a leader the range would reach")
    func fieldOfView() {
        var road = RoadConfig()
        road.kind = .ring
        road.length = 230
        let ring = Highway(config: road)
        var sensor = RangeSensor()
        // 10 m ahead on a 36.6 m radius lies 7.8° off the axis.
        #expect(sensor.detects(distance: 10, road: ring))
        sensor.fieldOfView = 10
        #expect(!sensor.detects(distance: 10, road: ring))
        #expect(sensor.detects(distance: 5, road: ring))
        #expect(sensor.detects(distance: 100, road: self.highway), "straight road: always dead ahead")
    }

    @Test("Gaussian noise has the configured spread, is deterministic and never negative")
    func noise() {
        var sensor = RangeSensor()
        sensor.gapNoise = 2
        sensor.speedNoise = 0.5
        var gaps: [Double] = []
        var speeds: [Double] = []
        for k in 0..<4_000 {
            let now = SimTime.milliseconds(Int64(100 * k))
            let a = sensor.perceive(self.truth, vehicle: VehicleID(3), now: now, seed: 9, road: self.highway)!
            let b = sensor.perceive(self.truth, vehicle: VehicleID(3), now: now, seed: 9, road: self.highway)!
            #expect(a == b)
            gaps.append(a.gap!)
            speeds.append(a.leaderSpeed)
        }
        func stats(_ xs: [Double]) -> (mean: Double, sd: Double) {
            let m = xs.reduce(0, +) / Double(xs.count)
            return (m, (xs.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(xs.count - 1)).squareRoot())
        }
        let g = stats(gaps)
        let s = stats(speeds)
        #expect(abs(g.mean - 40) < 0.15 && abs(g.sd - 2) < 0.1, "gap \(g)")
        #expect(abs(s.mean - 20) < 0.04 && abs(s.sd - 0.5) < 0.03, "speed \(s)")
        let near = GroundTruthLeader(id: VehicleID(1), gap: 0.1, speed: 0)
        for k in 0..<200 {
            let seen = sensor.perceive(near, vehicle: VehicleID(3), now: .milliseconds(Int64(k)), seed: 9, road: self.highway)!
            #expect(seen.gap! >= 0 && seen.leaderSpeed >= 0)
        }
    }
}
