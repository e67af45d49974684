import SimKernel
import Traffic
import V2VCrypto
import V2X

/// Attackers: who attacks (chosen at admission), and the frames they send instead of genuine beacons.
extension Simulation {
    /// The attack of a newly admitted vehicle: the first `attackers` entry that selects it.
    func attackState(vehicle raw: Int) -> AttackState? {
        for (i, config) in self.scenario.attackers.enumerated() {
            let selected: Bool
            switch config.selection {
            case let .vehicles(ids): selected = ids.contains(UInt32(raw))
            case let .fraction(p):
                var pick = RandomStream.derived(
                    seed: self.scenario.seed, component: "attacker-pick-\(i)", entity: UInt64(raw))
                selected = pick.bernoulli(p)
            }
            guard selected else { continue }
            var state = AttackState(type: config.type, start: config.start, replayDelay: config.replayDelay)
            state.denmInterval = config.denmInterval
            state.hazardDistance = config.hazardDistance
            if !config.type.isOutsider && config.type.replacesBeacons {
                let road = self.scenario.road
                let width = Double(road.lanes) * road.laneWidth
                state.behaviour = AttackerBehaviour(
                    type: config.type, playground: (-100, road.length + 100, -100, width + 100),
                    stream: RandomStream.derived(seed: self.scenario.seed, component: "attacker", entity: UInt64(raw)))
            }
            return state
        }
        return nil
    }

    /// The frame an active attacker sends at its beacon, or nil (an outsider with nothing to send).
    func attackFrame(vehicle raw: Int, genuine: SensorBroadcast) -> OutgoingFrame? {
        let id = VehicleID(UInt32(raw))
        let signed = self.now + self.scenario.security.signCost
        guard var attack = self.agents[raw]!.attack else { return nil }
        defer { self.agents[raw]!.attack = attack }
        let name = attack.type.name
        if var behaviour = attack.behaviour {
            let emission = behaviour.emission(genuine: genuine, now: self.now)
            attack.behaviour = behaviour
            var broadcast = emission.broadcast
            let signer: SignerIdentifier
            let key: SigningKey
            switch emission.identity {
            case .own:
                signer = self.agents[raw]!.signer(at: self.now)
                key = self.agents[raw]!.key
            case let .ghost(n):
                if attack.ghosts[n] == nil {
                    let k = self.pseudonymKey(vehicle: raw, index: 100_000 + n)
                    attack.ghosts[n] = (k, self.issuePseudonym(k, owner: raw))
                }
                let ghost = attack.ghosts[n]!
                signer = .certificate(ghost.certificate)
                key = ghost.key
                broadcast.stationID = 0xC000_0000 | UInt32(truncatingIfNeeded: ghost.certificate.digest.raw & 0x3FFF_FFFF)
            case .fresh:
                attack.freshCount += 1
                let k = self.pseudonymKey(vehicle: raw, index: 500_000 + attack.freshCount)
                let certificate = self.issuePseudonym(k, owner: raw)
                signer = .certificate(certificate)
                key = k
                broadcast.stationID = 0xC000_0000 | UInt32(truncatingIfNeeded: certificate.digest.raw & 0x3FFF_FFFF)
            }
            let envelope = SignedEnvelope.sign(
                type: .cam, generationTime: emission.generationTime, signer: signer,
                payload: broadcast.encoded(extra: self.scenario.beacons.extraPayload), key: key)
            return OutgoingFrame(
                sender: id, x: genuine.x, y: genuine.y, envelope: envelope, signer: signer, publicKey: key.verifyingKey,
                generated: self.now, signed: signed, attacker: name)
        }
        switch attack.type {
        case .forgedSignature:
            // A captured certificate, a payload of our choosing, our own key: only the signature check stops it.
            guard let victim = attack.capturedCertificate else { return nil }
            let key = self.agents[raw]!.key
            let envelope = SignedEnvelope.sign(
                type: .cam, generationTime: self.now, signer: .certificate(victim),
                payload: genuine.encoded(extra: self.scenario.beacons.extraPayload), key: key)
            return OutgoingFrame(
                sender: id, x: genuine.x, y: genuine.y, envelope: envelope, signer: .certificate(victim),
                publicKey: victim.subjectKey, generated: self.now, signed: signed, attacker: name)
        case .tamperedInFlight:
            // The newest captured frame with its position moved 100 m along the road, original signature kept.
            guard let frame = attack.captured.popLast(),
                  var claim = try? SensorBroadcast.decode(frame.envelope.payload) else { return nil }
            claim.x += 100
            let payload = claim.encoded(extra: frame.envelope.payload.count - SensorBroadcast.fixedLength)
            var bytes = frame.envelope.bytes
            let start = bytes.count - 64 - payload.count
            bytes.replaceSubrange(start..<(start + payload.count), with: payload)
            guard let envelope = try? SignedEnvelope.decode(bytes) else { return nil }
            return self.relay(envelope, from: id, at: genuine, attack: attack, signed: signed)
        case .replayCaptured:
            // The newest frame captured at least `replayDelay` ago, sent again byte for byte.
            guard let index = attack.captured.lastIndex(where: { $0.time <= self.now - attack.replayDelay })
            else { return nil }
            let frame = attack.captured[index]
            attack.captured.removeFirst(index + 1)
            return self.relay(frame.envelope, from: id, at: genuine, attack: attack, signed: signed)
        default:
            return nil
        }
    }

    private func relay(
        _ envelope: SignedEnvelope, from id: VehicleID, at genuine: SensorBroadcast, attack: AttackState, signed: SimTime
    ) -> OutgoingFrame {
        let key = attack.keys[envelope.signer.digest] ?? self.agents[Int(id.raw)]!.key.verifyingKey
        return OutgoingFrame(
            sender: id, x: genuine.x, y: genuine.y, envelope: envelope, signer: envelope.signer, publicKey: key,
            generated: self.now, signed: signed, attacker: attack.type.name)
    }
}
