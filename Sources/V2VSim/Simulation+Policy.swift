import Policy
import Traffic

extension Simulation {
    /// Phase (b) for the vehicles whose group drives by a learned (MLP) policy: each policy decides
    /// once for all its vehicles, over contiguous observation and action buffers kept in `tick`.
    /// Leaves `tick.learned` empty when every group uses the expert, so the world keeps its IDM path.
    ///
    /// Observations come from the perceptions of phase (a) and the snapshot (desired speeds capped
    /// by each vehicle's lane limit). At FCD sample times the decisions also go into the trace
    /// (Simulation+Decisions.swift).
    /// - Throws: errors from the trace recorder only.
    func decideLearned(_ tick: inout TrafficTickBuffers) throws {
        tick.learned.removeAll(keepingCapacity: true)
        let groups = self.scenario.traffic
        guard groups.contains(where: { self.policies[$0.policy] != nil }) else { return }
        let vehicles = self.world.vehicles
        let recording = self.decisionsDue
        tick.learned.append(contentsOf: repeatElement(nil, count: vehicles.count))
        for g in groups.indices {
            guard let policy = self.policies[groups[g].policy] else { continue }
            tick.observations.removeAll(keepingCapacity: true)
            tick.rows.removeAll(keepingCapacity: true)
            for (i, vehicle) in vehicles.enumerated() where vehicle.group == g {
                let seen = tick.perceptions[i]
                tick.rows.append(i)
                tick.observations.append(Observation(
                    speed: vehicle.speed, desiredSpeed: self.world.parameters(of: vehicle, lane: vehicle.lane).desiredSpeed,
                    gap: seen.gap, leaderSpeed: seen.leaderSpeed))
            }
            tick.actions.removeAll(keepingCapacity: true)
            tick.actions.append(contentsOf: repeatElement(.none, count: tick.rows.count))
            policy.decide(tick.observations, into: &tick.actions)
            for (row, i) in tick.rows.enumerated() { tick.learned[i] = tick.actions[row].acceleration }
            if recording { try self.recordDecisions(of: policy, group: g, tick) }
        }
    }
}
