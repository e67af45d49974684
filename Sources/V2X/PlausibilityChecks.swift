import SimKernel

/// A claim and when it was generated, as the detector remembers it per station.
public struct ClaimRecord: Sendable, Codable {
    public let broadcast: SensorBroadcast
    public let time: SimTime

    public init(broadcast: SensorBroadcast, time: SimTime) {
        self.broadcast = broadcast
        self.time = time
    }
}

/// What the checks measure on one claim, computed by the station from the claim, its sender's
/// history, the road and the receiver's own state, so that the confidences are pure functions of
/// numbers (and testable without a road or a station).
public struct ClaimMeasures: Sendable {
    /// Distance from the receiver [m].
    public var distance: Double
    /// The claim's speed [m/s] and acceleration [m/s²].
    public var speed: Double
    public var acceleration: Double
    /// Against the sender's previous claim, when there is one: seconds between their generation
    /// times, straight-line distance moved, distance moved along the road (signed), and that claim's
    /// speed and acceleration.
    public var previous: (dt: Double, moved: Double, along: Double, speed: Double, acceleration: Double)?
    /// Difference between the claimed heading and the road's direction at the claimed point [°];
    /// nil when not judged.
    public var headingDifference: Double?
    /// Distance of the claimed point from its claimed lane's centre line [m]; nil when not judged.
    public var laneOffset: Double?
    /// Mahalanobis distance of the claim from its sender's Kalman track; nil without a track.
    public var trackDistance: Double?
    /// For a sender whose track broke: how far the claim lies outside what is reachable from the
    /// last claim its track took (`CheckConfidence.reachExcess`); judged instead of `trackDistance`.
    public var trackReach: (position: Double, speed: Double)?
    /// The station is new to the receiver and its appearance is judged (warm-up over, not near an
    /// entrance).
    public var judgesAppearance = false
    /// For a new station: the smallest along-road gap to another claimed vehicle in its lane (both
    /// at the claim's time) [m]; nil when none is near.
    public var nearestOther: Double?
    /// Along-road gap to the receiver itself when in the same lane band [m]; nil otherwise.
    public var receiverGap: Double?
    /// The claim is a copy of another, longer-known station's recent claim (`duplicate_window`).
    public var isDuplicate = false
    /// Seconds from the claim's generation to its verification here; nil when not judged.
    public var age: Double?
    /// The receiver's load factor for the appearance and overlap ranges (`CheckConfidence.loadFactor`).
    public var load = 1.0

    public init(distance: Double, speed: Double, acceleration: Double) {
        self.distance = distance
        self.speed = speed
        self.acceleration = acceleration
    }
}

/// One check's confidence on one claim.
public struct CheckScore: Sendable, Equatable {
    public let check: MisbehaviourReport.Check
    /// Confidence in [0, 1] that the claim is genuine as far as this check can tell.
    public let confidence: Double
    /// A check of the transition from the sender's previous claim (beacon frequency, position,
    /// acceleration consistency), as opposed to one of the claim alone or of its context.
    public let isTransition: Bool
}

/// Every check's confidence on one claim, in check order, and their fusion.
public struct CheckScores: Sendable {
    /// The checks that could judge the claim, in the order `PlausibilityChecks.assess` runs them.
    public private(set) var scores: [CheckScore] = []

    init() {}

    mutating func add(_ check: MisbehaviourReport.Check, _ confidence: Double, transition: Bool = false) {
        self.scores.append(CheckScore(check: check, confidence: confidence, isTransition: transition))
    }

    /// The fused confidence of the message: its weakest check (1 when nothing judged it). CaTCh
    /// fuses by the lowest factor too: one impossible property makes the message implausible,
    /// whatever the others say.
    public var fused: Double { self.scores.reduce(1.0) { min($0, $1.confidence) } }

    /// The weakest check; the first in check order on a tie. Nil when nothing judged the claim.
    public var weakest: CheckScore? {
        var best: CheckScore?
        for entry in self.scores where best == nil || entry.confidence < best!.confidence { best = entry }
        return best
    }

    /// The confidence of `check`, nil when it did not judge the claim.
    public func confidence(of check: MisbehaviourReport.Check) -> Double? {
        var lowest: Double?
        for entry in self.scores where entry.check == check { lowest = min(lowest ?? 1, entry.confidence) }
        return lowest
    }

    /// The weakest of the checks against the sender's previous claim (beacon frequency, position,
    /// acceleration consistency): whether the transition from that claim is physically possible.
    public var transition: Double {
        var lowest = 1.0
        for entry in self.scores where entry.isTransition { lowest = min(lowest, entry.confidence) }
        return lowest
    }
}

/// The confidence-based plausibility checks on one CAM (F2MD's CaTCh checks: range, speed,
/// acceleration, beacon frequency, position and position–speed consistency and acceleration
/// consistency against the sender's previous claim, heading, road fit, Kalman track, and sudden
/// appearance and overlap for a station heard for the first time, overlap with the receiver always).
public enum PlausibilityChecks {
    /// Every check's confidence on the claim `m` describes.
    public static func assess(_ m: ClaimMeasures, config: DetectionConfig) -> CheckScores {
        let margin = config.confidenceMargin
        var scores = CheckScores()
        scores.add(.range, CheckConfidence.range(distance: m.distance, maxRange: config.maxRange, margin: margin))
        scores.add(.speed, CheckConfidence.speed(m.speed, maxSpeed: config.maxSpeed, margin: margin))
        scores.add(.acceleration, CheckConfidence.acceleration(
            m.acceleration, maxAcceleration: config.maxAcceleration, margin: margin))
        if let p = m.previous {
            scores.add(.beaconFrequency, CheckConfidence.beaconFrequency(
                interval: p.dt, minInterval: config.minBeaconInterval.seconds, margin: margin), transition: true)
            if p.dt > 0 {
                let jump = CheckConfidence.positionJump(
                    moved: p.moved, speeds: (p.speed, m.speed), dt: p.dt, maxAcceleration: config.maxAcceleration,
                    tolerance: config.positionTolerance, margin: margin)
                let consistency = CheckConfidence.positionSpeed(
                    moved: p.along, speeds: (p.speed, m.speed), dt: p.dt, maxAcceleration: config.maxAcceleration,
                    tolerance: config.positionSpeedTolerance, margin: margin)
                scores.add(.positionJump, min(jump, consistency), transition: true)
                scores.add(.acceleration, CheckConfidence.accelerationConsistency(
                    speeds: (p.speed, m.speed), accelerations: (p.acceleration, m.acceleration), dt: p.dt,
                    maxAcceleration: config.maxAcceleration, tolerance: config.accelerationTolerance, margin: margin),
                    transition: true)
            }
        }
        if let age = m.age {
            scores.add(.age, CheckConfidence.below(age, threshold: config.maxAge.seconds, margin: margin))
        }
        if m.isDuplicate { scores.add(.duplicate, 0) }
        if let d = m.headingDifference {
            scores.add(.heading, CheckConfidence.heading(difference: d, tolerance: config.headingTolerance, margin: margin))
        }
        if let offset = m.laneOffset {
            scores.add(.roadFit, CheckConfidence.roadFit(offset: offset, tolerance: config.roadFitTolerance, margin: margin))
        }
        if let reach = m.trackReach {
            scores.add(.track, CheckConfidence.reach(
                excess: reach, tolerance: config.positionTolerance, maxAcceleration: config.maxAcceleration,
                interval: config.beaconInterval.seconds, margin: margin))
        } else if let d = m.trackDistance {
            scores.add(.track, CheckConfidence.track(distance: d, gate: config.trackGate, margin: margin))
        }
        if m.previous == nil {
            if m.judgesAppearance {
                scores.add(.suddenAppearance, CheckConfidence.suddenAppearance(
                    distance: m.distance, range: config.appearanceRange, load: m.load, margin: margin))
            }
            if let gap = m.nearestOther {
                scores.add(.overlap, CheckConfidence.overlap(
                    gap: gap, distance: config.overlapDistance, load: m.load, margin: margin))
            }
        }
        if let gap = m.receiverGap {
            // Nobody can stand where the receiver itself is; the receiver knows its own place, so
            // its load does not discount this one.
            scores.add(.overlap, CheckConfidence.overlap(gap: gap, distance: config.overlapDistance, load: 1, margin: margin))
        }
        return scores
    }

    /// The check a claim fails, pass/fail style, without a track: the weakest check when its
    /// confidence is below `messageThreshold`, nil when the claim is plausible. The world is
    /// taken as a straight road along +x (distance moved along the road = the x difference).
    public static func firstFailure<Others: Sequence<SensorBroadcast>>(
        claim: SensorBroadcast, time: SimTime, previous: ClaimRecord?, receiverX: Double, receiverY: Double,
        receiverSince: SimTime, now: SimTime, others: Others, config: DetectionConfig, nearEntrance: Bool = false
    ) -> MisbehaviourReport.Check? {
        let dx = claim.x - receiverX
        let dy = claim.y - receiverY
        var m = ClaimMeasures(distance: (dx * dx + dy * dy).squareRoot(), speed: claim.speed, acceleration: claim.acceleration)
        if let previous { m.previous = Self.transition(from: previous, to: claim, at: time, along: claim.x - previous.broadcast.x) }
        m.judgesAppearance = previous == nil && !nearEntrance && now - receiverSince >= config.appearanceWarmup
        if previous == nil {
            for other in others where other.stationID != claim.stationID && other.lane == claim.lane && abs(other.y - claim.y) < 1 {
                m.nearestOther = min(m.nearestOther ?? .infinity, abs(other.x - claim.x))
            }
        }
        if abs(dy) < 1 { m.receiverGap = abs(dx) }
        let weakest = Self.assess(m, config: config).weakest
        guard let weakest, weakest.confidence < config.messageThreshold else { return nil }
        return weakest.check
    }

    /// The transition measures of `claim`, generated at `time`, from `previous`.
    public static func transition(from previous: ClaimRecord, to claim: SensorBroadcast, at time: SimTime, along: Double)
        -> (dt: Double, moved: Double, along: Double, speed: Double, acceleration: Double)
    {
        let mx = claim.x - previous.broadcast.x
        let my = claim.y - previous.broadcast.y
        return ((time - previous.time).seconds, (mx * mx + my * my).squareRoot(), along, previous.broadcast.speed,
                previous.broadcast.acceleration)
    }

    /// The first check `claim` fails as the continuation of `previous`, its station's earlier
    /// claim: beacon frequency, distance moved against speed × time, and the acceleration the two
    /// speeds imply (the transition checks, at `messageThreshold`).
    ///
    /// The detector also asks it before taking a new station for a known one's new pseudonym: a
    /// claim that cannot continue a belief is not that vehicle's (it is another vehicle's, or the
    /// belief is out of date), and linking it would only get an honest claim rejected.
    /// - Parameters:
    ///   - along: distance moved along the road; nil takes the straight-line distance.
    /// - Returns: `.beaconFrequency`, `.positionJump` or `.acceleration`, or nil when plausible.
    public static func trackFailure(
        claim: SensorBroadcast, time: SimTime, previous: ClaimRecord, config: DetectionConfig, along: Double? = nil
    ) -> MisbehaviourReport.Check? {
        var t = Self.transition(from: previous, to: claim, at: time, along: 0)
        t.along = along ?? t.moved
        var m = ClaimMeasures(distance: 0, speed: claim.speed, acceleration: claim.acceleration)
        m.previous = t
        let scores = Self.assess(m, config: config)
        var worst: CheckScore?
        for entry in scores.scores where entry.isTransition && (worst == nil || entry.confidence < worst!.confidence) {
            worst = entry
        }
        guard let worst, worst.confidence < config.messageThreshold else { return nil }
        return worst.check
    }
}
