import Foundation

/// How drivers act on obstacles they were warned about (`WarnedObstacle`), before their own
/// sensors see them. Lane choice lives in `decideLaneChanges`; this file holds the approach speed.
extension TrafficWorld {
    /// The acceleration that takes `v`, in `lane`, towards `WarnedObstacle.approachSpeed`.
    ///
    /// Above the approach speed this is the free-road term of the Improved IDM (Treiber, Kesting
    /// 2013, *Traffic Flow Dynamics* §11.3.6), −b·(1 − (v0/v)^(a·δ/b)): plain IDM would ask for
    /// about −9 m/s² at 120 km/h with v0 = 60 km/h, while this slows down within comfortable
    /// braking b, which is what a driver reading a warning sign does.
    func approachAcceleration(of v: VehicleState, lane: Int) -> Double {
        let p = self.parameters(of: v, lane: lane)
        let target = min(p.desiredSpeed, WarnedObstacle.approachSpeed)
        guard v.speed > target else { return p.maxAcceleration * (1 - pow(v.speed / target, p.accelerationExponent)) }
        let exponent = p.maxAcceleration * p.accelerationExponent / p.comfortableDeceleration
        return -p.comfortableDeceleration * (1 - pow(target / v.speed, exponent))
    }

    /// The acceleration of `v` once it heeds the warnings it believes: within
    /// `WarnedObstacle.approachHorizon` of a warned obstacle in its own lane it approaches at no
    /// more than the approach speed and stops before the obstacle.
    ///
    /// - Returns: the lowered acceleration and the tag of the obstacle that lowered it, or nil when
    ///   the warnings do not lower `acceleration`.
    func heeding(
        _ warnings: [WarnedObstacle], vehicle v: VehicleState, acceleration: Double
    ) -> (acceleration: Double, tag: UInt32)? {
        guard let o = WarnedObstacle.nearest(in: warnings, lane: v.lane), o.gap <= WarnedObstacle.approachHorizon
        else { return nil }
        let limited = min(
            self.approachAcceleration(of: v, lane: v.lane),
            self.acceleration(of: v, lane: v.lane, behindStopAt: v.position + o.gap))
        guard limited < acceleration else { return nil }
        return (limited, o.tag)
    }
}
