import SimKernel

/// What the physical layer made of one frame at one receiver.
public enum RadioOutcome: String, Hashable, Sendable, CaseIterable {
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
public struct LinkBudget: Sendable {
    public let config: RadioConfig
    public let pathLoss: PathLoss
    /// Noise floor [mW].
    public let noise: Double
    /// Linear SINR threshold.
    public let sinrThreshold: Double
    /// Sensitivity [mW].
    public let sensitivity: Double
    /// Fading margin [dB] used for the candidate cutoff: a Nakagami draw exceeds its mean by 10 dB
    /// with probability below 3·10⁻⁴ for m ≥ 0.75, so receivers farther away are not considered.
    public static let fadingMargin = 10.0

    public init(_ config: RadioConfig) {
        self.config = config
        self.pathLoss = PathLoss(config)
        self.noise = Power.milliwatts(dBm: config.noiseFloor)
        self.sinrThreshold = Power.milliwatts(dBm: config.sinrThreshold)
        self.sensitivity = Power.milliwatts(dBm: config.sensitivity)
    }

    /// Mean received power [dBm] at `distance`.
    public func meanPower(distance: Double) -> Double { self.config.txPower - self.pathLoss.loss(distance: distance) }

    /// Mean received power [mW] at `distance` (used for interference and carrier sense).
    public func meanMilliwatts(distance: Double) -> Double { Power.milliwatts(dBm: self.meanPower(distance: distance)) }

    /// Farthest distance [m] at which a frame might be decoded (mean power = sensitivity − margin).
    public var candidateRange: Double {
        let margin = self.config.fading == .nakagami ? Self.fadingMargin : 0
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

    /// Signal power [mW] of one reception: the mean at `distance`, times a Nakagami gain when fading is on.
    public func signal(distance: Double, using stream: inout RandomStream) -> Double {
        let mean = self.meanMilliwatts(distance: distance)
        guard self.config.fading == .nakagami else { return mean }
        let m = distance < self.config.fadingBreakpoint ? self.config.nakagamiNear : self.config.nakagamiFar
        return mean * NakagamiFading.gain(m: m, using: &stream)
    }

    /// Decides one reception from the signal and the summed interference [mW].
    public func outcome(signal: Double, interference: Double) -> RadioOutcome {
        if signal < self.sensitivity { return .belowSensitivity }
        if signal < self.sinrThreshold * (self.noise + interference) { return .collision }
        return .received
    }
}
