import Ledger
import SimKernel
import Testing

@testable import Scenario

@Suite("Ledger faults and backhaul")
struct LedgerFaultTests {
    private let base = ScenarioTestSupport.minimal + "rsus: { count: 4, every: 500m }\n"

    @Test("every fault kind and the backhaul settings decode")
    func decodesAll() throws {
        let text = self.base + """
            rsus: { count: 4, every: 500m, backhaul: { latency: 5ms, jitter: 2ms, loss: 0.01 } }
            ledger:
              block_interval: 500ms
              view_timeout: 400ms
              faults:
                - { kind: crash, rsu: 2, at: 1s, recover: 3s }
                - { kind: partition, rsus: [2, 3], at: 4s, heal: 6s }
                - { kind: slow, rsu: 1, at: 1s, until: 2s, delay: 100ms }
                - { kind: equivocate, rsu: 0, at: 7s }
            """
        let scenario = try ScenarioTestSupport.load(text.replacingOccurrences(of: "rsus: { count: 4, every: 500m }\n", with: ""))
        let ledger = scenario.ledger
        #expect(ledger.backhaulJitter == .milliseconds(2))
        #expect(ledger.backhaulLoss == 0.01)
        #expect(ledger.viewTimeout == .milliseconds(400))
        #expect(ledger.faults.map(\.kind) == [.crash, .partition, .slow, .equivocate])
        #expect(ledger.faults[0] == LedgerFault(kind: .crash, rsus: [2], start: .seconds(1), end: .seconds(3)))
        #expect(ledger.faults[1].rsus == [2, 3])
        #expect(ledger.faults[2].delay == .milliseconds(100))
        #expect(ledger.faults[3].end == nil)
    }

    @Test(
        "bad faults name file, line, column, field and problem",
        arguments: [
            ("  - { kind: melt, rsu: 1, at: 1s }\n",
             "t.yaml:8:13: ledger.faults[0].kind: must be one of crash, partition, slow, equivocate, got 'melt'"),
            ("  - { kind: crash, rsu: 9, at: 1s }\n",
             "t.yaml:8:25: ledger.faults[0].rsu: must be an RSU index below 4 (this scenario has 4 RSUs), got 9"),
            ("  - { kind: crash, rsu: 1, at: 5s, recover: 2s }\n",
             "t.yaml:8:45: ledger.faults[0].recover: must be after 'at' (5s), got 2s"),
            ("  - { kind: slow, rsu: 1, at: 1s }\n",
             "t.yaml:8:5: ledger.faults[0].delay: missing required key"),
            ("  - { kind: crash, at: 1s }\n",
             "t.yaml:8:5: ledger.faults[0]: needs 'rsu' (one index) or 'rsus' (a list of indices)"),
        ])
    func badFaults(line: String, expected: String) {
        let text = self.base + "ledger:\n  faults:\n" + line
        #expect(ScenarioTestSupport.issues(text) == [expected])
    }

    @Test("backhaul loss must be a probability below 0.9")
    func badLoss() {
        let text = ScenarioTestSupport.minimal + "rsus: { count: 4, every: 500m, backhaul: { loss: 1.5 } }\n"
        #expect(ScenarioTestSupport.issues(text) == ["t.yaml:5:50: rsus.backhaul.loss: must be between 0 and 0.9, got 1.5"])
    }
}
