import SimKernel
import Traffic
import V2VCrypto
import V2X

/// Hazard warnings (DENMs) at vehicle receivers: plausibility checks when one arrives (mode
/// `full`), and after every traffic step a review of the warnings believed, against the receiver's
/// own sensor and the revocation list. A warning found implausible is dropped, remembered as
/// refuted and reported like an implausible CAM.
extension Simulation {
    /// Judges an accepted DENM and, when it survives, takes it into the receiver's beliefs.
    ///
    /// - Returns: the outcome to record (a rejection when a check fails) and whether the warning
    ///   was new to the receiver (acted on).
    func takeHazardWarning(
        _ envelope: SignedEnvelope, outcome: VerificationOutcome, agent: inout VehicleAgent, receiver: VehicleState,
        attack: AttackType?, at time: SimTime, digest: Digest
    ) -> (VerificationOutcome, Bool) {
        guard let warning = try? HazardWarning.decode(envelope.payload) else { return (outcome, false) }
        let key = HazardKey(station: warning.stationID, hazard: warning.hazardID)
        if let check = self.hazardPlausibilityFailure(warning, envelope: envelope, agent: agent, receiver: receiver, attack: attack) {
            if agent.refutedHazards.insert(key).inserted {
                // First refutation: drop the belief its earlier copies built and tell the authority.
                self.dropHazardBeliefs(where: { $0.key == key }, of: &agent)
                self.report(check, envelope: envelope, by: agent, at: time, digest: digest)
            }
            return (.rejected(RejectionReason(check)), false)
        }
        let isFalse = attack != nil
        let isNew = Self.absorb(warning, envelope: envelope, evidence: digest, into: &agent, verified: time, isFalse: isFalse)
        if isNew && isFalse { self.hazardChecks.warnedFalsely.insert(Int(agent.id.raw)) }
        return (outcome, isNew)
    }

    /// The first failed DENM check, scored against ground truth like the CAM checks; nil when
    /// plausible or when detection is off. A warning the receiver refuted before fails again as
    /// `hazard_not_seen`: what it saw still holds.
    private func hazardPlausibilityFailure(
        _ warning: HazardWarning, envelope: SignedEnvelope, agent: VehicleAgent, receiver: VehicleState,
        attack: AttackType?
    ) -> MisbehaviourReport.Check? {
        let config = self.scenario.security.detection
        guard config.enabled, self.scenario.security.verify == .full else { return nil }
        let highway = self.world.highway
        let check: MisbehaviourReport.Check?
        if agent.refutedHazards.contains(HazardKey(station: warning.stationID, hazard: warning.hazardID)) {
            check = .hazardNotSeen
        } else {
            let at = envelope.generationTime
            // CAM beliefs are matched by x along a straight road (as drivers use them); a ring has no such checks.
            let straight = self.scenario.road.kind == .highway
            let sender = straight ? agent.neighbours[warning.stationID].map { $0.extrapolated(to: at, along: highway).x } : nil
            let others = straight ? Array(agent.neighbours.values.lazy.map { $0.extrapolated(to: at, along: highway) }) : []
            check = HazardPlausibility.firstFailure(
                warning, expected: highway.point(position: warning.roadPosition, lane: Double(warning.lane)),
                senderX: sender, others: others, sensor: self.sensorView(of: receiver, on: warning), config: config)
        }
        if let attack {
            if let check {
                self.detection.counters[attack.rawValue].truePositives += 1
                self.detection.counters[attack.rawValue].byCheck[check, default: 0] += 1
            } else {
                self.detection.counters[attack.rawValue].falseNegatives += 1
            }
        } else if let check {
            self.detection.falsePositives += 1
            self.detection.falsePositivesByCheck[check, default: 0] += 1
        } else {
            self.detection.trueNegatives += 1
        }
        return check
    }

    /// What `receiver`'s forward range sensor says about the spot `warning` names, as of the last
    /// traffic step; nil when the vehicle is not on the road.
    func sensorView(of receiver: VehicleState, on warning: HazardWarning) -> HazardSensorView? {
        let raw = Int(receiver.id.raw)
        guard raw < self.vehicleIndex.count, let index = self.vehicleIndex[raw] else { return nil }
        if self.hazardChecks.truth == nil { self.hazardChecks.truth = self.world.groundTruthLeaders() }
        let highway = self.world.highway
        let sensor = self.scenario.traffic[receiver.group].sensor
        let gap = highway.forwardDistance(from: receiver.position, to: warning.roadPosition - warning.length)
        let covers = Int(warning.lane) == receiver.lane && gap >= 0 && sensor.detects(distance: gap, road: highway)
        let seen = sensor.perceive(
            self.hazardChecks.truth![index], vehicle: receiver.id, now: self.now, seed: self.scenario.seed, road: highway)
        return HazardSensorView(claimedGap: gap, covers: covers, sensed: seen.flatMap { p in p.gap.map { ($0, p.leaderSpeed) } })
    }

    /// After a traffic step: samples speeds, notes who braked for a false warning, and (mode
    /// `full`) lets every vehicle check the warnings it believes against its own sensor and drop
    /// those whose sender has been revoked.
    func reviewHazardBeliefs() {
        self.hazardChecks.truth = nil
        for v in self.world.vehicles { self.hazardChecks.speedSum += v.speed }
        self.hazardChecks.speedSamples += self.world.vehicles.count
        for raw in self.hazardChecks.governedByFalse {
            guard raw < self.vehicleIndex.count, let i = self.vehicleIndex[raw] else { continue }
            if self.world.vehicles[i].acceleration < -HazardCheckState.brakingThreshold {
                self.hazardChecks.brakedForFalse.insert(raw)
            }
        }
        self.hazardChecks.governedByFalse.removeAll(keepingCapacity: true)
        let config = self.scenario.security.detection
        guard config.enabled, self.scenario.security.verify == .full else { return }
        for v in self.world.vehicles {
            let raw = Int(v.id.raw)
            // Inout, so that asking does not copy every agent every step.
            guard raw < self.agents.count, Self.holdsWarnings(&self.agents[raw]) else { continue }
            // Copied out: only vehicles that hold warnings get here, and reporting must not touch `self.agents`.
            var agent = self.agents[raw]!
            var refuted: [HazardBelief] = []
            self.dropHazardBeliefs(where: { belief in
                if self.revocations.isRevoked(belief.envelope.signer.digest, at: self.now) { return true }
                guard let view = self.sensorView(of: v, on: belief.warning),
                      HazardPlausibility.sensorFailure(view, config: config) != nil
                else { return false }
                refuted.append(belief)
                return true
            }, of: &agent)
            for belief in refuted {
                agent.refutedHazards.insert(belief.key)
                self.report(.hazardNotSeen, envelope: belief.envelope, by: agent, at: self.now, digest: belief.evidence)
            }
            self.agents[raw] = agent
        }
    }

    private static func holdsWarnings(_ agent: inout VehicleAgent?) -> Bool { agent?.hazards.isEmpty == false }

    /// Removes the beliefs that match, counting them by ground truth.
    private func dropHazardBeliefs(where matches: (HazardBelief) -> Bool, of agent: inout VehicleAgent) {
        var kept: [HazardBelief] = []
        for belief in agent.hazards {
            guard matches(belief) else { kept.append(belief); continue }
            if belief.isFalse { self.hazardChecks.falseBeliefsDropped += 1 } else { self.hazardChecks.genuineBeliefsDropped += 1 }
        }
        if kept.count != agent.hazards.count { agent.hazards = kept }
    }
}
