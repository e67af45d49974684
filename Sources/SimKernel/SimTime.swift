/// A point or span of simulated time, an integer count of nanoseconds.
///
/// Simulated time is never a `Double`: integer nanoseconds make event order exact and traces
/// byte-identical across runs and machines. Convert to seconds only inside model maths and at I/O.
public struct SimTime: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    /// Nanoseconds since the start of the run (or the length of a span).
    public var nanoseconds: Int64

    /// Creates a time from a count of nanoseconds.
    public init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }

    /// The start of every run.
    public static let zero = SimTime(nanoseconds: 0)

    /// The largest representable time; used as "never".
    public static let never = SimTime(nanoseconds: .max)

    /// A time of `n` microseconds.
    public static func microseconds(_ n: Int64) -> SimTime { SimTime(nanoseconds: n * 1_000) }

    /// A time of `n` milliseconds.
    public static func milliseconds(_ n: Int64) -> SimTime { SimTime(nanoseconds: n * 1_000_000) }

    /// A time of `n` whole seconds.
    public static func seconds(_ n: Int64) -> SimTime { SimTime(nanoseconds: n * 1_000_000_000) }

    /// The time nearest to `seconds` seconds, rounded to the nanosecond.
    ///
    /// Use only where a model produces a real-valued duration (airtime, propagation delay).
    public init(seconds: Double) {
        precondition(seconds.isFinite, "SimTime(seconds:) needs a finite value")
        self.nanoseconds = Int64((seconds * 1e9).rounded())
    }

    /// This time in seconds, for model maths and output.
    public var seconds: Double { Double(self.nanoseconds) / 1e9 }

    /// This time in milliseconds, for output.
    public var milliseconds: Double { Double(self.nanoseconds) / 1e6 }

    public static func < (lhs: SimTime, rhs: SimTime) -> Bool { lhs.nanoseconds < rhs.nanoseconds }
    public static func + (lhs: SimTime, rhs: SimTime) -> SimTime {
        SimTime(nanoseconds: lhs.nanoseconds + rhs.nanoseconds)
    }
    public static func - (lhs: SimTime, rhs: SimTime) -> SimTime {
        SimTime(nanoseconds: lhs.nanoseconds - rhs.nanoseconds)
    }
    public static func += (lhs: inout SimTime, rhs: SimTime) { lhs.nanoseconds += rhs.nanoseconds }
    public static func * (lhs: SimTime, rhs: Int64) -> SimTime { SimTime(nanoseconds: lhs.nanoseconds * rhs) }

    /// Seconds with six decimals (microsecond resolution), the fixed format traces use.
    public var description: String { SimTime.format(self, decimals: 6) }

    /// Formats `time` in seconds with exactly `decimals` digits after the point, using integer
    /// arithmetic so that the text never depends on floating-point printing.
    ///
    /// Rounds half away from zero. A negative time that rounds to zero prints without a sign, and
    /// every `Int64` value formats without overflow (`SimTime.never` included).
    public static func format(_ time: SimTime, decimals: Int) -> String {
        precondition((0...9).contains(decimals))
        // The magnitude as UInt64, so that Int64.min has one and rounding up cannot overflow.
        let magnitude = time.nanoseconds.magnitude
        var scale: UInt64 = 1
        for _ in 0..<(9 - decimals) { scale *= 10 }
        let (quotient, remainder) = magnitude.quotientAndRemainder(dividingBy: scale)
        let rounded = scale > 1 && remainder >= scale / 2 ? quotient + 1 : quotient  // units of 10^-decimals s
        var unit: UInt64 = 1
        for _ in 0..<decimals { unit *= 10 }
        let (whole, frac) = rounded.quotientAndRemainder(dividingBy: unit)
        var text = (time.nanoseconds < 0 && rounded != 0 ? "-" : "") + String(whole)
        if decimals > 0 {
            let digits = String(frac)
            text += "." + String(repeating: "0", count: decimals - digits.count) + digits
        }
        return text
    }
}
