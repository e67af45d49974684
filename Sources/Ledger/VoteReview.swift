import V2VCrypto

/// What the votes of a supposedly final block show: the first rule they break, and how many
/// distinct members signed the header hash. Shared by `Chain.appendFinal` and `ChainAuditor`, so
/// that both apply the same rules.
struct VoteReview {
    /// The first broken rule, in vote order: non-member, duplicate, out of order, bad signature;
    /// then too few votes. Nil when the votes make the block final.
    private(set) var firstProblem: LedgerError?
    /// Distinct committee members whose signature over the hash verifies.
    private(set) var validSigners = 0
    /// Votes whose signature did not verify (members only).
    private(set) var invalidSignatures = 0

    /// Checks every vote of `votes` against `blockHash`.
    /// - Complexity: one signature verification per vote by a member.
    init(_ votes: [Vote], blockHash: Digest, committee: RSUCommittee) {
        let message = Vote.signedBytes(forBlock: blockHash)
        var seen = Set<RSUID>()  // membership only, never iterated
        var previous: RSUID?
        for vote in votes {
            guard committee.contains(vote.rsu) else {
                self.note(.voteByNonMember(vote.rsu))
                continue
            }
            let isFirst = seen.insert(vote.rsu).inserted
            if !isFirst { self.note(.duplicateVote(vote.rsu)) }
            if let previous, previous > vote.rsu { self.note(.votesNotSorted) }
            previous = vote.rsu
            if committee.isValidSignature(vote.signature, by: vote.rsu, for: message) {
                if isFirst { self.validSigners += 1 }
            } else {
                self.invalidSignatures += 1
                self.note(.invalidVoteSignature(vote.rsu))
            }
        }
        if self.validSigners < committee.quorum {
            self.note(.insufficientVotes(valid: self.validSigners, quorum: committee.quorum))
        }
    }

    /// Whether a quorum of members signed the hash, whatever else is wrong with the votes.
    func hasQuorum(of committee: RSUCommittee) -> Bool { self.validSigners >= committee.quorum }

    private mutating func note(_ problem: LedgerError) {
        if self.firstProblem == nil { self.firstProblem = problem }
    }
}
