import SimKernel
import V2VCrypto

/// Colluding Byzantine members (`kind: byzantine` in `ledger.faults`).
public struct Collusion: Hashable, Sendable, Codable {
    /// Every member of the collusion (this node among them), ascending.
    public let members: [RSUID]

    /// A collusion of `members`.
    public init(members: [RSUID]) {
        self.members = members.sorted()
    }

    /// Whether `rsu` colludes.
    public func contains(_ rsu: RSUID) -> Bool { self.members.contains(rsu) }
}

/// What a colluding Byzantine member does: when one of them proposes, it builds two conflicting
/// blocks for the height and shows each honest member only one of them (the lower half of the
/// honest ids the first, the upper half the second), and every colluder signs prepares and commits
/// for both at once. With `f + 1` colluders among `3f + 1` members each block gathers `f` honest
/// prepares plus `f + 1` colluding ones, a quorum, so both become final and the run's safety check
/// must fail; with `f` colluders neither half reaches a quorum on its own and safety holds.
/// Under an honest proposer a colluder behaves honestly.
extension ConsensusNode {
    /// Sends `block` and a twin of it as described above, and endorses both.
    mutating func proposeInCollusion(
        _ block: Block, message: ConsensusMessage, collusion: Collusion, at now: SimTime, mempool: inout LeafPool,
        _ out: inout [ConsensusOutput]
    ) {
        var twin = block
        twin.header.timestamp = block.header.timestamp + SimTime(nanoseconds: 1)
        let twinSignature = self.key.signature(for: ConsensusMessage.proposalBytes(view: self.view, blockHash: twin.hash))
        let twinMessage = ConsensusMessage.proposal(view: self.view, block: twin, signature: twinSignature, justification: nil)
        let honest = self.committee.members.filter { !collusion.contains($0) }
        let half = honest.count / 2
        for member in self.committee.members where member != self.id {
            if collusion.contains(member) {
                out.append(.send(message, to: member))
                out.append(.send(twinMessage, to: member))
            } else if let rank = honest.firstIndex(of: member), rank < half {
                out.append(.send(message, to: member))
            } else {
                out.append(.send(twinMessage, to: member))
            }
        }
        self.proposals[self.view] = block
        self.endorse(block, view: self.view, at: now, mempool: &mempool, &out)
        self.endorse(twin, view: self.view, at: now, mempool: &mempool, &out)
    }

    /// A colluder's answer to a fellow colluder's proposal: endorse every distinct block, and
    /// report no equivocation.
    mutating func backColludingProposal(
        view: UInt64, block: Block, at now: SimTime, mempool: inout LeafPool, _ out: inout [ConsensusOutput]
    ) {
        guard view >= self.view, self.colludingBlocks[block.hash] == nil else { return }
        if view > self.view { self.enterView(view, at: now, mempool: &mempool, &out) }
        if self.proposals[view] == nil { self.proposals[view] = block }
        self.endorse(block, view: view, at: now, mempool: &mempool, &out)
    }

    /// Signs and broadcasts a prepare and a commit for `block` without waiting for anything.
    private mutating func endorse(
        _ block: Block, view: UInt64, at now: SimTime, mempool: inout LeafPool, _ out: inout [ConsensusOutput]
    ) {
        // The first endorsement may already have finalised a block and moved to the next height.
        let height = self.chain.height
        guard block.header.height == height else { return }
        self.colludingBlocks[block.hash] = block
        let prepare = self.key.signature(for: ConsensusMessage.prepareBytes(view: view, blockHash: block.hash))
        out.append(.broadcast(.prepare(height: height, view: view, blockHash: block.hash, signature: prepare)))
        let vote = BlockValidator.vote(on: block, by: self.id, key: self.key)
        out.append(.broadcast(.commit(height: height, view: view, blockHash: block.hash, vote: vote)))
        // The own commit may complete a quorum already (the others' commits came first).
        self.addCommit(vote, view: view, hash: block.hash, at: now, mempool: &mempool, &out)
    }
}
