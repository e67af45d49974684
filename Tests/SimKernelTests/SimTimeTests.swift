import SimKernel
import Testing

@Suite("SimTime")
struct SimTimeTests {
    struct FormatCase: Sendable, CustomTestStringConvertible {
        let nanoseconds: Int64
        let decimals: Int
        let text: String
        var testDescription: String { "\(self.nanoseconds) ns, \(self.decimals) decimals" }
    }

    static let formatCases: [FormatCase] = [
        FormatCase(nanoseconds: 0, decimals: 0, text: "0"),
        FormatCase(nanoseconds: 0, decimals: 6, text: "0.000000"),
        FormatCase(nanoseconds: 0, decimals: 9, text: "0.000000000"),
        FormatCase(nanoseconds: 1_500_000_000, decimals: 3, text: "1.500"),
        FormatCase(nanoseconds: 1_234_567_891, decimals: 9, text: "1.234567891"),
        FormatCase(nanoseconds: 1_234_567_891, decimals: 6, text: "1.234568"),
        FormatCase(nanoseconds: 1_234_567_891, decimals: 3, text: "1.235"),
        FormatCase(nanoseconds: 1_234_567_891, decimals: 1, text: "1.2"),
        FormatCase(nanoseconds: 1_234_567_891, decimals: 0, text: "1"),
        FormatCase(nanoseconds: 5, decimals: 9, text: "0.000000005"),
        FormatCase(nanoseconds: 5, decimals: 6, text: "0.000000"),
        FormatCase(nanoseconds: 500, decimals: 6, text: "0.000001"),  // half rounds up
        FormatCase(nanoseconds: 499, decimals: 6, text: "0.000000"),
        FormatCase(nanoseconds: 42_000, decimals: 6, text: "0.000042"),  // leading zeros of the fraction
        FormatCase(nanoseconds: 1_500_000_000, decimals: 0, text: "2"),
        FormatCase(nanoseconds: 2_499_999_999, decimals: 0, text: "2"),
        FormatCase(nanoseconds: 999_999_999, decimals: 3, text: "1.000"),  // the carry reaches the seconds
        FormatCase(nanoseconds: 9_999_999_999, decimals: 0, text: "10"),
        FormatCase(nanoseconds: 3_600_000_000_000, decimals: 2, text: "3600.00"),
        // Negative times round half away from zero, symmetrically with positive ones.
        FormatCase(nanoseconds: -1_500_000_000, decimals: 0, text: "-2"),
        FormatCase(nanoseconds: -1_234_567_891, decimals: 6, text: "-1.234568"),
        FormatCase(nanoseconds: -1_234_500_000, decimals: 3, text: "-1.235"),
        FormatCase(nanoseconds: -1_234_499_999, decimals: 3, text: "-1.234"),
        FormatCase(nanoseconds: -5, decimals: 9, text: "-0.000000005"),
        FormatCase(nanoseconds: -500, decimals: 6, text: "-0.000001"),
        // A negative time too small to show prints as zero, never as "-0.000000".
        FormatCase(nanoseconds: -400, decimals: 6, text: "0.000000"),
        FormatCase(nanoseconds: -1, decimals: 0, text: "0"),
        // The extremes (`.never` is Int64.max) format without overflowing.
        FormatCase(nanoseconds: .max, decimals: 9, text: "9223372036.854775807"),
        FormatCase(nanoseconds: .max, decimals: 6, text: "9223372036.854776"),
        FormatCase(nanoseconds: .max, decimals: 0, text: "9223372037"),
        FormatCase(nanoseconds: .min, decimals: 9, text: "-9223372036.854775808"),
        FormatCase(nanoseconds: .min, decimals: 6, text: "-9223372036.854776"),
    ]

    @Test("format gives fixed decimals with integer rounding", arguments: formatCases)
    func format(_ testCase: FormatCase) {
        let time = SimTime(nanoseconds: testCase.nanoseconds)
        #expect(SimTime.format(time, decimals: testCase.decimals) == testCase.text)
    }

    @Test("format always prints exactly the requested number of decimals")
    func formatShape() {
        for decimals in 0...9 {
            for ns: Int64 in [0, 1, 7, 999, 1_000_000, 123_456_789_012, -987_654_321] {
                let text = SimTime.format(SimTime(nanoseconds: ns), decimals: decimals)
                let parts = text.split(separator: ".", omittingEmptySubsequences: false)
                if decimals == 0 {
                    #expect(parts.count == 1, "\(ns) ns: \(text)")
                } else {
                    #expect(parts.count == 2 && parts[1].count == decimals, "\(ns) ns, \(decimals): \(text)")
                }
            }
        }
    }

    @Test("description is seconds with six decimals")
    func description() {
        #expect(SimTime.milliseconds(1_500).description == "1.500000")
        #expect(SimTime.zero.description == "0.000000")
        #expect(SimTime.microseconds(-3).description == "-0.000003")
        #expect(SimTime.never.description == "9223372036.854776")
        #expect("\(SimTime.seconds(2))" == "2.000000")
    }

    @Test("Constructors and unit conversions agree")
    func units() {
        #expect(SimTime.microseconds(7).nanoseconds == 7_000)
        #expect(SimTime.milliseconds(7).nanoseconds == 7_000_000)
        #expect(SimTime.seconds(7).nanoseconds == 7_000_000_000)
        #expect(SimTime.seconds(-2) == SimTime(nanoseconds: -2_000_000_000))
        #expect(SimTime.milliseconds(2_500).seconds == 2.5)
        #expect(SimTime.microseconds(2_500).milliseconds == 2.5)
        #expect(SimTime.zero.nanoseconds == 0)
        #expect(SimTime.never.nanoseconds == .max)
    }

    @Test("Arithmetic and ordering")
    func arithmetic() {
        let a = SimTime.seconds(2)
        let b = SimTime.milliseconds(500)
        #expect(a + b == SimTime(nanoseconds: 2_500_000_000))
        #expect(a - b == SimTime(nanoseconds: 1_500_000_000))
        #expect(b - a == SimTime(nanoseconds: -1_500_000_000))
        #expect(b * 4 == a)
        #expect(b * 0 == .zero)
        var t = SimTime.zero
        for _ in 0..<10 { t += .milliseconds(100) }
        #expect(t == .seconds(1))  // exact, unlike ten additions of 0.1 in floating point
        #expect(b < a && !(a < b) && a > b)
        #expect(SimTime.zero < .microseconds(1))
        #expect(SimTime(nanoseconds: -1) < .zero)
        #expect(a < .never)
        #expect([a, .zero, b, .never].sorted() == [.zero, b, a, .never])
        #expect(Set([a, SimTime.seconds(2), b]).count == 2)
    }

    @Test("init(seconds:) rounds to the nearest nanosecond")
    func initSeconds() {
        #expect(SimTime(seconds: 0).nanoseconds == 0)
        #expect(SimTime(seconds: 0.1).nanoseconds == 100_000_000)
        #expect(SimTime(seconds: 1.5).nanoseconds == 1_500_000_000)
        #expect(SimTime(seconds: -0.25).nanoseconds == -250_000_000)
        #expect(SimTime(seconds: 2.5e-7).nanoseconds == 250)
        #expect(SimTime(seconds: 1.0000000004).nanoseconds == 1_000_000_000)
        #expect(SimTime(seconds: 1.0000000006).nanoseconds == 1_000_000_001)
        #expect(SimTime(seconds: -1.0000000006).nanoseconds == -1_000_000_001)
        #expect(SimTime(seconds: 86_400).nanoseconds == 86_400_000_000_000)
    }

    @Test("Seconds and back is exact for times up to about eleven days")
    func secondsRoundTrip() {
        var ns: Int64 = 1
        while ns < 1_000_000_000_000_000 {
            for value in [ns, ns + 1, ns * 3 + 7, -ns] {
                #expect(SimTime(seconds: SimTime(nanoseconds: value).seconds).nanoseconds == value, "\(value) ns")
            }
            ns *= 7
        }
    }
}
