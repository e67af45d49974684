import SimKernel
import V2VCrypto

/// The caller's reference for a held reception, handed back untouched with its final verdict, so
/// that the simulation can record the reception it belongs to.
public struct HoldTicket: Hashable, Sendable, Codable {
    /// The simulation's message id.
    public let message: UInt64
    /// Sender–receiver distance at reception [m].
    public let distance: Double

    public init(message: UInt64, distance: Double) {
        self.message = message
        self.distance = distance
    }

    /// For callers that record nothing (tests, tools).
    public static let none = HoldTicket(message: 0, distance: 0)
}

/// How a held message left the pending-certificate hold.
public enum HoldResolution: String, Hashable, Sendable, Codable {
    /// Its signer's certificate arrived and the message went through the verifier then.
    case resolved
    /// `p2p_hold_time` passed without the certificate (or the vehicle left the road): rejected
    /// `unknown_signer`.
    case expired
    /// The hold was full and a newer message took its place: rejected `unknown_signer`.
    case evicted
}

/// The final verdict on a message that waited in the hold.
public struct HeldVerdict: Sendable {
    /// What the caller gave when the message arrived.
    public let ticket: HoldTicket
    /// When the message arrived.
    public let arrival: SimTime
    public let resolution: HoldResolution
    /// The verdict; its timing's `done` is when the station decided (after the wait).
    public var verdict: ReceptionVerdict
}

/// A digest-signed message from an unknown signer, waiting for the signer's certificate.
struct HeldMessage: Sendable, Codable {
    let envelope: SignedEnvelope
    /// SHA-256 of the frame (a report's evidence).
    let frameDigest: Digest
    let arrival: SimTime
    /// The verification that found the signer unknown.
    let firstCheck: VerificationTiming?
    let ticket: HoldTicket
}

/// The pending-certificate hold of one station: at most `limit` messages, oldest first.
///
/// IEEE 1609.2 lets a secure data service keep a signed message whose signer certificate it lacks
/// until the certificate arrives (by peer-to-peer distribution or the sender's periodic
/// certificate). Bounded in count (the station's `p2p_hold_limit`) and in time (`p2p_hold_time`),
/// and every message leaves it with a verdict: resolved, expired or evicted.
struct PendingCertificateHold: Sendable, Codable {
    private(set) var messages: [HeldMessage] = []

    var count: Int { self.messages.count }

    /// Holds `message`; returns the oldest held message when that made room for it.
    mutating func hold(_ message: HeldMessage, limit: Int) -> HeldMessage? {
        var evicted: HeldMessage?
        if self.messages.count >= limit, !self.messages.isEmpty { evicted = self.messages.removeFirst() }
        self.messages.append(message)
        return evicted
    }

    /// Whether a message signed by `signer` waits here.
    func holds(signer: CertificateDigest) -> Bool {
        self.messages.contains { $0.envelope.signer.digest == signer }
    }

    /// Takes every message signed by `signer` out, in arrival order.
    mutating func take(signer: CertificateDigest) -> [HeldMessage] {
        let taken = self.messages.filter { $0.envelope.signer.digest == signer }
        if !taken.isEmpty { self.messages.removeAll { $0.envelope.signer.digest == signer } }
        return taken
    }

    /// Takes out the messages held for `holdTime` or longer at `now`, in arrival order.
    mutating func expire(at now: SimTime, holdTime: SimTime) -> [HeldMessage] {
        // Arrival order, so the expired ones are a prefix.
        // The first arrival read in place: this runs for every reception, and copying a held
        // message (its envelope's arrays) to look at one field cost more than the rest.
        guard !self.messages.isEmpty, now - self.messages[0].arrival >= holdTime else { return [] }
        let k = self.messages.firstIndex { now - $0.arrival < holdTime } ?? self.messages.count
        let expired = Array(self.messages[..<k])
        self.messages.removeFirst(k)
        return expired
    }

    /// Takes every message out (the vehicle leaves the road).
    mutating func takeAll() -> [HeldMessage] {
        defer { self.messages.removeAll() }
        return self.messages
    }
}
