import V2VCrypto

/// The 3-byte short name of a certificate that peer-to-peer certificate distribution uses to ask
/// for it: the last 3 bytes of its HashedId8 (`CertificateDigest`), as IEEE 1609.2 §6.3 (HashedId3)
/// and vanetza's `truncate()` define it. Short on purpose: a request costs 3 bytes on air, and a
/// rare collision only makes a second station answer with its own certificate.
public struct HashedId3: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    /// The 3 bytes packed little-endian in wire order (the top byte is always zero).
    public let raw: UInt32

    /// From 3 bytes, in the order they appear on the wire.
    public init(bytes: [UInt8]) {
        precondition(bytes.count == 3)
        self.raw = UInt32(bytes[0]) | UInt32(bytes[1]) << 8 | UInt32(bytes[2]) << 16
    }

    /// The short name of the certificate named `digest`: bytes 5, 6 and 7 of its 8 wire bytes.
    public init(_ digest: CertificateDigest) {
        // `CertificateDigest.raw` packs the wire bytes little-endian, so its last 3 bytes are the top 24 bits.
        self.raw = UInt32(truncatingIfNeeded: digest.raw >> 40)
    }

    /// The 3 bytes as on the wire.
    public var bytes: [UInt8] {
        [UInt8(truncatingIfNeeded: self.raw), UInt8(truncatingIfNeeded: self.raw >> 8), UInt8(truncatingIfNeeded: self.raw >> 16)]
    }

    /// 6 hex digits, in wire order.
    public var description: String { Hex.encode(self.bytes) }

    public static func < (lhs: HashedId3, rhs: HashedId3) -> Bool { lhs.raw < rhs.raw }
}

extension CertificateDigest {
    /// The certificate's HashedId3 (last 3 bytes of this HashedId8).
    public var hashedId3: HashedId3 { HashedId3(self) }
}
