import V2VCrypto

/// One RSU's signature on a block it validated.
///
/// The signed bytes are `"v2v.vote.v1" ‖ block hash` (11 + 32 bytes). The prefix keeps a vote from
/// being replayed as a signature on anything else.
public struct Vote: Hashable, Sendable, Codable {
    /// The voter.
    public let rsu: RSUID
    /// Ed25519 signature (RFC 8032) over `Vote.signedBytes(forBlock:)`.
    public let signature: Signature

    /// Wraps a voter and its signature.
    public init(rsu: RSUID, signature: Signature) {
        self.rsu = rsu
        self.signature = signature
    }

    /// The domain-separation prefix of every vote.
    public static let domainPrefix: [UInt8] = Array("v2v.vote.v1".utf8)

    /// The bytes a vote on the block with hash `blockHash` signs.
    public static func signedBytes(forBlock blockHash: Digest) -> [UInt8] {
        Vote.domainPrefix + blockHash.bytes
    }

    /// Whether this vote is by a member of `committee` and its signature verifies over `blockHash`.
    public func isValid(forBlock blockHash: Digest, committee: RSUCommittee) -> Bool {
        committee.isValidSignature(self.signature, by: self.rsu, for: Vote.signedBytes(forBlock: blockHash))
    }
}
