import SimKernel
import V2VCrypto

/// What an RSU checks before it votes for a proposal, and how it votes.
public enum BlockValidator {
    /// Checks a proposed block against the chain it would extend. Votes are not looked at.
    ///
    /// Checks, in this order, and reports the first that fails: version is 1; height is
    /// `expectedHeight`; `previousHash` is the tip's hash; the proposer is the rotation's for
    /// this height and the block's view; the timestamp is not before `notBefore`; `leafCount` is the number of leaves;
    /// header and leaves fit in `maxBlockBytes`; `merkleRoot` is the RFC 6962 root of the leaves.
    /// - Parameters:
    ///   - block: the proposal.
    ///   - previousHash: hash of the chain's tip (32 zero bytes before the first block).
    ///   - expectedHeight: the chain's next height.
    ///   - committee: the RSU committee.
    ///   - notBefore: the parent block's timestamp (zero before the first block).
    ///   - maxBlockBytes: the block size limit (`Block.contentBytes`), or nil for none.
    /// - Returns: `.valid`, or `.invalid` with the first defect.
    /// - Complexity: O(n) hashes for n leaves.
    public static func validate(
        _ block: Block,
        previousHash: Digest,
        expectedHeight: UInt64,
        committee: RSUCommittee,
        notBefore: SimTime = .zero,
        maxBlockBytes: Int? = nil
    ) -> BlockCheck {
        let header = block.header
        if header.version != 1 {
            return .invalid(.unsupportedVersion(header.version))
        }
        if header.height != expectedHeight {
            return .invalid(.wrongHeight(expected: expectedHeight, actual: header.height))
        }
        if header.previousHash != previousHash {
            return .invalid(.wrongPreviousHash(expected: previousHash, actual: header.previousHash))
        }
        let proposer = committee.proposer(forHeight: expectedHeight, view: block.view)
        if header.proposer != proposer {
            return .invalid(.wrongProposer(expected: proposer, actual: header.proposer))
        }
        if header.timestamp < notBefore {
            return .invalid(.timestampBeforeParent(parent: notBefore, actual: header.timestamp))
        }
        if Int(header.leafCount) != block.leaves.count {
            return .invalid(.leafCountMismatch(header: header.leafCount, leaves: block.leaves.count))
        }
        if let limit = maxBlockBytes, block.contentBytes > limit {
            return .invalid(.oversized(bytes: block.contentBytes, limit: limit))
        }
        let root = block.merkleTree().root
        if header.merkleRoot != root {
            return .invalid(.merkleRootMismatch(header: header.merkleRoot, computed: root))
        }
        return .valid
    }

    /// The vote of `rsu` for `block`: its signature over `"v2v.vote.v1" ‖ block.hash`.
    /// - Parameters:
    ///   - block: a block that passed `validate`.
    ///   - rsu: the voter.
    ///   - key: the voter's signing key (the one its committee seat holds).
    public static func vote(on block: Block, by rsu: RSUID, key: SigningKey) -> Vote {
        Vote(rsu: rsu, signature: key.signature(for: Vote.signedBytes(forBlock: block.hash)))
    }
}
