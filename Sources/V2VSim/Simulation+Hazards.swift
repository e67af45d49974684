import Radio
import SimKernel
import Trace
import Traffic
import V2VCrypto
import V2X

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
        let station = self.agents[Int(id.raw)]!.station
        let (envelope, signer) = station.sign(type: .denm, payload: warning.encoded(), at: self.now)
        let key = station.key
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
        for case let agent? in self.agents where !agent.station.hazards.isEmpty {
            agent.station.expireHazards(before: cutoff)
            // Labels of expired beliefs go with them.
            if !agent.falseHazards.isEmpty {
                let held = Set(agent.station.hazards.map(\.key))
                agent.falseHazards = agent.falseHazards.filter { held.contains($0) }
            }
        }
    }
}
