import SimKernel
import V2VCrypto

/// A pseudonym certificate issued by the simulated CA, in the manner of an IEEE 1609.2
/// authorization ticket but signed with Ed25519 (1609.2 itself uses ECDSA; see docs/wire-format.md).
///
/// Layout, 126 bytes, little-endian:
///
/// | offset | size | field |
/// |---|---|---|
/// | 0 | 1 | version (1) |
/// | 1 | 1 | kind (1 = pseudonym) |
/// | 2 | 8 | issuer: digest of the CA certificate |
/// | 10 | 32 | subject Ed25519 public key |
/// | 42 | 8 | valid from, ns of simulated time (i64) |
/// | 50 | 8 | valid until, ns (i64) |
/// | 58 | 4 | permissions bit mask (1 = CAM, 2 = DENM) |
/// | 62 | 64 | CA Ed25519 signature over bytes 0..<62 |
public struct Certificate: Hashable, Sendable {
    public static let version: UInt8 = 1
    public static let encodedLength = 126
    static let signedLength = 62

    /// What a certificate allows its holder to sign.
    public struct Permissions: OptionSet, Hashable, Sendable, Codable {
        public let rawValue: UInt32
        public init(rawValue: UInt32) { self.rawValue = rawValue }
        public static let cam = Permissions(rawValue: 1)
        public static let denm = Permissions(rawValue: 2)
    }

    public let issuer: CertificateDigest
    public let subjectKey: VerifyingKey
    public let validFrom: SimTime
    public let validUntil: SimTime
    public let permissions: Permissions
    public let signature: Signature
    /// The exact encoding, kept so that digests and re-verification never re-encode.
    public let encoded: [UInt8]
    /// HashedId8 of `encoded`.
    public let digest: CertificateDigest

    /// The bytes the CA signs.
    static func toBeSigned(
        issuer: CertificateDigest, subjectKey: VerifyingKey, validFrom: SimTime, validUntil: SimTime, permissions: Permissions
    ) -> [UInt8] {
        var w = ByteWriter(capacity: Certificate.encodedLength)
        w.u8(Certificate.version)
        w.u8(1)
        w.raw(issuer.bytes)
        w.raw(subjectKey.bytes)
        w.i64(validFrom.nanoseconds)
        w.i64(validUntil.nanoseconds)
        w.u32(permissions.rawValue)
        return w.bytes
    }

    init(issuer: CertificateDigest, subjectKey: VerifyingKey, validFrom: SimTime, validUntil: SimTime,
         permissions: Permissions, signature: Signature) {
        self.issuer = issuer
        self.subjectKey = subjectKey
        self.validFrom = validFrom
        self.validUntil = validUntil
        self.permissions = permissions
        self.signature = signature
        self.encoded = Certificate.toBeSigned(
            issuer: issuer, subjectKey: subjectKey, validFrom: validFrom, validUntil: validUntil, permissions: permissions
        ) + signature.bytes
        self.digest = CertificateDigest(certificateBytes: self.encoded)
    }

    /// Decodes certificate bytes taken from a message; checks structure only, not the CA signature.
    public static func decode(_ reader: inout ByteReader) throws(DecodeError) -> Certificate {
        let start = reader.offset
        let version = try reader.u8("certificate.version")
        guard version == Certificate.version else {
            throw DecodeError(field: "certificate.version", offset: start, problem: "unsupported version \(version)")
        }
        let kind = try reader.u8("certificate.kind")
        guard kind == 1 else { throw DecodeError(field: "certificate.kind", offset: start + 1, problem: "unknown kind \(kind)") }
        let issuer = CertificateDigest(bytes: try reader.raw("certificate.issuer", count: 8))
        let keyBytes = try reader.raw("certificate.subject_key", count: 32)
        let from = SimTime(nanoseconds: try reader.i64("certificate.valid_from"))
        let until = SimTime(nanoseconds: try reader.i64("certificate.valid_until"))
        let permissions = Permissions(rawValue: try reader.u32("certificate.permissions"))
        let sigBytes = try reader.raw("certificate.signature", count: 64)
        // Lengths were checked by the reads above, so these cannot throw.
        let key = try! VerifyingKey(bytes: keyBytes)
        let sig = try! Signature(bytes: sigBytes)
        return Certificate(issuer: issuer, subjectKey: key, validFrom: from, validUntil: until, permissions: permissions, signature: sig)
    }

    /// Whether the certificate is valid at `time`.
    public func isValid(at time: SimTime) -> Bool { self.validFrom <= time && time <= self.validUntil }
}
