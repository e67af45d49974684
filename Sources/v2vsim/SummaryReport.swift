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
        lines.append("pseudonyms          \(s.pseudonymChanges) changes, \(s.certificatesRevoked) certificates revoked")
        lines.append("received            \(s.vehicleReceptions) by vehicles, \(s.rsuReceptions) by RSUs")
        lines.append("accepted by vehicles \(s.accepted)" + (s.unchecked > 0 ? "   unchecked (verify: none) \(s.unchecked)" : ""))
        lines.append("rejected by vehicles \(s.rejected)")
        for (reason, count) in s.rejectedByReason { lines.append("  \(reason.padding(toLength: 30, withPad: " ", startingAt: 0))\(count)") }
        lines.append("acted on            \(s.actedOn)")
        let c = s.certificates
        if c.held > 0 || c.neighbourAnswers > 0 {
            lines.append(
                "certificate hold    \(c.held) held: \(c.resolved) resolved (\(c.resolvedAccepted) accepted), "
                    + "\(c.expired) expired, \(c.evicted) evicted, \(c.heldAtEnd) still held at the end; "
                    + "wait p50 \(ms(c.holdWaitP50)) p95 \(ms(c.holdWaitP95))")
            lines.append(
                "certificate answers \(c.neighbourAnswers) sent by non-owners, \(c.messagesWithRequests) CAMs with requests; "
                    + "mean message \(c.meanMessageBytes.map { String(format: "%.1f", $0) } ?? "n/a") B")
        }
        let h = s.hazardWarnings
        if h.sent > 0 {
            lines.append(
                "hazard warnings     \(h.sent) DENMs sent, \(h.accepted) accepted by vehicles, "
                    + "\(h.actedBeforeSensing) vehicles acted before their own sensor saw the hazard")
        }
        lines.append("latency             p50 \(ms(s.latencyP50))  p95 \(ms(s.latencyP95))  p99 \(ms(s.latencyP99))  max \(ms(s.latencyMax))")
        lines.append(contentsOf: Self.breakdown(s))
        lines.append("blocks finalised    \(s.blocksFinal)  leaves anchored \(s.leavesAnchored)  mean anchoring latency \(ms(s.meanAnchoringLatencyMs))  mempool drops \(s.mempoolDrops)")
        lines.append(contentsOf: LedgerReport.lines(s.ledger))
        let incidents = s.incidents.isEmpty ? "none" : s.incidents.map { "\($0.kind) \($0.count)" }.joined(separator: ", ")
        lines.append("incidents           \(incidents)")
        let shield = s.shield
        if shield.decisions > 0 {
            lines.append(
                "safety shield       \(shield.overrides) of \(shield.decisions) v2 decisions overridden: "
                    + "\(shield.accelerationOverrides) accelerations (\(shield.boundsOverrides) out of bounds), "
                    + "\(shield.laneChangeOverrides) of \(shield.laneChangesChosen) lane changes refused")
        }
        lines.append("libsodium calls     \(s.signCalls) sign, \(s.verifyCalls) verify (\(s.memoHits) verifications memoised)")
        let ratio = wallSeconds > 0 ? s.simulatedDuration.seconds / wallSeconds : 0
        lines.append("wall time           \(String(format: "%.2f", wallSeconds)) s  (simulated/wall \(String(format: "%.1f", ratio))x)")
        lines.append("trace               \(tracePath)")
        lines.append("event digest        \(s.eventDigest)")
        return lines.joined(separator: "\n")
    }

    /// Latency per stage, verification-queue overflows, and the radio section.
    static func breakdown(_ s: RunSummary) -> [String] {
        func ms(_ v: Double) -> String { String(format: "%9.3f", v) }
        var lines: [String] = []
        if !s.stages.isEmpty {
            lines.append("latency by stage    [ms]        p50       p95       p99       max")
            for st in s.stages {
                lines.append("  \(st.stage.padding(toLength: 26, withPad: " ", startingAt: 0))\(ms(st.p50)) \(ms(st.p95)) \(ms(st.p99)) \(ms(st.max))")
            }
        }
        if !s.attacks.isEmpty {
            lines.append("attacks (ground truth) attackers   sent  received  accepted  rejected  acted on")
            for a in s.attacks {
                lines.append(String(
                    format: "  %2d %@ %6d %6d %9d %9d %9d %9d", a.number, a.name.padding(toLength: 19, withPad: " ", startingAt: 0),
                    a.attackers, a.sent, a.received, a.accepted, a.rejected, a.actedOn))
            }
            lines += Self.layerLines(s.attacks)
        }
        if !s.detection.isEmpty {
            func f(_ v: Double?) -> String { v.map { String(format: "%.3f", $0) } ?? "  n/a" }
            let t = s.detectionTotals
            lines.append("detection           \(t.reports) reports, \(t.falsePositives) false positives of \(t.falsePositives + t.trueNegatives) genuine, \(t.honestReported) honest vehicles reported, \(t.honestRevoked) honest certificates revoked")
            lines.append("  #  attack              precision recall   F1     detected  ttd mean/max s   revoked  ttr mean/max s")
            for d in s.detection {
                lines.append(String(
                    format: "  %2d %@ %@    %@  %@  %3d/%-3d   %@/%@     %3d      %@/%@", d.number,
                    d.name.padding(toLength: 19, withPad: " ", startingAt: 0), f(d.precision), f(d.recall), f(d.f1),
                    d.detected, d.attackers, f(d.meanTimeToDetect), f(d.maxTimeToDetect), d.revoked,
                    f(d.meanTimeToRevoke), f(d.maxTimeToRevoke)))
            }
        }
        let h = s.falseHazards
        if h.falseSent > 0 {
            let speed = h.meanSpeed.map { String(format: "%.1f km/h", $0 * 3.6) } ?? "n/a"
            lines.append("false hazard warnings \(h.falseSent) sent; \(h.vehiclesWarnedFalsely) vehicles believed one, \(h.vehiclesBrakedForFalse) braked for one")
            lines.append("  beliefs dropped   \(h.falseBeliefsDropped) false, \(h.genuineBeliefsDropped) genuine (own sensor or sender revoked); mean speed \(speed)")
        }
        lines.append("verification queue  \(s.queueOverflows) receptions dropped (queue full)")
        guard let r = s.radio else { return lines }
        func ratio(_ v: Double?) -> String { v.map { String(format: "%.3f", $0) } ?? "n/a" }
        lines.append(String(
            format: "radio               %@: nominal range %.0f m, carrier-sense range %.0f m, MAC queue drops %d",
            r.model, r.nominalRange, r.senseRange, r.macQueueDrops))
        lines.append("channel busy ratio  mean \(ratio(r.cbrMean))  p95 \(ratio(r.cbrP95))  max \(ratio(r.cbrMax))")
        if !r.dccStates.isEmpty {
            lines.append("reactive DCC        " + r.dccStates.map { String(format: "%@ %.3f", $0.state, $0.share) }.joined(separator: "  "))
        }
        lines.append("radio outcomes      " + r.outcomes.map { "\($0.outcome) \($0.count)" }.joined(separator: ", "))
        var pdr: [String] = []
        for bin in r.bins where bin.attempts > 0 && Int(bin.fromMeters) % 100 == 0 {
            pdr.append(String(format: "%.0f-%.0fm %.3f", bin.fromMeters, bin.toMeters, bin.ratio ?? 0))
        }
        lines.append("PDR by distance     " + pdr.joined(separator: "  "))
        return lines
    }
}
