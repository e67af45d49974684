import Foundation
import V2VSim

/// The ledger lines of the end-of-run summary.
enum LedgerReport {
    static func lines(_ l: LedgerRunSummary) -> [String] {
        func ms(_ v: Double?) -> String { v.map { String(format: "%.1f ms", $0) } ?? "n/a" }
        var lines: [String] = []
        lines.append("consensus           \(l.viewChanges) view changes, \(l.equivocationsDetected) equivocations caught, "
            + "\(l.catchUpBlocks) blocks caught up; RSU heights \(l.minimumHeight)…\(l.maximumHeight)")
        lines.append("anchoring           generation→included \(ms(l.meanIncludedLatencyMs)), →final \(ms(l.meanFinalLatencyMs)) "
            + "(max \(ms(l.maxFinalLatencyMs))); \(String(format: "%.2f", l.blocksPerSecond)) blocks/s, "
            + "\(String(format: "%.1f", l.leavesPerSecond)) leaves/s, chain \(l.chainBytes) B")
        let kinds = l.leavesByKind.map { "\($0.count) \($0.kind) (\(String(format: "%.2f", $0.perSecond))/s)" }
        lines.append("leaves              " + kinds.joined(separator: ", ") + "; blocks ≤ \(l.maxBlockBytes) B")
        lines.append(contentsOf: Self.uplinkLines(l))
        lines.append("backhaul            \(l.backhaulSent) messages, \(l.backhaulLost) lost, \(l.backhaulBlocked) blocked by faults")
        lines.append("RSU drops           \(l.mempoolDropped) leaves refused by full mempools, \(l.anchorRecordsEvicted) anchoring "
            + "records given up, \(l.earlyMessagesDropped) early consensus messages, \(l.syncRequestsUnserved) catch-ups "
            + "beyond the kept blocks; \(l.alreadyAnchoredRefused) copies of anchored leaves refused")
        if let end = l.lastFaultEnd {
            let after = l.livenessAfterFaults.map { String(format: "next final block %.3f s later", $0) } ?? "NO final block since"
            lines.append("liveness            last fault ended at \(String(format: "%.1f", end)) s; \(after)")
        }
        lines.append(contentsOf: l.safetyReport())
        return lines
    }

    /// What crossed the radio to the RSUs, and every leaf that did not.
    static func uplinkLines(_ l: LedgerRunSummary) -> [String] {
        func ms(_ v: Double?) -> String { v.map { String(format: "%.1f ms", $0) } ?? "n/a" }
        let ratio = l.uplinkDeliveryRatio.map { String(format: " (%.1f %%)", 100 * $0) } ?? ""
        let rejected = l.uplinkRejected.isEmpty
            ? "none" : l.uplinkRejected.map { "\($0.count) \($0.reason)" }.joined(separator: ", ")
        return [
            "uplink              \(l.uplinkSubmitted) registrations and reports from vehicles, \(l.uplinkDelivered) reached "
                + "an RSU\(ratio); generation→mempool median \(ms(l.uplinkDelayP50Ms)), p95 \(ms(l.uplinkDelayP95Ms))",
            "  frames            \(l.uplinkFramesSent) uplink frames (\(l.uplinkFrameBytes) B), \(l.uplinkRetries) retransmitted "
                + "leaves, \(l.uplinkMACDeferrals) deferred behind beacons; RSUs rejected \(rejected)",
            "  acknowledgements  \(l.uplinkAcksSent) sent, \(l.uplinkAcksReceived) received, \(l.uplinkAcksLost) lost, "
                + "\(l.uplinkAcksRejected) rejected; \(l.uplinkDuplicates) leaves delivered twice",
            "  dropped           \(l.uplinkDropped): \(l.uplinkGaveUp) gave up after the last retry, \(l.uplinkQueueFull) "
                + "refused by a full queue, \(l.uplinkLostOffRoad) lost with a vehicle that left the road; "
                + "\(l.uplinkWaiting) still queued",
        ]
    }
}
