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
}
