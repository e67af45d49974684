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
    /// Registrations and reports vehicles submitted, handed to an RSU, and dropped (full queue, or
    /// the vehicle left the road before it met an RSU).
    public var uplinkSubmitted = 0
    public var uplinkDelivered = 0
    public var uplinkDropped = 0
    /// Leaves still queued in vehicles at the end (submitted = delivered + dropped + waiting).
    public var uplinkWaiting = 0
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
            "summary.ledger.uplink_submitted": String(self.uplinkSubmitted),
            "summary.ledger.uplink_delivered": String(self.uplinkDelivered),
            "summary.ledger.uplink_dropped": String(self.uplinkDropped),
            "summary.ledger.uplink_waiting": String(self.uplinkWaiting),
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
        return m
    }
}
