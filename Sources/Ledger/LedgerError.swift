/// Why the ledger refused a header or a block.
public enum LedgerError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Header bytes of the wrong length or without the domain prefix.
    case malformedHeader(String)
    /// A header layout version this code cannot read.
    case unsupportedVersion(UInt8)
    /// The block itself is wrong (link, height, proposer, root, ...); see `BlockDefect`.
    case invalidBlock(BlockDefect)
    /// A vote from an RSU that is not in the committee.
    case voteByNonMember(RSUID)
    /// Two votes from the same RSU.
    case duplicateVote(RSUID)
    /// Votes not in ascending RSU order (the canonical order of a final block).
    case votesNotSorted
    /// A vote whose signature does not verify under its RSU's key over this block's hash.
    case invalidVoteSignature(RSUID)
    /// Fewer valid votes than the committee's quorum.
    case insufficientVotes(valid: Int, quorum: Int)

    public var description: String {
        switch self {
        case let .malformedHeader(why): return "malformed block header: \(why)"
        case let .unsupportedVersion(version): return "unsupported block header version \(version)"
        case let .invalidBlock(defect): return "invalid block: \(defect)"
        case let .voteByNonMember(rsu): return "vote by \(rsu), which is not a committee member"
        case let .duplicateVote(rsu): return "\(rsu) voted more than once"
        case .votesNotSorted: return "votes are not sorted by RSU id"
        case let .invalidVoteSignature(rsu): return "the vote by \(rsu) has an invalid signature"
        case let .insufficientVotes(valid, quorum): return "\(valid) valid votes, the quorum is \(quorum)"
        }
    }
}
