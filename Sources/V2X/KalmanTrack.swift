/// A sender's track along the road: a Kalman filter over a constant-acceleration model, state
/// (road position s [m], speed v [m/s], acceleration a [m/s²]), fed the claimed position and speed
/// of each beacon (Bar-Shalom, Li, Kirubarajan: "Estimation with Applications to Tracking and
/// Navigation", 2001, §6.2: the white-noise-jerk model). CaTCh's Kalman checks do the same on the
/// claimed position and speed.
///
/// How far a claim lies from the track's prediction, in standard deviations of the innovation
/// (the Mahalanobis distance), is the track check's measure: a genuine car's beacons follow the
/// prediction within a few sigmas; a frozen position, a speed offset or a jump do not.
public struct KalmanTrack: Sendable, Equatable, Codable {
    /// State estimate: road position [m], speed [m/s], acceleration [m/s²].
    public struct State: Sendable, Equatable, Codable {
        public var s: Double
        public var v: Double
        public var a: Double
    }

    /// State estimate (s, v, a).
    public private(set) var state: State
    /// Covariance of the estimate, row-major 3 × 3.
    public private(set) var covariance: [Double]
    /// Generation time of the latest claim the track took [s].
    public private(set) var time: Double

    /// Noise: measured position [m], measured speed [m/s], jerk spectral density [m²/s⁵].
    public struct Noise: Sendable, Equatable, Codable {
        public var position: Double
        public var speed: Double
        public var jerk: Double

        public init(position: Double, speed: Double, jerk: Double) {
            self.position = position
            self.speed = speed
            self.jerk = jerk
        }
    }

    /// A track started from one claim: position and speed as measured, the claimed acceleration
    /// with a wide (2 m/s²) standard deviation, since nothing has confirmed it yet.
    public init(position: Double, speed: Double, acceleration: Double, time: Double, noise: Noise) {
        self.state = State(s: position, v: speed, a: acceleration)
        self.covariance = [noise.position * noise.position, 0, 0,
                           0, noise.speed * noise.speed, 0,
                           0, 0, 4]
        self.time = time
    }

    public static func == (lhs: KalmanTrack, rhs: KalmanTrack) -> Bool {
        lhs.state == rhs.state && lhs.covariance == rhs.covariance && lhs.time == rhs.time
    }

    /// The prediction at `time` and its innovation against a claim: the residual (position, speed),
    /// the predicted state and covariance, and the Mahalanobis distance of the residual.
    /// - Parameters:
    ///   - residualPosition: turns (predicted s, measured s) into their signed difference
    ///     (measured − predicted), wrapping on a ring.
    public func innovation(
        position: Double, speed: Double, time: Double, noise: Noise,
        residualPosition: (Double, Double) -> Double = { $1 - $0 }
    ) -> Innovation {
        let dt = max(0, time - self.time)
        let (s, v, a) = (self.state.s, self.state.v, self.state.a)
        let predicted = (s: s + v * dt + a * dt * dt / 2, v: v + a * dt, a: a)
        // F P Fᵀ + Q, with F = [[1, dt, dt²/2], [0, 1, dt], [0, 0, 1]].
        let f = [1, dt, dt * dt / 2, 0, 1, dt, 0, 0, 1]
        var fp = [Double](repeating: 0, count: 9)
        for i in 0..<3 { for j in 0..<3 { for k in 0..<3 { fp[i * 3 + j] += f[i * 3 + k] * self.covariance[k * 3 + j] } } }
        var p = [Double](repeating: 0, count: 9)
        for i in 0..<3 { for j in 0..<3 { for k in 0..<3 { p[i * 3 + j] += fp[i * 3 + k] * f[j * 3 + k] } } }
        let q = noise.jerk
        let dt2 = dt * dt, dt3 = dt2 * dt, dt4 = dt3 * dt, dt5 = dt4 * dt
        let process = [dt5 / 20, dt4 / 8, dt3 / 6, dt4 / 8, dt3 / 3, dt2 / 2, dt3 / 6, dt2 / 2, dt]
        for i in 0..<9 { p[i] += q * process[i] }
        let ys = residualPosition(predicted.s, position)
        let yv = speed - predicted.v
        // S = H P Hᵀ + R, H picks (s, v).
        let s00 = p[0] + noise.position * noise.position
        let s01 = p[1]
        let s11 = p[4] + noise.speed * noise.speed
        let det = s00 * s11 - s01 * s01
        let d2 = det > 0 ? (s11 * ys * ys - 2 * s01 * ys * yv + s00 * yv * yv) / det : .infinity
        return Innovation(
            residual: (ys, yv), predicted: predicted, covariance: p, innovationCovariance: (s00, s01, s11),
            distance: d2.squareRoot(), time: time)
    }

    /// A prediction and its residual against one claim (`innovation`).
    public struct Innovation: Sendable {
        public let residual: (position: Double, speed: Double)
        let predicted: (s: Double, v: Double, a: Double)
        let covariance: [Double]
        let innovationCovariance: (Double, Double, Double)
        /// Mahalanobis distance of the residual [standard deviations].
        public let distance: Double
        let time: Double
    }

    /// Takes the claim behind `innovation` into the track (the Kalman update).
    public mutating func update(with innovation: Innovation) {
        let p = innovation.covariance
        let (s00, s01, s11) = innovation.innovationCovariance
        let det = s00 * s11 - s01 * s01
        guard det > 0 else { return }
        let inv = (a: s11 / det, b: -s01 / det, d: s00 / det)
        // K = P Hᵀ S⁻¹: P's first two columns times S⁻¹.
        var gain = [Double](repeating: 0, count: 6)
        for i in 0..<3 {
            let c0 = p[i * 3], c1 = p[i * 3 + 1]
            gain[i * 2] = c0 * inv.a + c1 * inv.b
            gain[i * 2 + 1] = c0 * inv.b + c1 * inv.d
        }
        let (ys, yv) = innovation.residual
        let x = innovation.predicted
        self.state = State(
            s: x.s + gain[0] * ys + gain[1] * yv, v: x.v + gain[2] * ys + gain[3] * yv, a: x.a + gain[4] * ys + gain[5] * yv)
        // P = (I − K H) P, then symmetrised against rounding.
        var updated = [Double](repeating: 0, count: 9)
        for i in 0..<3 {
            for j in 0..<3 {
                updated[i * 3 + j] = p[i * 3 + j] - gain[i * 2] * p[j] - gain[i * 2 + 1] * p[3 + j]
            }
        }
        for i in 0..<3 { for j in (i + 1)..<3 {
            let m = (updated[i * 3 + j] + updated[j * 3 + i]) / 2
            updated[i * 3 + j] = m
            updated[j * 3 + i] = m
        } }
        self.covariance = updated
        self.time = innovation.time
    }
}
