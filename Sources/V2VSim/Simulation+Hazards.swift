import Radio
import SimKernel
import Trace
import Traffic
import V2VCrypto
import V2X

/// A hazard warning's identity: the originating station and its hazard id (ETSI's action id), so
/// that two stations' ids never shadow each other.
struct HazardKey: Hashable {
    let station: UInt32
    let hazard: UInt16
}

/// A hazard warning a vehicle accepted, and from when it may act on it.
struct HazardBelief {
    let warning: HazardWarning
    let availableAt: SimTime
    /// The envelope it came in and that envelope's SHA-256: the evidence of a later report.
    let envelope: SignedEnvelope
    let evidence: Digest
    /// Ground truth for the summary only (never read by a driver): the warning came from an attacker.
    let isFalse: Bool

    var key: HazardKey { HazardKey(station: self.warning.stationID, hazard: self.warning.hazardID) }
}

extension VehicleAgent {
    /// The nearest warned-about obstacle ahead of a front bumper at road position `position` in
    /// `lane`, as (gap to its rear, hazard id, whether the warning was false), among warnings usable
    /// at `now`.
    func warnedHazard(lane: Int, position: Double, now: SimTime, road: Highway) -> (gap: Double, id: UInt16, isFalse: Bool)? {
        var best: (gap: Double, id: UInt16, isFalse: Bool)?
        for belief in self.hazards where belief.availableAt <= now && Int(belief.warning.lane) == lane {
            guard let gap = Self.warnedGap(belief, position: position, road: road) else { continue }
            if best == nil || gap < best!.gap || (gap == best!.gap && belief.warning.hazardID < best!.id) {
                best = (gap, belief.warning.hazardID, belief.isFalse)
            }
        }
        return best
    }

    /// Every warned-about obstacle ahead of a front bumper at `position`, in any lane, among
    /// warnings usable at `now`, for the traffic layer; each tagged with its index in `hazards`.
    func warnedObstacles(position: Double, now: SimTime, road: Highway) -> [WarnedObstacle] {
        var obstacles: [WarnedObstacle] = []
        for (k, belief) in self.hazards.enumerated() where belief.availableAt <= now {
            guard let gap = Self.warnedGap(belief, position: position, road: road) else { continue }
            obstacles.append(WarnedObstacle(tag: UInt32(k), lane: Int(belief.warning.lane), gap: gap))
        }
        return obstacles
    }

    /// Gap from a front bumper at `position` to a warned obstacle's rear, nil when its front is not
    /// ahead. On a ring, ahead means within half the circumference, as for true hazards.
    private static func warnedGap(_ belief: HazardBelief, position: Double, road: Highway) -> Double? {
        let toFront = road.forwardDistance(from: position, to: belief.warning.roadPosition)
        guard toFront > 0, toFront < road.length / 2 || !road.isRing else { return nil }
        return toFront - belief.warning.length
    }
}

extension Simulation {
    /// After a traffic step: the first vehicle whose own sensor sees an unreported hazard raises a
    /// signed DENM-like warning (the nearest detector, ties to the lower id), and the detection is
    /// recorded in the incidents table as `hazard_detected`. With `repeat`, the nearest vehicle
    /// that senses the hazard at the time warns again every interval (ETSI repetition, here by
    /// whoever sees it now: the first detector soon drives past or out of the lane).
    func reportHazards() throws {
        let hazards = self.scenario.road.hazards
        guard !hazards.isEmpty else { return }
        if self.reportedHazards.count != hazards.count {
            self.reportedHazards = Array(repeating: false, count: hazards.count)
            self.lastHazardWarning = Array(repeating: nil, count: hazards.count)
        }
        let due = hazards.indices.map { k in
            self.world.activeHazards[k] && (!self.reportedHazards[k] || self.repetitionDue(hazard: k))
        }
        guard due.contains(true) else { return }
        let truth = self.world.groundTruthLeaders()
        var detector: [(gap: Double, index: Int)?] = Array(repeating: nil, count: hazards.count)
        for (i, v) in self.world.vehicles.enumerated() {
            guard let leader = truth[i], let k = leader.hazard, due[k],
                  self.scenario.traffic[v.group].sensor.detects(distance: leader.gap, road: self.world.highway)
            else { continue }
            if let best = detector[k], (best.gap, self.world.vehicles[best.index].id) <= (leader.gap, v.id) { continue }
            detector[k] = (leader.gap, i)
        }
        for (k, found) in detector.enumerated() {
            guard let found else { continue }
            let reporter = self.world.vehicles[found.index]
            if !self.reportedHazards[k] {
                self.reportedHazards[k] = true
                try self.recorder?.record(IncidentRow(
                    time: self.now, kind: "hazard_detected", vehicleA: reporter.id.raw, vehicleB: nil, value: found.gap,
                    detail: "distance_m"))
            }
            if hazards[k].warn {
                self.lastHazardWarning[k] = self.now
                try self.sendHazardWarning(from: reporter.id, hazard: k)
            }
        }
    }

    /// Whether reported hazard `k` is due for a repeated warning.
    private func repetitionDue(hazard k: Int) -> Bool {
        let hazard = self.scenario.road.hazards[k]
        guard hazard.warn, let interval = hazard.repetition, let last = self.lastHazardWarning[k] else { return false }
        return self.now - last >= interval
    }

    /// Signs and transmits one hazard warning (message type `denm`) from vehicle `id`.
    private func sendHazardWarning(from id: VehicleID, hazard k: Int) throws {
        guard self.agents[Int(id.raw)] != nil else { return }
        let hazard = self.scenario.road.hazards[k]
        let point = self.world.highway.point(position: hazard.position, lane: Double(hazard.lane))
        // The station id of the current pseudonym, as in the CAMs, so receivers can find the sender.
        let warning = HazardWarning(
            stationID: self.agents[Int(id.raw)]!.stationID, hazardID: UInt16(truncatingIfNeeded: k),
            cause: hazard.kind == .debris ? .obstacleOnTheRoad : .stationaryVehicle, lane: UInt8(clamping: hazard.lane),
            x: point.x, y: point.y, roadPosition: hazard.position, length: hazard.length)
        let signer = self.agents[Int(id.raw)]!.signer(at: self.now)
        let key = self.agents[Int(id.raw)]!.key
        let envelope = SignedEnvelope.sign(
            type: .denm, generationTime: self.now, signer: signer, payload: warning.encoded(), key: key)
        let sender = self.world.vehicles[self.vehicleIndex[Int(id.raw)]!]
        let senderPoint = self.world.highway.point(position: sender.position, lane: sender.lateralLane)
        let frame = OutgoingFrame(
            sender: id, x: senderPoint.x, y: senderPoint.y, envelope: envelope, signer: signer,
            publicKey: key.verifyingKey, generated: self.now, signed: self.now + self.scenario.security.signCost)
        // A DENM goes out in ETSI's highest access category without joining the beacon backoff: it
        // takes the fixed access delay and then occupies the medium like any frame.
        self.metrics.hazardWarnings.sent += 1
        try self.transmit(frame, at: frame.signed + self.scenario.radio.accessDelay)
    }

    /// Drops every accepted hazard warning older than `security.denm_validity` (ETSI
    /// validityDuration): without it a driver would keep slowing for an obstacle long cleared.
    func expireHazardWarnings() {
        let cutoff = self.now - self.scenario.security.denmValidity
        for raw in self.agents.indices where self.agents[raw]?.hazards.isEmpty == false {
            self.agents[raw]!.hazards.removeAll { $0.envelope.generationTime < cutoff }
        }
    }

    /// Takes an accepted DENM into the receiver's beliefs; true when it was a new hazard.
    /// A repetition of a warning already believed, or one the receiver has refuted, adds nothing.
    static func absorb(
        _ warning: HazardWarning, envelope: SignedEnvelope, evidence: Digest, into agent: inout VehicleAgent,
        verified: SimTime, isFalse: Bool
    ) -> Bool {
        let key = HazardKey(station: warning.stationID, hazard: warning.hazardID)
        guard !agent.refutedHazards.contains(key), !agent.hazards.contains(where: { $0.key == key }) else { return false }
        agent.hazards.append(HazardBelief(
            warning: warning, availableAt: verified, envelope: envelope, evidence: evidence, isFalse: isFalse))
        return true
    }
}
