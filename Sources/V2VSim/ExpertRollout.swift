import Policy
import SimKernel
import Traffic

/// Collects behaviour-cloning samples from a run driven by the expert: at every sampled traffic
/// step, each expert-driven vehicle's observation v2 (built from its perception, as a v2 policy
/// would see it) labelled with the expert's decision of that step (IDM's acceleration with the
/// warning and end-of-ramp rules, MOBIL's lane change).
///
/// With `labelsLearnedDrivers` (DAgger), the vehicles a lane-choosing (v2) policy drives are
/// sampled too: their observation as the network saw it, labelled with what the expert would have
/// decided from the same snapshot and perception (the world's own IDM, warning, ramp and MOBIL
/// rules), while the network's shielded action is what moves them.
///
/// Set it as `Simulation.expertRollout` before `run`; the run itself is unchanged by it.
public final class ExpertRollout {
    /// How often the states are sampled (a whole multiple of the traffic step).
    public let interval: SimTime
    /// Whether the states of network-driven (v2) vehicles are labelled by the expert too.
    public let labelsLearnedDrivers: Bool
    /// The samples, in step order; within a step the expert-driven vehicles first, then the
    /// network-driven ones, each in vehicle order.
    public private(set) var samples: [BehaviourCloningV2.Sample] = []
    /// Network-driven states sampled, and how the network's own action (before the shield)
    /// differed there from the expert's label.
    public internal(set) var learnedStates = 0
    public internal(set) var laneDisagreements = 0
    public internal(set) var accelerationErrorSum = 0.0
    var batch = ObservationV2Batch()
    /// The expert's decisions for the snapshot of a sampled step (DAgger labels).
    var expertDecisions = TrafficDecisions()

    public init(interval: SimTime, labelsLearnedDrivers: Bool = false) {
        precondition(interval > .zero, "a positive sampling interval")
        self.interval = interval
        self.labelsLearnedDrivers = labelsLearnedDrivers
    }

    /// Share of the sampled network-driven states where its lane choice differed from the expert's.
    public var laneDisagreement: Double { self.learnedStates > 0 ? Double(self.laneDisagreements) / Double(self.learnedStates) : 0 }
    /// Mean |a_network − a_expert| over the sampled network-driven states [m/s²].
    public var accelerationMeanAbsoluteError: Double {
        self.learnedStates > 0 ? self.accelerationErrorSum / Double(self.learnedStates) : 0
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

    /// After the world decided: labels the rollout's rows with the expert's decisions and, for
    /// DAgger, the network-driven vehicles' observations with what the expert would have done.
    func labelExpertRollout(_ tick: TrafficTickBuffers) {
        guard let rollout = self.expertRollout else { return }
        for row in 0..<rollout.batch.count {
            rollout.append(self.expertSample(
                features: rollout.batch.observations[row].features, vehicle: rollout.batch.vehicles[row], tick.decisions))
        }
        guard rollout.labelsLearnedDrivers, tick.v2.count > 0, rollout.isDue(at: self.now) else { return }
        // The expert's decisions from the same snapshot: `decide` only reads the world.
        self.world.decide(truth: tick.truth, perceptions: tick.perceptions, learned: [], into: &rollout.expertDecisions)
        for row in 0..<tick.v2.count {
            let sample = self.expertSample(
                features: tick.v2.observations[row].features, vehicle: tick.v2.vehicles[row], rollout.expertDecisions)
            let proposed = tick.v2.actions[row]
            rollout.learnedStates += 1
            if (proposed.lane ?? .keep) != sample.lane { rollout.laneDisagreements += 1 }
            rollout.accelerationErrorSum += abs(proposed.acceleration - sample.acceleration)
            rollout.append(sample)
        }
    }

    /// Vehicle `i`'s observation labelled with its slot of `decisions`.
    private func expertSample(features: [Double], vehicle i: Int, _ decisions: TrafficDecisions) -> BehaviourCloningV2.Sample {
        let range = MLPPolicy.accelerationRange
        let change = decisions.laneTargets[i].map { $0 - self.world.vehicles[i].lane } ?? 0
        return BehaviourCloningV2.Sample(
            features: features, acceleration: min(max(decisions.accelerations[i], range.lowerBound), range.upperBound),
            lane: LaneChoice(rawValue: change) ?? .keep)
    }
}
