import Trace
import V2VSim

extension VerifyCommand {
    /// The decisions check (`DecisionAudit`): its summary line and its problems.
    /// - Throws: when the trace cannot be read.
    func verifyDecisions(_ reader: TraceReader) throws -> (line: String, problems: [String]) {
        let report = try DecisionAudit.audit(reader, modelsDirectory: self.models)
        var line = "decisions    \(report.decisionsChecked) checked, \(report.models.count) model(s) named, "
            + "\(report.registeredModels) registered"
        if self.models != nil {
            line += "; \(report.filesChecked) weights file(s), \(report.decisionsRecomputed) decisions recomputed"
        }
        return (line, report.problems)
    }

    /// The reports check (`ReportDetectorAudit`): its summary line and its problems.
    /// - Throws: when the trace cannot be read.
    func verifyReportDetectors(_ reader: TraceReader) throws -> (line: String, problems: [String]) {
        let report = try ReportDetectorAudit.audit(reader)
        var line = "reports      \(report.reportsChecked) checked: \(report.reportsByRules) by the rule-based detector, "
            + "\(report.reportsChecked - report.reportsByRules - report.reportsNamingNoDetector) by \(report.learnedDigests.count) "
            + "learned detector(s) against \(report.registrations) detector leaves"
        if report.aheadOfRegistration > 0 {
            line += "; \(report.aheadOfRegistration) anchored before their reporter's detector leaf (uplink order, not a failure)"
        }
        if report.reportsNamingNoDetector > 0 { line += ", \(report.reportsNamingNoDetector) naming none (old layout)" }
        return (line, report.problems)
    }
}
