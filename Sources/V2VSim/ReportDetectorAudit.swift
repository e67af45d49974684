import Ledger
import Trace
import V2VCrypto
import V2X

/// What checking a trace's misbehaviour reports against the detectors declared on its chain found.
public struct ReportDetectorAuditReport: Sendable {
    /// Report leaves read, those naming the rule-based detector, and those naming none (old layout).
    public var reportsChecked = 0
    public var reportsByRules = 0
    public var reportsNamingNoDetector = 0
    /// Distinct learned-detector digests the reports name.
    public var learnedDigests: [Digest] = []
    /// `detector` leaves on the chain.
    public var registrations = 0
    /// Reports that contradict the chain, in chain order (at most `TraceAudit.maxProblems`).
    public var problems: [String] = []
    /// Reports naming a declared model before (or without) their reporter's own detector leaf:
    /// the uplink does not yet order a vehicle's report behind its registration. Not failures.
    public var aheadOfRegistration = 0

    /// Whether every report named a detector declared for its reporter.
    public var isValid: Bool { self.problems.isEmpty }
}

/// Checks that every misbehaviour report in a trace's final blocks names a detector its reporter
/// declared on the chain before the report (`ReportDetectorRule`): a learned detector's digest in a
/// `detector` leaf for the reporting certificate, or the rule-based detector's fixed identifier.
/// Follows `DecisionAudit`, which holds driving decisions to the models in registration leaves; the
/// chain itself (links, roots, votes) is `TraceAudit`'s.
public enum ReportDetectorAudit {
    /// Audits the report leaves of the trace `reader` opened.
    /// - Throws: only when the trace cannot be read at all.
    public static func audit(_ reader: TraceReader) throws -> ReportDetectorAuditReport {
        // Only report and detector leaves matter; keep those, then take them in chain order.
        var rows: [(height: UInt64, index: Int, content: LeafContent)] = []
        try reader.forEachLeaf { row in
            guard row.kind == LeafKind.misbehaviourReport.description || row.kind == LeafKind.detectorRegistration.description,
                  let content = try? LedgerLeaf(encoded: row.leaf).content()
            else { return }
            rows.append((row.height, row.leafIndex, content))
        }
        rows.sort { ($0.height, $0.index) < ($1.height, $1.index) }
        var rule = ReportDetectorRule(fixedIdentifiers: [LearnedDetector.ruleBasedDigest], maxFindings: TraceAudit.maxProblems)
        for row in rows { rule.note(row.content, height: row.height, leafIndex: row.index) }

        var report = ReportDetectorAuditReport()
        report.reportsChecked = rule.reportsChecked
        report.reportsByRules = rule.reportsNamingFixedIdentifier
        report.reportsNamingNoDetector = rule.reportsNamingNoDetector
        report.learnedDigests = rule.namedDigests
        report.registrations = rule.registrations
        report.problems = rule.findings.filter(\.problem.contradictsChain).map(Self.describe)
        report.aheadOfRegistration = rule.findings.filter { !$0.problem.contradictsChain }.count
        if rule.findingsNotKept > 0 {
            report.problems.append("reports: … and \(rule.findingsNotKept) more reports not matched to their reporter's detector leaf")
        }
        return report
    }

    /// One finding as a line: where the report is, who reported whom, and what is wrong with its detector.
    static func describe(_ f: ReportDetectorRule.Finding) -> String {
        let reporter = Self.hex(f.reporter)
        let head = "reports: report at block \(f.height) leaf \(f.leafIndex) by certificate \(reporter) "
            + "against \(Self.hex(f.suspect)) names detector \(f.detector.hex), "
        switch f.problem {
        case .unknownDigest:
            return head + "which no detector leaf on the chain registers"
        case .reporterNeverRegistered:
            return head + "which no detector leaf registers for \(reporter)"
        case .reporterRegisteredOthers(let others):
            return head + "but \(reporter) registered only \(others.map(\.hex).joined(separator: ", ")) before it"
        case .registeredLater(let height):
            return head + "registered for \(reporter) only after the report (block \(height))"
        }
    }

    /// A certificate name as the ledger CLI prints it: 16 hex digits in wire order.
    static func hex(_ certificate: UInt64) -> String { CertificateDigest(raw: certificate).hex }
}
