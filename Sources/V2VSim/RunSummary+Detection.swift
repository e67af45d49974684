import SimKernel
import V2X

extension RunSummary {
    /// Detection quality for one attack type, against ground truth.
    ///
    /// Counted over vehicle receptions of CAMs (and DENMs, for FakeHazard) that passed the
    /// cryptographic checks: a true positive is an attack message that failed a plausibility check,
    /// a false negative one that passed.
    /// False positives are genuine messages flagged anywhere in the run (shared by all types).
    public struct DetectionOutcome: Sendable, Equatable {
        public var number: Int
        public var name: String
        public var truePositives: Int
        public var falseNegatives: Int
        public var falsePositives: Int
        public var precision: Double?
        public var recall: Double?
        public var f1: Double?
        /// Attackers, and how many of them were detected / revoked.
        public var attackers: Int
        public var detected: Int
        public var revoked: Int
        /// From an attacker's first attack message to its first detection [s], mean and max.
        public var meanTimeToDetect: Double?
        public var maxTimeToDetect: Double?
        /// From an attacker's first attack message to the revocation of one of its certificates [s].
        public var meanTimeToRevoke: Double?
        public var maxTimeToRevoke: Double?
        /// The checks that fired on this type's messages, most first.
        public var checks: [(check: String, count: Int)]

        public static func == (a: DetectionOutcome, b: DetectionOutcome) -> Bool {
            a.number == b.number && a.truePositives == b.truePositives && a.falseNegatives == b.falseNegatives
                && a.falsePositives == b.falsePositives && a.detected == b.detected && a.revoked == b.revoked
        }
    }

    /// Genuine-message totals of the detector.
    public struct DetectionTotals: Sendable, Equatable {
        public var falsePositives: Int
        public var trueNegatives: Int
        public var reports: Int
        public var honestRevoked: Int
        /// Genuine vehicles named as suspect in at least one misbehaviour report (per-sender false positives).
        public var honestReported: Int = 0
    }
}

extension Simulation {
    func detectionSummary() -> (types: [RunSummary.DetectionOutcome], totals: RunSummary.DetectionTotals) {
        let d = self.detection
        let totals = RunSummary.DetectionTotals(
            falsePositives: d.falsePositives, trueNegatives: d.trueNegatives, reports: d.reportsSent,
            honestRevoked: d.honestRevoked, honestReported: d.honestReported.count)
        var types: [RunSummary.DetectionOutcome] = []
        for type in AttackType.allCases where !type.isOutsider {
            let attackers = self.attackerVehicles.filter { $0.type == type }.map(\.raw)
            guard !attackers.isEmpty else { continue }
            let c = d.counters[type.rawValue]
            let tp = Double(c.truePositives)
            let precision = c.truePositives + d.falsePositives > 0 ? tp / (tp + Double(d.falsePositives)) : nil
            let recall = c.truePositives + c.falseNegatives > 0 ? tp / (tp + Double(c.falseNegatives)) : nil
            var f1: Double?
            if let p = precision, let r = recall, p + r > 0 { f1 = 2 * p * r / (p + r) }
            var detect: [Double] = []
            var revoke: [Double] = []
            for raw in attackers {
                guard let first = d.firstAttack[raw] else { continue }
                if let t = d.firstDetected[raw] { detect.append((t - first).seconds) }
                if let t = d.firstRevoked[raw] { revoke.append((t - first).seconds) }
            }
            let mean = { (v: [Double]) in v.isEmpty ? nil : v.reduce(0, +) / Double(v.count) }
            types.append(RunSummary.DetectionOutcome(
                number: type.rawValue, name: type.name, truePositives: c.truePositives, falseNegatives: c.falseNegatives,
                falsePositives: d.falsePositives, precision: precision, recall: recall, f1: f1,
                attackers: attackers.count, detected: detect.count, revoked: revoke.count,
                meanTimeToDetect: mean(detect), maxTimeToDetect: detect.max(),
                meanTimeToRevoke: mean(revoke), maxTimeToRevoke: revoke.max(),
                checks: c.byCheck.map { ($0.key.rawValue, $0.value) }.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }))
        }
        return (types, totals)
    }
}
