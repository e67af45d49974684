import Foundation
import Ledger
import Scenario
import Testing
import V2VSim
import V2VTestSupport

/// Colluding Byzantine RSUs (`kind: byzantine`) against the end-of-run safety check, in process
/// and through the CLI, with `Scenarios/ledger-byzantine.yaml`.
@Suite("Ledger safety under colluding Byzantine RSUs", .serialized)
struct LedgerByzantineTests {
    private func scenario(colluders: String) throws -> Scenario {
        try ScenarioLoader.load(
            path: TestPaths.scenario("ledger-byzantine.yaml"), overrides: ["ledger.faults[0].rsus=\(colluders)"])
    }

    @Test("f + 1 colluders of 3f + 1: the check reports the height, both hashes and the signers; f: safety holds")
    func safetyCheckCanFail() throws {
        let broken = try Simulation(scenario: try self.scenario(colluders: "[2, 3]")).run(recorder: nil)
        let l = broken.ledger
        #expect(!l.safetyHolds)
        let violation = try #require(l.safetyViolations.first)
        #expect(l.conflictingHeights.contains(violation.height))
        #expect(violation.firstHash != violation.secondHash)
        // Each block carries a quorum of 3: one honest RSU and both colluders.
        #expect(Set(violation.signedBoth.map(\.raw)) == [2, 3])
        #expect(violation.firstSigners.count >= 3 && violation.secondSigners.count >= 3)
        let honest = Set(violation.firstSigners.map(\.raw)).symmetricDifference(violation.secondSigners.map(\.raw))
        #expect(honest == [0, 1])
        #expect(l.safetyLine.hasPrefix("safety: VIOLATED"))
        #expect(l.safetyReport().joined().contains(violation.secondHash.hex))
        #expect(broken.metaEntries["summary.ledger.safety"] == "violated")
        let csv = try #require(broken.csvFiles.first { $0.name == "ledger-summary.csv" }).text
        #expect(csv.contains(",violated,"))

        let held = try Simulation(scenario: try self.scenario(colluders: "[3]")).run(recorder: nil)
        #expect(held.ledger.safetyHolds, "\(held.ledger.safetyReport())")
        #expect(held.ledger.maximumHeight >= 10)
    }

    @Test("validate warns (and passes) when Byzantine RSUs exceed f, and says nothing when they do not")
    func validateWarns() throws {
        #expect(try self.scenario(colluders: "[2, 3]").faultToleranceWarnings.count == 1)
        #expect(try self.scenario(colluders: "[3]").faultToleranceWarnings.isEmpty)
        let result = try runProcess(TestPaths.cli, ["validate", TestPaths.scenario("ledger-byzantine.yaml")])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("warning: ledger.faults: 2 RSUs (2, 3) are Byzantine at once"), "\(result.stderr)")
        #expect(result.stderr.contains("f = 1"))
        let quiet = try runProcess(TestPaths.cli, ["validate", TestPaths.scenario("ledger-faults.yaml")])
        #expect(quiet.status == 0 && !quiet.stderr.contains("warning"), "\(quiet.stderr)")
    }

    @Test("v2vsim run exits 3 with the double finalisation on stderr, and still writes the trace")
    func cliExitsNonZero() throws {
        let dir = try TestPaths.temporaryDirectory("ledger-byzantine-cli")
        let result = try runProcess(TestPaths.cli, ["run", TestPaths.scenario("ledger-byzantine.yaml"), "--out", dir, "--quiet"])
        #expect(result.status == 3, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stderr.contains("safety: VIOLATED, two final blocks at height(s)"), "\(result.stderr)")
        #expect(result.stderr.contains("signed both"), "\(result.stderr)")
        #expect(result.stderr.contains("votes of RSUs"))
        #expect(FileManager.default.fileExists(atPath: dir + "/trace.sqlite"))
        // The trace holds the first final block of each height, so its chain still audits.
        let verify = try runProcess(TestPaths.cli, ["ledger", "verify", dir + "/trace.sqlite"])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
    }
}
