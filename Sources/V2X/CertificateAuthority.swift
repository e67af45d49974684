import SimKernel
import V2VCrypto

/// The simulated root CA. Its key comes from the scenario seed, so certificates and every signature
/// over them are reproducible.
public struct CertificateAuthority: Sendable {
    private let key: SigningKey
    /// The CA's public key, which every station trusts.
    public var verifyingKey: VerifyingKey { self.key.verifyingKey }
    /// The CA's own name: HashedId8 of its public key (v2vsim has no separate root certificate yet).
    public let digest: CertificateDigest

    public init(key: SigningKey) {
        self.key = key
        self.digest = CertificateDigest(certificateBytes: key.verifyingKey.bytes)
    }

    /// Issues a pseudonym certificate for `subject`.
    public func issue(subject: VerifyingKey, validFrom: SimTime, validUntil: SimTime,
                      permissions: Certificate.Permissions = [.cam, .denm]) -> Certificate {
        let tbs = Certificate.toBeSigned(
            issuer: self.digest, subjectKey: subject, validFrom: validFrom, validUntil: validUntil, permissions: permissions)
        return Certificate(issuer: self.digest, subjectKey: subject, validFrom: validFrom, validUntil: validUntil,
                           permissions: permissions, signature: self.key.signature(for: tbs))
    }
}
