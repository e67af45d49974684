import SimKernel
import V2VCrypto

/// A frame an outsider captured off the air.
public struct CapturedFrame: Sendable, Codable {
    public let envelope: SignedEnvelope
    public let time: SimTime
}

/// One attacker vehicle's attack: its type, start, behaviour and extra credentials. Held by the
/// attacker's own station, which acts on it; no receiver ever reads another station's attack.
public struct AttackState: Sendable, Codable {
    public let type: AttackType
    public let start: SimTime
    public let replayDelay: SimTime
    /// Insiders only.
    public var behaviour: AttackerBehaviour?
    /// Ghost pseudonyms (GridSybil, DataReplaySybil), by ghost number; looked up, never iterated.
    var ghosts: [Int: Credentials] = [:]
    /// Pseudonyms used once (DoSRandomSybil, DoSDisruptiveSybil).
    var freshCount = 0
    /// Outsiders: frames heard, oldest first, and the latest certificate heard in full.
    var captured: [CapturedFrame] = []
    var capturedCertificate: Certificate?
    /// Subject keys of certificates heard, to name the key of a captured digest-signed frame.
    var keys: [CertificateDigest: VerifyingKey] = [:]
    /// FakeHazard: repetition interval, distance ahead, and the invented obstacle's spot once chosen.
    public var denmInterval: SimTime = .seconds(1)
    public var hazardDistance = 150.0
    var fakeSpot: RoadSpot?

    static let captureLimit = 256

    public init(type: AttackType, start: SimTime, replayDelay: SimTime) {
        self.type = type
        self.start = start
        self.replayDelay = replayDelay
    }

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

/// A pseudonym's key and certificate (an attacker's ghost identity).
struct Credentials: Sendable, Codable {
    var key: SigningKey
    var certificate: Certificate
}

/// A spot on the road: position along it [m] and lane.
struct RoadSpot: Sendable, Codable {
    var position: Double
    var lane: Int
}
