import Policy
import Trace
import Traffic

extension Simulation {
    /// Whether the decisions of the traffic step at `now` go into the trace: at every FCD sample time
    /// (the FCD interval is a whole multiple of the step, so those are step times), when the
    /// scenario records decisions and there is a trace.
    var decisionsDue: Bool {
        guard self.recorder != nil, self.scenario.record.decisions == .all else { return false }
        return self.now.nanoseconds % self.scenario.record.fcdInterval.nanoseconds == 0
    }

    /// Records one `decisions` row per vehicle of `group` that `policy` (observation v1) just
    /// decided for: the network's input vector, its raw output (the reference evaluation,
    /// bit-identical to the batch) and the action taken, with the model's digest as its
    /// registration leaf names it.
    func recordDecisions(of policy: MLPPolicy, group: Int, _ tick: TrafficTickBuffers) throws {
        guard let recorder = self.recorder else { return }
        let digest = self.policyModelDigests[group].hex
        let name = self.scenario.traffic[group].policy
        for (row, i) in tick.rows.enumerated() {
            let features = tick.observations[row].features
            try recorder.record(DecisionRow(
                time: self.now, vehicleID: self.world.vehicles[i].id.raw, policy: name, modelDigest: digest,
                observationVersion: PolicyFile.features, observation: features,
                output: policy.network.evaluate(features)[0], acceleration: tick.actions[row].acceleration))
        }
    }

    /// After the world decided (phase b): counts what the shield changed in the v2 policies'
    /// decisions and, at FCD sample times, records each with its observation, the network's
    /// action and the shielded one.
    func noteShieldedDecisions(_ tick: TrafficTickBuffers) throws {
        let batch = tick.v2
        guard batch.count > 0 else { return }
        for row in 0..<batch.count {
            let i = batch.vehicles[row]
            let overrides = tick.decisions.shieldOverrides[i]
            self.metrics.shield.decisions += 1
            if batch.actions[row].lane != .keep { self.metrics.shield.laneChangesChosen += 1 }
            if !overrides.isEmpty { self.metrics.shield.overrides += 1 }
            if overrides.changedAcceleration { self.metrics.shield.accelerationOverrides += 1 }
            if overrides.contains(.accelerationBounds) { self.metrics.shield.boundsOverrides += 1 }
            if overrides.contains(.laneChange) { self.metrics.shield.laneChangeOverrides += 1 }
        }
        guard self.decisionsDue, let recorder = self.recorder else { return }
        let width = ObservationV2.featureCount
        let outputs = ObservationVersion.v2.outputCount
        for (g, rows) in batch.groups {
            let digest = self.policyModelDigests[g].hex
            let name = self.scenario.traffic[g].policy
            for row in rows {
                let i = batch.vehicles[row]
                let vehicle = self.world.vehicles[i]
                let proposed = batch.actions[row]
                try recorder.record(DecisionRow(
                    time: self.now, vehicleID: vehicle.id.raw, policy: name, modelDigest: digest,
                    observationVersion: ObservationVersion.v2.rawValue,
                    observation: Array(batch.features[(row * width)..<((row + 1) * width)]),
                    output: batch.outputs[row * outputs], acceleration: proposed.acceleration,
                    laneChoice: proposed.lane?.rawValue ?? 0, shieldedAcceleration: tick.decisions.accelerations[i],
                    laneChange: tick.decisions.laneTargets[i].map { $0 - vehicle.lane } ?? 0,
                    shield: Int(tick.decisions.shieldOverrides[i].rawValue)))
            }
        }
    }
}
