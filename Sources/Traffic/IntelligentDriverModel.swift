import Foundation

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
        let idm = p.maxAcceleration * (free - gapTerm * gapTerm)
        guard p.coolness > 0 else { return idm }
        return self.adaptiveCruiseControl(idm: idm, parameters: p, speed: v, gap: s, leaderSpeed: leaderSpeed)
    }

    /// The ACC model's blend of IDM with the constant-acceleration heuristic (CAH) (Kesting,
    /// Treiber, Helbing 2010, Phil. Trans. R. Soc. A 368:4585; *Traffic Flow Dynamics* §11.3.7):
    ///
    ///     a_ACC = a_IDM                                             if a_IDM ≥ a_CAH
    ///           = (1 − c)·a_IDM + c·[a_CAH + b·tanh((a_IDM − a_CAH)/b)]   otherwise
    ///
    /// The driver perceives the leader's gap and speed but not its acceleration, so the CAH runs
    /// with ã_l = 0: a_CAH = 0 behind a leader that is not slower, else −(v − v_l)²/(2s), the
    /// constant braking that just matches the leader's speed at the bumper. Where IDM brakes
    /// harder than that (a close cut-in by a faster car), ACC brakes at most about b beyond it.
    static func adaptiveCruiseControl(
        idm: Double, parameters p: IDMParameters, speed v: Double, gap s: Double, leaderSpeed vl: Double
    ) -> Double {
        let closing = v - vl
        let cah = closing > 0 ? -(closing * closing) / (2 * max(s, 0.01)) : 0
        guard idm < cah else { return idm }
        let b = p.comfortableDeceleration
        let c = p.coolness
        return (1 - c) * idm + c * (cah + b * tanh((idm - cah) / b))
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
