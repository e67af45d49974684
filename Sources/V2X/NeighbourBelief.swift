import SimKernel

/// What a station believes about another station from the messages it accepted.
public struct NeighbourBelief: Sendable, Codable {
    /// The claimed state.
    public let broadcast: SensorBroadcast
    public let generationTime: SimTime
    /// When the receiver finished verifying it; it may not act on it before.
    public let availableAt: SimTime

    public init(broadcast: SensorBroadcast, generationTime: SimTime, availableAt: SimTime) {
        self.broadcast = broadcast
        self.generationTime = generationTime
        self.availableAt = availableAt
    }

    /// The claimed state moved on to `time` at its claimed speed, along `road` (its heading on a
    /// highway, its circle on a ring): where a receiver expects the neighbour to be now. The CAM
    /// and DENM plausibility checks both compare claims against this.
    public func extrapolated<Road: StationRoad>(to time: SimTime, along road: Road) -> SensorBroadcast {
        var b = self.broadcast
        (b.x, b.y) = road.advance(x: b.x, y: b.y, heading: b.heading, by: b.speed * (time - self.generationTime).seconds)
        return b
    }

    /// Gap from a front bumper at road position `x` to the believed vehicle's rear, extrapolated to
    /// `now` at its claimed speed; nil when it is not a leader candidate (not yet usable, other
    /// lane, behind). The claim's world position is matched to a road position, so on a ring the
    /// leader is found around the circle (ahead: within half the circumference).
    public func leaderGap<Road: StationRoad>(lane: Int, x: Double, now: SimTime, road: Road) -> Double? {
        guard self.availableAt <= now && Int(self.broadcast.lane) == lane else { return nil }
        let age = (now - self.generationTime).seconds
        let front = road.roadPosition(x: self.broadcast.x, y: self.broadcast.y) + self.broadcast.speed * age
        let toFront = road.forwardDistance(from: x, to: front)
        guard toFront > 0, toFront < road.length / 2 || !road.isRing else { return nil }
        return toFront - self.broadcast.length
    }
}
