import SimKernel
import V2VCrypto

/// One RSU's deterministic consensus state machine, with its own copy of the chain.
///
/// It has no clock and no network: the host feeds it messages and timers with the current
/// simulated time and carries out the returned `ConsensusOutput`s. Protocol (`docs/ledger.md`):
///
/// 1. At height `h`, view `v`, the proposer `(h + v) % n` proposes a block (view 0: once the block
///    interval has passed since the parent; later views: once `n - f` view changes arrived, re-using
///    the block of the highest prepare certificate among them if there is one).
/// 2. A member prepares the first valid proposal it gets in its current view (`BlockValidator`, and
///    every revocation leaf one its `RevocationRule` issued), at most once per
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
///
/// The state machine is spread over files by job: this one holds the state, the public entry
/// points and message dispatch; `+Proposal` proposing and preparing, `+Voting` prepares and
/// commits, `+ViewChange` view changes, `+CatchUp` moving to the next height and catching up.
/// Members those files share are internal rather than private for that reason only.
public struct ConsensusNode: Sendable, Codable {
    struct PhaseKey: Hashable, Sendable, Codable {
        var view: UInt64
        var hash: Digest
    }

    /// A member's view change, with the highest prepare certificate it holds.
    struct ViewChangeVote: Sendable, Codable {
        var rsu: RSUID
        var highest: PrepareCertificate?
    }

    /// A message for the next height that arrived early, and its sender.
    struct EarlyMessage: Sendable, Codable {
        var message: ConsensusMessage
        var from: RSUID
    }

    public let id: RSUID
    public let committee: RSUCommittee
    public let settings: ConsensusSettings
    let key: SigningKey
    /// This member's copy of the final chain.
    public internal(set) var chain: Chain
    /// Current view at `chain.height`.
    public internal(set) var view: UInt64 = 0
    /// Fault injection: when true and it is this node's turn, it proposes two different blocks.
    public var equivocates = false
    /// Fault injection: when true, this node keeps the revocation leaves of its abandoned proposals
    /// even when its rule does not support them, so it proposes a refused revocation again on each
    /// of its turns (a Byzantine proposer; members keep refusing it). An honest node drops them.
    public var keepsRefusedRevocations = false
    /// Fault injection: the colluding Byzantine members this node is one of (`kind: byzantine`),
    /// nil for an honest node (`ConsensusNode+Collusion`).
    public var collusion: Collusion?
    /// View changes this node started.
    public internal(set) var viewChangesStarted = 0
    /// The committee's revocation rule over this node's chain (nil without a threshold).
    public internal(set) var revocationRule: RevocationRule?
    /// Messages for the next height dropped because the early buffer was full.
    public internal(set) var earlyMessagesDropped = 0
    /// Catch-up requests for blocks this node no longer keeps (older than its retained tail).
    public internal(set) var syncRequestsUnserved = 0
    /// Most messages for the next height a node keeps until it gets there.
    static let earlyLimit = 256

    // State for the current height (reset by `enterHeight`). Dictionaries are only looked up.
    var proposals: [UInt64: Block] = [:]
    var prepares: [PhaseKey: [MemberSignature]] = [:]
    var commits: [PhaseKey: [Vote]] = [:]
    var prepared: Set<UInt64> = []
    var committed: Set<UInt64> = []
    var proposed: Set<UInt64> = []
    var poisoned: Set<UInt64> = []
    var lock: PrepareCertificate?
    var viewChanges: [UInt64: [ViewChangeVote]] = [:]
    var myProposal: Block?
    /// Blocks a colluding member endorsed at this height, by hash (only while `collusion` is set).
    var colludingBlocks: [Digest: Block] = [:]
    /// Messages for the next height that arrived early, replayed on entering it.
    var early: [EarlyMessage] = []
    var lastSyncRequest: SimTime?

    /// A node at height 0, view 0. Call `start(at:)` before feeding it anything.
    public init(id: RSUID, key: SigningKey, committee: RSUCommittee, settings: ConsensusSettings) {
        precondition(committee.key(id) == key.verifyingKey, "the key must be the one the committee seat holds")
        self.id = id
        self.key = key
        self.committee = committee
        self.settings = settings
        self.chain = Chain(
            committee: committee, maxBlockBytes: settings.maxBlockBytes, retainedBlocks: settings.retainedBlocks,
            indexedBlocks: settings.indexedBlocks)
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

    mutating func dispatch(
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
            if height == self.chain.height + 1 {
                if self.early.count < Self.earlyLimit {
                    self.early.append(EarlyMessage(message: message, from: from))
                } else {
                    self.earlyMessagesDropped += 1
                }
            }
            self.requestSync(from: from, at: now, &out)
            return
        }
        switch message {
        case let .proposal(view, block, signature, justification):
            self.onProposal(view: view, block: block, signature: signature, justification: justification,
                            from: from, at: now, mempool: &mempool, &out)
        case let .prepare(_, view, hash, signature):
            guard self.committee.isValidSignature(
                signature, by: from, for: ConsensusMessage.prepareBytes(view: view, blockHash: hash))
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

    // MARK: Helpers

    /// After `block` became final here: drops its leaves from the pool and queues the revocations
    /// the rule now calls for, for this node's next proposal.
    mutating func settle(_ block: Block, mempool: inout LeafPool) {
        // A proposal of ours that another block overtook (catch-up after a crash, say) gives its
        // leaves back first, as an abandoned view does; those the final block holds leave below.
        self.returnAbandonedProposal(to: &mempool)
        mempool.discard(block.leaves)
        guard var rule = self.revocationRule else { return }
        for revocation in rule.apply(block) { mempool.add(.revocation(revocation)) }
        self.revocationRule = rule
    }

    func isProposer(view: UInt64) -> Bool {
        self.committee.proposer(forHeight: self.chain.height, view: view) == self.id
    }

    /// When the view-0 proposal of the current height is due.
    var proposeDue: SimTime {
        self.chain.height == 0 ? self.settings.blockInterval : self.chain.tipTimestamp + self.settings.blockInterval
    }

    func timeout(forView view: UInt64) -> SimTime {
        self.settings.viewTimeout * Int64(1 << min(view, 3))
    }
}
