import Ledger
import SimKernel
import Trace
import V2VCrypto

/// A proposed block waiting for its quorum.
struct PendingBlock {
    var block: Block
    let proposedAt: SimTime
    /// Checks each vote's signature and membership as it arrives, and counts toward the quorum.
    var tally: VoteTally
}

extension Simulation {
    /// The other RSUs add a digest forwarded over the backhaul to their mempools.
    func receiveForwardedDigest(_ digest: Digest, from origin: RSUID) {
        // Already in a proposed block: nothing left to do.
        guard self.unanchored[digest] != nil else { return }
        for i in self.rsus.indices where self.rsus[i].id != origin {
            _ = self.rsus[i].mempool.add(digest)
        }
    }

    /// The rotating proposer turns its mempool into a block, votes for it and sends it to the others.
    func proposeBlock() throws {
        let height = self.chain.height
        let proposer = self.committee.proposer(forHeight: height)
        let p = Int(proposer.raw)
        var leaves: [Digest] = []
        // Digests already placed in an earlier block by another proposer are skipped.
        for digest in self.rsus[p].mempool.take(max: self.scenario.ledger.maxLeavesPerBlock)
        where self.unanchored[digest] != nil {
            leaves.append(digest)
        }
        let block = BlockBuilder.propose(
            height: height, previous: self.chain.tipHash, leaves: leaves, timestamp: self.now, proposer: proposer)
        var tally = VoteTally(blockHash: block.hash, committee: self.committee)
        _ = tally.record(BlockValidator.vote(on: block, by: proposer, key: self.rsus[p].key))
        self.pendingBlock = PendingBlock(block: block, proposedAt: self.now, tally: tally)
        for i in self.rsus.indices where i != p {
            self.queue.schedule(
                .proposalArrives(self.rsus[i].id), at: self.now + self.scenario.ledger.backhaulLatency, phase: .ledger)
        }
        if tally.hasQuorum { try self.finalise() }
    }

    /// An RSU checks the proposal against its own view of the chain and, if it holds, votes.
    func proposalArrives(at rsu: RSUID) {
        guard let pending = self.pendingBlock else { return }
        let check = BlockValidator.validate(
            pending.block, previousHash: self.chain.tipHash, expectedHeight: self.chain.height, committee: self.committee)
        guard case .valid = check else { return }
        let vote = BlockValidator.vote(on: pending.block, by: rsu, key: self.rsus[Int(rsu.raw)].key)
        self.queue.schedule(.voteArrives(vote), at: self.now + self.scenario.ledger.backhaulLatency, phase: .ledger)
    }

    /// The proposer collects votes; at quorum the block is final.
    func voteArrives(_ vote: Vote) throws {
        guard var pending = self.pendingBlock else { return }
        _ = pending.tally.record(vote)
        self.pendingBlock = pending
        if pending.tally.hasQuorum { try self.finalise() }
    }

    private func finalise() throws {
        guard var pending = self.pendingBlock else { return }
        self.pendingBlock = nil
        pending.block.votes = pending.tally.votes
        let block = pending.block
        try self.chain.appendFinal(block)
        self.metrics.blocksFinal += 1
        self.eventDigest.update(block.hash.bytes)
        try self.recorder?.record(BlockRow(
            height: block.header.height, hash: block.hash.hex, previousHash: block.header.previousHash.hex,
            merkleRoot: block.header.merkleRoot.hex, proposer: block.header.proposer.raw,
            tProposed: pending.proposedAt, tFinal: self.now, leafCount: block.leaves.count,
            signatures: block.votes.map { "\($0.rsu.raw):\($0.signature.hex)" }.joined(separator: ";"),
            headerBytes: block.header.encoded()))
        for (index, digest) in block.leaves.enumerated() {
            guard let origin = self.unanchored.removeValue(forKey: digest) else { continue }
            self.metrics.leavesAnchored += 1
            let latency = self.now - origin.generated
            self.metrics.anchoringLatencyTotal += latency
            try self.recorder?.record(AnchorRow(
                messageID: origin.messageID, height: block.header.height, leafIndex: index,
                leafHash: MerkleTree.leafHash(digest.bytes).hex, tGenerated: origin.generated, tFinal: self.now))
        }
        let next = max(pending.proposedAt + self.scenario.ledger.blockInterval, self.now)
        self.queue.schedule(.proposeBlock, at: next, phase: .ledger)
    }
}
