import SimKernel
import V2VCrypto

/// The canonical byte layout of a header (all integers little-endian):
///
/// | offset | size | field |
/// |---|---|---|
/// | 0 | 12 | domain prefix, ASCII `v2v.block.v1` |
/// | 12 | 1 | version (1) |
/// | 13 | 8 | height, UInt64 |
/// | 21 | 32 | previous hash |
/// | 53 | 32 | Merkle root |
/// | 85 | 8 | timestamp, Int64 nanoseconds (two's complement) |
/// | 93 | 4 | proposer, UInt32 |
/// | 97 | 4 | leaf count, UInt32 |
///
/// 101 bytes in all. The prefix keeps a header hash from ever equalling the hash of another kind of
/// signed object (a vote, a message).
extension BlockHeader {
    /// The domain-separation prefix that starts every encoded header.
    public static let domainPrefix: [UInt8] = Array("v2v.block.v1".utf8)

    /// Length of `encoded()` for version 1.
    public static let encodedCount = 101

    /// The canonical encoding that `hash` covers.
    /// - Complexity: O(1); 101 bytes.
    public func encoded() -> [UInt8] {
        var writer = ByteWriter(capacity: BlockHeader.encodedCount)
        writer.append(BlockHeader.domainPrefix)
        writer.append(littleEndian: self.version)
        writer.append(littleEndian: self.height)
        writer.append(self.previousHash.bytes)
        writer.append(self.merkleRoot.bytes)
        writer.append(littleEndian: self.timestamp.nanoseconds)
        writer.append(littleEndian: self.proposer.raw)
        writer.append(littleEndian: self.leafCount)
        return writer.bytes
    }

    /// Parses the canonical encoding.
    /// - Parameter bytes: exactly `encodedCount` bytes as `encoded()` writes them.
    /// - Returns: the header; `decode(h.encoded()) == h` for every version-1 header.
    /// - Throws: `LedgerError.malformedHeader` on a wrong length or prefix,
    ///   `LedgerError.unsupportedVersion` on a version other than 1.
    public static func decode(_ bytes: [UInt8]) throws(LedgerError) -> BlockHeader {
        guard bytes.count == BlockHeader.encodedCount else {
            throw .malformedHeader("expected \(BlockHeader.encodedCount) bytes, got \(bytes.count)")
        }
        var reader = ByteReader(bytes)
        guard reader.read(count: BlockHeader.domainPrefix.count) == BlockHeader.domainPrefix else {
            throw .malformedHeader("missing the 'v2v.block.v1' prefix")
        }
        let version = reader.read(littleEndian: UInt8.self)
        guard version == 1 else { throw .unsupportedVersion(version) }
        let height = reader.read(littleEndian: UInt64.self)
        let previousHash = BlockHeader.digest(reader.read(count: 32))
        let merkleRoot = BlockHeader.digest(reader.read(count: 32))
        let nanoseconds = Int64(bitPattern: reader.read(littleEndian: UInt64.self))
        let proposer = RSUID(raw: reader.read(littleEndian: UInt32.self))
        let leafCount = reader.read(littleEndian: UInt32.self)
        return BlockHeader(
            version: version,
            height: height,
            previousHash: previousHash,
            merkleRoot: merkleRoot,
            timestamp: SimTime(nanoseconds: nanoseconds),
            proposer: proposer,
            leafCount: leafCount
        )
    }

    private static func digest(_ bytes: [UInt8]) -> Digest {
        // The reader hands out exactly 32 bytes, so the length check cannot fail.
        try! Digest(bytes: bytes)
    }
}
