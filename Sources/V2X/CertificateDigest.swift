import V2VCrypto

/// The 8-byte name of a certificate: the last 8 bytes of SHA-256 over its encoding, as
/// IEEE 1609.2 / ETSI TS 103 097 name certificates (HashedId8).
public struct CertificateDigest: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    public let raw: UInt64

    public init(raw: UInt64) { self.raw = raw }

    /// The digest of encoded certificate bytes.
    public init(certificateBytes: [UInt8]) {
        self.init(bytes: SHA256.hash(certificateBytes).last8)
    }

    /// From 8 bytes, in the order they appear on the wire.
    public init(bytes: [UInt8]) {
        precondition(bytes.count == 8)
        var v: UInt64 = 0
        for (i, b) in bytes.enumerated() { v |= UInt64(b) << (8 * UInt64(i)) }
        self.raw = v
    }

    /// The 8 bytes as on the wire.
    public var bytes: [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: self.raw >> (8 * UInt64($0))) } }

    /// 16 hex digits, in wire order.
    public var hex: String { Hex.encode(self.bytes) }
    public var description: String { self.hex }

    public static func < (lhs: CertificateDigest, rhs: CertificateDigest) -> Bool { lhs.raw < rhs.raw }
}
