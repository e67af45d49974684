import SimKernel
import V2VCrypto

/// Offline audit of a stored chain: recomputes everything a block commits to and reports the
/// first block and field that do not hold.
public enum ChainAuditor {
    /// Audits `blocks`, which must be a whole chain starting at height 0.
    ///
    /// For each block in order: the header checks of `BlockValidator.validate` against the block
    /// before it (version, height, `previous_hash` link to the recomputed hash of the parent,
    /// proposer rotation, timestamp not before the parent's, `leaf_count`, block size, `merkle_root`), then the
    /// votes (members, no duplicates, sorted, every signature valid over the recomputed header hash,
    /// a quorum), then, given `revocationThreshold`, that every revocation leaf is one the
    /// `RevocationRule` derives from the report leaves of the blocks before it (field `revocation`).
    ///
    /// The votes also tell which side of a mismatch was altered. When a quorum signed the header as
    /// it is, the header is authentic, so a root or count mismatch is reported as `leaves`. When
    /// every header field is consistent but no vote verifies, the header was changed in a way only
    /// the signatures reveal (such as a later timestamp), and the field is `header`.
    /// - Returns: the report; `blocksChecked` counts up to the first bad block.
    /// - Complexity: O(total leaves) hashes plus one signature verification per vote.
    public static func audit(
        _ blocks: [Block], committee: RSUCommittee, maxBlockBytes: Int? = nil, revocationThreshold: Int? = nil
    ) -> AuditReport {
        var previousHash = Chain.genesisPreviousHash
        var previousTimestamp = SimTime.zero
        var rule = revocationThreshold.map(RevocationRule.init(threshold:))
        for (index, block) in blocks.enumerated() {
            let height = UInt64(index)
            let hash = block.hash
            if let problem = ChainAuditor.problem(
                in: block,
                hash: hash,
                height: height,
                previousHash: previousHash,
                notBefore: previousTimestamp,
                committee: committee,
                maxBlockBytes: maxBlockBytes
            ) {
                return AuditReport(blocksChecked: index + 1, firstProblem: problem)
            }
            if let unjustified = rule?.unjustifiedRevocation(in: block) {
                let name = Hex.encode((0..<8).map { UInt8(truncatingIfNeeded: unjustified.certificate >> (8 * $0)) })
                return AuditReport(blocksChecked: index + 1, firstProblem: AuditProblem(
                    height: height, field: "revocation",
                    message: "revocation of certificate \(name) is not what the report leaves of the earlier "
                        + "blocks call for"))
            }
            _ = rule?.apply(block)
            previousHash = hash
            previousTimestamp = block.header.timestamp
        }
        return AuditReport(blocksChecked: blocks.count, firstProblem: nil)
    }

    private static func problem(
        in block: Block,
        hash: Digest,
        height: UInt64,
        previousHash: Digest,
        notBefore: SimTime,
        committee: RSUCommittee,
        maxBlockBytes: Int?
    ) -> AuditProblem? {
        let review = VoteReview(block.votes, blockHash: hash, committee: committee)
        let check = BlockValidator.validate(
            block,
            previousHash: previousHash,
            expectedHeight: height,
            committee: committee,
            notBefore: notBefore,
            maxBlockBytes: maxBlockBytes
        )
        if case let .invalid(defect) = check {
            return ChainAuditor.describe(defect, at: height, headerIsSigned: review.hasQuorum(of: committee))
        }
        guard let voteProblem = review.firstProblem else { return nil }
        if case .invalidVoteSignature = voteProblem, review.validSigners == 0 {
            return AuditProblem(
                height: height,
                field: "header",
                message: "header hash is not what the votes signed: no vote verifies, so the header "
                    + "(e.g. its timestamp) or every signature was altered"
            )
        }
        return AuditProblem(height: height, field: "votes", message: voteProblem.description)
    }

    private static func describe(_ defect: BlockDefect, at height: UInt64, headerIsSigned: Bool) -> AuditProblem {
        switch defect {
        case let .leafCountMismatch(header, leaves) where headerIsSigned:
            return AuditProblem(
                height: height,
                field: "leaves",
                message: "leaves: the block has \(leaves) but the signed leaf_count is \(header)"
            )
        case .merkleRootMismatch where headerIsSigned:
            return AuditProblem(height: height, field: "leaves", message: "leaves do not match the signed merkle_root")
        default:
            return AuditProblem(height: height, field: defect.field, message: defect.description)
        }
    }
}
