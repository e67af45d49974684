import Policy
import Trace

extension Simulation {
    /// Whether the decisions of the traffic step at `now` go into the trace: at every FCD sample time
    /// (the FCD interval is a whole multiple of the step, so those are step times), when the
    /// scenario records decisions and there is a trace.
    var decisionsDue: Bool {
        guard self.recorder != nil, self.scenario.record.decisions == .all else { return false }
        return self.now.nanoseconds % self.scenario.record.fcdInterval.nanoseconds == 0
    }

    /// Records one `decisions` row per vehicle of `group` that `policy` just decided for: the
    /// network's input vector, its raw output (the reference evaluation, bit-identical to the
    /// batch) and the action taken, with the model's digest as its registration leaf names it.
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
}
