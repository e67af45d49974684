/// The kinds of physical quantity a scenario value can have, each with its accepted unit symbols.
///
/// A plain number (no unit) means the kind's base unit: seconds, metres, m/s, Hz, vehicles per
/// hour, bit/s, bytes, m/s².
enum UnitKind: String, Hashable, Sendable, CaseIterable {
    case time
    case length
    case speed
    case frequency
    case flow
    case dataRate
    case dataSize
    case acceleration
    /// Absolute power, in dBm.
    case power
    /// A power ratio, in dB.
    case ratio

    /// The kind with an article, for messages: "a time", "an acceleration".
    var phrase: String {
        switch self {
        case .time: "a time"
        case .length: "a length"
        case .speed: "a speed"
        case .frequency: "a frequency"
        case .flow: "a flow rate"
        case .dataRate: "a data rate"
        case .dataSize: "a data size"
        case .acceleration: "an acceleration"
        case .power: "a power"
        case .ratio: "a ratio"
        }
    }

    /// A typical value, for messages: "100ms", "120km/h".
    var example: String {
        switch self {
        case .time: "100ms"
        case .length: "300m"
        case .speed: "120km/h"
        case .frequency: "10Hz"
        case .flow: "1800/h"
        case .dataRate: "6Mbps"
        case .dataSize: "300B"
        case .acceleration: "4m/s2"
        case .power: "20dBm"
        case .ratio: "8dB"
        }
    }

    /// The units of this kind, the base unit first.
    var units: [UnitSymbol] {
        switch self {
        case .time:
            [
                UnitSymbol("s", exact: 1_000_000_000),
                UnitSymbol("ns", exact: 1),
                UnitSymbol("us", exact: 1_000),
                UnitSymbol("µs", exact: 1_000),  // U+00B5 MICRO SIGN
                UnitSymbol("μs", exact: 1_000),  // U+03BC GREEK SMALL LETTER MU
                UnitSymbol("ms", exact: 1_000_000),
                UnitSymbol("min", exact: 60_000_000_000),
                UnitSymbol("h", exact: 3_600_000_000_000),
            ]
        case .length:
            [
                UnitSymbol("m"), UnitSymbol("mm", divisor: 1_000), UnitSymbol("cm", divisor: 100),
                UnitSymbol("km", 1_000),
            ]
        case .speed:
            [UnitSymbol("m/s"), UnitSymbol("km/h", divisor: 3.6), UnitSymbol("mph", 0.447_04)]
        case .frequency:
            [UnitSymbol("Hz"), UnitSymbol("kHz", 1_000), UnitSymbol("MHz", 1_000_000), UnitSymbol("GHz", 1_000_000_000)]
        case .flow:
            [
                UnitSymbol("/h"), UnitSymbol("/min", 60), UnitSymbol("/s", 3_600),
                UnitSymbol("veh/h"), UnitSymbol("veh/min", 60), UnitSymbol("veh/s", 3_600),
            ]
        case .dataRate:
            [
                UnitSymbol("bps"), UnitSymbol("kbps", 1_000), UnitSymbol("Mbps", 1_000_000),
                UnitSymbol("Gbps", 1_000_000_000),
            ]
        case .dataSize:
            [
                UnitSymbol("B", exact: 1), UnitSymbol("kB", exact: 1_000), UnitSymbol("KiB", exact: 1_024),
                UnitSymbol("MB", exact: 1_000_000), UnitSymbol("MiB", exact: 1_048_576),
            ]
        case .acceleration:
            [UnitSymbol("m/s2"), UnitSymbol("m/s^2"), UnitSymbol("m/s²")]
        case .power:
            [UnitSymbol("dBm")]
        case .ratio:
            [UnitSymbol("dB")]
        }
    }

    /// The unit symbols for messages, without duplicate spellings: "ns, us, µs, ms, s, min, h".
    var symbolList: String {
        let order: [String] =
            switch self {
            case .time: ["ns", "us", "µs", "ms", "s", "min", "h"]
            default: self.units.map(\.symbol)
            }
        return order.joined(separator: ", ")
    }

    /// The kind that `symbol` belongs to, if any.
    static func kind(of symbol: String) -> UnitKind? {
        UnitKind.allCases.first { kind in kind.units.contains { $0.symbol == symbol } }
    }
}

/// One unit symbol and its factor to the base unit of its kind.
struct UnitSymbol: Hashable, Sendable {
    /// The symbol as written after the number, e.g. "km/h".
    var symbol: String
    /// Value in base units = number × factor ÷ divisor. Two numbers so that "km/h" can be ÷ 3.6,
    /// the same rounding as the config defaults (`120.0 / 3.6`).
    var factor: Double
    var divisor: Double
    /// The factor as an integer, for kinds converted exactly: times to nanoseconds (so a time's
    /// `factor` is in ns too) and data sizes to bytes.
    var exactFactor: Int64?

    init(_ symbol: String, _ factor: Double = 1, divisor: Double = 1) {
        self.symbol = symbol
        self.factor = factor
        self.divisor = divisor
        self.exactFactor = nil
    }

    init(_ symbol: String, exact: Int64) {
        self.symbol = symbol
        self.factor = Double(exact)
        self.divisor = 1
        self.exactFactor = exact
    }
}
