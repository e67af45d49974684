import SimKernel
import V2VCrypto

/// The verdict of `BlockValidator.validate`.
public enum BlockCheck: Hashable, Sendable {
    /// The block may be voted on.
    case valid
    /// The block is wrong in the way the defect names.
    case invalid(BlockDefect)

    /// Whether the verdict is `.valid`.
    public var isValid: Bool { self == .valid }
}

/// One thing wrong with a proposed block, named after the header field it concerns.
public enum BlockDefect: Hashable, Sendable, CustomStringConvertible {
    /// A header version other than 1.
    case unsupportedVersion(UInt8)
    /// The height is not the next one.
    case wrongHeight(expected: UInt64, actual: UInt64)
    /// `previousHash` is not the hash of the chain's tip.
    case wrongPreviousHash(expected: Digest, actual: Digest)
    /// The proposer is not the one the rotation names for this height.
    case wrongProposer(expected: RSUID, actual: RSUID)
    /// The timestamp is earlier than the parent block's.
    case timestampBeforeParent(parent: SimTime, actual: SimTime)
    /// `leafCount` differs from the number of leaves.
    case leafCountMismatch(header: UInt32, leaves: Int)
    /// `merkleRoot` is not the RFC 6962 root of the leaves.
    case merkleRootMismatch(header: Digest, computed: Digest)
    /// Header and leaves take more bytes than the chain's block size limit.
    case oversized(bytes: Int, limit: Int)

    /// The header field at fault, as audit reports and trace columns spell it.
    public var field: String {
        switch self {
        case .unsupportedVersion: return "version"
        case .wrongHeight: return "height"
        case .wrongPreviousHash: return "previous_hash"
        case .wrongProposer: return "proposer"
        case .timestampBeforeParent: return "timestamp"
        case .leafCountMismatch: return "leaf_count"
        case .merkleRootMismatch: return "merkle_root"
        case .oversized: return "block_size"
        }
    }

    public var description: String {
        switch self {
        case let .unsupportedVersion(version):
            return "version is \(version), expected 1"
        case let .wrongHeight(expected, actual):
            return "height is \(actual), expected \(expected)"
        case let .wrongPreviousHash(expected, actual):
            return "previous_hash \(actual.hex.prefix(16))… does not link to the parent \(expected.hex.prefix(16))…"
        case let .wrongProposer(expected, actual):
            return "proposer is \(actual), the rotation names \(expected)"
        case let .timestampBeforeParent(parent, actual):
            return "timestamp \(actual) s is before the parent's \(parent) s"
        case let .leafCountMismatch(header, leaves):
            return "leaf_count is \(header) but the block has \(leaves) leaves"
        case .merkleRootMismatch:
            return "merkle_root does not match leaves"
        case let .oversized(bytes, limit):
            return "block_size: header and leaves take \(bytes) B, the limit is \(limit) B"
        }
    }
}
