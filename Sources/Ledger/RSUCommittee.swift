import V2VCrypto

/// The permissioned set of RSUs that propose and vote on blocks, with their Ed25519 keys.
///
/// RSU `i` is the one whose key is `keys[i]`. The committee tolerates `f = (n - 1) / 3` Byzantine
/// members and finalises a block on `n - f` votes. For `n = 3f + 1` that is the classic PBFT
/// quorum `2f + 1` (Castro & Liskov, OSDI 1999); for other sizes `n - f` is larger than `2f + 1`,
/// which keeps both properties a quorum needs: the `n - f` honest RSUs can always reach it on their
/// own (liveness), and two quorums share at least `n - 2f ≥ f + 1` RSUs, one of them honest, so two
/// conflicting blocks cannot both be final (safety). For `n < 4` (`f = 0`) it asks for every vote.
public struct RSUCommittee: Sendable, Codable {
    /// The members' public keys, indexed by `RSUID.raw`.
    public let keys: [VerifyingKey]
    /// Verdicts on members' signatures, shared by every copy of this committee (not encoded: a
    /// decoded committee starts with an empty memo, which changes no answer).
    private let memo = CommitteeSignatureMemo()

    private enum CodingKeys: String, CodingKey { case keys }

    /// Creates the committee whose member `i` holds `keys[i]`.
    /// - Precondition: `keys` is not empty and holds no key twice (one holder of two seats could
    ///   cast two votes).
    public init(keys: [VerifyingKey]) {
        precondition(!keys.isEmpty, "an RSU committee needs at least one member")
        precondition(keys.count <= Int(UInt32.max), "too many RSUs for a UInt32 id")
        precondition(Set(keys).count == keys.count, "an RSU committee cannot hold the same key twice")
        self.keys = keys
    }

    /// Number of members, `n`.
    public var count: Int { self.keys.count }

    /// How many faulty members the committee tolerates: `f = (n - 1) / 3`.
    public var faultTolerance: Int { (self.count - 1) / 3 }

    /// Votes that make a block final: `n - f` (`2f + 1` when `n = 3f + 1`).
    public var quorum: Int { self.count - self.faultTolerance }

    /// Every member, in id order.
    public var members: [RSUID] { (0..<self.count).map { RSUID(raw: UInt32($0)) } }

    /// Whether `rsu` is a member.
    public func contains(_ rsu: RSUID) -> Bool { Int(rsu.raw) < self.count }

    /// The RSU whose turn it is to propose the block at `height`: round robin, `height % n`,
    /// as in Proof-of-Authority chains (EIP-225 Clique).
    public func proposer(forHeight height: UInt64) -> RSUID {
        RSUID(raw: UInt32(height % UInt64(self.count)))
    }

    /// The RSU that proposes at `height` in consensus `view`: `(height + view) % n`, so each view
    /// change hands the turn to the next member.
    public func proposer(forHeight height: UInt64, view: UInt64) -> RSUID {
        RSUID(raw: UInt32((height % UInt64(self.count) + view % UInt64(self.count)) % UInt64(self.count)))
    }

    /// The public key of `rsu`, or nil when `rsu` is not a member.
    public func key(_ rsu: RSUID) -> VerifyingKey? {
        self.contains(rsu) ? self.keys[Int(rsu.raw)] : nil
    }

    /// Real libsodium checks made through `isValidSignature(_:by:for:)` by this committee and its
    /// copies (for measuring what the shared memo saves).
    public var signatureChecks: Int { self.memo.checks }

    /// Whether `rsu` is a member and `signature` verifies over `message` under its key. Every
    /// distinct (member, message, signature) is checked with libsodium once per committee, however
    /// many of its members check it (see `CommitteeSignatureMemo`).
    public func isValidSignature(_ signature: Signature, by rsu: RSUID, for message: [UInt8]) -> Bool {
        guard let key = self.key(rsu) else { return false }
        return self.memo.isValid(signature, by: rsu, key: key, for: message)
    }
}
