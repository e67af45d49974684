/// Wall-clock timing for the benchmark (never used by simulation code, which runs on `SimTime`).
enum BenchClock {
    /// Runs `body` and returns its result with the wall time it took [s].
    static func measure<T>(_ body: () throws -> T) rethrows -> (result: T, seconds: Double) {
        let clock = ContinuousClock()
        let start = clock.now
        let result = try body()
        let elapsed = clock.now - start
        return (result, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }
}
