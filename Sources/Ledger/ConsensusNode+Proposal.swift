import SimKernel
import V2VCrypto

/// Proposing a block and preparing the proposals of others.
extension ConsensusNode {
    mutating func propose(
        justification: PrepareCertificate?, at now: SimTime, mempool: inout LeafPool, _ out: inout [ConsensusOutput]
    ) {
        let height = self.chain.height
        self.proposed.insert(self.view)
        let block: Block
        if let justification {
            block = justification.block
        } else {
            // Leaves this chain already anchors (heard again, or caught up on) are left out. The
            // byte budget stops at the first leaf that does not fit, which stays first in the pool.
            let budget = (self.settings.maxBlockBytes ?? Int.max) - BlockHeader.encodedCount
            let leaves = mempool.take(max: self.settings.maxLeavesPerBlock, bytes: budget, cost: \.encodedCount)
                .filter { !self.chain.contains(leaf: $0) }
            block = BlockBuilder.propose(
                height: height, previous: self.chain.tipHash, leaves: leaves,
                timestamp: max(now, self.chain.tipTimestamp), proposer: self.id, view: self.view)
            self.myProposal = block
        }
        let signature = self.key.signature(for: ConsensusMessage.proposalBytes(view: self.view, blockHash: block.hash))
        let message = ConsensusMessage.proposal(
            view: self.view, block: block, signature: signature, justification: justification)
        if let collusion = self.collusion, justification == nil, self.committee.count > 1 {
            self.proposeInCollusion(block, message: message, collusion: collusion, at: now, mempool: &mempool, &out)
            return
        } else if self.equivocates && justification == nil && self.committee.count > 1 {
            // A Byzantine proposer: a second block with the same leaves and a later timestamp,
            // sent to the upper half of the committee after the first.
            var twin = block
            twin.header.timestamp = block.header.timestamp + SimTime(nanoseconds: 1)
            let twinSignature = self.key.signature(
                for: ConsensusMessage.proposalBytes(view: self.view, blockHash: twin.hash))
            let twinMessage = ConsensusMessage.proposal(
                view: self.view, block: twin, signature: twinSignature, justification: nil)
            let half = self.committee.count / 2
            for member in self.committee.members where member != self.id {
                if Int(member.raw) < half {
                    out.append(.send(message, to: member))
                } else {
                    out.append(.send(twinMessage, to: member))
                    out.append(.send(message, to: member))
                }
            }
        } else {
            out.append(.broadcast(message))
        }
        self.proposals[self.view] = block
        self.prepareIfAllowed(block, view: self.view, justification: justification, at: now, mempool: &mempool, &out)
    }

    mutating func onProposal(
        view: UInt64, block: Block, signature: Signature, justification: PrepareCertificate?, from: RSUID,
        at now: SimTime, mempool: inout LeafPool, _ out: inout [ConsensusOutput]
    ) {
        let height = self.chain.height
        guard from == self.committee.proposer(forHeight: height, view: view),
            self.committee.isValidSignature(
                signature, by: from, for: ConsensusMessage.proposalBytes(view: view, blockHash: block.hash))
        else { return }
        if let collusion = self.collusion, collusion.contains(from) {
            self.backColludingProposal(view: view, block: block, at: now, mempool: &mempool, &out)
            return
        }
        if let known = self.proposals[view] {
            if known.hash != block.hash && !self.poisoned.contains(view) {
                self.poisoned.insert(view)
                out.append(.equivocation(EquivocationEvidence(
                    proposer: from, height: height, view: view, first: known.hash, second: block.hash)))
                if view == self.view { self.startViewChange(to: view + 1, at: now, mempool: &mempool, &out) }
            }
            return
        }
        guard view >= self.view else { return }
        if view > self.view { self.enterView(view, at: now, mempool: &mempool, &out) }
        self.proposals[view] = block
        self.prepareIfAllowed(block, view: view, justification: justification, at: now, mempool: &mempool, &out)
    }

    mutating func prepareIfAllowed(
        _ block: Block, view: UInt64, justification: PrepareCertificate?,
        at now: SimTime, mempool: inout LeafPool, _ out: inout [ConsensusOutput]
    ) {
        guard view == self.view, !self.prepared.contains(view), !self.poisoned.contains(view) else { return }
        let check = BlockValidator.validate(
            block, previousHash: self.chain.tipHash, expectedHeight: self.chain.height, committee: self.committee,
            notBefore: self.chain.tipTimestamp, maxBlockBytes: self.settings.maxBlockBytes)
        guard check.isValid else { return }
        // A revocation must be one the rule derives from the chain: a proposer cannot revoke at will.
        if let rule = self.revocationRule, rule.unjustifiedRevocation(in: block) != nil { return }
        if let justification {
            guard justification.block.hash == block.hash, justification.isValid(committee: self.committee) else { return }
        } else if block.view != view {
            return
        }
        if let lock = self.lock, lock.block.hash != block.hash {
            guard let justification, justification.view >= lock.view else { return }
        }
        self.prepared.insert(view)
        let signature = self.key.signature(for: ConsensusMessage.prepareBytes(view: view, blockHash: block.hash))
        out.append(.broadcast(.prepare(height: self.chain.height, view: view, blockHash: block.hash, signature: signature)))
        self.addPrepare(MemberSignature(rsu: self.id, signature: signature), view: view, hash: block.hash,
                        at: now, mempool: &mempool, &out)
    }
}
