import SimKernel
import V2VCrypto

/// A frame an attacker's station puts on air instead of its genuine beacon.
public struct AttackFrame: Sendable {
    public let envelope: SignedEnvelope
    public let signer: SignerIdentifier
    /// The key that the signature was (or claims to be) made with.
    public let publicKey: VerifyingKey
    /// False when an insider's frame is exactly its genuine beacon (`AttackEmission.manipulated`).
    public var manipulated = true
}

/// The attacker side of a station: the frames an active attacker sends instead of genuine beacons,
/// and FakeHazard's invented warning.
extension VehicleStation {
    /// Pseudonym numbers of the credentials an attacker takes for ghosts and one-use identities,
    /// far above any real pseudonym change count.
    public static let ghostPseudonymBase = 100_000
    public static let freshPseudonymBase = 500_000

    /// The frame an active attacker sends at its beacon, or nil (an outsider with nothing to send).
    ///
    /// - Parameters:
    ///   - genuine: the beacon this vehicle would have sent.
    ///   - extraPayload: padding bytes of a beacon (`beacons.extra_payload`).
    ///   - credentials: issues the key and certificate of the attacker's pseudonym number `n`
    ///     (ghosts and one-use identities), as its enrolment would.
    public func attackFrame(
        genuine: SensorBroadcast, now: SimTime, extraPayload: Int,
        credentials: (Int) -> (key: SigningKey, certificate: Certificate)
    ) -> AttackFrame? {
        guard var attack = self.attack else { return nil }
        defer { self.attack = attack }
        if var behaviour = attack.behaviour {
            let emission = behaviour.emission(genuine: genuine, now: now)
            attack.behaviour = behaviour
            var broadcast = emission.broadcast
            let signer: SignerIdentifier
            let key: SigningKey
            switch emission.identity {
            case .own:
                signer = self.signer(at: now)
                key = self.key
            case let .ghost(n):
                if attack.ghosts[n] == nil {
                    let issued = credentials(Self.ghostPseudonymBase + n)
                    attack.ghosts[n] = Credentials(key: issued.key, certificate: issued.certificate)
                }
                let ghost = attack.ghosts[n]!
                signer = .certificate(ghost.certificate)
                key = ghost.key
                broadcast.stationID = 0xC000_0000 | UInt32(truncatingIfNeeded: ghost.certificate.digest.raw & 0x3FFF_FFFF)
            case .fresh:
                attack.freshCount += 1
                let fresh = credentials(Self.freshPseudonymBase + attack.freshCount)
                signer = .certificate(fresh.certificate)
                key = fresh.key
                broadcast.stationID = 0xC000_0000 | UInt32(truncatingIfNeeded: fresh.certificate.digest.raw & 0x3FFF_FFFF)
            }
            let envelope = SignedEnvelope.sign(
                type: .cam, generationTime: emission.generationTime, signer: signer,
                payload: broadcast.encoded(extra: extraPayload), key: key)
            return AttackFrame(
                envelope: envelope, signer: signer, publicKey: key.verifyingKey, manipulated: emission.manipulated)
        }
        switch attack.type {
        case .forgedSignature:
            // A captured certificate, a payload of our choosing, our own key: only the signature check stops it.
            guard let victim = attack.capturedCertificate else { return nil }
            let envelope = SignedEnvelope.sign(
                type: .cam, generationTime: now, signer: .certificate(victim),
                payload: genuine.encoded(extra: extraPayload), key: self.key)
            return AttackFrame(envelope: envelope, signer: .certificate(victim), publicKey: victim.subjectKey)
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
            return self.relay(envelope, attack: attack)
        case .replayCaptured:
            // The newest frame captured at least `replayDelay` ago, sent again byte for byte.
            guard let index = attack.captured.lastIndex(where: { $0.time <= now - attack.replayDelay }) else { return nil }
            let frame = attack.captured[index]
            attack.captured.removeFirst(index + 1)
            return self.relay(frame.envelope, attack: attack)
        default:
            return nil
        }
    }

    private func relay(_ envelope: SignedEnvelope, attack: AttackState) -> AttackFrame {
        let key = attack.keys[envelope.signer.digest] ?? self.key.verifyingKey
        return AttackFrame(envelope: envelope, signer: envelope.signer, publicKey: key)
    }

    /// FakeHazard: the signed false warning about a stopped vehicle that does not exist.
    ///
    /// At the first warning the attacker fixes the spot `hazardDistance` ahead of its front bumper
    /// at road position `position` in its own `lane`, so the warning reads like a real detection by
    /// a radar; every repetition names the same spot and hazard id, as a DENM repetition of one
    /// event does (ETSI EN 302 637-3). Nil for a station that is not such an attacker.
    public func falseHazardWarning<Road: StationRoad>(
        position: Double, lane: Int, now: SimTime, road: Road
    ) -> (envelope: SignedEnvelope, signer: SignerIdentifier)? {
        guard var attack = self.attack else { return nil }
        if attack.fakeSpot == nil {
            attack.fakeSpot = RoadSpot(position: road.wrapped(position + attack.hazardDistance), lane: lane)
            self.attack = attack
        }
        let spot = attack.fakeSpot!
        let point = road.point(position: spot.position, lane: Double(spot.lane))
        let warning = HazardWarning(
            stationID: self.stationID, hazardID: 0x8000 | UInt16(truncatingIfNeeded: self.vehicle),
            cause: .stationaryVehicle, lane: UInt8(clamping: spot.lane), x: point.x, y: point.y,
            roadPosition: spot.position, length: Self.fakeHazardLength)
        return self.sign(type: .denm, payload: warning.encoded(), at: now)
    }

    /// Invented obstacles are a car's length.
    public static let fakeHazardLength = 5.0
}
