import SimKernel
import V2X

/// Misbehaviour detection bookkeeping of a run: ground-truth counters, per-attacker times, reports
/// sent and who owns which certificate. Revocation itself goes through the ledger
/// (`Simulation+Revocation.swift`).
struct DetectionState: Codable {
    /// Misbehaviour reports vehicles submitted to the ledger.
    var reportsSent = 0
    /// Owner vehicle of every certificate issued; looked up, never iterated.
    var owner: [CertificateDigest: Int] = [:]
    /// Indexed by `AttackType.rawValue`.
    var counters = [DetectionCounters](repeating: DetectionCounters(), count: AttackType.allCases.count + 1)
    var falsePositives = 0
    var trueNegatives = 0
    var falsePositivesByCheck: [MisbehaviourReport.Check: Int] = [:]
    /// Per vehicle (by raw id): first attack message on air, first detection by anyone, first revocation.
    var firstAttack: [SimTime?] = []
    var firstDetected: [SimTime?] = []
    var firstRevoked: [SimTime?] = []
    /// Genuine vehicles whose certificate got revoked.
    var honestRevoked = 0
    /// Genuine vehicles (by raw id) named as suspect in at least one report; counted, never iterated.
    var honestReported: Set<Int> = []

    init() {}

    mutating func grow(to count: Int) {
        while self.firstAttack.count < count {
            self.firstAttack.append(nil)
            self.firstDetected.append(nil)
            self.firstRevoked.append(nil)
        }
    }
}

/// Detection outcome counters of one attack type (ground truth at vehicle receivers, over
/// messages that passed the cryptographic checks).
struct DetectionCounters: Codable {
    var truePositives = 0
    var falseNegatives = 0
    var byCheck: [MisbehaviourReport.Check: Int] = [:]
}
