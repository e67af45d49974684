/// The confidence functions of the CAM checks: each maps what it measures to a confidence in
/// [0, 1] that the claim is genuine, in the manner of CaTCh (Kamel, Ansari, Petit, Kaiser, Haidar,
/// Urien: "Simulation Framework for Misbehavior Detection in Vehicular Networks", IEEE TVT 2020):
/// 1 well inside the threshold, 0 well outside it, linear in between, 0.5 at the threshold itself.
/// Pure functions of their arguments; `PlausibilityAssessment` applies them to one claim.
public enum CheckConfidence {
    /// Confidence that `value` is below `threshold`: 1 at or below threshold × (1 − margin/2),
    /// 0 at or above threshold × (1 + margin/2), linear between (0.5 at the threshold).
    /// A non-positive band (threshold 0 or margin 0) is a hard step at the threshold.
    public static func below(_ value: Double, threshold: Double, margin: Double) -> Double {
        let half = abs(threshold) * margin / 2
        guard half > 0 else { return value <= threshold ? 1 : 0 }
        return min(1, max(0, (threshold + half - value) / (2 * half)))
    }

    /// Confidence that `value` is above `threshold` (the mirror of `below`).
    public static func above(_ value: Double, threshold: Double, margin: Double) -> Double {
        let half = abs(threshold) * margin / 2
        guard half > 0 else { return value >= threshold ? 1 : 0 }
        return min(1, max(0, (value - threshold + half) / (2 * half)))
    }

    /// Range plausibility: a claim `distance` metres from the receiver was heard with range `maxRange`.
    public static func range(distance: Double, maxRange: Double, margin: Double) -> Double {
        self.below(distance, threshold: maxRange, margin: margin)
    }

    /// Speed plausibility: a claimed speed in [0, `maxSpeed`] [m/s].
    public static func speed(_ speed: Double, maxSpeed: Double, margin: Double) -> Double {
        speed < 0 ? 0 : self.below(speed, threshold: maxSpeed, margin: margin)
    }

    /// Acceleration plausibility of a claimed acceleration [m/s²].
    public static func acceleration(_ acceleration: Double, maxAcceleration: Double, margin: Double) -> Double {
        self.below(abs(acceleration), threshold: maxAcceleration, margin: margin)
    }

    /// Acceleration consistency of two beacons `dt` seconds apart: the acceleration their speeds
    /// imply must be plausible (at most `maxAcceleration` + 1), and, for beacons at most 0.5 s apart,
    /// lie between the two claimed accelerations within `tolerance` per 100 ms of `dt` (a driver's
    /// acceleration changes between beacons). Longer gaps are judged on the first part only.
    public static func accelerationConsistency(
        speeds: (Double, Double), accelerations: (Double, Double), dt: Double, maxAcceleration: Double,
        tolerance: Double, margin: Double
    ) -> Double {
        guard dt > 0 else { return 1 }
        let implied = (speeds.1 - speeds.0) / dt
        let bound = self.below(abs(implied), threshold: maxAcceleration + 1, margin: margin)
        guard dt <= 0.5 else { return bound }
        let low = min(accelerations.0, accelerations.1)
        let high = max(accelerations.0, accelerations.1)
        let outside = max(0, low - implied, implied - high)
        let allowed = tolerance * max(1, dt / 0.1)
        return min(bound, self.below(outside, threshold: allowed, margin: margin))
    }

    /// Position–speed consistency of two beacons `dt` seconds apart: the distance moved along the
    /// road against the mean of their claimed speeds × dt (exact for a constant acceleration, as a
    /// ballistic update gives). Allowed: `tolerance` plus what an acceleration change of up to
    /// `maxAcceleration` inside the interval can add (dt² × maxAcceleration / 8).
    public static func positionSpeed(
        moved: Double, speeds: (Double, Double), dt: Double, maxAcceleration: Double, tolerance: Double, margin: Double
    ) -> Double {
        guard dt > 0 else { return 1 }
        let expected = (speeds.0 + speeds.1) / 2 * dt
        let allowed = tolerance + maxAcceleration * dt * dt / 8
        return self.below(abs(moved - expected), threshold: allowed, margin: margin)
    }

    /// Position plausibility of two beacons: the distance moved must be reachable at the claimed
    /// speeds and `maxAcceleration` within `tolerance`, either way (F2MD's position–speed check).
    public static func positionJump(
        moved: Double, speeds: (Double, Double), dt: Double, maxAcceleration: Double, tolerance: Double, margin: Double
    ) -> Double {
        let reach = max(speeds.0, speeds.1) * dt + 0.5 * maxAcceleration * dt * dt
        let least = max(0, min(speeds.0, speeds.1) * dt - 0.5 * maxAcceleration * dt * dt)
        let beyond = max(0, moved - reach, least - moved)
        // The band is centred on `tolerance` with the margin of that length.
        return self.below(beyond, threshold: tolerance, margin: margin)
    }

    /// Heading plausibility: the difference between the claimed heading and the road's [°].
    public static func heading(difference: Double, tolerance: Double, margin: Double) -> Double {
        self.below(difference, threshold: tolerance, margin: margin)
    }

    /// Beacon frequency: two beacons of one station `interval` seconds apart (negative: the newer
    /// one was generated first, as a delayed copy is).
    public static func beaconFrequency(interval: Double, minInterval: Double, margin: Double) -> Double {
        interval < 0 ? 0 : self.above(interval, threshold: minInterval, margin: margin)
    }

    /// Road fit: the claimed point's distance from the centre line of its claimed lane [m].
    public static func roadFit(offset: Double, tolerance: Double, margin: Double) -> Double {
        self.below(offset, threshold: tolerance, margin: margin)
    }

    /// The factor by which the receiver's load shrinks the appearance and overlap ranges:
    /// 1 − `discount` × max(CBR, loss ratio), at least 0.
    public static func loadFactor(channelBusy: Double, lossRatio: Double, discount: Double) -> Double {
        max(0, 1 - discount * max(channelBusy, lossRatio))
    }

    /// Sudden appearance: a station first heard `distance` metres away, where stations appearing
    /// closer than `range` × `load` are implausible.
    public static func suddenAppearance(distance: Double, range: Double, load: Double, margin: Double) -> Double {
        self.above(distance, threshold: range * load, margin: margin)
    }

    /// Overlap: two claimed vehicles `gap` metres apart along the road in one lane, where closer
    /// than `distance` × `load` is implausible.
    public static func overlap(gap: Double, distance: Double, load: Double, margin: Double) -> Double {
        self.above(gap, threshold: distance * load, margin: margin)
    }

    /// Reachability from a trusted state: how far a claim (`moved` along the road since, speed
    /// `speed`) lies outside what a car at speed `from` can reach in `dt` seconds with at most
    /// `maxAcceleration` either way and never reversing: (position excess [m], speed excess [m/s]).
    /// A car at 30 m/s needs 3 s and 45 m to stop at 10 m/s², so a position frozen at the moment
    /// of a claimed stop is never reachable, however long ago the trusted claim was.
    public static func reachExcess(moved: Double, speed: Double, from v0: Double, dt: Double, maxAcceleration a: Double)
        -> (position: Double, speed: Double)
    {
        let dt = max(0, dt)
        let least = a > 0 && dt > v0 / a ? v0 * v0 / (2 * a) : v0 * dt - a * dt * dt / 2
        let most = v0 * dt + a * dt * dt / 2
        let slowest = max(0, v0 - a * dt)
        let fastest = v0 + a * dt
        return (max(0, least - moved, moved - most), max(0, slowest - speed, speed - fastest))
    }

    /// Track consistency of a sender whose track broke: its claim against what is reachable from
    /// the last claim its track took (`reachExcess`), with `tolerance` metres of slack and one
    /// beacon interval (`interval` seconds) of acceleration on the speed.
    public static func reach(
        excess: (position: Double, speed: Double), tolerance: Double, maxAcceleration: Double, interval: Double,
        margin: Double
    ) -> Double {
        min(self.below(excess.position, threshold: tolerance, margin: margin),
            self.below(excess.speed, threshold: maxAcceleration * interval, margin: margin))
    }

    /// Track consistency: a Kalman innovation of Mahalanobis distance `distance` against `gate`.
    public static func track(distance: Double, gate: Double, margin: Double) -> Double {
        self.below(distance, threshold: gate, margin: margin)
    }
}
