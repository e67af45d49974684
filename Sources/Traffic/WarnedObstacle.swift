/// A standing obstacle a driver was warned about (an accepted DENM) and may not have seen yet.
///
/// This is perception input, like `Perception` itself: the simulation decides which warnings a
/// driver believes and hands them to the traffic layer, which never looks at V2X or at the true
/// hazards for it. A real driver or ADAS acts on a DENM in two ways, and so does the traffic layer:
/// it leaves the blocked lane early (MOBIL sees the obstacle as a standing leader in that lane) and,
/// while still in the blocked lane within `approachHorizon`, it slows to `approachSpeed`.
public struct WarnedObstacle: Sendable, Equatable, Codable {
    /// An opaque tag the simulation uses to attribute reactions (`TrafficWorld.warningResponses`).
    public let tag: UInt32
    /// The lane it blocks.
    public let lane: Int
    /// Gap along the road from the driver's front bumper to the obstacle's rear [m]; positive ahead.
    public let gap: Double

    public init(tag: UInt32, lane: Int, gap: Double) {
        self.tag = tag
        self.lane = lane
        self.gap = gap
    }

    /// How far ahead of a warned obstacle a driver still in its lane starts to slow down [m]:
    /// beyond the 300 m a DENM typically travels one hop, so every warned driver in the lane slows,
    /// and long enough to shed 120 km/h → `approachSpeed` at ~1.2 m/s² (≈ 380 m).
    public static let approachHorizon = 500.0
    /// The speed a warned driver approaches a blocked lane with [m/s] (60 km/h): slow enough that
    /// a forward sensor of 80 m sees the obstacle with room to stop comfortably (v²/2b ≈ 93 m at
    /// b = 1.5 m/s²; the IDM gap term takes over before that), and slow enough to merge into a
    /// neighbouring lane's gaps.
    public static let approachSpeed = 60.0 / 3.6

    /// The nearest obstacle ahead in `lane` among `obstacles`.
    static func nearest(in obstacles: [WarnedObstacle], lane: Int) -> WarnedObstacle? {
        var best: WarnedObstacle?
        for o in obstacles where o.lane == lane && o.gap > 0 {
            if best == nil || o.gap < best!.gap || (o.gap == best!.gap && o.tag < best!.tag) { best = o }
        }
        return best
    }
}

/// A driver whose decision a warning changed this step: it slowed for it, or it left (asked to
/// leave) the blocked lane because of it.
public struct WarningResponse: Sendable, Equatable, Codable {
    public let vehicle: VehicleID
    /// The `WarnedObstacle.tag` it reacted to.
    public let tag: UInt32
}
