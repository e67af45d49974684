import Foundation

/// Misbehaviour-detection figures of one scenario over several seeds, per attack type and for all
/// types together (`v2vsim detector eval`).
///
/// Per message: counts are summed over the seeds before precision, recall and F1 are taken (micro
/// average), as F2MD and the VeReMi papers report them; the spread of F1 between seeds is given as a
/// 95 % interval (Student's t). A genuine message flagged counts against every type of its run, since
/// the detector cannot tell which attack it suspected. Per sender: an attacker counts as detected once
/// any report names one of its certificates; a genuine vehicle counts as a false positive once any
/// report names it. In a run with several attack types, per-sender precision and the honest counts
/// appear on the `all` row only, since a wrongly reported vehicle cannot be charged to one type.
public struct DetectorEvaluation: Sendable {
    /// One line of the evaluation.
    public struct Row: Sendable, Equatable {
        /// Scenario name, and the attack type (`all` with number 0 for every insider type together).
        public var scenario: String
        /// Which detector decided: `rules` (the fused checks) or `learned` (`detection.model`).
        public var detector = "rules"
        public var attack: String
        public var number: Int
        public var seeds: Int
        public var truePositives = 0
        public var falseNegatives = 0
        public var falsePositives = 0
        public var attackers = 0
        public var detected = 0
        public var revoked = 0
        public var honestReported = 0
        public var honestRevoked = 0
        /// Genuine CAM receptions that reached the plausibility checks (the false alarms' denominator).
        public var genuineReceptions = 0
        /// Misbehaviour reports the run's stations sent, against anyone.
        public var reports = 0
        /// A type's row in runs with several attack types: honest vehicles wrongly reported cannot be
        /// charged to one type, so per-sender precision and the honest counts are given on the `all` row only.
        public var sharesRunWithOtherTypes = false
        /// Per-seed message F1 (seeds where it is defined).
        public var seedF1: [Double] = []
        /// Per-attacker times from first attack message to first detection / revocation [s].
        public var timesToDetect: [Double] = []
        public var timesToRevoke: [Double] = []

        /// Nil without attack messages (an honest run): every flag there is false, and its rate is
        /// `falseAlarmsPerThousand`.
        public var precision: Double? {
            guard self.truePositives + self.falseNegatives > 0 else { return nil }
            return Self.ratio(self.truePositives, self.truePositives + self.falsePositives)
        }
        public var recall: Double? { Self.ratio(self.truePositives, self.truePositives + self.falseNegatives) }
        public var f1: Double? {
            guard let p = self.precision, let r = self.recall, p + r > 0 else { return nil }
            return 2 * p * r / (p + r)
        }
        /// Half-width of the 95 % interval of the per-seed F1; nil below two seeds.
        public var f1Interval: Double? { Self.halfWidth95(self.seedF1) }
        public var senderRecall: Double? { Self.ratio(self.detected, self.attackers) }
        public var senderPrecision: Double? {
            self.sharesRunWithOtherTypes ? nil : Self.ratio(self.detected, self.detected + self.honestReported)
        }
        /// Genuine messages flagged per 1000 genuine receptions: the false-alarm rate, defined in honest
        /// runs too, where precision and recall are not.
        public var falseAlarmsPerThousand: Double? {
            self.genuineReceptions > 0 ? 1000 * Double(self.falsePositives) / Double(self.genuineReceptions) : nil
        }
        public var meanTimeToDetect: Double? { Self.mean(self.timesToDetect) }
        public var meanTimeToRevoke: Double? { Self.mean(self.timesToRevoke) }

        /// Adds a run's per-attacker times, each attacker weighted once (the run gives their mean).
        mutating func addTimes(of outcome: RunSummary.DetectionOutcome) {
            if let t = outcome.meanTimeToDetect { self.timesToDetect.append(contentsOf: repeatElement(t, count: outcome.detected)) }
            if let t = outcome.meanTimeToRevoke { self.timesToRevoke.append(contentsOf: repeatElement(t, count: outcome.revoked)) }
        }

        static func ratio(_ a: Int, _ b: Int) -> Double? { b > 0 ? Double(a) / Double(b) : nil }
        static func mean(_ v: [Double]) -> Double? { v.isEmpty ? nil : v.reduce(0, +) / Double(v.count) }

        static func halfWidth95(_ v: [Double]) -> Double? {
            guard v.count >= 2, let m = Self.mean(v) else { return nil }
            let variance = v.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(v.count - 1)
            return Self.studentT95(degreesOfFreedom: v.count - 1) * (variance / Double(v.count)).squareRoot()
        }

        /// Two-sided 95 % quantile of Student's t (table values; 1.96 beyond 30).
        static func studentT95(degreesOfFreedom n: Int) -> Double {
            let table: [Double] = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
                                   2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
                                   2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042]
            return n >= 1 && n <= table.count ? table[n - 1] : 1.96
        }
    }

    /// Rows per attack type, in type order, then the `all` row when the runs had more than one type.
    public private(set) var rows: [Row] = []
    private let scenario: String
    private let detector: String
    private var seeds = 0

    /// An empty evaluation of the scenario named `scenario` with `detector` (`rules` or `learned`).
    public init(scenario: String, detector: String = "rules") {
        self.scenario = scenario
        self.detector = detector
    }

    /// Adds one seed's run.
    public mutating func add(_ summary: RunSummary) {
        self.seeds += 1
        var all = self.rows.first { $0.number == 0 }
            ?? Row(scenario: self.scenario, detector: self.detector, attack: "all", number: 0, seeds: 0)
        var allTP = 0, allFN = 0
        for outcome in summary.detection {
            var row = self.rows.first { $0.number == outcome.number }
                ?? Row(scenario: self.scenario, detector: self.detector, attack: outcome.name, number: outcome.number, seeds: 0)
            row.seeds += 1
            row.truePositives += outcome.truePositives
            row.falseNegatives += outcome.falseNegatives
            row.falsePositives += outcome.falsePositives
            row.attackers += outcome.attackers
            row.detected += outcome.detected
            row.revoked += outcome.revoked
            // The run's genuine receptions, as its false positives are (shared by every type of the run).
            row.genuineReceptions += summary.detectionTotals.falsePositives + summary.detectionTotals.trueNegatives
            row.reports += summary.detectionTotals.reports
            if summary.detection.count > 1 {
                row.sharesRunWithOtherTypes = true
            } else {
                row.honestReported += summary.detectionTotals.honestReported
                row.honestRevoked += summary.detectionTotals.honestRevoked
            }
            if let f1 = outcome.f1 { row.seedF1.append(f1) }
            row.addTimes(of: outcome)
            self.put(row)
            allTP += outcome.truePositives
            allFN += outcome.falseNegatives
            all.attackers += outcome.attackers
            all.detected += outcome.detected
            all.revoked += outcome.revoked
            all.addTimes(of: outcome)
        }
        all.seeds += 1
        all.truePositives += allTP
        all.falseNegatives += allFN
        all.falsePositives += summary.detectionTotals.falsePositives
        all.honestReported += summary.detectionTotals.honestReported
        all.honestRevoked += summary.detectionTotals.honestRevoked
        all.genuineReceptions += summary.detectionTotals.falsePositives + summary.detectionTotals.trueNegatives
        all.reports += summary.detectionTotals.reports
        let seedRow = Row(scenario: self.scenario, detector: self.detector, attack: "all", number: 0, seeds: 1, truePositives: allTP,
                          falseNegatives: allFN, falsePositives: summary.detectionTotals.falsePositives)
        if let f1 = seedRow.f1 { all.seedF1.append(f1) }
        self.put(all)
    }

    /// The rows to show: per type, and `all` only when it adds something (more than one type). Runs
    /// without insider attackers give one row, named `honest`: only its false alarms, reports and
    /// honest vehicles reported or revoked mean anything.
    public var reportedRows: [Row] {
        let types = self.rows.filter { $0.number != 0 }
        if types.isEmpty { return self.rows.map { var row = $0; row.attack = "honest"; return row } }
        return types.count > 1 ? self.rows : types
    }

    private mutating func put(_ row: Row) {
        if let index = self.rows.firstIndex(where: { $0.number == row.number }) {
            self.rows[index] = row
        } else {
            self.rows.append(row)
            self.rows.sort { ($0.number == 0 ? Int.max : $0.number) < ($1.number == 0 ? Int.max : $1.number) }
        }
    }
}
