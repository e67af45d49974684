import SimKernel
import V2VCrypto
import V2X

/// A frame an outsider captured off the air.
struct CapturedFrame {
    let envelope: SignedEnvelope
    let time: SimTime
}

/// One attacker vehicle's attack: its type, start, behaviour and extra credentials.
struct AttackState {
    let type: AttackType
    let start: SimTime
    let replayDelay: SimTime
    /// Insiders only.
    var behaviour: AttackerBehaviour?
    /// Ghost pseudonyms (GridSybil, DataReplaySybil), by ghost number; looked up, never iterated.
    var ghosts: [Int: (key: SigningKey, certificate: Certificate)] = [:]
    /// Pseudonyms used once (DoSRandomSybil, DoSDisruptiveSybil).
    var freshCount = 0
    /// Outsiders: frames heard, oldest first, and the latest certificate heard in full.
    var captured: [CapturedFrame] = []
    var capturedCertificate: Certificate?
    /// Subject keys of certificates heard, to name the key of a captured digest-signed frame.
    var keys: [CertificateDigest: VerifyingKey] = [:]
    /// FakeHazard: repetition interval, distance ahead, and the invented obstacle's spot once chosen.
    var denmInterval: SimTime = .seconds(1)
    var hazardDistance = 150.0
    var fakeSpot: (position: Double, lane: Int)?

    static let captureLimit = 256

    mutating func capture(_ envelope: SignedEnvelope, at time: SimTime) {
        guard envelope.type == .cam else { return }
        if case let .certificate(c) = envelope.signer {
            self.capturedCertificate = c
            self.keys[c.digest] = c.subjectKey
        }
        if self.captured.count == Self.captureLimit { self.captured.removeFirst() }
        self.captured.append(CapturedFrame(envelope: envelope, time: time))
    }
}

/// Per attack type: what its messages did at vehicle receivers (ground truth from the sender).
struct AttackCounters {
    var sent = 0
    var received = 0
    var accepted = 0
    var rejected = 0
    var actedOn = 0
}
