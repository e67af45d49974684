import Foundation
import Testing
import Trace
import V2VCrypto
import V2VTestSupport

/// `verify` holds every misbehaviour report to a detector its reporter declared on the chain.
@Suite("Report detector audit", .serialized)
struct ReportDetectorAuditTests {
    static let model = TestPaths.repositoryRoot.appendingPathComponent("Policies/detector.safetensors").path

    @Test("verify passes reports naming the learned detector their reporters registered, and flags one naming an unregistered digest")
    func unregisteredDigest() throws {
        let dir = try TestPaths.temporaryDirectory("report-detector")
        let run = try runProcess(TestPaths.cli, [
            "run", TestPaths.scenario("attacks/const-pos-offset.yaml"), "--out", dir, "--quiet", "--duration", "4s",
            "--set", "attackers[0].start=1s", "--set", "security.detection.model=\(Self.model)",
        ])
        try #require(run.status == 0, "stderr: \(run.stderr)")
        let trace = dir + "/trace.sqlite"
        let leaves = try TraceReader(path: trace).leaves()
        let reports = leaves.filter { $0.kind == "report" }
        let registrations = leaves.filter { $0.kind == "detector" }
        try #require(!reports.isEmpty && !registrations.isEmpty, "the run anchors reports and detector leaves")
        let digest = SHA256.hash([UInt8](try Data(contentsOf: URL(fileURLWithPath: Self.model))))
        // Every report of this run names the learned detector (bytes 58-89 of a report leaf).
        #expect(reports.allSatisfy { Array($0.leaf[58..<90]) == digest.bytes })

        let clean = try runProcess(TestPaths.cli, ["verify", trace])
        #expect(clean.status == 0, "stderr: \(clean.stderr)")
        // Reports the uplink anchored before their reporter's detector leaf are counted, not failed.
        #expect(clean.stdout.contains(
            "reports      \(reports.count) checked: 0 by the rule-based detector, \(reports.count) by 1 learned detector(s) "
                + "against \(registrations.count) detector leaves"), "\(clean.stdout)")

        // The first report now names a model nobody declared on the chain.
        let forged = [UInt8](repeating: 0xAB, count: 32)
        let first = reports[0]
        let edited = Array(first.leaf[0..<58]) + forged
        let sql = """
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            db.execute("UPDATE leaves SET leaf = ? WHERE height = ? AND leaf_index = ?",
                       (bytes.fromhex(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])))
            db.commit()
            """
        let update = try runProcess("/usr/bin/env", [
            "python3", "-c", sql, trace, Hex.encode(edited), String(first.height), String(first.leafIndex),
        ])
        try #require(update.status == 0, "python: \(update.stderr)")
        let reporter = Hex.encode(Array(first.leaf[1...8]))
        let suspect = Hex.encode(Array(first.leaf[9...16]))
        let flagged = try runProcess(TestPaths.cli, ["verify", trace])
        #expect(flagged.status == 2)
        // Its reporter declared the shipped model before it, if it declared any: either way the line names the forgery.
        let line = "reports: report at block \(first.height) leaf \(first.leafIndex) by certificate \(reporter) against \(suspect) "
            + "names detector \(Hex.encode(forged)), "
        let registered = "but \(reporter) registered only \(digest.hex) before it"
        let undeclared = "which no detector leaf on the chain registers"
        #expect(flagged.stderr.contains(line + registered) || flagged.stderr.contains(line + undeclared), "\(flagged.stderr)")
    }
}
