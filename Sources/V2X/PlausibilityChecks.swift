import SimKernel

/// Thresholds of the misbehaviour detector (`detection` in a scenario). Defaults are highway
/// values in the spirit of F2MD's `F2MDParameters.h` (whose urban 25 m/s, 3 m/s² and 415 m suit
/// VeReMi's city, not a motorway with a two-ray channel).
public struct DetectionConfig: Hashable, Sendable, Codable {
    /// Run the checks (in verification mode `full` only).
    public var enabled = true
    /// A claimed position farther than this from the receiver cannot have been heard [m].
    public var maxRange = 1_000.0
    /// Highest plausible claimed speed [m/s].
    public var maxSpeed = 55.0
    /// Highest plausible acceleration or deceleration, claimed or implied by two beacons [m/s²].
    public var maxAcceleration = 10.0
    /// Slack on the distance between two beacons of one station beyond speed × time [m].
    public var positionTolerance = 10.0
    /// A station first heard closer than this is a sudden appearance [m].
    public var appearanceRange = 100.0
    /// Receivers do not judge appearances during their first seconds on the road.
    public var appearanceWarmup: SimTime = .seconds(2)
    /// Shortest plausible interval between two beacons of one station (ETSI T_GenCamMin = 100 ms, less jitter).
    public var minBeaconInterval: SimTime = .milliseconds(90)
    /// Two claimed vehicles closer than this along the road, in the same lane, overlap [m].
    public var overlapDistance = 2.0
    /// Distinct reporters that get a certificate revoked.
    public var revokeAfter = 3
    /// DENM: the farthest ahead a station can sense the hazard it reports (a long-range radar) [m].
    public var hazardSensingRange = 250.0
    /// DENM: a vehicle at the claimed spot moving faster than this refutes a stationary hazard [m/s].
    public var hazardMovingSpeed = 2.0

    public init() {}
}

/// A claim and when it was generated, as the detector remembers it per station.
public struct ClaimRecord: Sendable, Codable {
    public let broadcast: SensorBroadcast
    public let time: SimTime

    public init(broadcast: SensorBroadcast, time: SimTime) {
        self.broadcast = broadcast
        self.time = time
    }
}

/// Plausibility checks on one accepted CAM (F2MD's legacy checks: range, speed, acceleration,
/// beacon frequency and position vs speed against the station's previous claim, sudden appearance
/// and overlap for a station heard for the first time, overlap with the receiver always).
/// Returns the first check that fails, in that order, or nil when the claim is plausible.
public enum PlausibilityChecks {
    public static func firstFailure<Others: Sequence<SensorBroadcast>>(
        claim: SensorBroadcast, time: SimTime, previous: ClaimRecord?, receiverX: Double, receiverY: Double,
        receiverSince: SimTime, now: SimTime, others: Others, config: DetectionConfig, nearEntrance: Bool = false
    ) -> MisbehaviourReport.Check? {
        let dx = claim.x - receiverX
        let dy = claim.y - receiverY
        let distance = (dx * dx + dy * dy).squareRoot()
        if distance > config.maxRange { return .range }
        if claim.speed > config.maxSpeed || claim.speed < 0 { return .speed }
        if abs(claim.acceleration) > config.maxAcceleration { return .acceleration }
        if let previous {
            if let failure = self.trackFailure(claim: claim, time: time, previous: previous, config: config) {
                return failure
            }
        } else {
            // A station first heard near a road entrance has just driven into the simulated area.
            if !nearEntrance, now - receiverSince >= config.appearanceWarmup, distance < config.appearanceRange {
                return .suddenAppearance
            }
            // Overlap with known vehicles is judged when a station first shows up (a ghost or a
            // copied position); afterwards its track is held to the position and speed checks.
            // Comparing every beacon with every neighbour would cost O(neighbours) per reception.
            for other in others where other.stationID != claim.stationID && other.lane == claim.lane {
                if abs(other.x - claim.x) < config.overlapDistance && abs(other.y - claim.y) < 1 { return .overlap }
            }
        }
        // Nobody can stand where the receiver itself is.
        if abs(dx) < config.overlapDistance && abs(dy) < 1 { return .overlap }
        return nil
    }

    /// The first check `claim` fails as the continuation of `previous`, its station's earlier
    /// claim: beacon frequency, distance moved against speed × time, and the acceleration the two
    /// speeds imply.
    ///
    /// The detector also asks it before taking a new station for a known one's new pseudonym: a
    /// claim that cannot continue a belief is not that vehicle's (it is another vehicle's, or the
    /// belief is out of date), and linking it would only get an honest claim rejected.
    /// - Parameters:
    ///   - claim: The new claim.
    ///   - time: When `claim` was generated.
    ///   - previous: The station's previous claim and when it was generated.
    ///   - config: Thresholds (`minBeaconInterval`, `maxAcceleration`, `positionTolerance`).
    /// - Returns: `.beaconFrequency`, `.positionJump` or `.acceleration`, or nil when plausible.
    public static func trackFailure(
        claim: SensorBroadcast, time: SimTime, previous: ClaimRecord, config: DetectionConfig
    ) -> MisbehaviourReport.Check? {
        let dt = (time - previous.time).seconds
        if dt < config.minBeaconInterval.seconds { return .beaconFrequency }
        let mx = claim.x - previous.broadcast.x
        let my = claim.y - previous.broadcast.y
        let moved = (mx * mx + my * my).squareRoot()
        let reach = max(claim.speed, previous.broadcast.speed) * dt + 0.5 * config.maxAcceleration * dt * dt
        if moved > reach + config.positionTolerance { return .positionJump }
        // The other way round: claiming speed while (nearly) standing still, or vice versa.
        let least = max(0, min(claim.speed, previous.broadcast.speed) * dt - 0.5 * config.maxAcceleration * dt * dt)
        if moved < least - config.positionTolerance { return .positionJump }
        if dt > 0, abs(claim.speed - previous.broadcast.speed) / dt > config.maxAcceleration + 1 { return .acceleration }
        return nil
    }
}
