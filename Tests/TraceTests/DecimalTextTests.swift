import SimKernel
import Testing

@testable import Trace

@Suite("Fixed-decimal text")
struct DecimalTextTests {
    @Test(
        "doubles round half away from zero on their decimal text, never print -0",
        arguments: [
            (0.0, 3, "0.000"), (-0.0, 3, "0.000"), (-0.0004, 3, "0.000"), (-0.0005, 3, "-0.001"),
            (2.0005, 3, "2.001"), (-2.0005, 3, "-2.001"), (1.2344, 3, "1.234"), (9.9995, 3, "10.000"),
            (999.999, 2, "1000.00"), (0.125, 2, "0.13"), (-0.125, 2, "-0.13"), (1e-05, 3, "0.000"),
            (1.5e-3, 3, "0.002"), (1e16, 3, "10000000000000000.000"), (123456.789, 0, "123457"),
            (-0.4, 0, "0"), (-0.5, 0, "-1"), (.leastNonzeroMagnitude, 3, "0.000"), (.nan, 3, "nan"),
            (.infinity, 3, "inf"), (-.infinity, 3, "-inf"), (12.5, 3, "12.500"),
        ])
    func doubles(value: Double, decimals: Int, expected: String) {
        #expect(DecimalText.fixed(value, decimals: decimals) == expected)
    }

    @Test(
        "milliseconds from integer nanoseconds",
        arguments: [
            (0, "0.000"), (2_345_500, "2.346"), (2_345_499, "2.345"), (-2_345_500, "-2.346"), (-400, "0.000"),
            (1_000_000_000, "1000.000"), (Int64.max, "9223372036854.776"), (Int64.min, "-9223372036854.776"),
        ] as [(Int64, String)])
    func milliseconds(nanoseconds: Int64, expected: String) {
        #expect(DecimalText.milliseconds(SimTime(nanoseconds: nanoseconds), decimals: 3) == expected)
    }

    @Test(
        "seconds from integer nanoseconds match SimTime.format and survive SimTime.never",
        arguments: [0, 1, 499, 500, 1_500_000_000, 1_000_123_500, -1_000_123_500, 86_400_000_000_000] as [Int64])
    func secondsMatchSimTimeFormat(nanoseconds: Int64) {
        let time = SimTime(nanoseconds: nanoseconds)
        #expect(DecimalText.seconds(time, decimals: 6) == SimTime.format(time, decimals: 6))
        #expect(DecimalText.seconds(time, decimals: 3) == SimTime.format(time, decimals: 3))
    }

    @Test("seconds at the extremes")
    func secondsExtremes() {
        #expect(DecimalText.seconds(.never, decimals: 6) == "9223372036.854776")
        #expect(DecimalText.seconds(SimTime(nanoseconds: .min), decimals: 6) == "-9223372036.854776")
        #expect(DecimalText.seconds(SimTime(nanoseconds: -400), decimals: 6) == "0.000000")
        #expect(DecimalText.seconds(SimTime(nanoseconds: 123), decimals: 9) == "0.000000123")
    }

    @Test("hex is lowercase, two digits a byte")
    func hex() {
        #expect(Hex.encode([]) == "")
        #expect(Hex.encode([0x00, 0x0a, 0xff, 0x10]) == "000aff10")
    }
}
