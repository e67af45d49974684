import Foundation
import V2VSim

/// The human-readable end-of-run summary.
enum SummaryReport {
    static func render(_ s: RunSummary, wallSeconds: Double, tracePath: String) -> String {
        func ms(_ v: Double?) -> String { v.map { String(format: "%.3f ms", $0) } ?? "n/a" }
        var lines: [String] = []
        lines.append("scenario \(s.scenarioName)  seed \(s.seed)  simulated \(String(format: "%.1f", s.simulatedDuration.seconds)) s")
        lines.append("vehicles            \(s.vehiclesSpawned) spawned, \(s.vehiclesAtEnd) on the road at the end; \(s.rsus) RSUs")
        lines.append("messages sent       \(s.messagesSent) (\(s.certificatesSent) with full certificate)")
        lines.append("received            \(s.vehicleReceptions) by vehicles, \(s.rsuReceptions) by RSUs")
        lines.append("accepted by vehicles \(s.accepted)" + (s.unchecked > 0 ? "   unchecked (verify: none) \(s.unchecked)" : ""))
        lines.append("rejected by vehicles \(s.rejected)")
        for (reason, count) in s.rejectedByReason { lines.append("  \(reason.padding(toLength: 18, withPad: " ", startingAt: 0))\(count)") }
        lines.append("acted on            \(s.actedOn)")
        lines.append("latency             p50 \(ms(s.latencyP50))  p95 \(ms(s.latencyP95))  p99 \(ms(s.latencyP99))  max \(ms(s.latencyMax))")
        lines.append("blocks finalised    \(s.blocksFinal)  leaves anchored \(s.leavesAnchored)  mean anchoring latency \(ms(s.meanAnchoringLatencyMs))  mempool drops \(s.mempoolDrops)")
        lines.append(contentsOf: LedgerReport.lines(s.ledger))
        let incidents = s.incidents.isEmpty ? "none" : s.incidents.map { "\($0.kind) \($0.count)" }.joined(separator: ", ")
        lines.append("incidents           \(incidents)")
        lines.append("libsodium calls     \(s.signCalls) sign, \(s.verifyCalls) verify (\(s.memoHits) verifications memoised)")
        let ratio = wallSeconds > 0 ? s.simulatedDuration.seconds / wallSeconds : 0
        lines.append("wall time           \(String(format: "%.2f", wallSeconds)) s  (simulated/wall \(String(format: "%.1f", ratio))x)")
        lines.append("trace               \(tracePath)")
        lines.append("event digest        \(s.eventDigest)")
        return lines.joined(separator: "\n")
    }
}
