import Ledger
import Radio
import SimKernel
import Trace
import Traffic
import V2VCrypto
import V2X

/// A frame on air.
struct Transmission {
    let messageID: UInt64
    let sender: VehicleID
    let senderX: Double
    let senderY: Double
    let envelope: SignedEnvelope
    let generated: SimTime
    let transmitEnd: SimTime
    let digest: Digest
}

extension Simulation {
    /// Builds, signs and transmits one CAM-like beacon, then schedules the next.
    func sendBeacon(from id: VehicleID) throws {
        guard let index = self.vehicleIndex[Int(id.raw)], self.agents[Int(id.raw)] != nil else { return }
        let vehicle = self.world.vehicles[index]
        let highway = self.world.highway
        // During a lane change the beacon reports the lane that holds the vehicle's centre.
        let point = highway.point(position: vehicle.position, lane: vehicle.lateralLane)
        let broadcast = SensorBroadcast(
            stationID: id.raw, x: point.x, y: point.y,
            speed: vehicle.speed, heading: highway.headingDegrees(position: vehicle.position),
            acceleration: vehicle.acceleration, length: vehicle.length, lane: UInt8(clamping: vehicle.reportedLane))
        let signer = self.agents[Int(id.raw)]!.signer(at: self.now)
        let key = self.agents[Int(id.raw)]!.key
        let envelope = SignedEnvelope.sign(
            type: .cam, generationTime: self.now, signer: signer,
            payload: broadcast.encoded(extra: self.scenario.beacons.extraPayload), key: key)

        let security = self.scenario.security
        let radio = self.scenario.radio
        let signed = self.now + security.signCost
        let transmitStart = signed + radio.accessDelay
        let transmitEnd = transmitStart + Airtime.duration(payloadBytes: envelope.bytes.count, dataRate: radio.dataRate)
        let messageID = self.nextMessageID
        self.nextMessageID += 1
        self.metrics.messagesSent += 1
        if case .certificate = signer { self.metrics.certificatesSent += 1 }
        let digest = SHA256.hash(envelope.bytes)
        self.inFlight[messageID] = Transmission(
            messageID: messageID, sender: id, senderX: broadcast.x, senderY: broadcast.y, envelope: envelope,
            generated: self.now, transmitEnd: transmitEnd, digest: digest)
        self.eventDigest.update(digest.bytes)
        try self.recorder?.record(MessageRow(
            messageID: messageID, sender: id.raw, pseudonym: signer.digest.hex, messageType: MessageType.cam.description,
            tGenerated: self.now, tSigned: signed, tTransmitStart: transmitStart, tTransmitEnd: transmitEnd,
            sizeBytes: envelope.bytes.count, envelope: envelope.bytes, signerPublicKey: key.verifyingKey.bytes,
            attacker: nil))
        self.queue.schedule(.frameEnd(transmission: messageID), at: transmitEnd, phase: .deliver)
        self.queue.schedule(.beacon(id), at: self.now + self.beaconPeriod, phase: .broadcast)
    }

    /// Hands a finished frame to every vehicle and RSU in range (unit disk), in ascending order.
    func deliver(_ messageID: UInt64) throws {
        guard let tx = self.inFlight.removeValue(forKey: messageID) else { return }
        // Every receiver gets the same bytes, so they are decoded once for all of them.
        let decoded = Result<SignedEnvelope, DecodeError> { () throws(DecodeError) in try SignedEnvelope.decode(tx.envelope.bytes) }
        let range = self.scenario.radio.range
        for (entry, distance) in self.grid.within(radius: range, ofX: tx.senderX, y: tx.senderY) {
            let receiver = self.world.vehicles[entry.index]
            guard receiver.id != tx.sender else { continue }
            try self.receive(tx, decoded: decoded, by: receiver, distance: distance)
        }
        let rsuRange = self.scenario.ledger.rsuRange
        for i in self.rsus.indices {
            let dx = self.rsus[i].x - tx.senderX
            let dy = self.rsus[i].y - tx.senderY
            let distance = (dx * dx + dy * dy).squareRoot()
            if distance <= rsuRange { try self.receiveAtRSU(tx, decoded: decoded, rsu: i, distance: distance) }
        }
    }

    /// The receiver's verifier pipeline, its processor queue and what it then believes.
    private func receive(
        _ tx: Transmission, decoded: Result<SignedEnvelope, DecodeError>, by receiver: VehicleState, distance: Double
    ) throws {
        let raw = Int(receiver.id.raw)
        guard self.agents[raw] != nil else { return }
        let arrival = tx.transmitEnd + Airtime.propagation(distance: distance)
        // The agent is changed in place: copying it out would copy its certificate cache and replay
        // window on every reception.
        let (outcome, verified, actedOn) = self.updateAgent(&self.agents[raw]!, receiver: receiver, decoded: decoded, arrival: arrival)
        self.metrics.vehicleReceptions += 1
        self.count(outcome)
        if outcome.isUsable, tx.envelope.type == .cam { self.metrics.recordLatency(verified - tx.generated) }
        if actedOn { self.metrics.actedOn += 1 }
        self.digest(tag: 2, Int64(tx.messageID), Int64(receiver.id.raw), Int64(Self.outcomeCode(outcome)), verified.nanoseconds)
        try self.recorder?.record(ReceptionRow(
            messageID: tx.messageID, receiverKind: "vehicle", receiverID: receiver.id.raw, tReceived: arrival,
            distance: distance, radioOutcome: "received", verifyOutcome: outcome.label,
            reason: outcome.reasonCode, tVerified: verified,
            latency: outcome.isUsable ? verified - tx.generated : nil, actedOn: actedOn))
    }

    private func updateAgent(
        _ agent: inout VehicleAgent, receiver: VehicleState, decoded: Result<SignedEnvelope, DecodeError>, arrival: SimTime
    ) -> (VerificationOutcome, SimTime, Bool) {
        let result = agent.verifier.verify(decoded: decoded, now: arrival, memo: self.memo)
        let verified = self.chargeVerification(arrival: arrival, freeAt: &agent.processorFreeAt)
        // A station we have never heard before makes us send our certificate next (IEEE 1609.2).
        if let senderDigest = result.envelope?.signer.digest, agent.heardStations.insert(senderDigest).inserted {
            agent.certificateRequested = true
        }
        if result.outcome.isUsable, let envelope = result.envelope, envelope.type == .denm {
            return (result.outcome, verified, Self.absorb(envelope, into: &agent, verified: verified))
        }
        guard result.outcome.isUsable, let envelope = result.envelope, envelope.type == .cam,
              let claim = try? SensorBroadcast.decode(envelope.payload)
        else { return (result.outcome, verified, false) }
        agent.neighbours[claim.stationID] = NeighbourBelief(
            broadcast: claim, generationTime: envelope.generationTime, availableAt: verified)
        // Acted on: the message is now this vehicle's belief about the vehicle directly ahead.
        let leader = agent.believedLeader(lane: receiver.lane, x: receiver.position, now: verified)
        return (result.outcome, verified, leader?.station == claim.stationID)
    }

    /// An RSU verifies like a vehicle; what it accepts goes to its mempool and, over the backhaul, to the others.
    private func receiveAtRSU(
        _ tx: Transmission, decoded: Result<SignedEnvelope, DecodeError>, rsu i: Int, distance: Double
    ) throws {
        let arrival = tx.transmitEnd + Airtime.propagation(distance: distance)
        let result = self.rsus[i].verifier.verify(decoded: decoded, now: arrival, memo: self.memo)
        let verified = self.chargeVerification(arrival: arrival, freeAt: &self.rsus[i].processorFreeAt)
        self.metrics.rsuReceptions += 1
        if result.outcome.isUsable {
            if self.rsus[i].mempool.add(tx.digest), self.unanchored[tx.digest] == nil {
                self.unanchored[tx.digest] = (tx.messageID, tx.generated)
            }
            if self.rsus.count > 1 {
                // One event stands for the copies sent to every other RSU; all arrive after the same latency.
                self.queue.schedule(
                    .digestForwarded(tx.digest, from: self.rsus[i].id),
                    at: verified + self.scenario.ledger.backhaulLatency, phase: .ledger)
            }
        }
        self.digest(tag: 3, Int64(tx.messageID), Int64(i), Int64(Self.outcomeCode(result.outcome)), verified.nanoseconds)
        try self.recorder?.record(ReceptionRow(
            messageID: tx.messageID, receiverKind: "rsu", receiverID: UInt32(i), tReceived: arrival,
            distance: distance, radioOutcome: "received", verifyOutcome: result.outcome.label,
            reason: result.outcome.reasonCode, tVerified: verified,
            latency: result.outcome.isUsable ? verified - tx.generated : nil, actedOn: false))
    }

    /// Queues one verification on a station's processor: it starts when both the message and the
    /// processor are ready and takes the modelled cost. Returns when it is done.
    private func chargeVerification(arrival: SimTime, freeAt: inout SimTime) -> SimTime {
        guard self.scenario.security.verify != .none else { return arrival }
        let start = max(arrival, freeAt)
        let done = start + self.scenario.security.verifyCost
        freeAt = done
        return done
    }

    private func count(_ outcome: VerificationOutcome) {
        switch outcome {
        case .accepted: self.metrics.accepted += 1
        case .unchecked: self.metrics.unchecked += 1
        case let .rejected(reason): self.metrics.rejected[reason, default: 0] += 1
        }
    }

    static func outcomeCode(_ outcome: VerificationOutcome) -> Int {
        switch outcome {
        case .accepted: return 0
        case .unchecked: return 1
        case let .rejected(reason): return 2 + (RejectionReason.allCases.firstIndex(of: reason) ?? 0)
        }
    }
}
