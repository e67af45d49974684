/// Observation version 2 (`observation-v2`, docs/policy.md): what a driver perceives for speed
/// and lane decisions, from its own range sensor fused with what it accepted over V2V.
///
/// Every value comes from perception, never from ground truth; each neighbour and the hazard
/// carry where they came from. The normalisation maps every feature into [-1, 1] or [0, 1] whatever
/// the input (values are clamped), so a network never sees an input outside its training range.
public struct ObservationV2: Sendable, Equatable {
    /// Where a perceived value came from.
    public enum Source: Sendable, Equatable {
        /// The vehicle's own range sensor.
        case sensor
        /// A message that passed verification (CAM or DENM).
        case v2v
    }

    /// A perceived vehicle in one of the six neighbour slots.
    public struct Neighbour: Sendable, Equatable {
        /// Bumper-to-bumper gap [m] (to the leader's rear or the follower's front).
        public var gap: Double
        /// The neighbour's speed minus the own speed [m/s].
        public var relativeSpeed: Double
        public var source: Source

        public init(gap: Double, relativeSpeed: Double, source: Source) {
            self.gap = gap
            self.relativeSpeed = relativeSpeed
            self.source = source
        }
    }

    /// The nearest standing hazard ahead the driver knows of.
    public struct KnownHazard: Sendable, Equatable {
        /// Distance ahead [m].
        public var distance: Double
        /// The hazard's lane minus the own lane (positive: to the left).
        public var laneOffset: Int
        public var source: Source

        public init(distance: Double, laneOffset: Int, source: Source) {
            self.distance = distance
            self.laneOffset = laneOffset
            self.source = source
        }
    }

    /// Own speed [m/s].
    public var speed: Double
    /// Desired speed v0 [m/s], before the speed limit.
    public var desiredSpeed: Double
    /// Speed limit of the own lane [m/s].
    public var speedLimit: Double
    /// Own lane index, 0 = rightmost.
    public var lane: Int
    /// Number of lanes at the vehicle's position (at least 1).
    public var lanes: Int
    /// Leaders and followers: index `Slot.rawValue`; nil when nobody is perceived there.
    public var neighbours: [Neighbour?]
    /// The nearest known hazard ahead, if any.
    public var hazard: KnownHazard?
    /// Distance to the end of the acceleration lane, or to the off-ramp the vehicle wants [m]; nil
    /// when neither applies.
    public var laneEnd: Double?

    /// The six neighbour slots, in feature order.
    public enum Slot: Int, Sendable, CaseIterable {
        case ownLeader, ownFollower, leftLeader, leftFollower, rightLeader, rightFollower
    }

    /// - Precondition: `neighbours` has one entry per `Slot`.
    public init(
        speed: Double, desiredSpeed: Double, speedLimit: Double, lane: Int, lanes: Int,
        neighbours: [Neighbour?] = Array(repeating: nil, count: Slot.allCases.count), hazard: KnownHazard? = nil,
        laneEnd: Double? = nil
    ) {
        precondition(neighbours.count == Slot.allCases.count, "one entry per neighbour slot")
        self.speed = speed
        self.desiredSpeed = desiredSpeed
        self.speedLimit = speedLimit
        self.lane = lane
        self.lanes = lanes
        self.neighbours = neighbours
        self.hazard = hazard
        self.laneEnd = laneEnd
    }

    /// Speeds are divided by this [m/s].
    public static let speedScale = 40.0
    /// Relative speeds are divided by this [m/s].
    public static let relativeSpeedScale = 20.0
    /// Gaps beyond this count as nobody there [m].
    public static let gapHorizon = 200.0
    /// Hazards beyond this are not encoded [m].
    public static let hazardHorizon = 500.0
    /// Lane ends beyond this are encoded as this [m].
    public static let laneEndHorizon = 1_000.0

    /// 6 own and road features, 4 per neighbour slot, 4 for the hazard, 2 for the lane end.
    public static let featureCount = 6 + 4 * Slot.allCases.count + 4 + 2

    /// The normalised feature vector (docs/policy.md, "Observation v2").
    public var features: [Double] {
        var out = [Double](repeating: 0, count: Self.featureCount)
        out.withUnsafeMutableBufferPointer { self.writeFeatures(into: $0) }
        return out
    }

    /// Writes `features` into the first `featureCount` values of `buffer`, without allocating.
    public func writeFeatures(into buffer: UnsafeMutableBufferPointer<Double>) {
        precondition(buffer.count >= Self.featureCount, "buffer holds fewer than \(Self.featureCount) values")
        let lanes = max(1, self.lanes)
        let lane = min(max(self.lane, 0), lanes - 1)
        buffer[0] = Self.unit(self.speed / Self.speedScale)
        buffer[1] = Self.unit(self.desiredSpeed / Self.speedScale)
        buffer[2] = Self.unit(self.speedLimit / Self.speedScale)
        buffer[3] = lanes == 1 ? 0 : Double(lane) / Double(lanes - 1)
        buffer[4] = lane < lanes - 1 ? 1 : 0
        buffer[5] = lane > 0 ? 1 : 0
        for slot in Slot.allCases {
            let base = 6 + 4 * slot.rawValue
            if let n = self.neighbours[slot.rawValue], n.gap < Self.gapHorizon {
                buffer[base] = 1
                buffer[base + 1] = Self.unit(n.gap / Self.gapHorizon)
                buffer[base + 2] = Self.signedUnit(n.relativeSpeed / Self.relativeSpeedScale)
                buffer[base + 3] = n.source == .v2v ? 1 : 0
            } else {
                buffer[base] = 0
                buffer[base + 1] = 1
                buffer[base + 2] = 0
                buffer[base + 3] = 0
            }
        }
        let h = 6 + 4 * Slot.allCases.count
        if let hazard = self.hazard, hazard.distance < Self.hazardHorizon {
            buffer[h] = 1
            buffer[h + 1] = Self.unit(hazard.distance / Self.hazardHorizon)
            buffer[h + 2] = Self.signedUnit(Double(hazard.laneOffset) / 2)
            buffer[h + 3] = hazard.source == .v2v ? 1 : 0
        } else {
            buffer[h] = 0
            buffer[h + 1] = 1
            buffer[h + 2] = 0
            buffer[h + 3] = 0
        }
        if let end = self.laneEnd {
            buffer[h + 4] = 1
            buffer[h + 5] = Self.unit(end / Self.laneEndHorizon)
        } else {
            buffer[h + 4] = 0
            buffer[h + 5] = 1
        }
    }

    /// `x` clamped to [0, 1]; NaN becomes 0, so no input can leave the range.
    static func unit(_ x: Double) -> Double { x.isNaN ? 0 : min(max(x, 0), 1) }
    /// `x` clamped to [-1, 1]; NaN becomes 0.
    static func signedUnit(_ x: Double) -> Double { x.isNaN ? 0 : min(max(x, -1), 1) }
}
