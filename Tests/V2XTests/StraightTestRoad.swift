import Foundation
import V2X

/// A straight two-lane test road along +x (3.5 m lanes): what a station needs of the road, for the
/// tests that drive a `VehicleStation` by hand.
struct StraightTestRoad: StationRoad {
    var length = 5_000.0
    var isRing: Bool { false }
    var entrancePoints: [(x: Double, y: Double)] { [] }
    func point(position: Double, lane: Double) -> (x: Double, y: Double) { (position, (lane + 0.5) * 3.5) }
    func roadPosition(x: Double, y: Double) -> Double { x }
    func forwardDistance(from: Double, to: Double) -> Double { to - from }
    func wrapped(_ position: Double) -> Double { position }
    func advance(x: Double, y: Double, heading: Double, by distance: Double) -> (x: Double, y: Double) {
        let radians = heading * Double.pi / 180
        return (x + distance * sin(radians), y + distance * cos(radians))
    }
}
