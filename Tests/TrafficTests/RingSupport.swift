import SimKernel
@testable import Traffic

/// Small helpers for ring-road experiments: a world on a single-lane ring and measurements on it.
enum Ring {
    /// A single-lane ring of `length` metres with `count` identical vehicles, evenly spaced.
    static func world(length: Double, count: Int, idm: IDMParameters, sigma: Double, seed: UInt64) -> TrafficWorld {
        var road = RoadConfig()
        road.kind = .ring
        road.lanes = 1
        road.length = length
        road.speedLimit = 100
        var group = TrafficGroup()
        group.spawn = .count(count)
        group.idm = idm
        group.sigma = sigma
        group.initialSpeedFraction = 1
        group.sensorRange = 1_000
        return TrafficWorld(road: road, groups: [group], incidents: IncidentConfig(), seed: seed)
    }

    /// Steps `world` for `seconds` at 0.1 s with radar-only perception; calls `sample` after each step.
    static func run(
        _ world: inout TrafficWorld, seconds: Double, from start: SimTime = .zero,
        sample: (SimTime, TrafficWorld, [Incident]) -> Void = { _, _, _ in }
    ) -> SimTime {
        driveWithTruth(&world, seconds: seconds, from: start, sample: sample)
    }

    /// Least-squares slope of `ys` over `xs`.
    static func slope(_ xs: [Double], _ ys: [Double]) -> Double {
        let n = Double(xs.count)
        let mx = xs.reduce(0, +) / n
        let my = ys.reduce(0, +) / n
        var sxy = 0.0
        var sxx = 0.0
        for (x, y) in zip(xs, ys) {
            sxy += (x - mx) * (y - my)
            sxx += (x - mx) * (x - mx)
        }
        return sxy / sxx
    }

    /// Tracks the jam as the position of the slowest vehicle, unwrapped around the ring, and returns
    /// its mean velocity [m/s] (negative: travels against the traffic) over the samples.
    struct JamTracker {
        let length: Double
        var times: [Double] = []
        var positions: [Double] = []
        private var last: Double?
        private var turns = 0.0

        init(length: Double) { self.length = length }

        mutating func sample(time: SimTime, world: TrafficWorld) {
            guard let slowest = world.vehicles.min(by: { ($0.speed, $0.id) < ($1.speed, $1.id) }) else { return }
            let p = slowest.position
            if let last {
                let d = p - last
                if d > self.length / 2 { self.turns -= 1 } else if d < -self.length / 2 { self.turns += 1 }
            }
            self.last = p
            self.times.append(time.seconds)
            self.positions.append(p + self.turns * self.length)
        }

        var velocity: Double { Ring.slope(self.times, self.positions) }
    }
}
