import SimKernel
import V2X

/// Where misbehaviour reports go: the RSUs acting together as misbehaviour authority.
///
/// Interface with the ledger (issue 4): `pending` holds every report not yet taken by the ledger,
/// which drains it (`drainReports`) to put report leaves into blocks, and revokes certificates
/// through `RevocationList`. Until the ledger does so, a local stand-in rule revokes a certificate
/// once `revokeAfter` distinct reporters accused it, effective one block interval later (when
/// the block carrying the revocation would be final).
struct MisbehaviourAuthority {
    let revokeAfter: Int
    let finality: SimTime
    /// Reports not yet taken by the ledger; bounded, the oldest are dropped and counted.
    private(set) var pending: [MisbehaviourReport] = []
    private(set) var dropped = 0
    private(set) var received = 0
    /// Distinct reporters per suspect; looked up, never iterated.
    private var reporters: [CertificateDigest: Set<CertificateDigest>] = [:]
    static let pendingLimit = 100_000

    init(revokeAfter: Int, finality: SimTime) {
        self.revokeAfter = revokeAfter
        self.finality = finality
    }

    /// Takes a report; returns when the suspect's revocation takes effect, the first time the
    /// threshold is reached.
    mutating func receive(_ report: MisbehaviourReport, at time: SimTime) -> SimTime? {
        self.received += 1
        if self.pending.count == Self.pendingLimit {
            self.pending.removeFirst()
            self.dropped += 1
        }
        self.pending.append(report)
        var set = self.reporters[report.suspect, default: []]
        guard set.count < self.revokeAfter else { return nil }
        set.insert(report.reporter)
        self.reporters[report.suspect] = set
        return set.count == self.revokeAfter ? time + self.finality : nil
    }

    /// Hands the pending reports to the ledger.
    mutating func drainReports() -> [MisbehaviourReport] {
        defer { self.pending.removeAll(keepingCapacity: true) }
        return self.pending
    }
}

/// Detection outcome counters of one attack type (ground truth at vehicle receivers, over
/// messages that passed the cryptographic checks).
struct DetectionCounters {
    var truePositives = 0
    var falseNegatives = 0
    var byCheck: [MisbehaviourReport.Check: Int] = [:]
}
