import SimKernel
import V2VCrypto

/// What a block's Merkle leaf records. The raw value is the type byte that starts the leaf's
/// canonical encoding, so two kinds can never share a leaf hash.
public enum LeafKind: UInt8, Hashable, Sendable, CaseIterable, CustomStringConvertible, Codable {
    /// A message the RSUs heard: the SHA-256 digest of its signed envelope.
    case message = 1
    /// A station's misbehaviour report against another station's certificate.
    case misbehaviourReport = 2
    /// The committee's revocation of a certificate, decided from reports on the chain.
    case revocation = 3
    /// A vehicle's pseudonym certificate and the digest of the driving-policy model it runs.
    case registration = 4
    /// A vehicle's pseudonym certificate and the digest of the learned misbehaviour detector it runs.
    case detectorRegistration = 5

    /// The name used in trace columns, CSV files and the CLI.
    public var description: String {
        switch self {
        case .message: return "message"
        case .misbehaviourReport: return "report"
        case .revocation: return "revocation"
        case .registration: return "registration"
        case .detectorRegistration: return "detector"
        }
    }

    /// The kind spelled as `description` spells it.
    public init?(name: String) {
        guard let kind = LeafKind.allCases.first(where: { $0.description == name }) else { return nil }
        self = kind
    }
}

/// One typed entry of a block: a kind and its canonical body.
///
/// The leaf's bytes are `kind ‖ body` and its RFC 6962 leaf hash is SHA-256(0x00 ‖ kind ‖ body).
/// The body layouts, byte by byte, are in `LedgerLeaf+Content.swift` and `docs/ledger.md`; the
/// typed constructors below are the only way to build a leaf, so every leaf in a block parses.
public struct LedgerLeaf: Hashable, Sendable, CustomStringConvertible, Codable {
    /// What the leaf records.
    public let kind: LeafKind
    /// The canonical encoding of the content, without the type byte.
    public let body: [UInt8]

    /// A leaf from its parts, as `init(encoded:)` and the typed constructors build it.
    init(kind: LeafKind, body: [UInt8]) {
        self.kind = kind
        self.body = body
    }

    /// The message leaf of the envelope whose SHA-256 is `digest`.
    public static func message(_ digest: Digest) -> LedgerLeaf {
        LedgerLeaf(kind: .message, body: digest.bytes)
    }

    /// The leaf's bytes: the type byte, then the body. This is what the Merkle leaf hash covers.
    public var encoded: [UInt8] { [self.kind.rawValue] + self.body }

    /// Size of `encoded` [B].
    public var encodedCount: Int { 1 + self.body.count }

    /// The RFC 6962 leaf hash: SHA-256(0x00 ‖ kind ‖ body).
    public var leafHash: Digest { MerkleTree.leafHash(self.encoded) }

    /// The message digest of a message leaf, nil for other kinds.
    public var messageDigest: Digest? {
        guard self.kind == .message else { return nil }
        // A message body is built from a Digest and checked at decoding, so it has 32 bytes.
        return try? Digest(bytes: self.body)
    }

    /// Parses a leaf's bytes, checking the type byte and that the body has its kind's layout.
    /// - Throws: `LeafDecodingError` naming what is wrong.
    public init(encoded bytes: [UInt8]) throws(LeafDecodingError) {
        guard let first = bytes.first else { throw LeafDecodingError("empty leaf") }
        guard let kind = LeafKind(rawValue: first) else { throw LeafDecodingError("unknown leaf type byte \(first)") }
        let leaf = LedgerLeaf(kind: kind, body: Array(bytes.dropFirst()))
        _ = try leaf.content()
        self = leaf
    }

    public var description: String { "\(self.kind) \(Hex.encode(self.body))" }

    /// The body as one buffer, not byte by byte (see `ByteHashing.swift` in V2VCrypto): every RSU's
    /// mempool keys every leaf it hears or is forwarded, so this runs leaves × RSUs times.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(self.kind)
        self.body.withUnsafeBytes { hasher.combine(bytes: $0) }
    }
}

/// Why bytes are not a leaf.
public struct LeafDecodingError: Error, Hashable, Sendable, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
