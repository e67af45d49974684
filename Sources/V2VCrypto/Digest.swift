/// A SHA-256 digest: 32 bytes.
public struct Digest: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    /// The 32 digest bytes.
    public let bytes: [UInt8]

    /// Wraps 32 bytes as a digest.
    /// - Throws: `CryptoError.invalidLength` unless `bytes` has 32 elements.
    public init(bytes: [UInt8]) throws(CryptoError) {
        guard bytes.count == 32 else { throw .invalidLength(what: "SHA-256 digest", expected: 32, actual: bytes.count) }
        self.bytes = bytes
    }

    init(unchecked bytes: [UInt8]) { self.bytes = bytes }

    /// The digest of the empty string, RFC 6962's root of an empty tree.
    public static let ofEmpty = SHA256.hash([])

    /// Lowercase hex.
    public var hex: String { Hex.encode(self.bytes) }

    /// The last 8 bytes, as IEEE 1609.2 names certificates (HashedId8).
    public var last8: [UInt8] { Array(self.bytes[24..<32]) }

    public var description: String { self.hex }

    public static func < (lhs: Digest, rhs: Digest) -> Bool { lhs.bytes.lexicographicallyPrecedes(rhs.bytes) }
}
