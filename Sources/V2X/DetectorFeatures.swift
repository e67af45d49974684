/// The input vector of the learned misbehaviour detector for one CAM: every check's confidence and
/// the track features behind them, each normalised to [0, 1] by a fixed rule from the scenario's
/// detection thresholds (so no learned normaliser travels with the model). Built only from what the
/// checks measured (`ClaimMeasures`, `CheckScores`) and the sender's track state: never a station
/// id, pseudonym, certificate, vehicle number, absolute position or time, so the detector cannot
/// learn who lies, only what a lie looks like. The table is in docs/detector.md.
public enum DetectorFeatures {
    /// The feature layout's name, recorded in every model file and checked when one is loaded: a
    /// model trained on another layout is refused rather than fed shifted inputs.
    ///
    /// v2 dropped v1's `load` (the receiver's channel busy ratio and own beacon losses): it says
    /// where the receiver is, not what the claim is, and the network trained on v1 used it as a
    /// fingerprint of the training scenarios (a station's first message heard at a load the Sybil
    /// runs had was taken for a ghost), which made most of its false alarms on denser honest
    /// traffic. The load still acts through the appearance and overlap checks it discounts.
    public static let layout = "v2v.detector.features.v2"

    /// The names of the features, in vector order.
    public static let names: [String] = [
        "c_range", "c_speed", "c_acceleration", "c_beacon_frequency", "c_position", "c_acceleration_consistency",
        "c_age", "c_duplicate", "c_heading", "c_road_fit", "c_track", "c_sudden_appearance", "c_overlap",
        "c_fused", "has_previous", "beacon_interval", "position_speed_residual", "acceleration_residual",
        "implied_acceleration", "speed", "acceleration", "has_track", "track_broken", "kalman_residual",
        "reach_position", "reach_speed", "age", "distance", "nearest_other", "heading_difference",
        "lane_offset",
    ]

    /// Number of features.
    public static var count: Int { Self.names.count }

    /// `r / (1 + r)` for `r = value / scale` (0 at 0, 0.5 at the scale, towards 1 beyond): residuals
    /// are heavy-tailed, and this keeps a claim far past a threshold from swamping the network.
    /// Negative values count as 0; a non-positive scale gives 0 or 1.
    public static func squash(_ value: Double, scale: Double) -> Double {
        guard value > 0 else { return 0 }
        guard scale > 0 else { return 1 }
        let r = value / scale
        return r.isFinite ? r / (1 + r) : 1
    }

    /// The feature vector of one claim.
    ///
    /// - Parameters:
    ///   - m: what the checks measured on the claim.
    ///   - scores: the checks' confidences (`PlausibilityChecks.assess(m, config:)`).
    ///   - trackBroken: whether the sender's track was broken before this claim.
    ///   - config: the scenario's thresholds, the normalisation scales.
    /// - Returns: `count` values in [0, 1], in `names` order.
    public static func vector(
        measures m: ClaimMeasures, scores: CheckScores, trackBroken: Bool, config: DetectionConfig
    ) -> [Double] {
        func confidence(_ check: MisbehaviourReport.Check, transition: Bool? = nil) -> Double {
            var lowest = 1.0
            for s in scores.scores where s.check == check && (transition == nil || s.isTransition == transition!) {
                lowest = min(lowest, s.confidence)
            }
            return lowest
        }
        var v: [Double] = []
        v.reserveCapacity(Self.names.count)
        v.append(confidence(.range))
        v.append(confidence(.speed))
        v.append(confidence(.acceleration, transition: false))
        v.append(confidence(.beaconFrequency))
        v.append(confidence(.positionJump))
        v.append(confidence(.acceleration, transition: true))
        v.append(confidence(.age))
        v.append(confidence(.duplicate))
        v.append(confidence(.heading))
        v.append(confidence(.roadFit))
        v.append(confidence(.track))
        v.append(confidence(.suddenAppearance))
        v.append(confidence(.overlap))
        v.append(scores.fused)

        let interval = config.beaconInterval.seconds
        if let p = m.previous {
            v.append(1)
            v.append(min(5, max(0, p.dt / interval)) / 5)
            if p.dt > 0 {
                let expected = (p.speed + m.speed) / 2 * p.dt
                let allowed = config.positionSpeedTolerance + config.maxAcceleration * p.dt * p.dt / 8
                v.append(Self.squash(abs(p.along - expected), scale: allowed))
                let implied = (m.speed - p.speed) / p.dt
                let outside = max(0, min(p.acceleration, m.acceleration) - implied, implied - max(p.acceleration, m.acceleration))
                v.append(Self.squash(outside, scale: config.accelerationTolerance * max(1, p.dt / 0.1)))
                v.append(Self.squash(abs(implied), scale: config.maxAcceleration))
            } else {
                v.append(contentsOf: [1, 1, 1])
            }
        } else {
            v.append(contentsOf: [0, 0, 0, 0, 0])
        }
        v.append(Self.squash(m.speed, scale: config.maxSpeed))
        v.append(Self.squash(abs(m.acceleration), scale: config.maxAcceleration))
        v.append(m.trackDistance != nil || m.trackReach != nil ? 1 : 0)
        v.append(trackBroken ? 1 : 0)
        v.append(Self.squash(m.trackDistance ?? 0, scale: config.trackGate))
        v.append(Self.squash(m.trackReach?.position ?? 0, scale: config.positionTolerance))
        v.append(Self.squash(m.trackReach?.speed ?? 0, scale: config.maxAcceleration * interval))
        v.append(Self.squash(m.age ?? 0, scale: config.maxAge.seconds))
        v.append(Self.squash(m.distance, scale: config.maxRange))
        v.append(m.nearestOther.map { Self.squash($0, scale: config.overlapDistance) } ?? 1)
        v.append(Self.squash(m.headingDifference ?? 0, scale: config.headingTolerance))
        v.append(Self.squash(m.laneOffset ?? 0, scale: config.roadFitTolerance))
        return v
    }
}
