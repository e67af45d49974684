import ArgumentParser
import Trace
import V2VSim

/// `v2vsim verify`: audit a trace's signatures, certificates and chain offline.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Re-verify every message signature, certificate and block of a trace; exit 2 on any problem.")

    @Argument(help: "Trace file (trace.sqlite).")
    var trace: String

    @Option(help: "Directory of the weights files: check their bytes against the digests the decisions name, and recompute each decision.")
    var models: String?

    func run() throws {
        let report: TraceAuditReport
        let decisions: (line: String, problems: [String])
        do {
            let reader = try TraceReader(path: self.trace)
            report = try TraceAudit.audit(reader)
            decisions = try self.verifyDecisions(reader)
        } catch {
            Terminal.error("error: \(error)")
            throw ExitCode.failure
        }
        print("messages     \(report.messagesChecked) signatures checked (\(report.certificatesChecked) certificates)")
        print("blocks       \(report.blocksChecked) checked, \(report.leavesChecked) leaves")
        print(decisions.line)
        if report.isValid && decisions.problems.isEmpty {
            print("ok: every signature, certificate, hash link, Merkle root and quorum checks out")
        } else {
            for p in report.problems + decisions.problems { Terminal.error("\(self.trace): \(p)") }
            throw ExitCode(ExitCodes.verificationFailed)
        }
    }
}
