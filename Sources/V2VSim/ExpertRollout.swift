import Policy
import SimKernel
import Traffic

/// Collects behaviour-cloning samples from a run driven by the expert: at every sampled traffic
/// step, each expert-driven vehicle's observation v2 (built from its perception, as a v2 policy
/// would see it) labelled with the expert's decision of that step (IDM's acceleration with the
/// warning and end-of-ramp rules, MOBIL's lane change).
///
/// Set it as `Simulation.expertRollout` before `run`; the run itself is unchanged by it.
public final class ExpertRollout {
    /// How often the states are sampled (a whole multiple of the traffic step).
    public let interval: SimTime
    /// The samples, in step order, vehicles in order within a step.
    public private(set) var samples: [BehaviourCloningV2.Sample] = []
    var batch = ObservationV2Batch()

    public init(interval: SimTime) {
        precondition(interval > .zero, "a positive sampling interval")
        self.interval = interval
    }

    func isDue(at now: SimTime) -> Bool { now.nanoseconds % self.interval.nanoseconds == 0 }

    func append(_ sample: BehaviourCloningV2.Sample) { self.samples.append(sample) }
}

extension Simulation {
    /// Phase (a) for the rollout: observation v2 of every expert-driven vehicle, when due.
    func observeExpertRollout() {
        guard let rollout = self.expertRollout else { return }
        rollout.batch.reset()
        guard rollout.isDue(at: self.now) else { return }
        let groups = self.scenario.traffic
        for g in groups.indices where self.policies[groups[g].policy] == nil {
            let first = rollout.batch.count
            for (i, vehicle) in self.world.vehicles.enumerated() where vehicle.group == g {
                let row = rollout.batch.appendRow(vehicle: i)
                self.observeV2(i, into: &rollout.batch.observations[row])
            }
            rollout.batch.groups.append((g, first..<rollout.batch.count))
        }
    }

    /// After the world decided: labels the rollout's rows with the expert's decisions.
    func labelExpertRollout(_ decisions: TrafficDecisions) {
        guard let rollout = self.expertRollout, rollout.batch.count > 0 else { return }
        let range = MLPPolicy.accelerationRange
        for row in 0..<rollout.batch.count {
            let i = rollout.batch.vehicles[row]
            let change = decisions.laneTargets[i].map { $0 - self.world.vehicles[i].lane } ?? 0
            rollout.append(BehaviourCloningV2.Sample(
                features: rollout.batch.observations[row].features,
                acceleration: min(max(decisions.accelerations[i], range.lowerBound), range.upperBound),
                lane: LaneChoice(rawValue: change) ?? .keep))
        }
    }
}
