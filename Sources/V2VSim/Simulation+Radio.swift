import Ledger
import Radio
import SimKernel
import Trace
import Traffic
import V2VCrypto
import V2X

/// A frame on air.
struct Transmission: Codable {
    let messageID: UInt64
    let sender: VehicleID
    let senderX: Double
    let senderY: Double
    let envelope: SignedEnvelope
    let generated: SimTime
    let signed: SimTime
    let transmitStart: SimTime
    let transmitEnd: SimTime
    let digest: Digest
    /// Ground truth: the attack that produced the frame, nil for a genuine one.
    let attack: AttackType?
}

extension Simulation {
    /// Builds and signs one CAM-like beacon, hands it to the MAC, then schedules the next.
    func sendBeacon(from id: VehicleID) throws {
        guard let index = self.vehicleIndex[Int(id.raw)], self.agents[Int(id.raw)] != nil else { return }
        self.changePseudonymIfDue(vehicle: Int(id.raw))
        let vehicle = self.world.vehicles[index]
        let highway = self.world.highway
        // During a lane change the beacon reports the lane that holds the vehicle's centre.
        let point = highway.point(position: vehicle.position, lane: vehicle.lateralLane)
        let broadcast = SensorBroadcast(
            stationID: self.agents[Int(id.raw)]!.stationID, x: point.x, y: point.y,
            speed: vehicle.speed, heading: highway.headingDegrees(position: vehicle.position),
            acceleration: vehicle.acceleration, length: vehicle.length, lane: UInt8(clamping: vehicle.reportedLane))
        let frame: OutgoingFrame?
        var period = self.beaconPeriod
        var attacking = false
        if let attack = self.agents[Int(id.raw)]!.attack, self.now >= attack.start, attack.type.replacesBeacons {
            period = SimTime(nanoseconds: period.nanoseconds / Int64(attack.type.rateMultiplier))
            frame = self.attackFrame(vehicle: Int(id.raw), genuine: broadcast)
            attacking = frame != nil
        } else if self.agents[Int(id.raw)]!.attack?.type.isOutsider == true {
            // An outsider has no credentials to send genuine beacons with; it stays silent until it attacks.
            frame = nil
        } else {
            let header = self.agents[Int(id.raw)]!.camHeader(at: self.now)
            let key = self.agents[Int(id.raw)]!.key
            let envelope = SignedEnvelope.sign(
                type: .cam, generationTime: self.now, signer: header.signer, requests: header.requests,
                requestedCertificate: header.requestedCertificate,
                payload: broadcast.encoded(extra: self.scenario.beacons.extraPayload), key: key)
            frame = OutgoingFrame(
                sender: id, x: broadcast.x, y: broadcast.y, envelope: envelope, signer: header.signer,
                publicKey: key.verifyingKey, generated: self.now, signed: self.now + self.scenario.security.signCost)
        }
        if self.scenario.radio.reactiveDCC, self.channel != nil, !attacking {
            // DCC gates genuine beacons; attackers that flood ignore it (F2MD AttackDoSIgnoreDCC).
            period = max(period, self.medium.beaconInterval(station: Int(id.raw)))
        }
        self.queue.schedule(.beacon(id), at: self.now + period, phase: .broadcast)
        guard let frame else { return }
        if self.channel != nil {
            self.queue.schedule(.frameReady(id), at: frame.signed, phase: .broadcast)
            self.channel!.staged[Int(id.raw)] = frame
        } else {
            try self.transmit(frame, at: frame.signed + self.scenario.radio.accessDelay)
        }
    }

    /// Puts a frame on air at `start`: records it, tells the medium (which freezes the countdowns
    /// of the stations that sense it) and schedules the end of its airtime.
    func transmit(_ frame: OutgoingFrame, at start: SimTime) throws {
        let messageID = self.nextMessageID
        self.nextMessageID += 1
        let (end, effects) = self.medium.startFrame(
            RadioFrame(
                id: messageID, sender: Int(frame.sender.raw), payloadBytes: frame.envelope.bytes.count, x: frame.x,
                y: frame.y),
            at: start)
        if frame.envelope.type == .uplink {
            // Uplink frames have their own counters; `messages_sent` stays the V2V messages.
            self.uplink.transmitted(
                vehicle: Int(frame.sender.raw), hashes: self.uplink.framePending[Int(frame.sender.raw)] ?? [],
                bytes: frame.envelope.bytes.count, now: start)
        } else {
            self.metrics.messagesSent += 1
            if case .certificate = frame.signer { self.metrics.certificatesSent += 1 }
            self.metrics.certificateDistribution.noteSent(frame.envelope)
        }
        let digest = SHA256.hash(frame.envelope.bytes)
        self.inFlight[messageID] = Transmission(
            messageID: messageID, sender: frame.sender, senderX: frame.x, senderY: frame.y, envelope: frame.envelope,
            generated: frame.generated, signed: frame.signed, transmitStart: start, transmitEnd: end, digest: digest,
            attack: frame.attacker.flatMap { AttackType(name: $0) })
        if let name = frame.attacker, let type = AttackType(name: name) {
            self.metrics.attacks[type.rawValue].sent += 1
            let raw = Int(frame.sender.raw)
            if self.detection.firstAttack[raw] == nil { self.detection.firstAttack[raw] = start }
        }
        self.digest(.message, bytes: digest.bytes)
        try self.recorder?.record(MessageRow(
            messageID: messageID, sender: frame.sender.raw, pseudonym: frame.signer.digest.hex,
            messageType: frame.envelope.type.description,
            tGenerated: frame.generated, tSigned: frame.signed, tTransmitStart: start, tTransmitEnd: end,
            sizeBytes: frame.envelope.bytes.count, envelope: frame.envelope.bytes,
            signerPublicKey: frame.publicKey.bytes, attacker: frame.attacker))
        // The bytes are final now: their signature check can run on a worker while the frame is on air.
        self.prefetchVerification(of: frame)
        self.applyRadioEffects(effects)
        self.queue.schedule(.frameEnd(transmission: messageID), at: end, phase: .deliver)
    }

    /// Hands a finished frame to every vehicle and RSU the medium says may hear it, in ascending
    /// order (vehicles, then RSUs): decoded frames go to the receiver's verifier, lost ones are
    /// counted and, if the scenario records radio losses, traced.
    func deliver(_ messageID: UInt64) throws {
        guard let tx = self.inFlight.removeValue(forKey: messageID) else {
            self.deliverAck(messageID)
            return
        }
        // Uplink frames are for the RSUs: vehicles that decode one pass it over.
        let uplink = tx.envelope.type == .uplink
        // Every receiver gets the same bytes, so they are decoded once for all of them.
        let decoded = Result<SignedEnvelope, DecodeError> { () throws(DecodeError) in try SignedEnvelope.decode(tx.envelope.bytes) }
        let physical = self.channel != nil
        let receptions = self.medium.endFrame(id: messageID, now: self.now, threads: self.receptionThreads)
        // With more than one thread the stations decide first, in chunks; the loop applies their verdicts.
        let decided = self.decideInParallel(tx, decoded: decoded, receptions: receptions)
        for (k, reception) in receptions.enumerated() {
            switch reception.listener {
            case let .station(raw):
                guard !uplink, raw != Int(tx.sender.raw), let index = self.vehicleIndex[raw] else { continue }
                let receiver = self.world.vehicles[index]
                if physical { self.metrics.radio.recordAttempt(distance: reception.distance, outcome: reception.outcome) }
                if reception.outcome == .received {
                    try self.receive(
                        tx, decoded: decoded, by: receiver, distance: reception.distance,
                        decided: decided.isEmpty ? nil : decided[k])
                } else {
                    try self.recordLoss(
                        tx, kind: "vehicle", id: receiver.id.raw, distance: reception.distance, outcome: reception.outcome)
                }
            case let .fixed(i):
                if reception.outcome == .received && uplink {
                    try self.receiveUplink(tx, decoded: decoded, rsu: i, distance: reception.distance)
                } else if reception.outcome == .received {
                    try self.receiveAtRSU(tx, decoded: decoded, rsu: i, distance: reception.distance)
                } else {
                    try self.recordLoss(tx, kind: "rsu", id: UInt32(i), distance: reception.distance, outcome: reception.outcome)
                }
            }
        }
    }

    /// Routes a frame to the receiving vehicle's station, then records and scores its verdict.
    /// `decided` is the station's verdict when it was already decided on a worker
    /// (`decideInParallel`); the station is then not asked again.
    func receive(
        _ tx: Transmission, decoded: Result<SignedEnvelope, DecodeError>, by receiver: VehicleState, distance: Double,
        decided: ReceptionVerdict? = nil
    ) throws {
        let raw = Int(receiver.id.raw)
        guard let agent = self.agents[raw] else { return }
        let arrival = tx.transmitEnd + Airtime.propagation(distance: distance)
        let verdict = decided ?? self.updateAgent(
            agent, receiver: receiver, decoded: decoded, arrival: arrival, digest: tx.digest,
            ticket: HoldTicket(message: tx.messageID, distance: distance))
        self.metrics.vehicleReceptions += 1
        try self.record(verdict.resolved, at: agent)
        if verdict.held {
            self.hold(tx)
            return
        }
        try self.record(verdict, of: tx, at: agent, arrival: arrival, distance: distance)
    }

    /// Records and scores a station's final verdict on one reception of `tx` (now, or after the
    /// message waited in the station's pending-certificate hold).
    func record(
        _ verdict: ReceptionVerdict, of tx: Transmission, at agent: VehicleAgent, arrival: SimTime, distance: Double
    ) throws {
        let raw = Int(agent.id.raw)
        let outcome = verdict.outcome
        let timing = verdict.timing
        let actedOn = verdict.actedOn
        if case .rejected(.queueOverflow) = outcome { self.metrics.queueOverflows += 1 }
        if let report = verdict.report { self.forward(report, from: raw) }
        self.score(verdict, label: tx.attack, at: agent)
        self.collectSample(verdict, label: tx.attack, sender: tx.sender, receiver: raw)
        self.count(outcome)
        let latency = timing.map { $0.done - tx.generated }
        if outcome.isUsable, let timing, tx.envelope.type == .cam {
            self.metrics.recordLatency(timing.done - tx.generated)
            self.metrics.stages.record(
                signing: tx.signed - tx.generated, channelAccess: tx.transmitStart - tx.signed,
                airtime: tx.transmitEnd - tx.transmitStart, propagation: arrival - tx.transmitEnd,
                verificationQueue: timing.start - arrival, verification: timing.done - timing.start)
        }
        if actedOn { self.metrics.actedOn += 1 }
        // Genuine warnings only, like `sent`; false ones are counted in the FakeHazard outcome.
        if outcome.isUsable && tx.envelope.type == .denm && tx.attack == nil { self.metrics.hazardWarnings.accepted += 1 }
        if let attack = tx.attack {
            self.metrics.attacks[attack.rawValue].received += 1
            if outcome.isUsable { self.metrics.attacks[attack.rawValue].accepted += 1 }
            if case let .rejected(reason) = outcome {
                self.metrics.attacks[attack.rawValue].rejected += 1
                self.metrics.attacks[attack.rawValue].rejectedByLayer[VerificationLayer(reason).rawValue] += 1
            }
            if actedOn { self.metrics.attacks[attack.rawValue].actedOn += 1 }
        }
        self.digest(
            tag: 2, Int64(tx.messageID), Int64(agent.id.raw), Int64(Self.outcomeCode(outcome)),
            timing?.done.nanoseconds ?? -1)
        try self.recorder?.record(ReceptionRow(
            messageID: tx.messageID, receiverKind: "vehicle", receiverID: agent.id.raw, tReceived: arrival,
            distance: distance, radioOutcome: RadioOutcome.received.rawValue, verifyOutcome: outcome.label,
            reason: outcome.reasonCode, tVerifyStart: timing?.start, tVerified: timing?.done,
            latency: outcome.isUsable ? latency : nil, actedOn: actedOn))
    }

    /// Hands one frame to the receiver's station with what it knows of its own vehicle: where it
    /// is, and what its range sensor says about the spot a warning names.
    private func updateAgent(
        _ agent: VehicleAgent, receiver: VehicleState, decoded: Result<SignedEnvelope, DecodeError>, arrival: SimTime,
        digest: Digest, ticket: HoldTicket
    ) -> ReceptionVerdict {
        let road = self.world.highway
        let point = road.point(position: receiver.position, lane: receiver.lateralLane)
        let state = ReceiverState(position: receiver.position, lane: receiver.lane, x: point.x, y: point.y)
        return agent.station.receive(
            decoded, digest: digest, arrival: arrival, receiver: state, road: road, memo: self.memo,
            sensor: { self.sensorView(of: receiver, on: $0) }, ticket: ticket)
    }

    /// An RSU verifies like a vehicle; what it accepts goes to its mempool and, over the backhaul, to the others.
    func receiveAtRSU(
        _ tx: Transmission, decoded: Result<SignedEnvelope, DecodeError>, rsu i: Int, distance: Double
    ) throws {
        let arrival = tx.transmitEnd + Airtime.propagation(distance: distance)
        let timing = self.chargeVerification(arrival: arrival, processor: &self.rsus[i].processor)
        let outcome: VerificationOutcome
        if timing != nil {
            outcome = self.rsus[i].verifier.verify(decoded: decoded, now: arrival, memo: self.memo).outcome
        } else {
            outcome = .rejected(.queueOverflow)
        }
        self.metrics.rsuReceptions += 1
        if outcome.isUsable, let timing {
            self.rsuAccepted(
                .message(tx.digest), rsu: i, origin: LeafOrigin(messageID: tx.messageID, generated: tx.generated),
                at: timing.done)
        }
        self.digest(tag: 3, Int64(tx.messageID), Int64(i), Int64(Self.outcomeCode(outcome)), timing?.done.nanoseconds ?? -1)
        try self.recorder?.record(ReceptionRow(
            messageID: tx.messageID, receiverKind: "rsu", receiverID: UInt32(i), tReceived: arrival,
            distance: distance, radioOutcome: RadioOutcome.received.rawValue, verifyOutcome: outcome.label,
            reason: outcome.reasonCode, tVerifyStart: timing?.start, tVerified: timing?.done,
            latency: outcome.isUsable ? timing.map { $0.done - tx.generated } : nil, actedOn: false))
    }

    /// Queues one verification on a station's processor: it starts when both the message and the
    /// processor are ready and takes the modelled cost. Nil when the bounded queue is full.
    /// Without verification (`verify: none`) nothing is queued and the message is usable on arrival.
    func chargeVerification(
        arrival: SimTime, processor: inout VerificationProcessor
    ) -> (start: SimTime, done: SimTime)? {
        guard self.scenario.security.verify != .none else { return (arrival, arrival) }
        guard let timing = processor.admit(arrival: arrival, cost: self.scenario.security.verifyCost) else {
            self.metrics.queueOverflows += 1
            return nil
        }
        return timing
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
        case let .rejected(reason): return 2 + (Self.rejectionIndex[reason] ?? 0)
        }
    }

    /// Each rejection reason's index in `RejectionReason.allCases`, built once.
    private static let rejectionIndex: [RejectionReason: Int] = Dictionary(
        uniqueKeysWithValues: RejectionReason.allCases.enumerated().map { ($0.element, $0.offset) })
}
