import SimKernel

/// Nakagami-m small-scale fading: the received power is Gamma distributed with shape m and mean
/// equal to the path-loss mean (Nakagami 1960; Veins `NakagamiFading`: m = 1.5 below 80 m, 0.75
/// beyond). m = 1 is Rayleigh fading; larger m fades less.
///
/// The gain used by the medium is **truncated**: `min(G, cutoff)` with `cutoff` = 10 (+10 dB). That
/// makes "this receiver cannot decode the frame whatever the draw" an exact statement (mean power ·
/// 10 < sensitivity), so the medium never examines such receivers and skipping them changes no
/// outcome. The probability that the truncation changes a draw at all is P(G > 10) = Q(m, 10·m),
/// the regularised upper incomplete gamma function: 2.8·10⁻⁴ at m = 0.75, 4.5·10⁻⁵ at m = 1,
/// 1.5·10⁻⁶ at m = 1.5 (see docs/radio.md), and a changed draw stays a strong +10 dB gain.
public enum NakagamiFading {
    /// The largest gain the truncated model gives: +10 dB over the mean.
    public static let cutoff = 10.0

    /// A power gain factor with mean 1: a Gamma(m, 1/m) draw (Marsaglia & Tsang, see
    /// `RandomDraws.gammaDraw(shape:)`), not truncated.
    public static func gain<Draws: RandomDraws>(m: Double, using stream: inout Draws) -> Double {
        precondition(m > 0, "Nakagami m must be positive")
        return stream.gammaDraw(shape: m) / m
    }

    /// The truncated gain `min(gain, cutoff)` that the medium uses.
    public static func truncatedGain<Draws: RandomDraws>(m: Double, using stream: inout Draws) -> Double {
        min(self.gain(m: m, using: &stream), self.cutoff)
    }
}
