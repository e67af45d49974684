import SimKernel
import V2X

/// What a run did, for the terminal and for the trace's meta table. Everything here is a pure
/// function of the scenario and seed (wall time is the CLI's business), so it can go in the trace.
public struct RunSummary: Sendable {
    public var scenarioName: String
    public var seed: UInt64
    public var simulatedDuration: SimTime
    public var vehiclesSpawned: Int
    public var vehiclesAtEnd: Int
    public var rsus: Int
    public var messagesSent: Int
    public var certificatesSent: Int
    public var vehicleReceptions: Int
    public var rsuReceptions: Int
    public var accepted: Int
    public var unchecked: Int
    public var rejectedByReason: [(reason: String, count: Int)]
    public var actedOn: Int
    /// Latency percentiles [ms] over accepted and unchecked vehicle receptions; nil without any.
    public var latencyP50: Double?
    public var latencyP95: Double?
    public var latencyP99: Double?
    public var latencyMax: Double?
    public var blocksFinal: Int
    public var leavesAnchored: Int
    public var meanAnchoringLatencyMs: Double?
    public var mempoolDrops: Int
    public var incidents: [(kind: String, count: Int)]
    public var signCalls: Int
    public var verifyCalls: Int
    public var memoHits: Int
    public var eventDigest: String
    /// The CA's public key (hex), so that an auditor can check every certificate in the trace.
    public var caPublicKey: String
    /// The RSUs' public keys (hex), in RSU order, so that an auditor can check every vote.
    public var rsuPublicKeys: [String]
    /// Latency per stage (signing … verification, and the total) over usable vehicle receptions.
    public var stages: [StageLatency] = []
    /// Receptions dropped because a receiver's verification queue was full.
    public var queueOverflows = 0
    /// Pseudonym changes made on the scenario's schedule.
    public var pseudonymChanges = 0
    /// Certificates on the revocation list at the end.
    public var certificatesRevoked = 0
    /// Per attack type present in the run: attackers and what their messages did at vehicles.
    public var attacks: [AttackOutcome] = []
    /// Detection quality per insider attack type present in the run.
    public var detection: [DetectionOutcome] = []
    public var detectionTotals = DetectionTotals(falsePositives: 0, trueNegatives: 0, reports: 0, honestRevoked: 0)
    /// Hazard warnings (DENMs): sent, accepted, and acted on before the driver's own sensor saw the obstacle.
    public var hazardWarnings = HazardWarnings(sent: 0, accepted: 0, actedBeforeSensing: 0)
    /// Radio statistics; nil for the unit-disk model.
    public var radio: RadioSummary? = nil
    /// Consensus, faults, safety and anchoring of the RSU committee.
    public var ledger = LedgerRunSummary()
    /// What false hazard warnings did to traffic.
    public var falseHazards = FalseHazardOutcome()
    /// Lane-choosing (v2) policies' decisions and the safety shield's overrides (all zero without one).
    public var shield = ShieldCounts()
    /// Peer-to-peer certificate distribution: bytes, neighbours' answers, the pending-certificate hold.
    public var certificates = CertificateDistributionSummary()

    /// Total rejections.
    public var rejected: Int { self.rejectedByReason.reduce(0) { $0 + $1.count } }

    /// Key/value pairs for the trace's meta table (fixed formats, no wall-clock values).
    public var metaEntries: [String: String] {
        var m: [String: String] = [
            "summary.vehicles": String(self.vehiclesSpawned),
            "summary.rsus": String(self.rsus),
            "summary.messages_sent": String(self.messagesSent),
            "summary.vehicle_receptions": String(self.vehicleReceptions),
            "summary.rsu_receptions": String(self.rsuReceptions),
            "summary.accepted": String(self.accepted),
            "summary.unchecked": String(self.unchecked),
            "summary.rejected": String(self.rejected),
            "summary.blocks_final": String(self.blocksFinal),
            "summary.leaves_anchored": String(self.leavesAnchored),
            "summary.sign_calls": String(self.signCalls),
            "summary.verify_calls": String(self.verifyCalls),
            "event_digest": self.eventDigest,
            "ca_public_key": self.caPublicKey,
            "rsu_public_keys": self.rsuPublicKeys.joined(separator: ","),
        ]
        let percentiles = [("p50", self.latencyP50), ("p95", self.latencyP95), ("p99", self.latencyP99), ("max", self.latencyMax)]
        for (name, value) in percentiles {
            if let value { m["summary.latency_\(name)_ms"] = DecimalFormat.fixed(value, 3) }
        }
        m["summary.queue_overflows"] = String(self.queueOverflows)
        m["summary.detection.false_positives"] = String(self.detectionTotals.falsePositives)
        m["summary.detection.reports"] = String(self.detectionTotals.reports)
        for d in self.detection {
            m["summary.detection." + d.name] = "tp=\(d.truePositives) fn=\(d.falseNegatives) fp=\(d.falsePositives) detected=\(d.detected) revoked=\(d.revoked)"
        }
        for a in self.attacks {
            m["summary.attack." + a.name] = "attackers=\(a.attackers) sent=\(a.sent) received=\(a.received) accepted=\(a.accepted) rejected=\(a.rejected) acted_on=\(a.actedOn)"
        }
        m["summary.hazard_warnings.sent"] = String(self.hazardWarnings.sent)
        m["summary.hazard_warnings.accepted"] = String(self.hazardWarnings.accepted)
        m["summary.hazard_warnings.acted_before_sensing"] = String(self.hazardWarnings.actedBeforeSensing)
        m["summary.pseudonym_changes"] = String(self.pseudonymChanges)
        m["summary.certificates_revoked"] = String(self.certificatesRevoked)
        for stage in self.stages {
            m["summary.latency." + stage.stage + ".p50_ms"] = DecimalFormat.fixed(stage.p50, 3)
            m["summary.latency." + stage.stage + ".p99_ms"] = DecimalFormat.fixed(stage.p99, 3)
        }
        if let radio = self.radio {
            m["summary.radio.model"] = radio.model
            if let cbr = radio.cbrMean { m["summary.radio.cbr_mean"] = DecimalFormat.fixed(cbr, 4) }
            for bin in radio.bins {
                m["summary.radio.pdr." + String(Int(bin.fromMeters))] = bin.ratio.map { DecimalFormat.fixed($0, 4) } ?? ""
            }
        }
        for (reason, count) in self.rejectedByReason { m["summary.rejected." + reason] = String(count) }
        for (kind, count) in self.incidents { m["summary.incidents." + kind] = String(count) }
        m.merge(self.ledger.metaEntries) { current, _ in current }
        m.merge(self.falseHazards.metaEntries) { current, _ in current }
        m.merge(self.shield.metaEntries) { current, _ in current }
        m.merge(self.certificates.metaEntries) { current, _ in current }
        return m
    }
}
