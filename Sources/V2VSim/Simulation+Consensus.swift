import Ledger
import SimKernel
import Trace
import V2VCrypto

/// The RSU committee of a run: one `ConsensusNode` per RSU, each with its own chain, talking over
/// the simulated `Backhaul`, plus what the run learns about safety and liveness.
struct ConsensusState {
    struct ViewKey: Hashable {
        var height: UInt64
        var view: UInt64
    }

    var nodes: [ConsensusNode]
    var backhaul: Backhaul
    /// Hash and finality time of the first block to become final at each height, anywhere.
    var finalHashes: [Digest] = []
    var conflicts: [UInt64] = []
    /// Membership only, never iterated.
    var viewsEntered: Set<ViewKey> = []
    var equivocations: Set<EquivocationEvidence> = []
    var catchUpBlocks = 0
    var chainBytes = 0
    var includedLatencyTotal: SimTime = .zero
    var finalLatencyMax: SimTime = .zero
    var lastFaultEnd: SimTime?
    var firstFinalAfterFaults: SimTime?
    /// Leaves in final blocks, by `LeafKind.rawValue`.
    var leavesByKind = [Int](repeating: 0, count: 5)
    /// Consensus messages sent, by `ConsensusMessage.kind`, and their bytes.
    var messagesSent: [String: Int] = [:]
    var messageBytes = 0

    init(keys: [SigningKey], committee: RSUCommittee, config: LedgerConfig, seed: UInt64, revokeAfter: Int) {
        let settings = ConsensusSettings(
            blockInterval: config.blockInterval, viewTimeout: config.viewTimeout,
            maxLeavesPerBlock: config.maxLeavesPerBlock, maxBlockBytes: config.maxBlockBytes,
            revocationThreshold: revokeAfter)
        self.nodes = keys.enumerated().map { i, key in
            ConsensusNode(id: RSUID(raw: UInt32(i)), key: key, committee: committee, settings: settings)
        }
        self.backhaul = Backhaul(config: config, rsus: keys.count, seed: seed)
        self.lastFaultEnd = config.faults.compactMap(\.end).max()
    }
}

extension Simulation {
    /// Arms every node's first timers and schedules the scenario's faults.
    func startConsensus() throws {
        for i in self.consensus.nodes.indices {
            let out = self.consensus.nodes[i].start(at: self.now)
            try self.route(out, from: i)
        }
        for (index, fault) in self.scenario.ledger.faults.enumerated() {
            self.queue.schedule(.ledgerFault(index, starts: true), at: fault.start, phase: .ledger)
            if let end = fault.end { self.queue.schedule(.ledgerFault(index, starts: false), at: end, phase: .ledger) }
        }
    }

    /// The other RSUs add a leaf forwarded over the backhaul to their mempools, unless the
    /// backhaul lost it or they are crashed or cut off. A message digest already anchored is not
    /// forwarded again.
    func receiveForwardedLeaf(_ leaf: LedgerLeaf, from origin: RSUID) {
        if let digest = leaf.messageDigest, self.unanchored[digest] == nil { return }
        let o = Int(origin.raw)
        for i in self.rsus.indices where i != o {
            guard self.consensus.backhaul.delay(from: o, to: i) != nil else { continue }
            _ = self.rsus[i].mempool.add(leaf)
        }
    }

    /// A consensus message reaches RSU `to`.
    func backhaulArrives(_ message: ConsensusMessage, from: RSUID, to: RSUID) throws {
        let i = Int(to.raw)
        guard self.consensus.backhaul.connected(Int(from.raw), i) else {
            self.consensus.backhaul.noteBlockedOnArrival()
            return
        }
        let out = self.consensus.nodes[i].handle(message, from: from, at: self.now, mempool: &self.rsus[i].mempool)
        try self.route(out, from: i)
    }

    /// A node's timer fires, unless the node is down (it re-arms its timers when it recovers).
    func consensusTimerFires(_ timer: ConsensusTimer, at rsu: RSUID) throws {
        let i = Int(rsu.raw)
        guard !self.consensus.backhaul.crashed[i] else { return }
        let out = self.consensus.nodes[i].timerFired(timer, at: self.now, mempool: &self.rsus[i].mempool)
        try self.route(out, from: i)
    }

    /// A scenario fault starts or ends.
    func applyLedgerFault(_ index: Int, starts: Bool) throws {
        let fault = self.scenario.ledger.faults[index]
        for i in fault.rsus where i < self.consensus.nodes.count {
            switch fault.kind {
            case .crash:
                self.consensus.backhaul.crashed[i] = starts
                if !starts {
                    let out = self.consensus.nodes[i].recover(at: self.now)
                    try self.route(out, from: i)
                }
            case .partition:
                self.consensus.backhaul.side[i] = starts ? index + 1 : 0
            case .slow:
                self.consensus.backhaul.extraDelay[i] = starts ? fault.delay : .zero
            case .equivocate:
                self.consensus.nodes[i].equivocates = starts
            }
        }
        self.digest(tag: 7, Int64(index), starts ? 1 : 0, self.now.nanoseconds)
    }

    /// Carries out what node `i` asked for.
    func route(_ outputs: [ConsensusOutput], from i: Int) throws {
        let sender = RSUID(raw: UInt32(i))
        for output in outputs {
            switch output {
            case let .send(message, to):
                try self.recordSent(message, from: i, recipients: 1)
                self.transmit(message, from: i, to: Int(to.raw))
            case let .broadcast(message):
                try self.recordSent(message, from: i, recipients: self.consensus.nodes.count - 1)
                for j in self.consensus.nodes.indices where j != i { self.transmit(message, from: i, to: j) }
            case let .timer(timer, at):
                self.queue.schedule(.consensusTimer(timer, sender), at: at, phase: .ledger)
            case let .finalised(block, byCatchUp):
                if byCatchUp { self.consensus.catchUpBlocks += 1 }
                try self.noteFinal(block)
            case let .equivocation(evidence):
                self.consensus.equivocations.insert(evidence)
            case let .viewChanged(height, view):
                self.consensus.viewsEntered.insert(ConsensusState.ViewKey(height: height, view: view))
                try self.recorder?.record(ConsensusRow(
                    time: self.now, rsu: sender.raw, kind: "view_entered", view: view, height: height, bytes: 0,
                    recipients: 0))
            }
        }
    }

    /// Counts a message node `i` sends and records it in the `consensus` table.
    private func recordSent(_ message: ConsensusMessage, from i: Int, recipients: Int) throws {
        let bytes = message.approximateSize
        self.consensus.messagesSent[message.kind, default: 0] += 1
        self.consensus.messageBytes += bytes * recipients
        try self.recorder?.record(ConsensusRow(
            time: self.now, rsu: UInt32(i), kind: message.kind, view: message.view ?? 0,
            height: message.height ?? message.catchUpHeight, bytes: bytes, recipients: recipients))
    }

    private func transmit(_ message: ConsensusMessage, from i: Int, to j: Int) {
        guard let delay = self.consensus.backhaul.delay(from: i, to: j) else { return }
        self.queue.schedule(
            .backhaul(message, from: RSUID(raw: UInt32(i)), to: RSUID(raw: UInt32(j))), at: self.now + delay, phase: .ledger)
    }

    /// Some RSU appended `block`. The first time a height becomes final anywhere, the block goes
    /// into the trace; a different block at a height already final is a safety violation.
    private func noteFinal(_ block: Block) throws {
        let height = Int(block.header.height)
        if height < self.consensus.finalHashes.count {
            if self.consensus.finalHashes[height] != block.hash { self.consensus.conflicts.append(block.header.height) }
            return
        }
        precondition(height == self.consensus.finalHashes.count, "a node skipped a height")
        self.consensus.finalHashes.append(block.hash)
        if let end = self.consensus.lastFaultEnd, self.now >= end, self.consensus.firstFinalAfterFaults == nil {
            self.consensus.firstFinalAfterFaults = self.now
        }
        self.metrics.blocksFinal += 1
        self.consensus.chainBytes += block.contentBytes + 68 * block.votes.count
        self.eventDigest.update(block.hash.bytes)
        try self.recorder?.record(BlockRow(
            height: block.header.height, hash: block.hash.hex, previousHash: block.header.previousHash.hex,
            merkleRoot: block.header.merkleRoot.hex, proposer: block.header.proposer.raw,
            tProposed: block.header.timestamp, tFinal: self.now, leafCount: block.leaves.count,
            signatures: block.votes.map { "\($0.rsu.raw):\($0.signature.hex)" }.joined(separator: ";"),
            headerBytes: block.header.encoded()))
        for (index, leaf) in block.leaves.enumerated() {
            self.consensus.leavesByKind[Int(leaf.kind.rawValue)] += 1
            try self.recorder?.record(LeafRow(
                height: block.header.height, leafIndex: index, kind: leaf.kind.description, leaf: leaf.encoded,
                leafHash: leaf.leafHash.hex, tFinal: self.now))
            if case let .revocation(revocation)? = try? leaf.content() { self.revocationFinal(revocation) }
            guard let digest = leaf.messageDigest, let origin = self.unanchored.removeValue(forKey: digest) else {
                continue
            }
            self.metrics.leavesAnchored += 1
            let latency = self.now - origin.generated
            self.metrics.anchoringLatencyTotal += latency
            self.consensus.finalLatencyMax = max(self.consensus.finalLatencyMax, latency)
            self.consensus.includedLatencyTotal += block.header.timestamp - origin.generated
            try self.recorder?.record(AnchorRow(
                messageID: origin.messageID, height: block.header.height, leafIndex: index,
                leafHash: leaf.leafHash.hex, tGenerated: origin.generated, tFinal: self.now))
        }
    }

    /// Compares every RSU's chain with the first final block of each height and fills the
    /// ledger part of the summary.
    func ledgerSummary() -> LedgerRunSummary {
        var s = LedgerRunSummary()
        let c = self.consensus
        var conflicts = c.conflicts
        for node in c.nodes {
            s.chainsChecked += 1
            for block in node.chain.blocks {
                s.blocksChecked += 1
                let h = Int(block.header.height)
                if h >= c.finalHashes.count || c.finalHashes[h] != block.hash { conflicts.append(block.header.height) }
            }
        }
        s.conflictingHeights = Array(Set(conflicts)).sorted()
        s.minimumHeight = c.nodes.map(\.chain.height).min() ?? 0
        s.maximumHeight = c.nodes.map(\.chain.height).max() ?? 0
        s.viewChanges = c.viewsEntered.count
        s.equivocationsDetected = c.equivocations.count
        s.catchUpBlocks = c.catchUpBlocks
        s.chainBytes = c.chainBytes
        let anchored = self.metrics.leavesAnchored
        if anchored > 0 {
            s.meanIncludedLatencyMs = c.includedLatencyTotal.milliseconds / Double(anchored)
            s.meanFinalLatencyMs = self.metrics.anchoringLatencyTotal.milliseconds / Double(anchored)
            s.maxFinalLatencyMs = c.finalLatencyMax.milliseconds
        }
        let seconds = max(self.scenario.duration.seconds, 1e-9)
        s.blocksPerSecond = Double(self.metrics.blocksFinal) / seconds
        s.leavesPerSecond = Double(anchored) / seconds
        s.lastFaultEnd = c.lastFaultEnd?.seconds
        if let end = c.lastFaultEnd, let first = c.firstFinalAfterFaults { s.livenessAfterFaults = (first - end).seconds }
        s.backhaulSent = c.backhaul.sent
        s.backhaulLost = c.backhaul.lost
        s.backhaulBlocked = c.backhaul.blocked
        s.maxBlockBytes = self.scenario.ledger.maxBlockBytes
        s.revokeAfter = self.scenario.security.detection.revokeAfter
        s.leavesByKind = LeafKind.allCases.map { kind in
            let count = c.leavesByKind[Int(kind.rawValue)]
            return (kind.description, count, Double(count) / seconds)
        }
        s.uplinkSubmitted = self.uplink.submitted
        s.uplinkDelivered = self.uplink.delivered
        s.uplinkDropped = self.uplink.dropped
        s.uplinkWaiting = self.uplink.waitingCount
        s.consensusMessages = c.messagesSent.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        s.consensusBytes = c.messageBytes
        return s
    }
}
