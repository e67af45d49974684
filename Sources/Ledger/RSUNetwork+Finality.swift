import SimKernel
import V2VCrypto

/// Finality: every block an RSU appends is checked against the first final block of its height;
/// the first one is handed out with the messages it anchors.
extension RSUNetwork {
    /// Some RSU appended `block`. The first time a height becomes final anywhere, the block is
    /// handed out (`blockFinal`); a different block at a height already final is a safety
    /// violation, kept with both hashes and their signers.
    mutating func noteFinal(_ block: Block, at now: SimTime, _ effects: inout [RSUNetworkEffect]) {
        self.counters.blocksChecked += 1
        guard self.finality.note(block) else { return }
        if let end = self.counters.lastFaultEnd, now >= end, self.counters.firstFinalAfterFaults == nil {
            self.counters.firstFinalAfterFaults = now
        }
        self.counters.blocksFinal += 1
        self.counters.chainBytes += block.contentBytes + 68 * block.votes.count
        var anchors: [FinalBlock.Anchor] = []
        for (index, leaf) in block.leaves.enumerated() {
            self.counters.leavesByKind[Int(leaf.kind.rawValue)] += 1
            guard let digest = leaf.messageDigest, let origin = self.waiting.remove(digest) else { continue }
            anchors.append(FinalBlock.Anchor(leafIndex: index, origin: origin))
            self.counters.leavesAnchored += 1
            let latency = now - origin.generated
            self.counters.anchoringLatencyTotal += latency
            self.counters.anchoringLatencyMax = max(self.counters.anchoringLatencyMax, latency)
            self.counters.includedLatencyTotal += block.header.timestamp - origin.generated
        }
        effects.append(.blockFinal(FinalBlock(block: block, time: now, anchors: anchors)))
    }

    /// Heights at which two different blocks became final somewhere, ascending; empty means
    /// safety held.
    public var conflictingHeights: [UInt64] {
        Array(Set(self.finality.violations.map(\.height))).sorted()
    }

    /// The double finalisations found, in the order they were found (at most
    /// `FinalityRecord.violationLimit` kept in detail).
    public var safetyViolations: [SafetyViolation] { self.finality.violations }

    /// Lowest and highest chain height among the RSUs.
    public var minimumHeight: UInt64 { self.nodes.map(\.chain.height).min() ?? 0 }
    public var maximumHeight: UInt64 { self.nodes.map(\.chain.height).max() ?? 0 }

    /// The run's counters, including what the pools, nodes and backhaul counted.
    public var stats: RSUNetworkStats {
        var s = self.counters
        s.viewChanges = self.viewsEntered.count
        s.equivocationsDetected = self.equivocations.count
        s.backhaulSent = self.backhaul.sent
        s.backhaulLost = self.backhaul.lost
        s.backhaulBlocked = self.backhaul.blocked
        s.mempoolDropped = self.mempools.reduce(0) { $0 + $1.dropped }
        s.anchorRecordsEvicted = self.waiting.evicted
        s.earlyMessagesDropped = self.nodes.reduce(0) { $0 + $1.earlyMessagesDropped }
        s.syncRequestsUnserved = self.nodes.reduce(0) { $0 + $1.syncRequestsUnserved }
        return s
    }
}
