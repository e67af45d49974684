import V2VCrypto

/// Collects the votes on one proposed block as they arrive over the backhaul and says when the
/// block is final. It keeps only valid, first votes by members, in RSU order, so `votes` is exactly
/// what a final `Block` stores.
public struct VoteTally: Sendable, Codable {
    /// What happened to a vote handed to `record(_:)`.
    public enum Outcome: Hashable, Sendable, Codable {
        /// Valid and new; it counts towards the quorum.
        case counted
        /// The RSU had already voted; ignored.
        case duplicate
        /// Not a committee member; ignored.
        case nonMember
        /// The signature does not verify over this block's hash; ignored.
        case invalidSignature
    }

    /// The hash of the block being voted on.
    public let blockHash: Digest
    /// The committee whose votes count.
    public let committee: RSUCommittee
    /// The counted votes, sorted by RSU id.
    public private(set) var votes: [Vote] = []

    /// Starts an empty tally for the block with `blockHash`.
    public init(blockHash: Digest, committee: RSUCommittee) {
        self.blockHash = blockHash
        self.committee = committee
    }

    /// Checks `vote` and counts it when it is valid and the RSU's first.
    /// - Complexity: one signature verification, O(n) insertion.
    public mutating func record(_ vote: Vote) -> Outcome {
        guard self.committee.contains(vote.rsu) else { return .nonMember }
        let index = self.votes.firstIndex { $0.rsu >= vote.rsu } ?? self.votes.endIndex
        if index < self.votes.endIndex && self.votes[index].rsu == vote.rsu { return .duplicate }
        guard vote.isValid(forBlock: self.blockHash, committee: self.committee) else { return .invalidSignature }
        self.votes.insert(vote, at: index)
        return .counted
    }

    /// Number of counted votes.
    public var count: Int { self.votes.count }

    /// Whether the counted votes reach the committee's quorum, which makes the block final.
    public var hasQuorum: Bool { self.votes.count >= self.committee.quorum }
}
