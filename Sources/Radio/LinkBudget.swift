import SimKernel

/// What the physical layer made of one frame at one receiver.
public enum RadioOutcome: String, Hashable, Sendable, CaseIterable, Codable {
    /// Decoded.
    case received
    /// The faded signal was weaker than the receiver sensitivity.
    case belowSensitivity = "below_sensitivity"
    /// Strong enough, but overlapping frames left the SINR below the threshold.
    case collision
    /// The receiver was itself transmitting during the frame (half duplex).
    case halfDuplex = "half_duplex"
}

/// Link budget of a physical channel: mean received power from the path loss, a fading draw per
/// reception, and the thresholds that decide reception, carrier sense and busy time.
public struct LinkBudget: Sendable, Codable {
    public let config: RadioConfig
    public let pathLoss: PathLoss
    /// Noise floor [mW].
    public let noise: Double
    /// Linear SINR threshold.
    public let sinrThreshold: Double
    /// Sensitivity [mW].
    public let sensitivity: Double
    /// Transmit power [mW].
    public let txMilliwatts: Double
    /// An interferer counts only while its mean power at the receiver is at least this far below
    /// the noise floor [dB]: 20 dB, i.e. each neglected interferer adds less than 1 % of the noise
    /// (bounds in docs/radio.md).
    public static let interferenceFloorBelowNoise = 20.0
    /// Mean power [mW] below which an interferer is not summed (noise − 20 dB).
    public let interferenceFloor: Double

    public init(_ config: RadioConfig) {
        self.config = config
        self.pathLoss = PathLoss(config)
        self.noise = Power.milliwatts(dBm: config.noiseFloor)
        self.sinrThreshold = Power.milliwatts(dBm: config.sinrThreshold)
        self.sensitivity = Power.milliwatts(dBm: config.sensitivity)
        self.txMilliwatts = Power.milliwatts(dBm: config.txPower)
        self.interferenceFloor = Power.milliwatts(dBm: config.noiseFloor - Self.interferenceFloorBelowNoise)
    }

    /// Mean received power [dBm] at `distance`.
    public func meanPower(distance: Double) -> Double { self.config.txPower - self.pathLoss.loss(distance: distance) }

    /// Mean received power [mW] at `distance`.
    public func meanMilliwatts(distance: Double) -> Double {
        self.txMilliwatts * self.pathLoss.gain(distanceSquared: distance * distance)
    }

    /// Mean received power [mW] at the distance whose square is `distanceSquared`: no logarithm
    /// and, for the two-ray and free-space cases, no power function (the hot path of interference).
    @inline(__always)
    public func meanMilliwatts(distanceSquared: Double) -> Double {
        self.txMilliwatts * self.pathLoss.gain(distanceSquared: distanceSquared)
    }

    /// Farthest distance [m] at which a frame might be decoded: mean power · `NakagamiFading.cutoff`
    /// = sensitivity. Exact for the truncated fading model: nobody beyond can decode.
    public var candidateRange: Double {
        let margin = self.config.fading == .nakagami ? Power.dBm(milliwatts: NakagamiFading.cutoff) : 0
        return self.pathLoss.distance(atLoss: self.config.txPower - self.config.sensitivity + margin)
    }

    /// Distance [m] up to which a frame's mean power exceeds the carrier-sense threshold.
    public var senseRange: Double {
        self.pathLoss.distance(atLoss: self.config.txPower - self.config.carrierSense)
    }

    /// Distance [m] at which the mean power equals the sensitivity (the nominal range without fading).
    public var nominalRange: Double {
        self.pathLoss.distance(atLoss: self.config.txPower - self.config.sensitivity)
    }

    /// Distance [m] beyond which an interferer's mean power is below `interferenceFloor`.
    public var interferenceRange: Double {
        self.pathLoss.distance(
            atLoss: self.config.txPower - (self.config.noiseFloor - Self.interferenceFloorBelowNoise))
    }

    /// Nakagami shape m at `distance`.
    public func nakagamiShape(distance: Double) -> Double {
        distance < self.config.fadingBreakpoint ? self.config.nakagamiNear : self.config.nakagamiFar
    }

    /// Signal power [mW] of one reception: the mean at `distance`, times a truncated Nakagami gain
    /// when fading is on.
    public func signal<Draws: RandomDraws>(distance: Double, using stream: inout Draws) -> Double {
        let mean = self.meanMilliwatts(distance: distance)
        guard self.config.fading == .nakagami else { return mean }
        return mean * NakagamiFading.truncatedGain(m: self.nakagamiShape(distance: distance), using: &stream)
    }

    /// Decides one reception from the signal and the summed interference [mW].
    public func outcome(signal: Double, interference: Double) -> RadioOutcome {
        if signal < self.sensitivity { return .belowSensitivity }
        if signal < self.sinrThreshold * (self.noise + interference) { return .collision }
        return .received
    }
}
