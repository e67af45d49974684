import SimKernel

/// IEEE 802.11p (OFDM, 10 MHz channel) frame duration.
///
/// duration = preamble + signal (40 µs together) + N_sym · 8 µs, with
/// N_sym = ⌈(16 service bits + 8·L + 6 tail bits) / N_DBPS⌉ and N_DBPS = data rate · 8 µs
/// (IEEE 802.11-2016 §17.4.3; 48 bits per symbol at 6 Mb/s).
public enum Airtime {
    /// Preamble plus SIGNAL field on a 10 MHz channel.
    public static let preamble = SimTime.microseconds(40)
    /// OFDM symbol on a 10 MHz channel.
    public static let symbol = SimTime.microseconds(8)
    /// MAC header (24), LLC/SNAP (8) and FCS (4) bytes around every payload.
    public static let macOverheadBytes = 36

    /// Time on air of a frame carrying `payloadBytes` at `dataRate` bit/s.
    public static func duration(payloadBytes: Int, dataRate: Double) -> SimTime {
        let bitsPerSymbol = Int((dataRate * 8e-6).rounded())
        precondition(bitsPerSymbol > 0, "data rate too low")
        let bits = 16 + 8 * (payloadBytes + Self.macOverheadBytes) + 6
        let symbols = (bits + bitsPerSymbol - 1) / bitsPerSymbol
        return Self.preamble + Self.symbol * Int64(symbols)
    }

    /// Speed of light [m/s].
    public static let speedOfLight = 299_792_458.0

    /// Propagation delay over `distance` metres.
    public static func propagation(distance: Double) -> SimTime { SimTime(seconds: distance / Self.speedOfLight) }
}
