/// The road geometry a station's checks need: extrapolating a claim along the road, matching a
/// world position to a road position, the entrances where vehicles first appear.
///
/// V2X does not import Traffic (DESIGN's part table); the simulation hands its road in through this
/// protocol (Traffic's `Highway` conforms in V2VSim). Everything here is a pure query.
public protocol StationRoad {
    /// Length of the road along its centre line [m] (a ring's circumference).
    var length: Double { get }
    /// True on a ring road: positions wrap and "ahead" is within half the circumference.
    var isRing: Bool { get }
    /// World points where vehicles enter the simulated area; a station first heard near one is no
    /// sudden appearance.
    var entrancePoints: [(x: Double, y: Double)] { get }
    /// World point of road position `position` in lane `lane` (fractional during a lane change).
    func point(position: Double, lane: Double) -> (x: Double, y: Double)
    /// Road position of the world point (`x`, `y`).
    func roadPosition(x: Double, y: Double) -> Double
    /// Distance along the road from road position `from` forward to `to` (wrapped on a ring).
    func forwardDistance(from: Double, to: Double) -> Double
    /// A road position wrapped into the road (identity on a highway).
    func wrapped(_ position: Double) -> Double
    /// The world point `distance` metres on from (`x`, `y`) along the road in the direction of `heading`.
    func advance(x: Double, y: Double, heading: Double, by distance: Double) -> (x: Double, y: Double)
}
