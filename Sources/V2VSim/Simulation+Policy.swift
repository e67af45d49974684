import Policy
import Traffic

extension Simulation {
    /// Phase (b) for the vehicles whose group drives by a learned (MLP) policy: each policy decides
    /// once for all its vehicles, over contiguous buffers kept in `tick`. Leaves `tick.learned`
    /// empty when every group uses the expert, so the world keeps its IDM path.
    ///
    /// v1 observations come from the perceptions of phase (a) and the snapshot (desired speeds
    /// capped by each vehicle's lane limit); v2 observations were built in phase (a)
    /// (`observeAllV2`). At FCD sample times v1 decisions also go into the trace here, v2 decisions
    /// after the shield (`recordDecisionsV2`, Simulation+Decisions.swift).
    /// - Throws: errors from the trace recorder only.
    func decideLearned(_ tick: inout TrafficTickBuffers) throws {
        tick.learned.removeAll(keepingCapacity: true)
        let groups = self.scenario.traffic
        guard groups.contains(where: { self.policies[$0.policy] != nil }) else { return }
        let vehicles = self.world.vehicles
        let recording = self.decisionsDue
        tick.learned.append(contentsOf: repeatElement(nil, count: vehicles.count))
        for g in groups.indices {
            guard let policy = self.policies[groups[g].policy], policy.observation == .v1 else { continue }
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
            for (row, i) in tick.rows.enumerated() { tick.learned[i] = LearnedDecision(acceleration: tick.actions[row].acceleration) }
            if recording { try self.recordDecisions(of: policy, group: g, tick) }
        }
        self.inferV2(&tick.v2)
        for row in 0..<tick.v2.count { tick.learned[tick.v2.vehicles[row]] = tick.v2.actions[row] }
    }

    /// Batched inference over the tick's v2 rows: each policy once over its group's rows, through
    /// buffers kept from tick to tick (no allocation once they have grown).
    func inferV2(_ batch: inout ObservationV2Batch) {
        guard batch.count > 0 else { return }
        let groups = self.scenario.traffic
        var scratch = 0
        for (g, _) in batch.groups { scratch = max(scratch, self.policies[groups[g].policy]!.network.scratchCount) }
        batch.prepareInference(scratch: scratch)
        let width = ObservationV2.featureCount
        let outputs = ObservationVersion.v2.outputCount
        let observations = batch.observations
        let groupRows = batch.groups
        let count = batch.count
        batch.features.withUnsafeMutableBufferPointer { features in
            for row in 0..<count {
                observations[row].writeFeatures(into: UnsafeMutableBufferPointer(rebasing: features[(row * width)..<((row + 1) * width)]))
            }
            batch.outputs.withUnsafeMutableBufferPointer { out in
                batch.scratch.withUnsafeMutableBufferPointer { scratch in
                    batch.actions.withUnsafeMutableBufferPointer { actions in
                        for (g, rows) in groupRows where !rows.isEmpty {
                            self.policies[groups[g].policy]!.decide(
                                features: UnsafeBufferPointer(rebasing: features[(rows.lowerBound * width)..<(rows.upperBound * width)]),
                                rows: rows.count,
                                outputs: UnsafeMutableBufferPointer(rebasing: out[(rows.lowerBound * outputs)..<(rows.upperBound * outputs)]),
                                scratch: scratch,
                                into: UnsafeMutableBufferPointer(rebasing: actions[rows]))
                        }
                    }
                }
            }
        }
    }
}
