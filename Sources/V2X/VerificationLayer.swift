/// The layer of the receiver's pipeline that refused a message: what a rejection says about which
/// defence caught it (cryptography, freshness, the ledger's revocations, or plausibility).
public enum VerificationLayer: Int, Sendable, CaseIterable {
    /// The bytes did not decode as an envelope.
    case decode
    /// No usable certificate: unknown signer, a certificate that does not verify, or an expired one.
    case certificate
    /// The signature does not verify under the signer's key.
    case signature
    /// Stale, from the future, or replayed (ETSI freshness window and duplicate check).
    case freshness
    /// The signer's certificate is on the ledger's revocation list.
    case revocation
    /// A plausibility check on the content (mode `full`).
    case plausibility
    /// Dropped unverified because the receiver's queue was full: no defence caught it.
    case queue

    /// The layer that rejection `reason` belongs to.
    public init(_ reason: RejectionReason) {
        switch reason {
        case .decodeError: self = .decode
        case .unknownSigner, .badCertificate, .expiredCertificate: self = .certificate
        case .badSignature: self = .signature
        case .stale, .future, .replayed: self = .freshness
        case .revoked: self = .revocation
        case .queueOverflow: self = .queue
        // Every other reason is a failed plausibility check (`implausible_*`).
        default: self = .plausibility
        }
    }

    /// The name the summary prints.
    public var name: String {
        switch self {
        case .decode: return "decode"
        case .certificate: return "certificate"
        case .signature: return "signature"
        case .freshness: return "freshness"
        case .revocation: return "revoked"
        case .plausibility: return "plausibility"
        case .queue: return "queue"
        }
    }

    /// Whether a rejection at this layer is a defence catching the message (a full queue is not).
    public var isDefence: Bool { self != .queue }
}
