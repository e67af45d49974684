import SimKernel
import V2VCrypto

extension VehicleStation {
    /// Takes one received frame through the station: the processor queue, the verifier pipeline,
    /// then (CAM) plausibility checks, pseudonym linking and the neighbour table, or (DENM) the
    /// hazard checks and hazard beliefs. A digest-signed CAM from an unknown signer waits in the
    /// pending-certificate hold (`p2p_hold`) instead: its verdict comes later, in the `resolved`
    /// list of the reception that decides it (or of `expireHeld(at:)`).
    ///
    /// - Parameters:
    ///   - decoded: the frame's envelope decoded from its bytes (the same for every receiver).
    ///   - digest: SHA-256 of the frame's bytes, the evidence of a report.
    ///   - arrival: when the frame's last bit arrived.
    ///   - receiver: the receiving vehicle's own state.
    ///   - road: the road, for extrapolating beliefs and finding entrances.
    ///   - memo: memoised signature checks (pure answers shared by every station of a run).
    ///   - sensor: what this vehicle's own range sensor says about the spot a warning names.
    ///   - ticket: the caller's reference for this reception, handed back if the message is held.
    /// - Returns: the verdict.
    public func receive<Road: StationRoad>(
        _ decoded: Result<SignedEnvelope, DecodeError>, digest: Digest, arrival: SimTime, receiver: ReceiverState,
        road: Road, memo: any SignatureChecking, sensor: (HazardWarning) -> HazardSensorView?, ticket: HoldTicket = .none
    ) -> ReceptionVerdict {
        if self.attack?.type.isOutsider == true, case let .success(envelope) = decoded {
            // An outsider keeps what it hears, to replay or tamper with later.
            self.attack!.capture(envelope, at: arrival)
        }
        var resolved = self.expireHeld(at: arrival)
        guard let timing = self.chargeVerification(arrival: arrival) else {
            var verdict = ReceptionVerdict(outcome: .rejected(.queueOverflow), timing: nil)
            verdict.resolved = resolved
            return verdict
        }
        let result = self.verifier.verify(decoded: decoded, now: arrival, memo: memo)
        var verdict = ReceptionVerdict(outcome: result.outcome, timing: timing)
        verdict.messageType = result.envelope?.type
        // A station we have never heard before makes us send our certificate next (IEEE 1609.2).
        if let senderDigest = result.envelope?.signer.digest, self.heardStations.updateValue(arrival, forKey: senderDigest) == nil {
            self.certificateRequested = true
        }
        var released: [CertificateDigest] = []
        if let envelope = result.envelope {
            released = self.distribute(envelope, outcome: result.outcome, at: arrival, memo: memo)
        }
        // Held messages that a certificate heard here resolves go first: they are older than this
        // one, and a sender's claims must reach its track in the order they were made.
        for signer in released {
            resolved += self.release(signer: signer, at: arrival, receiver: receiver, road: road, memo: memo, sensor: sensor)
        }
        verdict.resolved = resolved
        if let envelope = result.envelope, result.outcome == .rejected(.unknownSigner), self.holds(envelope) {
            let message = HeldMessage(
                envelope: envelope, frameDigest: digest, arrival: arrival, firstCheck: timing, ticket: ticket)
            if let evicted = self.hold.hold(message, limit: self.config.p2p.holdLimit) {
                verdict.resolved.append(self.unresolved(evicted, .evicted, at: arrival))
            }
            verdict.held = true
            return verdict
        }
        guard result.outcome.isUsable, let envelope = result.envelope else { return verdict }
        self.take(envelope, digest: digest, receiver: receiver, road: road, sensor: sensor, into: &verdict)
        return verdict
    }

    /// Acts on a message that passed the verifier: hazard checks and beliefs (DENM), plausibility
    /// and the neighbour table (CAM).
    func take<Road: StationRoad>(
        _ envelope: SignedEnvelope, digest: Digest, receiver: ReceiverState, road: Road,
        sensor: (HazardWarning) -> HazardSensorView?, firstChecked: SimTime? = nil, into verdict: inout ReceptionVerdict
    ) {
        switch envelope.type {
        case .denm:
            self.takeHazardWarning(envelope, digest: digest, receiver: receiver, road: road, sensor: sensor, into: &verdict)
        case .cam:
            self.takeBeacon(envelope, digest: digest, receiver: receiver, road: road, firstChecked: firstChecked, into: &verdict)
        case .uplink, .uplinkAck:
            // Addressed to RSUs and to one vehicle's uplink queue; the simulation routes them there.
            break
        }
    }

    /// Peer-to-peer certificate distribution for one received message: ask for an unknown signer's
    /// certificate, note requests for ours, drop requests that a certificate on air answered, take
    /// a neighbour's answer we asked for, and note requests we may answer for others.
    ///
    /// Requests are honoured from any fresh message, verified or not, since the requester is often
    /// a station whose own certificate we lack too. A forged request can therefore make a station
    /// send its certificate, but at most once per `answerInterval`: the rate limit bounds that cost.
    /// A requested certificate is self-authenticating (the CA signed it), so it is taken from any
    /// fresh message too, but only when this station asked for it or holds messages it signed.
    ///
    /// - Returns: the certificates now known that held messages wait for.
    private func distribute(
        _ envelope: SignedEnvelope, outcome: VerificationOutcome, at arrival: SimTime, memo: any SignatureChecking
    ) -> [CertificateDigest] {
        var release: [CertificateDigest] = []
        var signerCertificate: Certificate?
        if case let .certificate(c) = envelope.signer { signerCertificate = c }
        if let c = signerCertificate, self.verifier.knows(c.digest), self.hold.holds(signer: c.digest) {
            release.append(c.digest)
        }
        guard self.distribution.config.enabled else { return release }
        switch outcome {
        case .rejected(.stale), .rejected(.future), .rejected(.decodeError): return release
        case .rejected(.unknownSigner): self.distribution.unknownSigner(envelope.signer.digest, at: arrival)
        default: break
        }
        var known: [CertificateDigest] = []
        if let c = signerCertificate {
            self.distribution.certificateOnAir(c.digest, at: arrival)
            if self.verifier.knows(c.digest) { known.append(c.digest) }
        }
        if let c = envelope.requestedCertificate {
            self.distribution.certificateOnAir(c.digest, at: arrival)
            let wanted = self.distribution.isRequesting(c.digest.hashedId3) || self.hold.holds(signer: c.digest)
            if wanted, !self.verifier.knows(c.digest), self.verifier.learn(c, at: arrival, memo: memo) {
                known.append(c.digest)
                if self.hold.holds(signer: c.digest) { release.append(c.digest) }
            }
        }
        self.distribution.heard(
            requests: envelope.requests, certificates: known, own: self.certificate.digest,
            ownLastSent: self.lastCertificateSent, at: arrival)
        if self.distribution.config.neighbourAnswers {
            let own = self.certificate.digest.hashedId3
            for id in envelope.requests where id != own && !self.distribution.isRequesting(id) {
                if let c = self.verifier.answerable(id, at: arrival) { self.distribution.neighbourRequested(c.digest, at: arrival) }
            }
        }
        return release
    }

    /// Queues one verification on the processor: it starts when both the message and the
    /// processor are ready and takes the modelled cost. Nil when the bounded queue is full.
    /// Without verification (`verify: none`) nothing is queued and the message is usable on arrival.
    func chargeVerification(arrival: SimTime) -> VerificationTiming? {
        guard self.config.verify != .none else { return VerificationTiming(start: arrival, done: arrival) }
        return self.processor.admit(arrival: arrival, cost: self.config.verifyCost).map {
            VerificationTiming(start: $0.start, done: $0.done)
        }
    }

    /// Judges an accepted CAM and, when it is plausible, takes it as the sender's belief.
    private func takeBeacon<Road: StationRoad>(
        _ envelope: SignedEnvelope, digest: Digest, receiver: ReceiverState, road: Road, firstChecked: SimTime?,
        into verdict: inout ReceptionVerdict
    ) {
        guard let claim = try? SensorBroadcast.decode(envelope.payload), let verified = verdict.timing?.done else { return }
        let plausibility = self.plausibility(
            of: claim, envelope: envelope, receiver: receiver, at: verified, firstChecked: firstChecked, road: road)
        verdict.plausibility = plausibility.finding
        verdict.detectorFeatures = plausibility.features
        // Reports follow the per-sender decision, not single messages: one doubtful beacon gets
        // rejected, a sender whose recent messages keep failing gets reported (`sender_threshold`).
        if let check = plausibility.report {
            verdict.report = self.report(
                check, about: envelope, at: verified, evidence: digest, detector: self.detectorDigest)
        }
        if let check = plausibility.finding?.check {
            // Never link to that belief again (see `refusedLinks`).
            if let linked = plausibility.linked, let belief = self.neighbours[linked] {
                self.refusedLinks[linked] = belief.generationTime
            }
            verdict.outcome = .rejected(RejectionReason(check))
            return
        }
        if let linked = plausibility.linked { self.neighbours[linked] = nil }
        self.attack?.behaviour?.heard(claim, at: verified)
        self.neighbours[claim.stationID] = NeighbourBelief(
            broadcast: claim, generationTime: envelope.generationTime, availableAt: verified)
        verdict.beliefUpdated = claim.stationID
        verdict.linkedFrom = plausibility.linked
        // Acted on: the message is now this vehicle's belief about the vehicle directly ahead.
        verdict.actedOn = self.isBelievedLeader(
            claim.stationID, lane: receiver.lane, x: receiver.position, now: verified, road: road)
    }

    /// A misbehaviour report by this station about `envelope`'s signer, naming the detector that
    /// decided (the rule-based one unless given).
    func report(
        _ check: MisbehaviourReport.Check, about envelope: SignedEnvelope, at time: SimTime, evidence: Digest,
        detector: Digest = LearnedDetector.ruleBasedDigest
    ) -> MisbehaviourReport {
        MisbehaviourReport(
            reporter: self.certificate.digest, suspect: envelope.signer.digest, check: check, time: time,
            evidence: evidence.bytes, detector: detector)
    }
}
