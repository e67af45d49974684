import Policy
import Traffic

extension Simulation {
    /// The longitudinal decision of vehicles whose group drives by a learned (MLP) policy, or nil
    /// when every group uses the expert, so the traffic step keeps its IDM path untouched.
    ///
    /// Desired speeds (capped by each vehicle's lane limit) are read before the step starts: the
    /// world cannot be read while it is being stepped.
    func learnedPolicyStep() -> ((Int, VehicleState, Perception) -> Double?)? {
        let policies = self.scenario.traffic.map { self.scenario.policies[$0.policy] }
        guard policies.contains(where: { $0 != nil }) else { return nil }
        let desired = self.world.vehicles.map { self.world.parameters(of: $0, lane: $0.lane).desiredSpeed }
        return { index, vehicle, seen in
            guard let policy = policies[vehicle.group] else { return nil }
            return policy.acceleration(for: Observation(
                speed: vehicle.speed, desiredSpeed: desired[index], gap: seen.gap, leaderSpeed: seen.leaderSpeed))
        }
    }
}
