import SimKernel

/// The radio channel of a scenario (`radio`).
///
/// `unit-disk` is the idealised first cut: every station within `range` hears a frame after a fixed
/// access delay plus its airtime, nobody beyond does, frames never collide. `log-distance` and
/// `two-ray` are physical: a mean received power from the path loss, Nakagami-m fading per
/// reception, receiver sensitivity, CSMA/CA channel access with carrier sense, AIFS and backoff,
/// and collisions decided by SINR (see `PathLoss`, `NakagamiFading`, `ChannelAccess`).
public struct RadioConfig: Hashable, Sendable, Codable {
    /// Channel models.
    public enum Model: String, Hashable, Sendable, CaseIterable, Codable {
        case unitDisk = "unit-disk"
        case logDistance = "log-distance"
        case twoRay = "two-ray"
    }

    /// Small-scale fading on top of the path loss.
    public enum Fading: String, Hashable, Sendable, CaseIterable, Codable {
        case none
        case nakagami
    }

    public var model: Model = .unitDisk
    /// Communication range [m] of the unit disk; ignored by the physical models.
    public var range: Double = 300
    /// Fixed access delay of the unit disk; the physical models use CSMA/CA instead.
    public var accessDelay: SimTime = .microseconds(100)
    /// PHY data rate [bit/s]; 6 Mb/s is 802.11p's default on a 10 MHz channel.
    public var dataRate: Double = 6_000_000

    /// Transmit power [dBm] (EIRP; ETSI EN 302 571 allows up to 33 dBm, 20–23 dBm is typical).
    public var txPower: Double = 20
    /// Receiver sensitivity [dBm]: weaker frames are not decoded (Veins / VeReMi: −89 dBm).
    public var sensitivity: Double = -89
    /// Noise floor [dBm]: thermal noise in 10 MHz (−104 dBm) plus a 5 dB noise figure.
    public var noiseFloor: Double = -99
    /// Clear-channel-assessment threshold [dBm]: the medium is busy above it (also the CBR threshold).
    public var carrierSense: Double = -85
    /// Minimum SINR [dB] to decode a frame; 8 dB suits QPSK ½ at 6 Mb/s.
    public var sinrThreshold: Double = 8
    /// Carrier frequency [Hz]; 5.9 GHz is the ITS-G5 control channel.
    public var frequency: Double = 5.9e9
    /// Path-loss exponent of `log-distance` (2 is free space; highway measurements give 1.8–2.9).
    public var pathLossExponent: Double = 2.0
    /// Antenna height [m] of both ends for `two-ray`.
    public var antennaHeight: Double = 1.5
    /// Fading model of the physical channels.
    public var fading: Fading = .nakagami
    /// Nakagami shape m below `fadingBreakpoint` (Veins: 1.5).
    public var nakagamiNear: Double = 1.5
    /// Nakagami shape m at and beyond `fadingBreakpoint` (Veins: 0.75).
    public var nakagamiFar: Double = 0.75
    /// Distance [m] where the Nakagami shape switches from near to far (Veins: 80 m).
    public var fadingBreakpoint: Double = 80
    /// EDCA access category of beacons.
    public var accessCategory: AccessCategory = .bestEffort
    /// Reactive DCC (ETSI TS 102 687): stretch the beacon interval as the channel fills.
    public var reactiveDCC = false

    public init() {}

    /// True for the models with path loss, fading, CSMA/CA and collisions.
    public var isPhysical: Bool { self.model != .unitDisk }
}
