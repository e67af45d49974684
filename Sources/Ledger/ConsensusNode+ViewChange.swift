import SimKernel
import V2VCrypto

/// Replacing a silent or misbehaving proposer by moving to the next view.
extension ConsensusNode {
    mutating func startViewChange(
        to newView: UInt64, at now: SimTime, mempool: inout LeafPool, _ out: inout [ConsensusOutput]
    ) {
        guard newView > self.view else { return }
        self.viewChangesStarted += 1
        self.enterView(newView, at: now, mempool: &mempool, &out)
        let signature = self.key.signature(for: ConsensusMessage.viewChangeBytes(
            height: self.chain.height, newView: newView, highest: self.lock))
        out.append(.broadcast(.viewChange(height: self.chain.height, newView: newView, highest: self.lock, signature: signature)))
        self.addViewChange(from: self.id, newView: newView, highest: self.lock, at: now, mempool: &mempool, &out)
    }

    /// Moves to `newView`: stops taking part in older views and arms the new view's timeout.
    mutating func enterView(_ newView: UInt64, at now: SimTime, mempool: inout LeafPool, _ out: inout [ConsensusOutput]) {
        guard newView > self.view else { return }
        self.view = newView
        self.returnAbandonedProposal(to: &mempool)
        out.append(.viewChanged(height: self.chain.height, view: newView))
        out.append(.timer(ConsensusTimer(kind: .viewTimeout, height: self.chain.height, view: newView),
                          at: now + self.timeout(forView: newView)))
        self.proposeAfterViewChangeIfReady(at: now, mempool: &mempool, &out)
    }

    /// Whether members following the revocation rule would accept `leaf` in a proposal at this
    /// height: any leaf but a revocation, and a revocation only when the rule calls for it.
    /// Gives the leaves of this node's proposal that did not become final back to the pool, except
    /// revocations this node's rule does not support on its chain: members refused the proposal
    /// for them and would refuse them again, costing a view change on each turn.
    mutating func returnAbandonedProposal(to mempool: inout LeafPool) {
        guard let abandoned = self.myProposal else { return }
        for leaf in abandoned.leaves where self.keepsRefusedRevocations || self.ruleAllows(leaf) {
            mempool.add(leaf)
        }
        self.myProposal = nil
    }

    func ruleAllows(_ leaf: LedgerLeaf) -> Bool {
        guard leaf.kind == .revocation, let rule = self.revocationRule else { return true }
        guard case let .revocation(revocation)? = try? leaf.content() else { return false }
        return rule.supports(revocation)
    }

    mutating func onViewChange(
        newView: UInt64, highest: PrepareCertificate?, signature: Signature, from: RSUID,
        at now: SimTime, mempool: inout LeafPool, _ out: inout [ConsensusOutput]
    ) {
        guard self.committee.isValidSignature(signature, by: from, for: ConsensusMessage.viewChangeBytes(
                height: self.chain.height, newView: newView, highest: highest))
        else { return }
        if let highest {
            guard highest.block.header.height == self.chain.height, highest.view < newView,
                highest.isValid(committee: self.committee)
            else { return }
        }
        self.addViewChange(from: from, newView: newView, highest: highest, at: now, mempool: &mempool, &out)
    }

    mutating func addViewChange(
        from: RSUID, newView: UInt64, highest: PrepareCertificate?, at now: SimTime, mempool: inout LeafPool,
        _ out: inout [ConsensusOutput]
    ) {
        var list = self.viewChanges[newView] ?? []
        guard !list.contains(where: { $0.rsu == from }) else { return }
        list.append(ViewChangeVote(rsu: from, highest: highest))
        self.viewChanges[newView] = list
        // f + 1 members want a later view: at least one honest member timed out, so join it.
        if newView > self.view && list.count > self.committee.faultTolerance {
            self.startViewChange(to: newView, at: now, mempool: &mempool, &out)
            return
        }
        self.proposeAfterViewChangeIfReady(at: now, mempool: &mempool, &out)
    }

    mutating func proposeAfterViewChangeIfReady(
        at now: SimTime, mempool: inout LeafPool, _ out: inout [ConsensusOutput]
    ) {
        guard self.view > 0, self.isProposer(view: self.view), !self.proposed.contains(self.view),
            let list = self.viewChanges[self.view], list.count >= self.committee.quorum
        else { return }
        var best: PrepareCertificate? = self.lock
        for entry in list {
            if let certificate = entry.highest, certificate.view > (best?.view ?? 0) || best == nil {
                best = certificate
            }
        }
        self.propose(justification: best, at: now, mempool: &mempool, &out)
    }
}
