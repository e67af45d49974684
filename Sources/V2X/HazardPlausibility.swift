/// What a receiver's own forward range sensor says about the spot a hazard warning names.
public struct HazardSensorView: Sendable, Equatable {
    /// Gap from the receiver's front bumper to the claimed obstacle's rear, along the road [m]
    /// (negative when the receiver is already past it).
    public var claimedGap: Double
    /// Whether the sensor's range and field of view cover that spot, in the receiver's lane.
    public var covers: Bool
    /// The leader the sensor sees as (gap [m], speed [m/s]), nil when it sees nothing in range.
    public var sensed: (gap: Double, speed: Double)?

    public init(claimedGap: Double, covers: Bool, sensed: (gap: Double, speed: Double)?) {
        self.claimedGap = claimedGap
        self.covers = covers
        self.sensed = sensed
    }

    public static func == (a: HazardSensorView, b: HazardSensorView) -> Bool {
        a.claimedGap == b.claimedGap && a.covers == b.covers && a.sensed?.gap == b.sensed?.gap
            && a.sensed?.speed == b.sensed?.speed
    }
}

/// Plausibility checks on a hazard warning (DENM) that passed the cryptographic checks: v2vsim's
/// own, in the spirit of F2MD's checks on CAMs. A warning claims a stationary obstacle, so it must
/// be where it says (geometry), its sender must have been able to see it (sender), no vehicle may
/// be driving through it (moving vehicle), and a receiver whose own sensor covers the spot must see
/// it there (not seen). Each returns the failed check, nil when the warning survives it.
///
/// What cannot be judged passes: a sender never heard in a CAM, a spot outside the receiver's
/// sensor, a spot hidden behind a nearer leader. A warning is thus believed until evidence
/// against it exists, which is what a driver does with a warning about the road ahead.
public enum HazardPlausibility {
    /// The warning's world position (x, y) against the point its road position and lane give.
    ///
    /// - Parameters:
    ///   - expected: the world point of `warning.roadPosition` in `warning.lane`, from the road geometry.
    public static func geometryFailure(
        _ warning: HazardWarning, expected: (x: Double, y: Double), config: DetectionConfig
    ) -> MisbehaviourReport.Check? {
        let dx = warning.x - expected.x
        let dy = warning.y - expected.y
        return (dx * dx + dy * dy).squareRoot() > config.positionTolerance ? .hazardGeometry : nil
    }

    /// The sender's claimed position, from its latest CAM extrapolated to the warning's generation
    /// time: its front must be behind the obstacle's rear and within `hazardSensingRange` of it
    /// (both with `positionTolerance` of slack). A station that passed the spot, or claims to see
    /// farther than a radar reaches, is not reporting what it sensed.
    ///
    /// - Parameters:
    ///   - senderX: the sender's claimed front x on a straight road [m], nil when never heard.
    public static func senderFailure(
        _ warning: HazardWarning, senderX: Double?, config: DetectionConfig
    ) -> MisbehaviourReport.Check? {
        guard let senderX else { return nil }
        let gap = warning.x - warning.length - senderX
        if gap < -config.positionTolerance || gap > config.hazardSensingRange + config.positionTolerance {
            return .hazardSender
        }
        return nil
    }

    /// A vehicle whose CAMs put it in the warning's lane, overlapping the obstacle's extent and
    /// moving faster than `hazardMovingSpeed`, is driving where the stopped vehicle is said to stand.
    ///
    /// - Parameters:
    ///   - others: claimed states extrapolated to the warning's generation time (x is the front).
    public static func movingVehicleFailure<Others: Sequence<SensorBroadcast>>(
        _ warning: HazardWarning, others: Others, config: DetectionConfig
    ) -> MisbehaviourReport.Check? {
        let front = warning.x
        let rear = warning.x - warning.length
        for other in others where other.lane == warning.lane && other.speed > config.hazardMovingSpeed {
            if other.x > rear && other.x - other.length < front { return .hazardMovingVehicle }
        }
        return nil
    }

    /// The receiver's own sensor: when it covers the claimed spot, it must see a leader there
    /// (within `positionTolerance`) that stands (at most `hazardMovingSpeed`). A nearer leader
    /// hides the spot; nothing seen, a leader farther away, or one moving through, refutes it.
    public static func sensorFailure(_ view: HazardSensorView, config: DetectionConfig) -> MisbehaviourReport.Check? {
        guard view.covers, view.claimedGap >= 0 else { return nil }
        guard let sensed = view.sensed else { return .hazardNotSeen }
        if sensed.gap < view.claimedGap - config.positionTolerance { return nil }
        if sensed.gap > view.claimedGap + config.positionTolerance { return .hazardNotSeen }
        return sensed.speed > config.hazardMovingSpeed ? .hazardNotSeen : nil
    }

    /// All checks in order (geometry, sender, moving vehicle, sensor); the first that fails.
    /// `senderX` and `others` are straight-road quantities; pass nil and an empty list on a ring.
    public static func firstFailure<Others: Sequence<SensorBroadcast>>(
        _ warning: HazardWarning, expected: (x: Double, y: Double), senderX: Double?, others: Others,
        sensor: HazardSensorView?, config: DetectionConfig
    ) -> MisbehaviourReport.Check? {
        if let check = self.geometryFailure(warning, expected: expected, config: config) { return check }
        if let check = self.senderFailure(warning, senderX: senderX, config: config) { return check }
        if let check = self.movingVehicleFailure(warning, others: others, config: config) { return check }
        if let sensor, let check = self.sensorFailure(sensor, config: config) { return check }
        return nil
    }
}
