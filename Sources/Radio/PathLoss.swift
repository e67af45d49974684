/// Mean path loss of the physical channel models, in dB.
///
/// - `log-distance`: PL(d) = PL(d0) + 10·n·log10(d/d0) with d0 = 1 m and PL(d0) the free-space loss
///   20·log10(4π·d0/λ) (Rappaport, *Wireless Communications*, §4.9; 47.9 dB at 5.9 GHz).
/// - `two-ray`: the two-ray ground model as ns-2/ns-3 use it: free space up to the crossover
///   distance d_c = 4π·h_t·h_r/λ, then Pr/Pt = h_t²·h_r²/d⁴, i.e. PL = 40·log10(d) − 20·log10(h_t·h_r)
///   (556 m for 1.5 m antennas at 5.9 GHz).
///
/// Distances below 1 m are treated as 1 m, so the loss never goes negative.
public struct PathLoss: Sendable, Codable {
    public let model: RadioConfig.Model
    /// Wavelength [m].
    public let wavelength: Double
    public let exponent: Double
    public let antennaHeight: Double
    /// Free-space loss at 1 m [dB].
    public let referenceLoss: Double
    /// Two-ray crossover distance [m].
    public let crossover: Double
    /// Free-space gain at 1 m, (λ/4π)², i.e. 10^(−referenceLoss/10).
    public let referenceGain: Double

    public init(_ config: RadioConfig) {
        self.model = config.model
        self.wavelength = 299_792_458.0 / config.frequency
        self.exponent = config.pathLossExponent
        self.antennaHeight = config.antennaHeight
        self.referenceLoss = 20 * _log10(4 * Double.pi / self.wavelength)
        self.crossover = 4 * Double.pi * config.antennaHeight * config.antennaHeight / self.wavelength
        let ratio = self.wavelength / (4 * Double.pi)
        self.referenceGain = ratio * ratio
    }

    /// Mean loss [dB] over `distance` metres.
    public func loss(distance: Double) -> Double {
        let d = max(1, distance)
        switch self.model {
        case .unitDisk:
            return 0
        case .logDistance:
            return self.referenceLoss + 10 * self.exponent * _log10(d)
        case .twoRay:
            if d <= self.crossover { return self.referenceLoss + 20 * _log10(d) }
            return 40 * _log10(d) - 20 * _log10(self.antennaHeight * self.antennaHeight)
        }
    }

    /// Linear mean gain (received / transmitted power) at the distance whose square is
    /// `distanceSquared`: the same model as `loss(distance:)`, 10^(−loss/10), computed without a
    /// logarithm. Free space: (λ/4πd)²; two-ray beyond the crossover: (h_t·h_r)²/d⁴;
    /// log-distance: (λ/4π)²·d^(−n).
    @inline(__always)
    public func gain(distanceSquared: Double) -> Double {
        let d2 = max(1, distanceSquared)
        switch self.model {
        case .unitDisk:
            return 1
        case .logDistance:
            if self.exponent == 2 { return self.referenceGain / d2 }
            return self.referenceGain * _pow(d2, -self.exponent / 2)
        case .twoRay:
            if d2 <= self.crossover * self.crossover { return self.referenceGain / d2 }
            let h2 = self.antennaHeight * self.antennaHeight
            return h2 * h2 / (d2 * d2)
        }
    }

    /// The distance [m] at which the loss reaches `loss` dB (the inverse of `loss(distance:)`).
    public func distance(atLoss loss: Double) -> Double {
        switch self.model {
        case .unitDisk:
            return .infinity
        case .logDistance:
            return max(1, _pow(10, (loss - self.referenceLoss) / (10 * self.exponent)))
        case .twoRay:
            let freeSpace = _pow(10, (loss - self.referenceLoss) / 20)
            if freeSpace <= self.crossover { return max(1, freeSpace) }
            return _pow(10, (loss + 20 * _log10(self.antennaHeight * self.antennaHeight)) / 40)
        }
    }
}
