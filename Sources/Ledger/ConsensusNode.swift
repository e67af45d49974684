import SimKernel
import V2VCrypto

/// A timer a `ConsensusNode` asked its host to fire.
public struct ConsensusTimer: Hashable, Sendable {
    /// What the timer is for.
    public enum Kind: Hashable, Sendable {
        /// The block interval has passed: the view-0 proposer builds its block.
        case propose
        /// The view has lasted too long without a final block: change view.
        case viewTimeout
    }

    public let kind: Kind
    public let height: UInt64
    public let view: UInt64

    public init(kind: Kind, height: UInt64, view: UInt64) {
        self.kind = kind
        self.height = height
        self.view = view
    }
}

/// Two signed proposals by one proposer for the same height and view with different blocks.
public struct EquivocationEvidence: Hashable, Sendable {
    public let proposer: RSUID
    public let height: UInt64
    public let view: UInt64
    public let first: Digest
    public let second: Digest
}

/// What a node asks its host to do after an input.
public enum ConsensusOutput: Sendable {
    /// Send `message` to `to` over the backhaul.
    case send(ConsensusMessage, to: RSUID)
    /// Send `message` to every other member.
    case broadcast(ConsensusMessage)
    /// Call `timerFired` with `timer` at `at`.
    case timer(ConsensusTimer, at: SimTime)
    /// This node appended `block` to its chain (by commit quorum or by catch-up).
    case finalised(Block, byCatchUp: Bool)
    /// This node saw its proposer equivocate.
    case equivocation(EquivocationEvidence)
    /// This node moved to `view` at `height` because the proposer was silent or misbehaved.
    case viewChanged(height: UInt64, view: UInt64)
}

/// Timing and size limits of the consensus.
public struct ConsensusSettings: Hashable, Sendable {
    /// Time from the parent block's timestamp to the next view-0 proposal.
    public var blockInterval: SimTime
    /// How long a view may last without a final block; doubles with each further view, up to 8x.
    public var viewTimeout: SimTime
    /// Most leaves in one block.
    public var maxLeavesPerBlock: Int
    /// Most bytes of header and leaves in one block (`Block.contentBytes`): the proposer fills
    /// blocks up to it and members refuse larger proposals. Nil for no limit.
    public var maxBlockBytes: Int?
    /// Distinct reporters that revoke a certificate (`RevocationRule`), or nil to run without the
    /// rule: then the node neither issues revocations nor checks those it is asked to vote on.
    public var revocationThreshold: Int?

    public init(
        blockInterval: SimTime, viewTimeout: SimTime, maxLeavesPerBlock: Int, maxBlockBytes: Int? = nil,
        revocationThreshold: Int? = nil
    ) {
        self.blockInterval = blockInterval
        self.viewTimeout = viewTimeout
        self.maxLeavesPerBlock = maxLeavesPerBlock
        self.maxBlockBytes = maxBlockBytes
        self.revocationThreshold = revocationThreshold
    }
}

/// One RSU's deterministic consensus state machine, with its own copy of the chain.
///
/// It has no clock and no network: the host feeds it messages and timers with the current
/// simulated time and carries out the returned `ConsensusOutput`s. Protocol (`docs/ledger.md`):
///
/// 1. At height `h`, view `v`, the proposer `(h + v) % n` proposes a block (view 0: once the block
///    interval has passed since the parent; later views: once `n - f` view changes arrived, re-using
///    the block of the highest prepare certificate among them if there is one).
/// 2. A member prepares the first valid proposal it gets in its current view, at most once per
///    view, and only if the block is the one it is locked on or the proposal carries a prepare
///    certificate at least as recent as its lock.
/// 3. On `n - f` prepares for the block in its view, a member locks on it and commits (signs the
///    ordinary `Vote`).
/// 4. `n - f` commits in one view make the block final; the votes are what the chain stores.
///
/// Safety with `f` Byzantine members follows PBFT's argument: two commit quorums share an honest
/// member, which commits once per view, and a block committed in view `v` leaves `f + 1` honest
/// members locked on it, so no conflicting block can be prepared in a later view.
/// A second, different proposal for the same view is equivocation: the member reports it and
/// changes view at once.
public struct ConsensusNode: Sendable {
    private struct PhaseKey: Hashable, Sendable {
        var view: UInt64
        var hash: Digest
    }

    public let id: RSUID
    public let committee: RSUCommittee
    public let settings: ConsensusSettings
    private let key: SigningKey
    /// This member's copy of the final chain.
    public private(set) var chain: Chain
    /// Current view at `chain.height`.
    public private(set) var view: UInt64 = 0
    /// Fault injection: when true and it is this node's turn, it proposes two different blocks.
    public var equivocates = false
    /// View changes this node started.
    public private(set) var viewChangesStarted = 0
    /// The committee's revocation rule over this node's chain (nil without a threshold).
    public private(set) var revocationRule: RevocationRule?

    // State for the current height (reset by `enterHeight`). Dictionaries are only looked up.
    private var proposals: [UInt64: Block] = [:]
    private var prepares: [PhaseKey: [MemberSignature]] = [:]
    private var commits: [PhaseKey: [Vote]] = [:]
    private var prepared: Set<UInt64> = []
    private var committed: Set<UInt64> = []
    private var proposed: Set<UInt64> = []
    private var poisoned: Set<UInt64> = []
    private var lock: PrepareCertificate?
    private var viewChanges: [UInt64: [(rsu: RSUID, highest: PrepareCertificate?)]] = [:]
    private var myProposal: Block?
    /// Messages for the next height that arrived early, replayed on entering it.
    private var early: [(message: ConsensusMessage, from: RSUID)] = []
    private var lastSyncRequest: SimTime?

    /// A node at height 0, view 0. Call `start(at:)` before feeding it anything.
    public init(id: RSUID, key: SigningKey, committee: RSUCommittee, settings: ConsensusSettings) {
        precondition(committee.key(id) == key.verifyingKey, "the key must be the one the committee seat holds")
        self.id = id
        self.key = key
        self.committee = committee
        self.settings = settings
        self.chain = Chain(committee: committee, maxBlockBytes: settings.maxBlockBytes)
        self.revocationRule = settings.revocationThreshold.map(RevocationRule.init(threshold:))
    }

    /// Arms the first timers.
    public mutating func start(at now: SimTime) -> [ConsensusOutput] {
        var out: [ConsensusOutput] = []
        self.armHeight(at: now, &out)
        return out
    }

    /// Called when the node comes back after a crash. Its chain and its votes were persisted, so
    /// it keeps them; it asks everyone for the blocks it missed and re-arms its timers.
    public mutating func recover(at now: SimTime) -> [ConsensusOutput] {
        var out: [ConsensusOutput] = [.broadcast(.syncRequest(fromHeight: self.chain.height))]
        self.lastSyncRequest = now
        out.append(.timer(ConsensusTimer(kind: .viewTimeout, height: self.chain.height, view: self.view),
                          at: now + self.timeout(forView: self.view)))
        if self.view == 0, self.isProposer(view: 0), !self.proposed.contains(0) {
            out.append(.timer(ConsensusTimer(kind: .propose, height: self.chain.height, view: 0),
                              at: max(now, self.proposeDue)))
        }
        return out
    }

    /// Handles a timer the node armed earlier.
    public mutating func timerFired(_ timer: ConsensusTimer, at now: SimTime, mempool: inout LeafPool) -> [ConsensusOutput] {
        var out: [ConsensusOutput] = []
        guard timer.height == self.chain.height, timer.view == self.view else { return out }
        switch timer.kind {
        case .propose:
            if self.isProposer(view: self.view) && !self.proposed.contains(self.view) {
                self.propose(justification: nil, at: now, mempool: &mempool, &out)
            }
        case .viewTimeout:
            self.startViewChange(to: self.view + 1, at: now, mempool: &mempool, &out)
        }
        return out
    }

    /// Handles a message from member `from`. Messages from non-members or with bad signatures are
    /// ignored.
    public mutating func handle(
        _ message: ConsensusMessage, from: RSUID, at now: SimTime, mempool: inout LeafPool
    ) -> [ConsensusOutput] {
        var out: [ConsensusOutput] = []
        guard self.committee.contains(from), from != self.id else { return out }
        self.dispatch(message, from: from, at: now, mempool: &mempool, &out)
        return out
    }

    // MARK: Dispatch

    private mutating func dispatch(
        _ message: ConsensusMessage, from: RSUID, at now: SimTime, mempool: inout LeafPool, _ out: inout [ConsensusOutput]
    ) {
        switch message {
        case let .syncRequest(fromHeight):
            self.answerSync(fromHeight: fromHeight, to: from, &out)
            return
        case let .syncResponse(blocks):
            self.catchUp(blocks, from: from, at: now, mempool: &mempool, &out)
            return
        default:
            break
        }
        guard let height = message.height else { return }
        if height < self.chain.height {
            // The sender is behind: help it catch up.
            if case .viewChange = message { self.answerSync(fromHeight: height, to: from, &out) }
            return
        }
        if height > self.chain.height {
            if height == self.chain.height + 1 && self.early.count < 256 { self.early.append((message, from)) }
            self.requestSync(from: from, at: now, &out)
            return
        }
        switch message {
        case let .proposal(view, block, signature, justification):
            self.onProposal(view: view, block: block, signature: signature, justification: justification,
                            from: from, at: now, mempool: &mempool, &out)
        case let .prepare(_, view, hash, signature):
            guard let key = self.committee.key(from),
                key.isValidSignature(signature, for: ConsensusMessage.prepareBytes(view: view, blockHash: hash))
            else { return }
            self.addPrepare(MemberSignature(rsu: from, signature: signature), view: view, hash: hash,
                            at: now, mempool: &mempool, &out)
        case let .commit(_, view, hash, vote):
            guard vote.rsu == from, vote.isValid(forBlock: hash, committee: self.committee) else { return }
            self.addCommit(vote, view: view, hash: hash, at: now, mempool: &mempool, &out)
        case let .viewChange(_, newView, highest, signature):
            self.onViewChange(newView: newView, highest: highest, signature: signature, from: from,
                              at: now, mempool: &mempool, &out)
        case .syncRequest, .syncResponse:
            break
        }
    }

    // MARK: Proposals

    private mutating func propose(
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
        if self.equivocates && justification == nil && self.committee.count > 1 {
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

    private mutating func onProposal(
        view: UInt64, block: Block, signature: Signature, justification: PrepareCertificate?, from: RSUID,
        at now: SimTime, mempool: inout LeafPool, _ out: inout [ConsensusOutput]
    ) {
        let height = self.chain.height
        guard from == self.committee.proposer(forHeight: height, view: view),
            let key = self.committee.key(from),
            key.isValidSignature(signature, for: ConsensusMessage.proposalBytes(view: view, blockHash: block.hash))
        else { return }
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

    private mutating func prepareIfAllowed(
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

    // MARK: Prepares and commits

    private mutating func addPrepare(
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

    private mutating func commitIfPrepared(
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

    private mutating func addCommit(
        _ vote: Vote, view: UInt64, hash: Digest, at now: SimTime, mempool: inout LeafPool, _ out: inout [ConsensusOutput]
    ) {
        let key = PhaseKey(view: view, hash: hash)
        var list = self.commits[key] ?? []
        guard !list.contains(where: { $0.rsu == vote.rsu }) else { return }
        list.append(vote)
        self.commits[key] = list
        guard list.count >= self.committee.quorum else { return }
        let known = [self.proposals[view], self.lock?.block].compactMap { $0 }.first { $0.hash == hash }
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

    // MARK: View change

    private mutating func startViewChange(
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
    private mutating func enterView(_ newView: UInt64, at now: SimTime, mempool: inout LeafPool, _ out: inout [ConsensusOutput]) {
        guard newView > self.view else { return }
        self.view = newView
        if let abandoned = self.myProposal {
            // Give the leaves of a proposal that did not become final back to the pool.
            for leaf in abandoned.leaves { mempool.add(leaf) }
            self.myProposal = nil
        }
        out.append(.viewChanged(height: self.chain.height, view: newView))
        out.append(.timer(ConsensusTimer(kind: .viewTimeout, height: self.chain.height, view: newView),
                          at: now + self.timeout(forView: newView)))
        self.proposeAfterViewChangeIfReady(at: now, mempool: &mempool, &out)
    }

    private mutating func onViewChange(
        newView: UInt64, highest: PrepareCertificate?, signature: Signature, from: RSUID,
        at now: SimTime, mempool: inout LeafPool, _ out: inout [ConsensusOutput]
    ) {
        guard let key = self.committee.key(from),
            key.isValidSignature(signature, for: ConsensusMessage.viewChangeBytes(
                height: self.chain.height, newView: newView, highest: highest))
        else { return }
        if let highest {
            guard highest.block.header.height == self.chain.height, highest.view < newView,
                highest.isValid(committee: self.committee)
            else { return }
        }
        self.addViewChange(from: from, newView: newView, highest: highest, at: now, mempool: &mempool, &out)
    }

    private mutating func addViewChange(
        from: RSUID, newView: UInt64, highest: PrepareCertificate?, at now: SimTime, mempool: inout LeafPool,
        _ out: inout [ConsensusOutput]
    ) {
        var list = self.viewChanges[newView] ?? []
        guard !list.contains(where: { $0.rsu == from }) else { return }
        list.append((from, highest))
        self.viewChanges[newView] = list
        // f + 1 members want a later view: at least one honest member timed out, so join it.
        if newView > self.view && list.count > self.committee.faultTolerance {
            self.startViewChange(to: newView, at: now, mempool: &mempool, &out)
            return
        }
        self.proposeAfterViewChangeIfReady(at: now, mempool: &mempool, &out)
    }

    private mutating func proposeAfterViewChangeIfReady(
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

    // MARK: Heights and catch-up

    private mutating func enterHeight(at now: SimTime, mempool: inout LeafPool, _ out: inout [ConsensusOutput]) {
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
        self.armHeight(at: now, &out)
        let replay = self.early
        self.early.removeAll()
        for (message, from) in replay {
            self.dispatch(message, from: from, at: now, mempool: &mempool, &out)
        }
    }

    private func armHeight(at now: SimTime, _ out: inout [ConsensusOutput]) {
        let height = self.chain.height
        let due = max(now, self.proposeDue)
        if self.isProposer(view: 0) {
            out.append(.timer(ConsensusTimer(kind: .propose, height: height, view: 0), at: due))
        }
        out.append(.timer(ConsensusTimer(kind: .viewTimeout, height: height, view: 0),
                          at: due + self.settings.viewTimeout))
    }

    private func answerSync(fromHeight: UInt64, to: RSUID, _ out: inout [ConsensusOutput]) {
        guard fromHeight < self.chain.height else { return }
        let end = min(self.chain.height, fromHeight + 32)
        let blocks = (fromHeight..<end).compactMap { self.chain.block(atHeight: $0) }
        out.append(.send(.syncResponse(blocks: blocks), to: to))
    }

    private mutating func requestSync(from: RSUID, at now: SimTime, _ out: inout [ConsensusOutput]) {
        let spacing = SimTime(nanoseconds: max(1, self.settings.viewTimeout.nanoseconds / 4))
        if let last = self.lastSyncRequest, now - last < spacing { return }
        self.lastSyncRequest = now
        out.append(.send(.syncRequest(fromHeight: self.chain.height), to: from))
    }

    private mutating func catchUp(
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

    // MARK: Helpers

    /// After `block` became final here: drops its leaves from the pool and queues the revocations
    /// the rule now calls for, for this node's next proposal.
    private mutating func settle(_ block: Block, mempool: inout LeafPool) {
        mempool.discard(block.leaves)
        guard var rule = self.revocationRule else { return }
        for revocation in rule.apply(block) { mempool.add(.revocation(revocation)) }
        self.revocationRule = rule
    }

    private func isProposer(view: UInt64) -> Bool {
        self.committee.proposer(forHeight: self.chain.height, view: view) == self.id
    }

    /// When the view-0 proposal of the current height is due.
    private var proposeDue: SimTime {
        self.chain.blocks.isEmpty ? self.settings.blockInterval : self.chain.tipTimestamp + self.settings.blockInterval
    }

    private func timeout(forView view: UInt64) -> SimTime {
        self.settings.viewTimeout * Int64(1 << min(view, 3))
    }
}

extension ConsensusMessage {
    /// The height a message is about; nil for catch-up messages.
    public var height: UInt64? {
        switch self {
        case let .proposal(_, block, _, _): return block.header.height
        case let .prepare(height, _, _, _), let .commit(height, _, _, _), let .viewChange(height, _, _, _):
            return height
        case .syncRequest, .syncResponse: return nil
        }
    }
}
