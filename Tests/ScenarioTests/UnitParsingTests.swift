import SimKernel
import Testing

@testable import Scenario

@Suite("Numbers with units")
struct UnitParsingTests {
    /// Parses `text` as a time and returns its nanoseconds, via the same decoder the loader uses.
    private func nanoseconds(_ text: String) -> Int64? {
        var context = DecodeContext()
        let node = SourceNode(content: .scalar(SourceScalar(text: text, isPlain: true)), origin: .file)
        let time = context.time(SourceField(node: node, path: .root.key("t")), Limits(lower: nil, upper: nil))
        return time?.nanoseconds
    }

    private func value(_ text: String, _ kind: UnitKind) -> Double? {
        guard case .success(let quantity) = Quantity.parse(text, as: kind) else { return nil }
        return quantity.value
    }

    @Test(
        "times convert to exact nanoseconds",
        arguments: [
            ("100ms", 100_000_000), ("0.1s", 100_000_000), ("1.5us", 1_500), ("250ns", 250),
            ("2min", 120_000_000_000), ("1h", 3_600_000_000_000), ("60", 60_000_000_000),
            ("100µs", 100_000), ("100μs", 100_000), ("0.000000001s", 1), ("1e-3s", 1_000_000),
            ("2.5e2ms", 250_000_000), ("1_000ms", 1_000_000_000), ("10 s", 10_000_000_000),
            ("-3s", -3_000_000_000), ("0.3s", 300_000_000), (".5s", 500_000_000),
        ] as [(String, Int64)])
    func exactTime(text: String, expected: Int64) {
        #expect(self.nanoseconds(text) == expected, "\(text)")
    }

    @Test("a time finer than a nanosecond or beyond Int64 is rejected")
    func inexactTime() {
        #expect(self.nanoseconds("0.5ns") == nil)
        #expect(self.nanoseconds("1.0000000001s") == nil)
        #expect(self.nanoseconds("300y") == nil)
        #expect(self.nanoseconds("10000000000000h") == nil)
    }

    @Test(
        "other kinds convert to their base unit",
        arguments: [
            ("5km", UnitKind.length, 5_000), ("3.5m", .length, 3.5), ("250cm", .length, 2.5), ("12mm", .length, 0.012),
            ("7", .length, 7),
            ("120km/h", .speed, 120 / 3.6), ("10m/s", .speed, 10), ("60mph", .speed, 60 * 0.447_04),
            ("10Hz", .frequency, 10), ("1.5kHz", .frequency, 1_500),
            ("1800/h", .flow, 1_800), ("30/min", .flow, 1_800), ("0.5/s", .flow, 1_800), ("900 veh/h", .flow, 900),
            ("1800", .flow, 1_800),
            ("6Mbps", .dataRate, 6_000_000), ("250kbps", .dataRate, 250_000), ("9600bps", .dataRate, 9_600),
            ("300B", .dataSize, 300), ("2kB", .dataSize, 2_000), ("1KiB", .dataSize, 1_024),
            ("4m/s2", .acceleration, 4), ("1.5m/s^2", .acceleration, 1.5), ("2m/s²", .acceleration, 2),
        ] as [(String, UnitKind, Double)])
    func baseUnits(text: String, kind: UnitKind, expected: Double) {
        #expect(self.value(text, kind) == expected, "\(text)")
    }

    @Test("120km/h is exactly the IDM default desired speed")
    func speedMatchesDefault() {
        #expect(self.value("120km/h", .speed) == 120.0 / 3.6)
    }

    @Test("a unit of another kind names that kind")
    func wrongKind() {
        #expect(Quantity.parse("3km", as: .time) == .failure(.wrongKind(unit: "km", kind: .length)))
        #expect(Quantity.parse("10Hz", as: .speed) == .failure(.wrongKind(unit: "Hz", kind: .frequency)))
    }

    @Test("an unknown unit suggests a close one")
    func unknownUnit() {
        #expect(Quantity.parse("3KM", as: .length) == .failure(.unknownUnit("KM", suggestion: "km")))
        #expect(Quantity.parse("3 parsecs", as: .length) == .failure(.unknownUnit("parsecs", suggestion: nil)))
        #expect(Quantity.parse("abc", as: .length) == .failure(.notANumber))
        #expect(Quantity.parse("", as: .length) == .failure(.notANumber))
    }

    @Test("times format back to text that reads the same")
    func timeText() {
        #expect(TimeText.format(.milliseconds(100)) == "100ms")
        #expect(TimeText.format(.seconds(60)) == "1min")
        #expect(TimeText.format(.seconds(90)) == "90s")
        #expect(TimeText.format(SimTime(nanoseconds: 1_500)) == "1500ns")
        #expect(TimeText.format(.zero) == "0s")
        for ns: Int64 in [1, 999, 1_000, 123_456_789, 3_600_000_000_000, 7_200_000_000_001] {
            #expect(self.nanoseconds(TimeText.format(SimTime(nanoseconds: ns))) == ns)
        }
    }

    @Test("did-you-mean uses edit distance with swaps")
    func suggestions() {
        #expect(Suggestion.closest(to: "traffc", among: ["name", "traffic"]) == "traffic")
        #expect(Suggestion.closest(to: "trafifc", among: ["traffic"]) == "traffic")
        #expect(Suggestion.closest(to: "bogus", among: ["none", "signature", "full"]) == nil)
        #expect(Suggestion.closest(to: "traffic", among: ["traffic"]) == nil)
    }
}
