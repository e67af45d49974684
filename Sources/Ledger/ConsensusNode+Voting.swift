import SimKernel
import V2VCrypto

/// Prepare and commit quorums: locking on a block and finalising it.
extension ConsensusNode {
    mutating func addPrepare(
        _ entry: MemberSignature, view: UInt64, hash: Digest, at now: SimTime, mempool: inout LeafPool,
        _ out: inout [ConsensusOutput]
    ) {
        let key = PhaseKey(view: view, hash: hash)
        var list = self.prepares[key] ?? []
        guard !list.contains(where: { $0.rsu == entry.rsu }) else { return }
        list.append(entry)
        self.prepares[key] = list
        self.commitIfPrepared(view: view, at: now, mempool: &mempool, &out)
    }

    mutating func commitIfPrepared(
        view: UInt64, at now: SimTime, mempool: inout LeafPool, _ out: inout [ConsensusOutput]
    ) {
        guard view == self.view, !self.committed.contains(view), !self.poisoned.contains(view),
            self.prepared.contains(view), let block = self.proposals[view]
        else { return }
        let signatures = self.prepares[PhaseKey(view: view, hash: block.hash)] ?? []
        guard signatures.count >= self.committee.quorum else { return }
        let certificate = PrepareCertificate(view: view, block: block, signatures: signatures.sorted { $0.rsu < $1.rsu })
        if (self.lock?.view ?? 0) <= view || self.lock == nil { self.lock = certificate }
        self.committed.insert(view)
        let vote = BlockValidator.vote(on: block, by: self.id, key: self.key)
        out.append(.broadcast(.commit(height: self.chain.height, view: view, blockHash: block.hash, vote: vote)))
        self.addCommit(vote, view: view, hash: block.hash, at: now, mempool: &mempool, &out)
    }

    mutating func addCommit(
        _ vote: Vote, view: UInt64, hash: Digest, at now: SimTime, mempool: inout LeafPool, _ out: inout [ConsensusOutput]
    ) {
        let key = PhaseKey(view: view, hash: hash)
        var list = self.commits[key] ?? []
        guard !list.contains(where: { $0.rsu == vote.rsu }) else { return }
        list.append(vote)
        self.commits[key] = list
        guard list.count >= self.committee.quorum else { return }
        let known = [self.proposals[view], self.lock?.block].compactMap { $0 }.first { $0.hash == hash }
            ?? self.colludingBlocks[hash]
        guard var block = known else { return }
        block.votes = list.sorted { $0.rsu < $1.rsu }
        do {
            try self.chain.appendFinal(block)
        } catch {
            return
        }
        self.settle(block, mempool: &mempool)
        out.append(.finalised(block, byCatchUp: false))
        self.enterHeight(at: now, mempool: &mempool, &out)
    }
}
