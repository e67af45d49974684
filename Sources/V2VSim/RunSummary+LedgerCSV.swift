/// `ledger-summary.csv`: the run's ledger metrics in one row, for comparing runs in a spreadsheet.
/// (The per-block table is `ledger.csv` from `v2vsim export --csv`; this one is run-level.)
extension RunSummary {
    /// Column names of `ledger-summary.csv`, in order.
    static let ledgerSummaryColumns = [
        "blocks_final", "blocks_per_s", "leaves_per_s", "leaves_message", "leaves_report", "leaves_revocation",
        "leaves_registration", "chain_bytes", "max_block_bytes", "view_changes", "equivocations_caught",
        "catch_up_blocks", "mempool_drops", "anchoring_included_mean_ms", "anchoring_final_mean_ms",
        "anchoring_final_max_ms", "safety", "liveness_after_faults_s", "conflicting_heights", "backhaul_lost",
        "backhaul_blocked", "uplink_dropped", "anchor_records_evicted", "early_messages_dropped",
        "sync_requests_unserved", "uplink_submitted", "uplink_delivered", "uplink_delivery_ratio",
        "uplink_delay_p50_ms", "uplink_delay_p95_ms", "uplink_frames", "uplink_retries", "uplink_gave_up",
        "uplink_queue_full", "uplink_lost_off_road", "uplink_waiting", "uplink_rejected", "uplink_acks_lost",
    ]

    /// Header and the one data row; empty fields where a value does not exist (no fault, no anchor).
    var ledgerSummaryCSV: String {
        let l = self.ledger
        func count(_ kind: String) -> String { String(l.leavesByKind.first { $0.kind == kind }?.count ?? 0) }
        func f(_ v: Double?, _ digits: Int) -> String { v.map { DecimalFormat.fixed($0, digits) } ?? "" }
        let base: [String] = [
            String(self.blocksFinal), f(l.blocksPerSecond, 3), f(l.leavesPerSecond, 3), count("message"),
            count("report"), count("revocation"), count("registration"), String(l.chainBytes), String(l.maxBlockBytes),
            String(l.viewChanges), String(l.equivocationsDetected), String(l.catchUpBlocks), String(self.mempoolDrops),
            f(l.meanIncludedLatencyMs, 3), f(l.meanFinalLatencyMs, 3), f(l.maxFinalLatencyMs, 3),
            l.safetyHolds ? "ok" : "violated", f(l.livenessAfterFaults, 3),
        ]
        // Heights joined by ';' so the field needs no quoting. (A separate array keeps the literal
        // small enough for the type checker.)
        let heights: String = l.conflictingHeights.map { String($0) }.joined(separator: ";")
        let drops: [Int] = [
            l.backhaulLost, l.backhaulBlocked, l.uplinkDropped, l.anchorRecordsEvicted, l.earlyMessagesDropped,
            l.syncRequestsUnserved,
        ]
        let uplink: [String] = [
            String(l.uplinkSubmitted), String(l.uplinkDelivered), f(l.uplinkDeliveryRatio, 4), f(l.uplinkDelayP50Ms, 3),
            f(l.uplinkDelayP95Ms, 3), String(l.uplinkFramesSent), String(l.uplinkRetries), String(l.uplinkGaveUp),
            String(l.uplinkQueueFull), String(l.uplinkLostOffRoad), String(l.uplinkWaiting), String(l.uplinkRejectedTotal),
            String(l.uplinkAcksLost),
        ]
        let row: [String] = base + [heights] + drops.map { String($0) } + uplink
        return Self.ledgerSummaryColumns.joined(separator: ",") + "\n" + row.joined(separator: ",") + "\n"
    }
}
