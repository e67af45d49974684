import Radio
import SimKernel
import Testing

@Suite("802.11p airtime")
struct AirtimeTests {
    /// Independent statement of IEEE 802.11-2016 §17.4.3 for a 10 MHz channel.
    func reference(_ bytes: Int, _ mbps: Double) -> Int64 {
        let dbps = mbps * 8  // bits per 8 µs symbol
        let symbols = (Double(16 + 8 * (bytes + 36) + 6) / dbps).rounded(.up)
        return Int64(40 + 8 * symbols) * 1_000
    }

    @Test("airtime matches the OFDM formula", arguments: [0, 1, 24, 111, 300, 329, 1000, 1500])
    func formula(bytes: Int) {
        for rate in [3.0, 6.0, 12.0, 27.0] {
            #expect(Airtime.duration(payloadBytes: bytes, dataRate: rate * 1e6).nanoseconds == self.reference(bytes, rate))
        }
    }

    @Test("a 300-byte frame at 6 Mb/s takes 496 µs")
    func knownValue() {
        // 16 + 8·336 + 6 = 2710 bits → 57 symbols of 48 bits → 40 + 57·8 = 496 µs.
        #expect(Airtime.duration(payloadBytes: 300, dataRate: 6e6) == .microseconds(496))
    }
}
