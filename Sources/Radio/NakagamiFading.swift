import SimKernel

/// Nakagami-m small-scale fading: the received power is Gamma distributed with shape m and mean
/// equal to the path-loss mean (Nakagami 1960; Veins `NakagamiFading`: m = 1.5 below 80 m, 0.75
/// beyond). m = 1 is Rayleigh fading; larger m fades less.
public enum NakagamiFading {
    /// A power gain factor with mean 1: a Gamma(m, 1/m) draw.
    ///
    /// Marsaglia & Tsang (2000), "A simple method for generating gamma variables", ACM TOMS 26(3),
    /// for m ≥ 1; for m < 1 the boost Gamma(m) = Gamma(m + 1)·U^(1/m) from the same paper.
    /// The number of raw draws depends on rejections, which is fine: each stream belongs to one
    /// transmitter, so the pattern is still a pure function of the seed.
    public static func gain(m: Double, using stream: inout RandomStream) -> Double {
        precondition(m > 0, "Nakagami m must be positive")
        if m < 1 {
            let u = 1 - stream.uniform()  // (0, 1]
            return self.gain(m: m + 1, using: &stream) * (m + 1) / m * _pow(u, 1 / m)
        }
        let d = m - 1.0 / 3.0
        let c = 1 / (9 * d).squareRoot()
        while true {
            var x: Double
            var v: Double
            repeat {
                x = stream.normal()
                v = 1 + c * x
            } while v <= 0
            v = v * v * v
            let u = stream.uniform()
            if u < 1 - 0.0331 * x * x * x * x || _log(max(u, .leastNonzeroMagnitude)) < 0.5 * x * x + d * (1 - v + _log(v)) {
                return d * v / m
            }
        }
    }
}
