/// A straight multi-lane highway along the x axis.
///
/// Frame: x [m] grows along the direction of travel from the road's start; y [m] is the lane
/// centre, lane 0 (the rightmost) at y = laneWidth/2 and higher lanes at larger y. Angles follow
/// SUMO: degrees clockwise from north, so travel along +x is 90°.
public struct Highway: Sendable {
    public let config: RoadConfig

    public init(config: RoadConfig) { self.config = config }

    /// World x of a road position [m].
    public func x(position: Double) -> Double { position }

    /// World y of the centre of `lane` [m].
    public func y(lane: Int) -> Double { (Double(lane) + 0.5) * self.config.laneWidth }

    /// Lane whose centre band contains world `y`, or nil off the road.
    public func lane(y: Double) -> Int? {
        let lane = Int((y / self.config.laneWidth).rounded(.down))
        return (0..<self.config.lanes).contains(lane) ? lane : nil
    }

    /// Heading of traffic in SUMO degrees.
    public var headingDegrees: Double { 90 }
}
