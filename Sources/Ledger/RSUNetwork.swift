import SimKernel
import V2VCrypto

/// The RSU network of a run: one `ConsensusNode` per RSU, each with its own chain and mempool,
/// the simulated backhaul between them (latency, jitter, loss, partitions, slow and crashed RSUs),
/// the scenario's fault schedule, leaf forwarding, the messages that wait for anchoring, and
/// finality with the safety check.
///
/// Shaped like `ConsensusNode`: no clock, no I/O, no randomness but its seeded backhaul streams.
/// The host feeds it inputs with the simulated time (an RSU accepted a leaf; a scheduled event is
/// due) and carries out the returned `RSUNetworkEffect`s in order: events to schedule, messages
/// and view changes for the trace, and final blocks, each handed out once, the first time its
/// height is final anywhere. The network keeps only a recent tail of each chain
/// (`retainedBlocks`), so memory does not grow with the run's length.
public struct RSUNetwork: Sendable, Codable {
    /// Blocks each RSU keeps for consensus and for catching others up (64 s at the default 0.5 s
    /// block interval); an RSU that falls further behind cannot catch up from its peers.
    public static let retainedBlocks = 128
    /// Blocks whose leaves each RSU remembers, so that a leaf forwarded after its anchoring is not
    /// proposed again.
    public static let indexedBlocks = 16

    struct ViewKey: Hashable, Sendable, Codable {
        var height: UInt64
        var view: UInt64
    }

    public let committee: RSUCommittee
    /// The RSUs' consensus state machines, by `RSUID.raw`.
    public internal(set) var nodes: [ConsensusNode]
    /// Each RSU's pool of leaves waiting for a block.
    public internal(set) var mempools: [LeafPool]
    var backhaul: Backhaul
    let faults: [LedgerFault]
    /// Latency of leaf forwarding between RSUs (the backhaul's base latency).
    let forwardLatency: SimTime
    var waiting: AnchorWaitList
    var finality = FinalityRecord()
    var counters = RSUNetworkStats()
    /// Membership only, never iterated.
    var viewsEntered: Set<ViewKey> = []
    var equivocations: Set<EquivocationEvidence> = []
    /// Per RSU, how many `byzantine` faults cover it now.
    var byzantineFaults: [Int]

    /// A network of `keys.count` RSUs (member `i` holds `keys[i]`), configured by the scenario's
    /// `ledger` section; `revokeAfter` is the committee's revocation threshold.
    /// - Precondition: `committee` holds exactly the keys' public halves, in order.
    public init(keys: [SigningKey], committee: RSUCommittee, config: LedgerConfig, seed: UInt64, revokeAfter: Int) {
        let settings = ConsensusSettings(
            blockInterval: config.blockInterval, viewTimeout: config.viewTimeout,
            maxLeavesPerBlock: config.maxLeavesPerBlock, maxBlockBytes: config.maxBlockBytes,
            revocationThreshold: revokeAfter, retainedBlocks: Self.retainedBlocks, indexedBlocks: Self.indexedBlocks)
        self.committee = committee
        self.nodes = keys.enumerated().map { i, key in
            ConsensusNode(id: RSUID(raw: UInt32(i)), key: key, committee: committee, settings: settings)
        }
        self.mempools = keys.map { _ in LeafPool(capacity: config.mempoolCapacity) }
        self.backhaul = Backhaul(config: config, rsus: keys.count, seed: seed)
        self.faults = config.faults
        self.forwardLatency = config.backhaulLatency
        // Every waiting digest sat in some pool or proposal when it arrived.
        let (perRSU, overflow) = config.mempoolCapacity.addingReportingOverflow(config.maxLeavesPerBlock)
        let (total, overflow2) = perRSU.multipliedReportingOverflow(by: max(1, keys.count))
        self.waiting = AnchorWaitList(capacity: overflow || overflow2 ? Int.max / 2 : total)
        self.counters.lastFaultEnd = config.faults.compactMap(\.end).max()
        self.byzantineFaults = Array(repeating: 0, count: keys.count)
    }

    /// Number of RSUs.
    public var count: Int { self.nodes.count }

    /// Whether RSU `i` is up (not crashed), so vehicles can hand it leaves.
    public func isUp(_ i: Int) -> Bool { !self.backhaul.crashed[i] }

    /// Arms every node's first timers and schedules the scenario's faults.
    public mutating func start(at now: SimTime) -> [RSUNetworkEffect] {
        var effects: [RSUNetworkEffect] = []
        for i in self.nodes.indices {
            let out = self.nodes[i].start(at: now)
            self.route(out, from: i, at: now, &effects)
        }
        for (index, fault) in self.faults.enumerated() {
            effects.append(.schedule(.fault(index, starts: true), at: fault.start))
            if let end = fault.end { effects.append(.schedule(.fault(index, starts: false), at: end)) }
        }
        return effects
    }

    /// RSU `rsu` accepted `leaf` (a verified message's digest, or a vehicle's registration or
    /// report): it enters that RSU's mempool now and reaches the others over the backhaul
    /// `forwardLatency` after `acceptedAt`. `origin` names the message behind a message leaf, for
    /// its anchoring record.
    /// - Returns: the forwarding to schedule (one event stands for the copies to every other RSU,
    ///   which all arrive after the same latency), nil when there is no other RSU.
    public mutating func accept(
        _ leaf: LedgerLeaf, at rsu: Int, origin: LeafOrigin?, acceptedAt: SimTime
    ) -> (event: RSUNetworkEvent, at: SimTime)? {
        // A copy that arrives after its leaf was anchored (a vehicle retrying because an ack was
        // lost, or a second RSU decoding the same uplink frame) must not be anchored again.
        if self.nodes[rsu].chain.contains(leaf: leaf) {
            self.counters.alreadyAnchoredRefused += 1
            return nil
        }
        if self.mempools[rsu].add(leaf), let origin, let digest = leaf.messageDigest {
            self.waiting.insert(digest, origin: origin)
        }
        guard self.nodes.count > 1 else { return nil }
        return (.leafForwarded(leaf, from: RSUID(raw: UInt32(rsu))), acceptedAt + self.forwardLatency)
    }

    /// An event the network scheduled earlier is due.
    public mutating func handle(_ event: RSUNetworkEvent, at now: SimTime) -> [RSUNetworkEffect] {
        var effects: [RSUNetworkEffect] = []
        switch event {
        case let .leafForwarded(leaf, from):
            self.receiveForwarded(leaf, from: from)
        case let .delivery(message, from, to):
            let i = Int(to.raw)
            guard self.backhaul.connected(Int(from.raw), i) else {
                self.backhaul.noteBlockedOnArrival()
                break
            }
            let out = self.nodes[i].handle(message, from: from, at: now, mempool: &self.mempools[i])
            self.route(out, from: i, at: now, &effects)
        case let .timer(timer, rsu):
            let i = Int(rsu.raw)
            // A crashed node re-arms its timers when it recovers.
            guard !self.backhaul.crashed[i] else { break }
            let out = self.nodes[i].timerFired(timer, at: now, mempool: &self.mempools[i])
            self.route(out, from: i, at: now, &effects)
        case let .fault(index, starts):
            self.applyFault(index, starts: starts, at: now, &effects)
        }
        return effects
    }

    /// The other RSUs add a forwarded leaf to their mempools, unless the backhaul lost it or they
    /// are crashed or cut off. A message digest already anchored is not forwarded again.
    mutating func receiveForwarded(_ leaf: LedgerLeaf, from origin: RSUID) {
        if let digest = leaf.messageDigest, !self.waiting.contains(digest) { return }
        let o = Int(origin.raw)
        for i in self.nodes.indices where i != o {
            guard self.backhaul.delay(from: o, to: i) != nil else { continue }
            if self.nodes[i].chain.contains(leaf: leaf) {
                self.counters.alreadyAnchoredRefused += 1
                continue
            }
            self.mempools[i].add(leaf)
        }
    }

    /// Carries out what node `i` asked for.
    mutating func route(_ outputs: [ConsensusOutput], from i: Int, at now: SimTime, _ effects: inout [RSUNetworkEffect]) {
        let sender = RSUID(raw: UInt32(i))
        for output in outputs {
            switch output {
            case let .send(message, to):
                self.noteSent(message, from: sender, recipients: 1, &effects)
                self.transmit(message, from: i, to: Int(to.raw), at: now, &effects)
            case let .broadcast(message):
                self.noteSent(message, from: sender, recipients: self.nodes.count - 1, &effects)
                for j in self.nodes.indices where j != i { self.transmit(message, from: i, to: j, at: now, &effects) }
            case let .timer(timer, at):
                effects.append(.schedule(.timer(timer, sender), at: at))
            case let .finalised(block, byCatchUp):
                if byCatchUp { self.counters.catchUpBlocks += 1 }
                self.noteFinal(block, at: now, &effects)
            case let .equivocation(evidence):
                self.equivocations.insert(evidence)
            case let .viewChanged(height, view):
                self.viewsEntered.insert(ViewKey(height: height, view: view))
                effects.append(.viewEntered(rsu: sender, height: height, view: view))
            }
        }
    }

    private mutating func noteSent(
        _ message: ConsensusMessage, from sender: RSUID, recipients: Int, _ effects: inout [RSUNetworkEffect]
    ) {
        let bytes = message.approximateSize
        self.counters.messagesSent[message.kind, default: 0] += 1
        self.counters.messageBytes += bytes * recipients
        effects.append(.messageSent(ConsensusMessageSent(
            rsu: sender, kind: message.kind, view: message.view ?? 0, height: message.height ?? message.catchUpHeight,
            bytes: bytes, recipients: recipients)))
    }

    private mutating func transmit(
        _ message: ConsensusMessage, from i: Int, to j: Int, at now: SimTime, _ effects: inout [RSUNetworkEffect]
    ) {
        guard let delay = self.backhaul.delay(from: i, to: j) else { return }
        effects.append(.schedule(
            .delivery(message, from: RSUID(raw: UInt32(i)), to: RSUID(raw: UInt32(j))), at: now + delay))
    }
}
