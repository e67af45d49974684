import V2VCrypto

/// A block: the header the committee votes on, the anchored leaves and, once final, the votes.
public struct Block: Hashable, Sendable, Codable {
    /// The signed header.
    public var header: BlockHeader
    /// The typed leaves (messages, reports, revocations, registrations), in anchoring order. The
    /// Merkle leaf hash of leaf `l` is SHA-256(0x00 ‖ l.kind ‖ l.body) (RFC 6962).
    public var leaves: [LedgerLeaf]
    /// The committee's votes over `hash`, sorted by RSU id; empty while the block is a proposal.
    public var votes: [Vote]
    /// The consensus view in which the proposer built the block (0 unless a view change replaced
    /// the first proposer). Not part of the header: it only says which rotation slot `proposer`
    /// must match, `(height + view) % n`.
    public var view: UInt64

    /// Creates a block from its parts.
    public init(header: BlockHeader, leaves: [LedgerLeaf], votes: [Vote] = [], view: UInt64 = 0) {
        self.header = header
        self.leaves = leaves
        self.votes = votes
        self.view = view
    }

    /// Size of the header and leaves as stored and sent [B]: what the scenario's block size limit
    /// bounds (votes excluded, since the proposer cannot know them).
    public var contentBytes: Int {
        BlockHeader.encodedCount + self.leaves.reduce(0) { $0 + $1.encodedCount }
    }

    /// The header hash, the block's identity.
    public var hash: Digest { self.header.hash }
}
