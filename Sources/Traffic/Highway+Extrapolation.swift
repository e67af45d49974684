#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Highway {
    /// Where a vehicle claimed at world (`x`, `y`) with `heading` (SUMO degrees) will be after
    /// driving `distance` metres along the road: along the heading on a straight highway, along its
    /// circle (counter-clockwise, at its own radius) on a ring.
    ///
    /// Receivers extrapolate neighbours' beacons to a common time with this. Moving along +x is
    /// right only on a straight road: on the 230 m ring a neighbour 1 s old at 8 m/s would be put
    /// ~1 m off its lane, and beyond a quarter turn on the wrong side of the ring.
    public func advance(x: Double, y: Double, heading: Double, by distance: Double) -> (x: Double, y: Double) {
        switch self.config.kind {
        case .highway:
            let radians = heading * Double.pi / 180
            return (x + distance * sin(radians), y + distance * cos(radians))
        case .ring:
            let r = (x * x + y * y).squareRoot()
            guard r > 0 else { return (x, y) }
            let theta = atan2(y, x) + distance / r
            return (r * cos(theta), r * sin(theta))
        }
    }
}
