import SimKernel
import V2VCrypto

/// Hazard warnings (DENMs) at a station: plausibility checks when one arrives (mode `full`), and a
/// review of the warnings believed against the vehicle's own sensor and the revocation list. A
/// warning found implausible is dropped, remembered as refuted and reported like an implausible CAM.
extension VehicleStation {
    /// Judges an accepted DENM and, when it survives, takes it into the station's beliefs; acted
    /// on when the hazard is new to the station.
    func takeHazardWarning<Road: StationRoad>(
        _ envelope: SignedEnvelope, digest: Digest, receiver: ReceiverState, road: Road,
        sensor: (HazardWarning) -> HazardSensorView?, into verdict: inout ReceptionVerdict
    ) {
        guard let warning = try? HazardWarning.decode(envelope.payload), let time = verdict.timing?.done else { return }
        let key = HazardKey(station: warning.stationID, hazard: warning.hazardID)
        verdict.plausibility = self.hazardPlausibility(of: warning, envelope: envelope, road: road, sensor: sensor)
        if let check = verdict.plausibility?.check {
            if self.refutedHazards.insert(key).inserted {
                // First refutation: drop the belief its earlier copies built and tell the authority.
                verdict.hazardsDropped = self.dropHazards { $0.key == key }
                verdict.report = self.report(check, about: envelope, at: time, evidence: digest)
            }
            verdict.outcome = .rejected(RejectionReason(check))
            return
        }
        guard !self.refutedHazards.contains(key), !self.hazards.contains(where: { $0.key == key }) else { return }
        self.hazards.append(HazardBelief(warning: warning, availableAt: time, envelope: envelope, evidence: digest))
        verdict.hazardAdded = key
        verdict.actedOn = true
    }

    /// What the DENM checks find; nil when detection is off. A warning the station refuted before
    /// fails again as `hazard_not_seen`: what it saw still holds.
    private func hazardPlausibility<Road: StationRoad>(
        of warning: HazardWarning, envelope: SignedEnvelope, road: Road, sensor: (HazardWarning) -> HazardSensorView?
    ) -> PlausibilityFinding? {
        guard self.detects else { return nil }
        let check: MisbehaviourReport.Check?
        if self.refutedHazards.contains(HazardKey(station: warning.stationID, hazard: warning.hazardID)) {
            check = .hazardNotSeen
        } else {
            let at = envelope.generationTime
            // CAM beliefs are matched by x along a straight road (as drivers use them); a ring has no such checks.
            let straight = !road.isRing
            let sender = straight ? self.neighbours[warning.stationID].map { $0.extrapolated(to: at, along: road).x } : nil
            let others = straight ? Array(self.neighbours.values.lazy.map { $0.extrapolated(to: at, along: road) }) : []
            check = HazardPlausibility.firstFailure(
                warning, expected: road.point(position: warning.roadPosition, lane: Double(warning.lane)),
                senderX: sender, others: others, sensor: sensor(warning), config: self.config.detection)
        }
        return check.map { .implausible($0) } ?? .plausible
    }

    /// Checks every warning believed (mode `full`): a belief whose sender has been revoked is
    /// dropped, and one the vehicle's own sensor refutes is dropped, remembered as refuted and
    /// reported, at `now`.
    public func reviewHazards(now: SimTime, sensor: (HazardWarning) -> HazardSensorView?) -> HazardReview {
        var review = HazardReview()
        guard self.detects, !self.hazards.isEmpty else { return review }
        var refuted: [HazardBelief] = []
        review.dropped = self.dropHazards { belief in
            if let revocations = self.verifier.revocations, revocations.isRevoked(belief.envelope.signer.digest, at: now) {
                return true
            }
            guard let view = sensor(belief.warning), HazardPlausibility.sensorFailure(view, config: self.config.detection) != nil
            else { return false }
            refuted.append(belief)
            return true
        }
        for belief in refuted {
            self.refutedHazards.insert(belief.key)
            review.reports.append(self.report(.hazardNotSeen, about: belief.envelope, at: now, evidence: belief.evidence))
        }
        return review
    }

    /// Removes the hazard beliefs that match; returns their keys in order.
    private func dropHazards(where matches: (HazardBelief) -> Bool) -> [HazardKey] {
        var kept: [HazardBelief] = []
        var dropped: [HazardKey] = []
        for belief in self.hazards {
            if matches(belief) { dropped.append(belief.key) } else { kept.append(belief) }
        }
        if kept.count != self.hazards.count { self.hazards = kept }
        return dropped
    }
}
