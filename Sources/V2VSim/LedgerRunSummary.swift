import Foundation
import Ledger

/// What the RSU committee did in a run: consensus, faults, safety and anchoring.
public struct LedgerRunSummary: Sendable {
    /// Distinct (height, view) pairs above view 0 that some RSU moved to.
    public var viewChanges = 0
    /// Distinct equivocations (two signed proposals for one height and view) that RSUs caught.
    public var equivocationsDetected = 0
    /// Heights at which two different blocks became final somewhere; empty means safety held.
    public var conflictingHeights: [UInt64] = []
    /// The double finalisations: height, both hashes and the signers of each (the first 64).
    public var safetyViolations: [SafetyViolation] = []
    /// RSU chains checked, and the blocks they appended, each compared with the first final
    /// block of its height when it was appended.
    public var chainsChecked = 0
    public var blocksChecked = 0
    /// Lowest and highest chain height among the RSUs at the end.
    public var minimumHeight: UInt64 = 0
    public var maximumHeight: UInt64 = 0
    /// Blocks appended by catch-up (sync) rather than by a commit quorum.
    public var catchUpBlocks = 0
    /// Size of the final chain [B]: headers, typed leaves (type byte and body), 68-byte votes.
    public var chainBytes = 0
    /// The block size limit of the run [B] (header and leaves).
    public var maxBlockBytes = 0
    /// Distinct reporters that revoke a certificate (`security.detection.revoke_after`).
    public var revokeAfter = 0
    /// Leaves in final blocks by kind (`message`, `report`, `revocation`, `registration`), with
    /// their rate per simulated second.
    public var leavesByKind: [(kind: String, count: Int, perSecond: Double)] = []
    /// Registrations and reports vehicles generated, and those that reached an RSU's mempool over
    /// the radio (each counted once).
    public var uplinkSubmitted = 0
    public var uplinkDelivered = 0
    /// Leaves dropped: given up, refused by a full queue, or lost with a vehicle that left the road
    /// (the sum of the three counts below).
    public var uplinkDropped = 0
    public var uplinkGaveUp = 0
    public var uplinkQueueFull = 0
    public var uplinkLostOffRoad = 0
    /// Leaves whose acknowledgement reached their vehicle, and leaves still queued at the end
    /// (submitted = acknowledged + dropped + waiting).
    public var uplinkAcknowledged = 0
    public var uplinkWaiting = 0
    /// Generation → mempool delay of delivered leaves, median and 95th percentile [ms].
    public var uplinkDelayP50Ms: Double?
    public var uplinkDelayP95Ms: Double?
    /// Uplink frames put on air, their bytes, leaf transmissions in them and how many were retries.
    public var uplinkFramesSent = 0
    public var uplinkFrameBytes = 0
    public var uplinkLeafTransmissions = 0
    public var uplinkRetries = 0
    /// Uplink frames the MAC refused or replaced in favour of a beacon (their leaves went out later).
    public var uplinkMACDeferrals = 0
    /// Uplink frames RSUs heard and rejected, by reason (`bad_signature`, `revoked`, …).
    public var uplinkRejected: [(reason: String, count: Int)] = []
    /// Leaves an RSU took again after an earlier copy had reached a mempool (its acknowledgement was lost).
    public var uplinkDuplicates = 0
    /// Acknowledgement frames the RSUs sent, that reached their vehicle, that were lost on the way,
    /// and that the vehicle rejected.
    public var uplinkAcksSent = 0
    public var uplinkAcksReceived = 0
    public var uplinkAcksLost = 0
    public var uplinkAcksRejected = 0

    /// Delivered / submitted; nil when nothing was submitted.
    public var uplinkDeliveryRatio: Double? {
        self.uplinkSubmitted > 0 ? Double(self.uplinkDelivered) / Double(self.uplinkSubmitted) : nil
    }

    /// Uplink frames rejected by RSUs, all reasons.
    public var uplinkRejectedTotal: Int { self.uplinkRejected.reduce(0) { $0 + $1.count } }
    /// Consensus messages the RSUs sent, by kind, and the bytes they put on the backhaul.
    public var consensusMessages: [(kind: String, count: Int)] = []
    public var consensusBytes = 0
    /// Mean time from generation to the proposal that included the message, and to finality [ms].
    public var meanIncludedLatencyMs: Double?
    public var meanFinalLatencyMs: Double?
    public var maxFinalLatencyMs: Double?
    /// Final blocks and anchored leaves per simulated second.
    public var blocksPerSecond = 0.0
    public var leavesPerSecond = 0.0
    /// When the last fault ended, and how long after it the next block became final [s].
    public var lastFaultEnd: Double?
    public var livenessAfterFaults: Double?
    /// Backhaul messages sent, lost (loss probability) and blocked (crash or partition).
    public var backhaulSent = 0
    public var backhaulLost = 0
    public var backhaulBlocked = 0
    /// What the RSU network dropped (never silently): leaves refused by full mempools, anchoring
    /// records given up by the bounded wait list, consensus messages that overflowed an RSU's
    /// early buffer, and catch-up requests for blocks older than the retained tail.
    public var mempoolDropped = 0
    public var anchorRecordsEvicted = 0
    public var earlyMessagesDropped = 0
    public var syncRequestsUnserved = 0
    /// Copies of already anchored leaves that RSUs refused (retries, a second RSU's copy), so that
    /// no leaf is anchored twice.
    public var alreadyAnchoredRefused = 0

    public init() {}

    /// Whether no height has two final blocks.
    public var safetyHolds: Bool { self.conflictingHeights.isEmpty }

    /// `safety: ok, no height has two final blocks (…)` or the heights that do.
    public var safetyLine: String {
        if self.safetyHolds {
            return "safety: ok, no height has two final blocks (\(self.chainsChecked) RSU chains, "
                + "\(self.blocksChecked) final blocks compared)"
        }
        return "safety: VIOLATED, two final blocks at height(s) "
            + self.conflictingHeights.prefix(10).map(String.init).joined(separator: ", ")
            + (self.conflictingHeights.count > 10 ? ", …" : "")
    }

    /// The safety line, then one line per double finalisation (at most `limit`): height, both
    /// block hashes and the RSUs whose votes each carries.
    public func safetyReport(limit: Int = 5) -> [String] {
        var lines = [self.safetyLine]
        for violation in self.safetyViolations.prefix(limit) { lines.append("  " + violation.description) }
        if self.safetyViolations.count > limit { lines.append("  … \(self.safetyViolations.count - limit) more") }
        return lines
    }

    /// Key/values for the trace's meta table.
    public var metaEntries: [String: String] {
        var m: [String: String] = [
            "summary.ledger.view_changes": String(self.viewChanges),
            "summary.ledger.equivocations": String(self.equivocationsDetected),
            "summary.ledger.safety": self.safetyHolds ? "ok" : "violated",
            "summary.ledger.chain_bytes": String(self.chainBytes),
            "summary.ledger.catch_up_blocks": String(self.catchUpBlocks),
            "summary.ledger.blocks_per_s": String(format: "%.3f", self.blocksPerSecond),
            "summary.ledger.leaves_per_s": String(format: "%.3f", self.leavesPerSecond),
            "summary.ledger.backhaul_sent": String(self.backhaulSent),
            "summary.ledger.backhaul_lost": String(self.backhaulLost),
            "summary.ledger.backhaul_blocked": String(self.backhaulBlocked),
            "summary.ledger.mempool_dropped": String(self.mempoolDropped),
            "summary.ledger.anchor_records_evicted": String(self.anchorRecordsEvicted),
            "summary.ledger.early_messages_dropped": String(self.earlyMessagesDropped),
            "summary.ledger.sync_requests_unserved": String(self.syncRequestsUnserved),
            "summary.ledger.copies_already_anchored": String(self.alreadyAnchoredRefused),
            "summary.ledger.uplink_submitted": String(self.uplinkSubmitted),
            "summary.ledger.uplink_delivered": String(self.uplinkDelivered),
            "summary.ledger.uplink_dropped": String(self.uplinkDropped),
            "summary.ledger.uplink_waiting": String(self.uplinkWaiting),
            "summary.ledger.uplink_gave_up": String(self.uplinkGaveUp),
            "summary.ledger.uplink_queue_full": String(self.uplinkQueueFull),
            "summary.ledger.uplink_lost_off_road": String(self.uplinkLostOffRoad),
            "summary.ledger.uplink_acknowledged": String(self.uplinkAcknowledged),
            "summary.ledger.uplink_frames": String(self.uplinkFramesSent),
            "summary.ledger.uplink_frame_bytes": String(self.uplinkFrameBytes),
            "summary.ledger.uplink_leaf_transmissions": String(self.uplinkLeafTransmissions),
            "summary.ledger.uplink_retries": String(self.uplinkRetries),
            "summary.ledger.uplink_mac_deferrals": String(self.uplinkMACDeferrals),
            "summary.ledger.uplink_rejected": String(self.uplinkRejectedTotal),
            "summary.ledger.uplink_duplicates": String(self.uplinkDuplicates),
            "summary.ledger.uplink_acks_sent": String(self.uplinkAcksSent),
            "summary.ledger.uplink_acks_received": String(self.uplinkAcksReceived),
            "summary.ledger.uplink_acks_lost": String(self.uplinkAcksLost),
            "summary.ledger.uplink_acks_rejected": String(self.uplinkAcksRejected),
            "summary.ledger.consensus_bytes": String(self.consensusBytes),
            "ledger_max_block_bytes": String(self.maxBlockBytes),
            "ledger_revoke_after": String(self.revokeAfter),
        ]
        for entry in self.leavesByKind {
            m["summary.ledger.leaves." + entry.kind] = String(entry.count)
            m["summary.ledger.leaves_per_s." + entry.kind] = String(format: "%.3f", entry.perSecond)
        }
        if let first = self.safetyViolations.first { m["summary.ledger.safety_violation"] = first.description }
        for entry in self.consensusMessages { m["summary.ledger.messages." + entry.kind] = String(entry.count) }
        if let v = self.meanIncludedLatencyMs { m["summary.ledger.mean_included_latency_ms"] = String(format: "%.3f", v) }
        if let v = self.meanFinalLatencyMs { m["summary.ledger.mean_final_latency_ms"] = String(format: "%.3f", v) }
        if let v = self.maxFinalLatencyMs { m["summary.ledger.max_final_latency_ms"] = String(format: "%.3f", v) }
        if let v = self.livenessAfterFaults { m["summary.ledger.liveness_after_faults_s"] = String(format: "%.3f", v) }
        if let v = self.uplinkDeliveryRatio { m["summary.ledger.uplink_delivery_ratio"] = String(format: "%.4f", v) }
        if let v = self.uplinkDelayP50Ms { m["summary.ledger.uplink_delay_p50_ms"] = String(format: "%.3f", v) }
        if let v = self.uplinkDelayP95Ms { m["summary.ledger.uplink_delay_p95_ms"] = String(format: "%.3f", v) }
        for entry in self.uplinkRejected { m["summary.ledger.uplink_rejected." + entry.reason] = String(entry.count) }
        return m
    }
}
