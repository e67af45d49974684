import SimKernel

/// Thresholds of the misbehaviour detector (`security.detection` in a scenario). Defaults are
/// highway values in the spirit of F2MD's `F2MDParameters.h` (whose urban 25 m/s, 3 m/s² and 415 m
/// suit VeReMi's city, not a motorway with a two-ray channel).
///
/// Every check returns a confidence in [0, 1] (`CheckConfidence`). A threshold is where a check's
/// confidence is 0.5: it falls linearly from 1 to 0 over a band of `confidence_margin` × the threshold, centred on
/// the threshold, as CaTCh's checks do (Kamel et al. 2019), so that a claim just past a threshold is
/// doubtful rather than condemned, and the per-sender window can weigh how doubtful.
public struct DetectionConfig: Hashable, Sendable, Codable {
    /// Run the checks (in verification mode `full` only).
    public var enabled = true
    /// The learned detector's weights file (`model`), relative to the working directory; nil: the
    /// rule-based fusion decides. The file is loaded above `Scenario` (V2VSim's `LearnedPolicies`).
    public var model: String?
    /// A claimed position farther than this from the receiver cannot have been heard [m].
    public var maxRange = 1_000.0
    /// Highest plausible claimed speed [m/s].
    public var maxSpeed = 55.0
    /// Highest plausible acceleration or deceleration, claimed or implied by two beacons [m/s²].
    public var maxAcceleration = 10.0
    /// Slack on the distance between two beacons of one station beyond speed × time [m]; also how
    /// close to a known station's extrapolated position a new pseudonym must be to be linked to it.
    public var positionTolerance = 10.0
    /// Position–speed consistency: largest plausible difference between the distance a station
    /// moved along the road between two beacons and the mean of their claimed speeds × time [m].
    /// Positions and speeds in CAMs are exact to a millimetre and 0.01 m/s, so it can be tight.
    public var positionSpeedTolerance = 0.15
    /// Acceleration consistency: largest plausible difference between the acceleration implied by
    /// two claimed speeds and the claimed accelerations, per 100 ms between the beacons [m/s²].
    public var accelerationTolerance = 1.5
    /// Largest plausible difference between the claimed heading and the road's direction [°].
    public var headingTolerance = 15.0
    /// Largest plausible distance of a claimed point from the centre line of its claimed lane [m]
    /// (half a lane width while changing lanes, plus slack).
    public var roadFitTolerance = 2.5
    /// A station first heard closer than this is a sudden appearance [m].
    public var appearanceRange = 100.0
    /// Receivers do not judge appearances during their first seconds on the road.
    public var appearanceWarmup: SimTime = .seconds(2)
    /// How much the receiver's channel load discounts the appearance and overlap checks: their
    /// ranges are scaled by 1 − `loadDiscount` × load, where load is the larger of the channel busy
    /// ratio and the receiver's own recent beacon loss ratio. A receiver that misses beacons cannot
    /// tell a station it lost from one that just appeared.
    public var loadDiscount = 2.0
    /// Time constant of the receiver's own beacon-loss estimate.
    public var lossWindow: SimTime = .seconds(2)
    /// Shortest plausible interval between two beacons of one station (ETSI T_GenCamMin = 100 ms, less jitter).
    public var minBeaconInterval: SimTime = .milliseconds(90)
    /// Nominal beacon interval the receiver expects from a station, for its loss estimate.
    public var beaconInterval: SimTime = .milliseconds(100)
    /// Two claimed vehicles closer than this along the road, in the same lane, overlap [m].
    public var overlapDistance = 2.0
    /// A claim identical in every field to one another station sent at most this long before is
    /// a copy (`duplicate`), when its sender was first heard after that station.
    public var duplicateWindow: SimTime = .seconds(1)
    /// Largest plausible time from a claim's generation to its verification at the receiver
    /// (`age`): channel access, airtime and the verification queue take milliseconds.
    public var maxAge: SimTime = .milliseconds(200)
    /// New stations are compared for overlap only with beliefs at most this old.
    public var overlapMaxAge: SimTime = .milliseconds(500)
    /// Kalman track (constant acceleration along the road): a claim whose normalised innovation
    /// (Mahalanobis distance of position and speed) exceeds this is implausible.
    public var trackGate = 6.0
    /// Kalman track: measurement noise of a claimed position [m] and speed [m/s].
    public var trackPositionNoise = 0.3
    public var trackSpeedNoise = 0.3
    /// Kalman track: spectral density of the jerk that drives the model [m²/s⁵].
    public var trackJerkNoise = 20.0
    /// Width of every check's confidence band, as a fraction of its threshold: a check's confidence
    /// is 1 below threshold × (1 − margin / 2), 0 above threshold × (1 + margin / 2).
    public var confidenceMargin = 0.2
    /// A message with fused confidence (its weakest check) below this is implausible.
    public var messageThreshold = 0.5
    /// Per-sender window: messages of the last `senderWindow` count towards the sender's decision.
    public var senderWindow: SimTime = .seconds(2)
    /// A sender whose window holds at least this much doubt (the sum of 1 − confidence over its
    /// messages) is decided misbehaving: reported, and its messages rejected while that holds.
    public var senderThreshold = 2.0
    /// A receiver reports one sender at most once per this interval.
    public var reportInterval: SimTime = .seconds(1)
    /// A sender not heard for this long is forgotten (its track and window).
    public var historyRetention: SimTime = .seconds(5)
    /// Distinct reporters that get a certificate revoked.
    public var revokeAfter = 3
    /// DENM: the farthest ahead a station can sense the hazard it reports (a long-range radar) [m].
    public var hazardSensingRange = 250.0
    /// DENM: a vehicle at the claimed spot moving faster than this refutes a stationary hazard [m/s].
    public var hazardMovingSpeed = 2.0

    public init() {}
}
