import Scenario
import Testing
import V2VSim
import V2VTestSupport
import V2X

/// Registrations and misbehaviour reports cross the radio (issue 15 item 4): on a congested channel
/// they wait longer and need retries, and the attacker is still revoked.
@Suite("Uplink over the radio")
struct UplinkRadioTests {
    /// `attacks/const-pos.yaml` for 4 s (attack from 1 s), quiet and with 1 400-byte padding on every
    /// beacon, which puts the channel near saturation. One run of each, shared by the tests.
    static let runs: (quiet: RunSummary, congested: RunSummary) = {
        func run(_ extra: [String]) -> RunSummary {
            let scenario = try! ScenarioLoader.load(
                path: TestPaths.scenario("attacks/const-pos.yaml"),
                // Without neighbour answers: their 126-byte certificates load the quiet channel too
                // (measured with them: uplink median 187 ms quiet, 170 ms padded), which hides the
                // contrast this test is about.
                overrides: ["duration=4s", "attackers[0].start=1s", "security.p2p_neighbour_answers=false"] + extra)
            return try! Simulation(scenario: scenario).run(recorder: nil)
        }
        return (run([]), run(["beacons.extra_payload=1400B"]))
    }()

    @Test("a congested channel delays the uplink and forces retries; the attacker is still revoked")
    func congestionDelays() throws {
        let (quiet, busy) = Self.runs
        let q = quiet.ledger
        let b = busy.ledger
        // The padding really loads the channel.
        #expect((busy.radio?.cbrMean ?? 0) > 2 * (quiet.radio?.cbrMean ?? 1), "CBR \(quiet.radio?.cbrMean ?? -1) → \(busy.radio?.cbrMean ?? -1)")
        // The median moves (the p95 is set by the retry timeouts, 200 ms then 400 ms, on both channels).
        let q50 = try #require(q.uplinkDelayP50Ms)
        let b50 = try #require(b.uplinkDelayP50Ms)
        #expect(b50 > 1.2 * q50, "uplink median \(q50) ms quiet, \(b50) ms congested")
        #expect(b.uplinkRetries > q.uplinkRetries, "retries \(q.uplinkRetries) quiet, \(b.uplinkRetries) congested")
        #expect(q.uplinkRetries > 0)
        #expect((b.uplinkDeliveryRatio ?? 1) < (q.uplinkDeliveryRatio ?? 0))
        for s in [quiet, busy] {
            let outcome = try #require(s.detection.first { $0.name == AttackType.constPos.name })
            #expect(outcome.revoked > 0, "\(outcome)")
            #expect(s.detectionTotals.honestRevoked == 0)
        }
    }

    @Test("every leaf is accounted for, and uplink frames and acknowledgements are counted apart from V2V messages")
    func accounting() {
        for s in [Self.runs.quiet, Self.runs.congested] {
            let l = s.ledger
            #expect(l.uplinkSubmitted == l.uplinkAcknowledged + l.uplinkDropped + l.uplinkWaiting, "\(l)")
            #expect(l.uplinkDropped == l.uplinkGaveUp + l.uplinkQueueFull + l.uplinkLostOffRoad)
            #expect(l.uplinkAcknowledged <= l.uplinkDelivered && l.uplinkDelivered <= l.uplinkSubmitted)
            #expect(l.uplinkLeafTransmissions >= l.uplinkDelivered && l.uplinkFramesSent > 0)
            #expect(l.uplinkAcksReceived + l.uplinkAcksLost + l.uplinkAcksRejected <= l.uplinkAcksSent)
            // RSUs reject only the revoked attackers' own uplink frames.
            #expect(l.uplinkAcksRejected == 0 && l.uplinkRejected.allSatisfy { $0.reason == "revoked" }, "\(l.uplinkRejected)")
            // Every vehicle's first registration reached the chain's mempools.
            #expect(l.uplinkDelivered >= s.vehiclesSpawned)
            let registrations = l.leavesByKind.first { $0.kind == "registration" }?.count ?? 0
            #expect(registrations >= s.vehiclesSpawned - 5, "\(registrations) of \(s.vehiclesSpawned)")
        }
        // On the quiet channel nearly everything is delivered.
        #expect((Self.runs.quiet.ledger.uplinkDeliveryRatio ?? 0) > 0.9)
    }
}
