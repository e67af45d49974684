/// The Intelligent Driver Model (Treiber, Hennecke, Helbing 2000, Phys. Rev. E 62:1805):
///
///     dv/dt = a [1 − (v/v0)^δ − (s*(v, Δv)/s)²],  s*(v, Δv) = s0 + v·T + v·Δv / (2·√(a·b))
///
/// with s the bumper-to-bumper gap to the leader and Δv = v − v_leader (positive when closing in).
public enum IntelligentDriverModel {
    /// Acceleration [m/s²] of a vehicle at `speed` behind a leader `gap` metres ahead moving at
    /// `leaderSpeed`; pass `gap: nil` for a free road.
    public static func acceleration(
        parameters p: IDMParameters, speed v: Double, gap: Double?, leaderSpeed: Double
    ) -> Double {
        let free = 1.0 - pow(v / p.desiredSpeed, p.accelerationExponent)
        guard let s = gap else { return p.maxAcceleration * free }
        let sStar = self.desiredGap(parameters: p, speed: v, approachRate: v - leaderSpeed)
        // A gap at or below zero means the vehicles touch; brake as hard as the model can express
        // without dividing by zero (the collision itself is recorded by the world).
        let gapTerm = s > 0.01 ? sStar / s : sStar / 0.01
        return p.maxAcceleration * (free - gapTerm * gapTerm)
    }

    /// s*(v, Δv), the desired dynamic gap [m]; never below s0.
    public static func desiredGap(parameters p: IDMParameters, speed v: Double, approachRate dv: Double) -> Double {
        let dynamic = v * p.timeHeadway + v * dv / (2.0 * (p.maxAcceleration * p.comfortableDeceleration).squareRoot())
        return p.minimumGap + max(0, dynamic)
    }

    /// The equilibrium gap s_e(v) = s*(v, 0) / √(1 − (v/v0)^δ) at which a vehicle keeps speed `v`
    /// behind a leader at the same speed [m]; infinite at or above v0.
    public static func equilibriumGap(parameters p: IDMParameters, speed v: Double) -> Double {
        let ratio = pow(v / p.desiredSpeed, p.accelerationExponent)
        guard ratio < 1 else { return .infinity }
        return (p.minimumGap + v * p.timeHeadway) / (1 - ratio).squareRoot()
    }
}
