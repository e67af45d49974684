import ArgumentParser
import Trace
import V2VSim

/// `v2vsim verify`: audit a trace offline (seals, signatures, certificates, chain), or re-run it and
/// compare every table (`--replay`).
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check a trace's seals, signatures, certificates and blocks; with --replay, re-run it and compare every table.",
        discussion: """
            Seals prove no row changed since recording unless the editor also recomputed them (they are keyless); \
            --replay re-runs the recording and compares every row, which catches that too. See docs/trace.md. \
            Exit codes: 0 ok, 2 a check failed, 1 the trace cannot be read.
            """)

    @Argument(help: "Trace file (trace.sqlite).")
    var trace: String

    @Flag(help: "Re-run the recorded scenario and seed and compare every table row by row with the trace.")
    var replay = false

    @Option(help: "Directory of the weights files: check their bytes against the digests the decisions name, and recompute each decision.")
    var models: String?

    func run() throws {
        let reader: TraceReader
        do { reader = try TraceReader(path: self.trace) } catch {
            Terminal.error("error: \(error)")
            throw ExitCode.failure
        }
        let ok = self.replay ? try self.compareWithRerun(reader) : try self.audit(reader)
        if !ok { throw ExitCode(ExitCodes.verificationFailed) }
    }

    /// Seals, then signatures, certificates and chain. Returns whether everything held.
    private func audit(_ reader: TraceReader) throws -> Bool {
        let seals: SealReport
        let report: TraceAuditReport
        let decisions: (line: String, problems: [String])
        let reports: (line: String, problems: [String])
        do {
            seals = try reader.checkSeals()
            report = try TraceAudit.audit(reader)
            decisions = try self.verifyDecisions(reader)
            reports = try self.verifyReportDetectors(reader)
        } catch {
            Terminal.error("error: \(error)")
            throw ExitCode.failure
        }
        if seals.sealed {
            let rows = seals.tables.reduce(Int64(0)) { $0 + $1.rows }
            let segments = seals.tables.reduce(0) { $0 + $1.segments }
            print("seals        \(seals.tables.count) tables, \(rows) rows in \(segments) sealed segments")
        } else {
            print("seals        none: schema_version \(reader.meta["schema_version"] ?? "?") traces carry no seals, so edits to rows cannot be found (use --replay)")
        }
        print("messages     \(report.messagesChecked) signatures checked (\(report.certificatesChecked) certificates)")
        print("blocks       \(report.blocksChecked) checked, \(report.leavesChecked) leaves")
        let unverified = report.actedOnUnverified.reduce(0) { $0 + $1.count }
        let detail = report.actedOnUnverified.map { "\($0.outcome) \($0.count)" }.joined(separator: ", ")
        let level = reader.meta["record_receptions"].map { $0 == "all" ? "" : "; receptions recorded at level \($0), so this counts recorded rows only" } ?? ""
        print("acted on     \(report.actedOn) receptions, \(unverified) of them without passing verification\(detail.isEmpty ? "" : " (\(detail))")\(level)")
        for problem in seals.problems { Terminal.error("\(self.trace): \(problem)") }
        if seals.problemsNotListed > 0 { Terminal.error("\(self.trace): … and \(seals.problemsNotListed) more seal problems") }
        print(decisions.line)
        print(reports.line)
        for problem in report.problems + decisions.problems + reports.problems { Terminal.error("\(self.trace): \(problem)") }
        guard seals.problems.isEmpty && report.isValid && decisions.problems.isEmpty && reports.problems.isEmpty else {
            return false
        }
        print(seals.sealed
            ? "ok: every seal, signature, certificate, hash link, Merkle root and quorum checks out"
            : "ok: every signature, certificate, hash link, Merkle root and quorum checks out (no seals to check)")
        return true
    }

    /// Re-runs the recording and compares every table. Returns whether the traces hold the same rows.
    private func compareWithRerun(_ reader: TraceReader) throws -> Bool {
        let workspace: ReplayWorkspace
        let outcome: Replay.Outcome
        do {
            workspace = try ReplayWorkspace()
            defer { workspace.remove() }
            outcome = try workspace.rerun(reader)
        } catch {
            Terminal.error("error: \(error)")
            throw ExitCode.failure
        }
        for line in outcome.notCompared { print("note: \(line)") }
        guard !outcome.tableDifferences.isEmpty else {
            let tables = reader.hasSeals ? TraceComparisonLabel.tables : TraceComparisonLabel.version4Tables
            let scope = outcome.notCompared.isEmpty ? "" : ", except what the notes above leave out"
            print("ok: the re-run wrote the same rows in every table (\(tables))\(scope)")
            return true
        }
        for difference in outcome.tableDifferences { Terminal.error("\(self.trace): \(difference)") }
        Terminal.error("\(self.trace): \(outcome.tableDifferences.count) table(s) differ from the re-run")
        return false
    }
}

/// How the compared tables are named in messages.
enum TraceComparisonLabel {
    static let tables = "vehicles, messages, receptions, blocks, anchors, incidents, leaves, consensus, decisions, event_digests, checkpoints, reception_codes, seals, meta"
    /// A version 4 trace has no `event_digests` and `seals` to compare.
    static let version4Tables = "vehicles, messages, receptions, blocks, anchors, incidents, leaves, consensus, reception_codes, meta"
}
