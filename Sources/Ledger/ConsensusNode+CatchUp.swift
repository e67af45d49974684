import SimKernel
import V2VCrypto

/// Moving to the next height, and catching up on final blocks from other members.
extension ConsensusNode {
    mutating func enterHeight(at now: SimTime, mempool: inout LeafPool, _ out: inout [ConsensusOutput]) {
        self.view = 0
        self.proposals.removeAll()
        self.prepares.removeAll()
        self.commits.removeAll()
        self.prepared.removeAll()
        self.committed.removeAll()
        self.proposed.removeAll()
        self.poisoned.removeAll()
        self.viewChanges.removeAll()
        self.lock = nil
        self.myProposal = nil
        self.colludingBlocks.removeAll()
        self.armHeight(at: now, &out)
        let replay = self.early
        self.early.removeAll()
        for early in replay {
            self.dispatch(early.message, from: early.from, at: now, mempool: &mempool, &out)
        }
    }

    func armHeight(at now: SimTime, _ out: inout [ConsensusOutput]) {
        let height = self.chain.height
        let due = max(now, self.proposeDue)
        if self.isProposer(view: 0) {
            out.append(.timer(ConsensusTimer(kind: .propose, height: height, view: 0), at: due))
        }
        out.append(.timer(ConsensusTimer(kind: .viewTimeout, height: height, view: 0),
                          at: due + self.settings.viewTimeout))
    }

    mutating func answerSync(fromHeight: UInt64, to: RSUID, _ out: inout [ConsensusOutput]) {
        guard fromHeight < self.chain.height else { return }
        // Blocks before the retained tail left memory (the trace has them); the asker cannot
        // catch up from here, and that is counted rather than answered with blocks it cannot link.
        guard fromHeight >= self.chain.firstRetainedHeight else {
            self.syncRequestsUnserved += 1
            return
        }
        let end = min(self.chain.height, fromHeight + 32)
        let blocks = (fromHeight..<end).compactMap { self.chain.block(atHeight: $0) }
        out.append(.send(.syncResponse(blocks: blocks), to: to))
    }

    mutating func requestSync(from: RSUID, at now: SimTime, _ out: inout [ConsensusOutput]) {
        let spacing = SimTime(nanoseconds: max(1, self.settings.viewTimeout.nanoseconds / 4))
        if let last = self.lastSyncRequest, now - last < spacing { return }
        self.lastSyncRequest = now
        out.append(.send(.syncRequest(fromHeight: self.chain.height), to: from))
    }

    mutating func catchUp(
        _ blocks: [Block], from: RSUID, at now: SimTime, mempool: inout LeafPool, _ out: inout [ConsensusOutput]
    ) {
        var advanced = false
        for block in blocks where block.header.height == self.chain.height {
            do {
                try self.chain.appendFinal(block)
            } catch {
                break
            }
            self.settle(block, mempool: &mempool)
            out.append(.finalised(block, byCatchUp: true))
            advanced = true
        }
        guard advanced else { return }
        if blocks.count == 32 {
            self.lastSyncRequest = now
            out.append(.send(.syncRequest(fromHeight: self.chain.height), to: from))
        }
        self.enterHeight(at: now, mempool: &mempool, &out)
    }
}
