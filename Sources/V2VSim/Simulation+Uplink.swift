import Ledger
import Radio
import SimKernel
import Trace
import Traffic
import V2VCrypto
import V2X

/// Vehicles' leaves for the ledger (registrations when a vehicle takes a pseudonym, misbehaviour
/// reports when its checks fire) cross the radio to the RSUs:
///
/// 1. The leaf waits in the vehicle's bounded queue (`LedgerUplink`).
/// 2. After a traffic step, a vehicle with due leaves and an RSU within `rsus.range` picks a moment
///    in the next step (a per-vehicle, per-step draw, so that vehicles do not all send at once) and
///    signs up to `rsus.uplink.bundle` of them into an uplink frame (message type 3) with its
///    pseudonym's full certificate, so that any RSU can verify it without having heard a CAM.
/// 3. The frame contends for the medium in access category background (AC_BK, DCC profile DP3),
///    behind the beacons' best-effort (DP2): a beacon that becomes ready replaces a waiting uplink
///    frame, and an uplink frame is refused while a beacon waits; either way it is sent again at the
///    next step. On air it is an ordinary frame: it collides, fades and is lost below sensitivity.
/// 4. An RSU that decodes it verifies it like a CAM (certificate, freshness, revocation, signature,
///    replay; its modelled verify cost on its processor queue) and puts its registration and report
///    leaves into its mempool; a rejected frame is counted by reason. The RSU then acknowledges the
///    leaves with a small frame signed by its own key (message type 4), sent after its sign cost
///    and the fixed access delay (as DENMs are).
/// 5. A vehicle that hears an acknowledgement for itself checks the RSU's signature with the
///    permissioned key and removes the leaves from its queue; leaves left unacknowledged are sent
///    again after `ack_timeout · backoff^(n−1)` and given up after `max_attempts` transmissions.
extension Simulation {
    /// Submits the registration of vehicle `raw`'s current pseudonym `certificate`.
    func register(vehicle raw: Int, certificate: CertificateDigest, group: Int) {
        let leaf = LedgerLeaf.registration(RegistrationLeaf(
            certificate: certificate.raw, model: self.policyModelDigests[group], time: self.now))
        self.submitToLedger(leaf, from: raw)
        // A learned detector is declared beside the driving model, so that the reports it makes can be
        // traced to a registered model version; the rule-based detector has a fixed, documented
        // identifier and writes no leaf, which leaves runs without `detection.model` as they were.
        if let detector = self.policies.detector {
            self.submitToLedger(.detectorRegistration(DetectorRegistrationLeaf(
                certificate: certificate.raw, detector: detector.digest, time: self.now)), from: raw)
        }
    }

    /// Queues `leaf` from vehicle `raw` for the uplink.
    func submitToLedger(_ leaf: LedgerLeaf, from raw: Int) {
        self.uplink.grow(to: raw + 1)
        self.uplink.enqueue(leaf, vehicle: raw, now: self.now)
    }

    /// After every traffic step, in vehicle id order: a vehicle that left the road loses its queue;
    /// one with due leaves and an RSU nearby schedules its next uplink frame within the coming step.
    func flushUplinks() {
        for raw in self.uplink.waiting {
            if self.agents.indices.contains(raw), self.agents[raw] == nil {
                self.uplink.vehicleLeft(raw)
                continue
            }
            guard self.rsuNearby(vehicle: raw) else { continue }
            let due = self.uplink.dueLeaves(vehicle: raw, now: self.now)
            guard !due.isEmpty else { continue }
            self.uplink.framePending[raw] = due.map(\.hash)
            let step = UInt64(self.scenario.step.nanoseconds)
            var draw = Self.uplinkJitter(seed: self.scenario.seed).stream(
                entity: UInt64(raw), counter: UInt64(self.now.nanoseconds) / step)
            let offset = SimTime(nanoseconds: Int64(draw.integerDraw(below: step)))
            self.queue.schedule(.uplinkSend(VehicleID(UInt32(raw))), at: self.now + offset, phase: .broadcast)
        }
    }

    /// Draws of the moment within a step at which a vehicle sends its uplink frame.
    private static func uplinkJitter(seed: UInt64) -> CounterRandom {
        CounterRandom(seed: seed, component: "uplink-jitter")
    }

    /// Whether an RSU stands within `rsus.range` of vehicle `raw` (vehicles know where the RSUs are,
    /// not whether one is up), false when it is not on the road.
    func rsuNearby(vehicle raw: Int) -> Bool {
        // The medium holds the point `rebuildIndex` computed from the vehicle as it stands.
        guard let p = self.medium.position(of: raw) else { return false }
        let range = self.scenario.ledger.rsuRange
        return self.rsus.contains { ($0.x - p.x) * ($0.x - p.x) + ($0.y - p.y) * ($0.y - p.y) <= range * range }
    }

    /// The moment `flushUplinks` chose: vehicle `id` signs its pending leaves into an uplink frame
    /// and hands it to the MAC once signed (the unit disk puts it on air after the access delay).
    func sendUplinkFrame(_ id: VehicleID) throws {
        let raw = Int(id.raw)
        guard let hashes = self.uplink.framePending[raw] else { return }
        let leaves = self.uplink.queues[raw].filter { hashes.contains($0.hash) }
        guard let agent = self.agents[raw], let p = self.medium.position(of: raw), !leaves.isEmpty else {
            self.uplink.framePending[raw] = nil
            return
        }
        let station = agent.station
        let signer = SignerIdentifier.certificate(station.certificate)
        let envelope = SignedEnvelope.sign(
            type: .uplink, generationTime: self.now, signer: signer,
            payload: UplinkPayload(leaves: leaves.map(\.leaf.encoded)).encoded(), key: station.key)
        let frame = OutgoingFrame(
            sender: id, x: p.x, y: p.y, envelope: envelope, signer: signer, publicKey: station.key.verifyingKey,
            generated: self.now, signed: self.now + self.scenario.security.signCost)
        self.uplink.framePending[raw] = leaves.map(\.hash)
        if self.channel != nil {
            self.channel!.uplinkStaged[raw] = frame
            self.queue.schedule(.uplinkFrameReady(id), at: frame.signed, phase: .broadcast)
        } else {
            try self.transmit(frame, at: frame.signed + self.scenario.radio.accessDelay)
        }
    }

    /// The signed uplink frame of vehicle `id` is ready for its MAC (physical models).
    func uplinkFrameReady(_ id: VehicleID) {
        let raw = Int(id.raw)
        guard let frame = self.channel?.uplinkStaged[raw] else { return }
        self.channel!.uplinkStaged[raw] = nil
        guard self.medium.isJoined(raw) else {
            self.uplink.framePending[raw] = nil
            return
        }
        self.channel!.uplinkQueued[raw] = frame
        self.applyRadioEffects(self.medium.frameReady(
            station: raw, tag: Self.uplinkTag(station: raw), now: self.now, category: Self.uplinkCategory,
            displacing: false))
    }

    /// Uplink frames contend in background (AC_BK), the category of ETSI's DCC profile DP3, behind
    /// CAMs (DP2, best effort): registrations and reports are not time-critical safety messages. They
    /// never displace a waiting beacon, even when a scenario puts beacons in background too.
    static let uplinkCategory = AccessCategory.background

    /// The medium's tag of a station's uplink frame (a beacon's tag is the station number).
    static func uplinkTag(station: Int) -> UInt64 { UInt64(station) | 1 << 32 }

    /// The MAC refused or replaced vehicle `raw`'s uplink frame: its leaves wait for the next step.
    func uplinkDeferred(station raw: Int) {
        self.channel?.uplinkQueued[raw] = nil
        self.uplink.framePending[raw] = nil
        self.uplink.macDeferrals += 1
    }

    // MARK: At the RSU

    /// RSU `i` decoded an uplink frame: verify it, take its leaves into the mempool, acknowledge them.
    func receiveUplink(
        _ tx: Transmission, decoded: Result<SignedEnvelope, DecodeError>, rsu i: Int, distance: Double
    ) throws {
        // A crashed RSU hears nothing and acknowledges nothing.
        guard self.rsuNetwork.isUp(i) else { return }
        let arrival = tx.transmitEnd + Airtime.propagation(distance: distance)
        let timing = self.chargeVerification(arrival: arrival, processor: &self.rsus[i].processor)
        var outcome: VerificationOutcome = .rejected(.queueOverflow)
        var leaves: [LedgerLeaf] = []
        if timing != nil {
            let verdict = self.rsus[i].verifier.verify(decoded: decoded, now: arrival, memo: self.memo)
            outcome = verdict.outcome
            if outcome.isUsable, let envelope = verdict.envelope {
                if let parsed = Self.vehicleLeaves(envelope.payload) {
                    leaves = parsed
                } else {
                    outcome = .rejected(.decodeError)
                }
            }
        }
        if case let .rejected(reason) = outcome { self.uplink.rejectedAtRSU[reason, default: 0] += 1 }
        if let timing, !leaves.isEmpty, case let .success(envelope) = decoded {
            for leaf in leaves {
                self.rsuAccepted(leaf, rsu: i, origin: nil, at: timing.done)
                self.uplink.reachedRSU(leaf, vehicle: Int(tx.sender.raw), at: timing.done)
                self.digest(tag: 8, Int64(leaf.kind.rawValue), Int64(i), timing.done.nanoseconds)
            }
            self.sendAck(
                rsu: i, vehicle: Int(tx.sender.raw), signer: envelope.signer.digest,
                hashes: leaves.map(LedgerUplink.shortHash), at: timing.done)
        }
        self.digest(
            tag: 3, Int64(tx.messageID), Int64(i), Int64(Self.outcomeCode(outcome)), timing?.done.nanoseconds ?? -1)
        try self.recorder?.record(ReceptionRow(
            messageID: tx.messageID, receiverKind: "rsu", receiverID: UInt32(i), tReceived: arrival,
            distance: distance, radioOutcome: RadioOutcome.received.rawValue, verifyOutcome: outcome.label,
            reason: outcome.reasonCode, tVerifyStart: timing?.start, tVerified: timing?.done,
            latency: outcome.isUsable ? timing.map { $0.done - tx.generated } : nil, actedOn: false))
    }

    /// The leaves of an uplink payload, or nil when it does not decode or carries a kind vehicles may
    /// not submit (only registrations, detector registrations and reports: message digests and
    /// revocations are the RSUs' own).
    static func vehicleLeaves(_ payload: [UInt8]) -> [LedgerLeaf]? {
        guard let decoded = try? UplinkPayload.decode(payload) else { return nil }
        var leaves: [LedgerLeaf] = []
        for bytes in decoded.leaves {
            guard let leaf = try? LedgerLeaf(encoded: bytes),
                  leaf.kind == .registration || leaf.kind == .detectorRegistration || leaf.kind == .misbehaviourReport
            else { return nil }
            leaves.append(leaf)
        }
        return leaves
    }

    /// RSU `i` acknowledges `hashes` to the vehicle that signed with `signer`: a frame signed with the
    /// RSU's key, on air after the sign cost, the fixed access delay and a random wait below
    /// `ackSpread`. RSUs a kilometre apart cannot sense each other, and two that heard the same frame
    /// would otherwise start their acknowledgements in the same microsecond and collide at the vehicle
    /// between them (measured: 46 % of acknowledgements lost on `attacks/const-pos.yaml` without it).
    private func sendAck(rsu i: Int, vehicle raw: Int, signer: CertificateDigest, hashes: [UInt64], at time: SimTime) {
        let rsu = self.rsus[i]
        let envelope = SignedEnvelope.sign(
            type: .uplinkAck, generationTime: time, signer: .digest(Self.rsuDigest(rsu.key.verifyingKey)),
            payload: UplinkAck(vehicle: signer, leafHashes: hashes).encoded(), key: rsu.key)
        let id = LedgerUplink.ackFrameBase | self.uplink.nextAck
        var draw = CounterRandom(seed: self.scenario.seed, component: "uplink-ack").stream(
            entity: UInt64(i), counter: self.uplink.nextAck)
        self.uplink.nextAck += 1
        let wait = SimTime(nanoseconds: Int64(draw.integerDraw(below: UInt64(Self.ackSpread.nanoseconds))))
        let start = time + self.scenario.security.signCost + self.scenario.radio.accessDelay + wait
        let (end, effects) = self.medium.startFrame(
            RadioFrame(
                id: id, sender: RadioMedium.fixedSender(i), payloadBytes: envelope.bytes.count, x: rsu.x, y: rsu.y),
            at: start)
        self.uplink.acksOnAir[id] = LedgerUplink.AckFrame(rsu: i, vehicle: raw, envelope: envelope)
        self.uplink.acksSent += 1
        self.applyRadioEffects(effects)
        self.queue.schedule(.frameEnd(transmission: id), at: end, phase: .deliver)
    }

    /// The spread of an RSU's random wait before an acknowledgement: about ten acknowledgement airtimes.
    static let ackSpread = SimTime.milliseconds(2)

    /// How an acknowledgement names its RSU: the HashedId8 of the RSU's public key.
    static func rsuDigest(_ key: VerifyingKey) -> CertificateDigest { CertificateDigest(certificateBytes: key.bytes) }

    // MARK: Back at the vehicle

    /// An acknowledgement frame ended: if its vehicle decoded it, the vehicle checks it and drops the
    /// acknowledged leaves from its queue. Nobody else acts on it.
    func deliverAck(_ id: UInt64) {
        guard let ack = self.uplink.acksOnAir.removeValue(forKey: id) else { return }
        let heard = self.medium.endFrame(id: id, now: self.now).contains {
            $0.listener == .station(ack.vehicle) && $0.outcome == .received
        }
        guard heard, self.agents.indices.contains(ack.vehicle), let agent = self.agents[ack.vehicle] else {
            self.uplink.acksLost += 1
            self.digest(tag: 9, Int64(truncatingIfNeeded: id), Int64(ack.vehicle), -1, self.now.nanoseconds)
            return
        }
        guard let hashes = self.checkedAck(ack.envelope.bytes, vehicle: ack.vehicle, station: agent.station) else {
            self.uplink.acksRejected += 1
            self.digest(tag: 9, Int64(truncatingIfNeeded: id), Int64(ack.vehicle), -2, self.now.nanoseconds)
            return
        }
        self.uplink.acksReceived += 1
        self.uplink.acknowledged(vehicle: ack.vehicle, hashes: hashes)
        self.digest(tag: 9, Int64(truncatingIfNeeded: id), Int64(ack.vehicle), Int64(hashes.count), self.now.nanoseconds)
    }

    /// What a vehicle accepts of acknowledgement bytes: an envelope of type 4 from a permissioned RSU
    /// key with a valid signature, naming one of the vehicle's own pseudonyms; nil otherwise.
    func checkedAck(_ bytes: [UInt8], vehicle raw: Int, station: VehicleStation) -> [UInt64]? {
        guard let envelope = try? SignedEnvelope.decode(bytes), envelope.type == .uplinkAck,
              case let .digest(signer) = envelope.signer,
              let rsu = self.rsus.first(where: { Self.rsuDigest($0.key.verifyingKey) == signer }),
              self.memo.isValid(
                  signature: envelope.signatureBytes, message: envelope.signedBytes, key: rsu.key.verifyingKey),
              let ack = try? UplinkAck.decode(envelope.payload),
              ack.vehicle == station.certificate.digest || self.detection.owner[ack.vehicle] == raw
        else { return nil }
        return ack.leafHashes
    }
}
