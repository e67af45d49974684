#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The geometry of the road: where a road position is in the world, and which way it faces.
///
/// Frames (metres; angles as SUMO uses them: degrees clockwise from north, so travel along +x is 90°):
/// - `highway`: a straight road along +x. `position` is the distance from the road's start; lane 0
///   (the rightmost) has its centre at y = laneWidth/2, higher lanes at larger y.
/// - `ring`: a circle centred at the origin, travelled counter-clockwise from (R, 0) where
///   R = length / 2π is the radius of lane 0's centre line. `position` is the arc length along
///   lane 0 and wraps at `length`; lane k runs k lane widths inside lane 0 (lane 0 is outermost,
///   which is the right-hand side for counter-clockwise travel) at the same angle.
public struct Highway: Sendable {
    public let config: RoadConfig

    /// World points where flow-spawned vehicles enter the simulated road: the start of every main
    /// lane and the start of the on-ramp; a ring has none. Stations first heard near these points
    /// have just entered the simulated area, so their first contact is no sudden appearance.
    /// Computed once: the misbehaviour detector consults it on every first contact.
    public private(set) var entrancePoints: [(x: Double, y: Double)] = []

    public init(config: RoadConfig) {
        self.config = config
        self.entrancePoints = self.computeEntrancePoints()
    }

    /// Lanes in the world: the main lanes plus the on-ramp's acceleration lane, if any.
    public var laneCount: Int { self.config.lanes + (self.config.onRamp == nil ? 0 : 1) }

    /// Index of the rightmost main lane: 1 with an on-ramp (lane 0 is the acceleration lane), else 0.
    public var firstMainLane: Int { self.config.onRamp == nil ? 0 : 1 }

    /// True when `lane` is the on-ramp's acceleration lane.
    public func isRampLane(_ lane: Int) -> Bool { self.config.onRamp != nil && lane == 0 }

    private func computeEntrancePoints() -> [(x: Double, y: Double)] {
        guard self.config.kind == .highway else { return [] }
        let first = self.config.onRamp == nil ? 0 : 1
        var points = (first..<self.laneCount).map { self.point(position: 0, lane: Double($0)) }
        if let ramp = self.config.onRamp { points.append(self.point(position: ramp.start, lane: 0)) }
        return points
    }

    /// True for a closed ring, whose positions wrap.
    public var isRing: Bool { self.config.kind == .ring }

    /// Length of the road, or circumference of the ring [m].
    public var length: Double { self.config.length }

    /// Radius of lane 0's centre line on a ring [m].
    public var radius: Double { self.config.length / (2 * Double.pi) }

    /// World (x, y) of a road position in a lane; `lane` may be fractional during a lane change.
    public func point(position: Double, lane: Double) -> (x: Double, y: Double) {
        switch self.config.kind {
        case .highway:
            return (position, (lane + 0.5) * self.config.laneWidth)
        case .ring:
            let theta = position / self.radius
            let r = self.radius - lane * self.config.laneWidth
            return (r * cos(theta), r * sin(theta))
        }
    }

    /// Road position of world point (`x`, `y`), the inverse of `point(position:lane:)` along the
    /// road: x on a highway, the arc length of its polar angle on a ring, in [0, length).
    public func roadPosition(x: Double, y: Double) -> Double {
        switch self.config.kind {
        case .highway:
            return x
        case .ring:
            return self.wrapped(atan2(y, x) * self.radius)
        }
    }

    /// Heading of traffic at `position` in SUMO degrees [0, 360).
    public func headingDegrees(position: Double) -> Double {
        switch self.config.kind {
        case .highway:
            return 90
        case .ring:
            // Counter-clockwise travel at polar angle θ faces θ counter-clockwise from north.
            let degrees = 360 - (position / self.radius) * 180 / Double.pi
            let wrapped = degrees.truncatingRemainder(dividingBy: 360)
            return wrapped < 0 ? wrapped + 360 : wrapped
        }
    }

    /// A position brought into [0, length) on a ring; unchanged on a highway.
    public func wrapped(_ position: Double) -> Double {
        guard self.isRing else { return position }
        let r = position.truncatingRemainder(dividingBy: self.length)
        return r < 0 ? r + self.length : r
    }

    /// Distance from `from` forward to `to` along the road: on a ring in [0, length).
    public func forwardDistance(from: Double, to: Double) -> Double {
        self.isRing ? self.wrapped(to - from) : to - from
    }

    /// Lane whose centre band contains world `y` on a highway, or nil off the road.
    public func lane(y: Double) -> Int? {
        let lane = Int((y / self.config.laneWidth).rounded(.down))
        return (0..<self.laneCount).contains(lane) ? lane : nil
    }
}
