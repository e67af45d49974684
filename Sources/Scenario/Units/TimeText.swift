import SimKernel

/// Writes a `SimTime` as scenario text in the largest unit that keeps it exact: "1s", "100ms",
/// "2min", "250ns".
enum TimeText {
    /// `time` as text that reads back to exactly the same `SimTime`.
    static func format(_ time: SimTime) -> String {
        let units: [(symbol: String, nanoseconds: Int64)] = [
            ("h", 3_600_000_000_000), ("min", 60_000_000_000), ("s", 1_000_000_000),
            ("ms", 1_000_000), ("us", 1_000),
        ]
        let ns = time.nanoseconds
        guard ns != 0 else { return "0s" }
        for unit in units where ns % unit.nanoseconds == 0 {
            return "\(ns / unit.nanoseconds)\(unit.symbol)"
        }
        return "\(ns)ns"
    }
}
