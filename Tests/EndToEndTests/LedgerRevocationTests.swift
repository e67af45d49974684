import Foundation
import Ledger
import Scenario
import Testing
import Trace
import V2VSim
import V2VTestSupport
import V2VCrypto
import V2X

/// Misbehaviour reports, registrations and revocations through the RSU chain (issue 4 item 5,
/// issue 5 item 2), on `Scenarios/attacks/const-pos.yaml` shortened.
@Suite("Revocation through the ledger", .serialized)
struct LedgerRevocationTests {
    private func run() throws -> (summary: RunSummary, trace: String) {
        let scenario = try ScenarioLoader.load(
            path: TestPaths.scenario("attacks/const-pos.yaml"), overrides: ["duration=5s", "attackers[0].start=1s"])
        return try recordRun(scenario, label: "ledger-revocation")
    }

    @Test("the attacker's certificate is revoked by a provable revocation leaf, and rejected as revoked afterwards")
    func constPosRevoked() throws {
        let (s, trace) = try self.run()
        let outcome = try #require(s.detection.first { $0.name == AttackType.constPos.name })
        #expect(outcome.revoked > 0, "\(outcome)")
        #expect(s.detectionTotals.honestRevoked == 0)
        let kinds = Dictionary(uniqueKeysWithValues: s.ledger.leavesByKind.map { ($0.kind, $0.count) })
        #expect((kinds["report"] ?? 0) > 0 && (kinds["revocation"] ?? 0) > 0 && (kinds["registration"] ?? 0) > 0)

        let ledger = try TraceLedger.load(path: trace)
        #expect(ledger.audit().isValid, "\(ledger.audit())")
        let reader = try TraceReader(path: trace)
        var attackerPseudonyms = Set<String>()
        try reader.forEachMessage { if $0.attacker != nil { attackerPseudonyms.insert($0.pseudonym) } }
        let revocations = try reader.leaves().filter { $0.kind == "revocation" }
        #expect(!revocations.isEmpty)
        for row in revocations {
            guard case let .revocation(r) = try LedgerLeaf(encoded: row.leaf).content() else {
                Issue.record("not a revocation")
                continue
            }
            let name = CertificateDigest(raw: r.certificate)
            #expect(attackerPseudonyms.contains(name.hex), "revoked \(name.hex) is not an attacker's")
            #expect(r.reporters.count == 3 && r.basisHeight < row.height)
            let proofs = ledger.proofs(kind: .revocation, certificate: r.certificate)
            #expect(proofs.count == 1)
            for found in proofs { #expect(found.proof.problem(committee: ledger.committee) == nil) }
            // After the block is final, receivers reject that certificate's messages as revoked.
            var acceptedAfter = 0
            var revokedAfter = 0
            var pseudonymOf: [UInt64: String] = [:]
            try reader.forEachMessage { pseudonymOf[$0.messageID] = $0.pseudonym }
            try reader.forEachReception { rx in
                guard pseudonymOf[rx.messageID] == name.hex, (rx.tVerified ?? rx.tReceived) > row.tFinal else { return }
                if rx.verifyOutcome == "accepted" { acceptedAfter += 1 }
                if rx.reason == "revoked" { revokedAfter += 1 }
            }
            #expect(acceptedAfter == 0)
            #expect(revokedAfter > 0)
        }
    }

    @Test("ledger prove proves a vehicle's registration (the model it ran) and a revocation from the CLI")
    func proveFromCLI() throws {
        let (_, trace) = try self.run()
        // Vehicle 1: vehicle 0 drives off the road's end before an RSU hears its registration.
        let registration = try runProcess(TestPaths.cli, ["ledger", "prove", trace, "--kind", "registration", "--vehicle", "1"])
        #expect(registration.status == 0, "\(registration.stderr)")
        // The expert policy's documented model digest (docs/ledger.md).
        #expect(registration.stdout.contains("model        386cb60922f7bd9fc9e72ab6640062a890e91eedbb2415e361042c4070fa6477"))
        #expect(registration.stdout.contains("check        ok"))
        let reader = try TraceReader(path: trace)
        let row = try #require(try reader.leaves().first { $0.kind == "revocation" })
        let certificate = Hex.encode(row.leaf[1...8])
        let revocation = try runProcess(TestPaths.cli, ["ledger", "prove", trace, "--kind", "revocation", "--certificate", certificate])
        #expect(revocation.status == 0, "\(revocation.stderr)")
        #expect(revocation.stdout.contains("revocation   \(certificate)"))
        let none = try runProcess(TestPaths.cli, ["ledger", "prove", trace, "--kind", "registration", "--certificate", "0000000000000000"])
        #expect(none.status == 1)
        #expect(none.stderr.contains("no registration leaf"))
    }
}

@Suite("Uplink to the RSUs")
struct LedgerUplinkTests {
    @Test("with RSUs out of reach, registrations and reports wait in bounded queues; every leaf is accounted for")
    func outOfRange() throws {
        let scenario = try ScenarioLoader.load(
            path: TestPaths.scenario("attacks/const-pos.yaml"),
            overrides: ["duration=4s", "attackers[0].start=500ms", "rsus.range=30m"])
        let s = try Simulation(scenario: scenario).run(recorder: nil)
        let l = s.ledger
        #expect(l.uplinkSubmitted == l.uplinkAcknowledged + l.uplinkDropped + l.uplinkWaiting, "\(l)")
        #expect(l.uplinkDropped == l.uplinkGaveUp + l.uplinkQueueFull + l.uplinkLostOffRoad)
        #expect(l.uplinkWaiting > 0 || l.uplinkDropped > 0)
        #expect(l.uplinkDelivered < l.uplinkSubmitted && l.uplinkAcknowledged <= l.uplinkDelivered)
        let registrations = l.leavesByKind.first { $0.kind == "registration" }?.count ?? 0
        #expect(registrations < s.vehiclesSpawned)
    }
}
