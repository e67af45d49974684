import Ledger
import SimKernel
import Trace
import V2VCrypto

/// Routing between the run and its `RSUNetwork`: the network's events go on the run's queue (ledger
/// phase), its effects into the trace, the event digest and the revocation list.
extension Simulation {
    /// Arms the RSUs' first timers and schedules the scenario's ledger faults.
    func startRSUNetwork() throws {
        try self.apply(self.rsuNetwork.start(at: self.now))
    }

    /// A network event scheduled earlier is due.
    func rsuNetworkEventDue(_ event: RSUNetworkEvent) throws {
        try self.apply(self.rsuNetwork.handle(event, at: self.now))
    }

    /// RSU `i` accepted `leaf` at `acceptedAt`: it enters that RSU's mempool and is forwarded to
    /// the others.
    func rsuAccepted(_ leaf: LedgerLeaf, rsu i: Int, origin: LeafOrigin?, at acceptedAt: SimTime) {
        if let forward = self.rsuNetwork.accept(leaf, at: i, origin: origin, acceptedAt: acceptedAt) {
            self.queue.schedule(.rsuNetwork(forward.event), at: forward.at, phase: .ledger)
        }
    }

    /// Carries out the network's effects, in order.
    private func apply(_ effects: [RSUNetworkEffect]) throws {
        for effect in effects {
            switch effect {
            case let .schedule(event, at):
                self.queue.schedule(.rsuNetwork(event), at: at, phase: .ledger)
            case let .messageSent(m):
                try self.recorder?.record(ConsensusRow(
                    time: self.now, rsu: m.rsu.raw, kind: m.kind, view: m.view, height: m.height, bytes: m.bytes,
                    recipients: m.recipients))
            case let .viewEntered(rsu, height, view):
                try self.recorder?.record(ConsensusRow(
                    time: self.now, rsu: rsu.raw, kind: "view_entered", view: view, height: height, bytes: 0,
                    recipients: 0))
            case let .blockFinal(final):
                try self.recordFinal(final)
            case let .faultApplied(index, starts):
                self.digest(tag: 7, Int64(index), starts ? 1 : 0, self.now.nanoseconds)
            }
        }
    }

    /// A height became final for the first time: the block, its leaves and the anchors of its
    /// messages go into the trace, and its revocations take effect.
    private func recordFinal(_ final: FinalBlock) throws {
        let block = final.block
        self.digest(.block, bytes: block.hash.bytes)
        try self.recorder?.record(BlockRow(
            height: block.header.height, hash: block.hash.hex, previousHash: block.header.previousHash.hex,
            merkleRoot: block.header.merkleRoot.hex, proposer: block.header.proposer.raw,
            tProposed: block.header.timestamp, tFinal: final.time, leafCount: block.leaves.count,
            signatures: block.votes.map { "\($0.rsu.raw):\($0.signature.hex)" }.joined(separator: ";"),
            headerBytes: block.header.encoded()))
        var anchors = final.anchors[...]
        for (index, leaf) in block.leaves.enumerated() {
            try self.recorder?.record(LeafRow(
                height: block.header.height, leafIndex: index, kind: leaf.kind.description, leaf: leaf.encoded,
                leafHash: leaf.leafHash.hex, tFinal: final.time))
            if leaf.kind == .revocation, case let .revocation(revocation)? = try? leaf.content() {
                self.revocationFinal(revocation)
            }
            guard let anchor = anchors.first, anchor.leafIndex == index else { continue }
            anchors.removeFirst()
            try self.recorder?.record(AnchorRow(
                messageID: anchor.origin.messageID, height: block.header.height, leafIndex: index,
                leafHash: leaf.leafHash.hex, tGenerated: anchor.origin.generated, tFinal: final.time))
        }
    }

    /// The ledger part of the summary: the network's counters and its safety check (every block any
    /// RSU appended, compared with the first final block of its height).
    func ledgerSummary() -> LedgerRunSummary {
        var s = LedgerRunSummary()
        let network = self.rsuNetwork
        let c = network.stats
        s.chainsChecked = network.count
        s.blocksChecked = c.blocksChecked
        s.conflictingHeights = network.conflictingHeights
        s.safetyViolations = network.safetyViolations
        s.minimumHeight = network.minimumHeight
        s.maximumHeight = network.maximumHeight
        s.viewChanges = c.viewChanges
        s.equivocationsDetected = c.equivocationsDetected
        s.catchUpBlocks = c.catchUpBlocks
        s.chainBytes = c.chainBytes
        let anchored = c.leavesAnchored
        if anchored > 0 {
            s.meanIncludedLatencyMs = c.includedLatencyTotal.milliseconds / Double(anchored)
            s.meanFinalLatencyMs = c.anchoringLatencyTotal.milliseconds / Double(anchored)
            s.maxFinalLatencyMs = c.anchoringLatencyMax.milliseconds
        }
        let seconds = max(self.scenario.duration.seconds, 1e-9)
        s.blocksPerSecond = Double(c.blocksFinal) / seconds
        s.leavesPerSecond = Double(anchored) / seconds
        s.lastFaultEnd = c.lastFaultEnd?.seconds
        if let end = c.lastFaultEnd, let first = c.firstFinalAfterFaults { s.livenessAfterFaults = (first - end).seconds }
        s.backhaulSent = c.backhaulSent
        s.backhaulLost = c.backhaulLost
        s.backhaulBlocked = c.backhaulBlocked
        s.mempoolDropped = c.mempoolDropped
        s.anchorRecordsEvicted = c.anchorRecordsEvicted
        s.earlyMessagesDropped = c.earlyMessagesDropped
        s.syncRequestsUnserved = c.syncRequestsUnserved
        s.alreadyAnchoredRefused = c.alreadyAnchoredRefused
        s.maxBlockBytes = self.scenario.ledger.maxBlockBytes
        s.revokeAfter = self.scenario.security.detection.revokeAfter
        // Detector registrations exist only in runs with a learned detector (`detection.model`); other
        // runs list the kinds they always had, so their summaries stay as they were.
        s.leavesByKind = LeafKind.allCases.compactMap { kind in
            let count = c.leavesByKind[Int(kind.rawValue)]
            guard kind != .detectorRegistration || count > 0 else { return nil }
            return (kind.description, count, Double(count) / seconds)
        }
        let u = self.uplink
        s.uplinkSubmitted = u.submitted
        s.uplinkDelivered = u.delivered
        s.uplinkDropped = u.dropped
        s.uplinkGaveUp = u.gaveUp
        s.uplinkQueueFull = u.queueFull
        s.uplinkLostOffRoad = u.lostOffRoad
        s.uplinkAcknowledged = u.acknowledged
        s.uplinkWaiting = u.waitingCount
        s.uplinkDelayP50Ms = u.delayPercentile(50)
        s.uplinkDelayP95Ms = u.delayPercentile(95)
        s.uplinkFramesSent = u.framesSent
        s.uplinkFrameBytes = u.frameBytes
        s.uplinkLeafTransmissions = u.leafTransmissions
        s.uplinkRetries = u.retries
        s.uplinkMACDeferrals = u.macDeferrals
        s.uplinkRejected = u.rejectedAtRSU.sorted { $0.key.rawValue < $1.key.rawValue }.map { ($0.key.rawValue, $0.value) }
        s.uplinkDuplicates = u.duplicates
        s.uplinkAcksSent = u.acksSent
        s.uplinkAcksReceived = u.acksReceived
        s.uplinkAcksLost = u.acksLost
        s.uplinkAcksRejected = u.acksRejected
        s.consensusMessages = c.messagesSent.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        s.consensusBytes = c.messageBytes
        return s
    }
}
