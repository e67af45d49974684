extension IntelligentDriverModel {
    /// The hardest braking [m/s², as a negative acceleration] an IDM follower would ask for over the
    /// next `horizon` seconds behind a leader that keeps decelerating at `leaderAcceleration` (only
    /// braking is carried forward; a leader that would accelerate is taken to hold its speed) until
    /// it stops. `-infinity` when the two would touch.
    ///
    /// Why predict instead of checking the acceleration right after a cut-in, as MOBIL's safety
    /// criterion does (Kesting, Treiber, Helbing 2007)? With a large approach rate IDM's braking
    /// keeps growing for a few seconds after a cut-in while the gap shrinks, so a change that asks
    /// the new follower for 3 m/s² now can ask it for 12 m/s² two seconds later. The lane change
    /// itself takes seconds; holding the follower within b_safe over that time is what keeps its
    /// braking physical.
    ///
    /// - Parameters:
    ///   - p: the follower's IDM parameters (desired speed already capped for the lane).
    ///   - speed: follower speed [m/s].
    ///   - gap: bumper-to-bumper gap to the leader [m].
    ///   - leaderSpeed: leader speed [m/s].
    ///   - leaderAcceleration: the leader's current acceleration [m/s²].
    ///   - horizon: how far ahead to look [s].
    ///   - step: integration step [s].
    /// - Returns: the minimum acceleration over the horizon [m/s²].
    /// - Complexity: O(horizon / step).
    public static func hardestBraking(
        parameters p: IDMParameters, speed: Double, gap: Double, leaderSpeed: Double, leaderAcceleration: Double,
        horizon: Double, step: Double = 0.1
    ) -> Double {
        var v = speed
        var s = gap
        var vl = leaderSpeed
        let al = min(0, leaderAcceleration)
        var hardest = Double.infinity
        var t = 0.0
        while t < horizon {
            if s <= 0 { return -.infinity }
            let a = self.acceleration(parameters: p, speed: v, gap: s, leaderSpeed: vl)
            hardest = min(hardest, a)
            // Once the follower is no faster than a leader that holds its speed, the gap only opens
            // and the braking only weakens.
            if v <= vl && al == 0 && t > 0 { break }
            let newV = max(0, v + a * step)
            let newVl = max(0, vl + al * step)
            s += 0.5 * (vl + newVl) * step - 0.5 * (v + newV) * step
            v = newV
            vl = newVl
            t += step
        }
        return hardest
    }
}
