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
                - { kind: byzantine, rsus: [1, 3], at: 2s, until: 5s }
            """
        let scenario = try ScenarioTestSupport.load(text.replacingOccurrences(of: "rsus: { count: 4, every: 500m }\n", with: ""))
        let ledger = scenario.ledger
        #expect(ledger.backhaulJitter == .milliseconds(2))
        #expect(ledger.backhaulLoss == 0.01)
        #expect(ledger.viewTimeout == .milliseconds(400))
        #expect(ledger.faults.map(\.kind) == [.crash, .partition, .slow, .equivocate, .byzantine])
        #expect(ledger.faults[0] == LedgerFault(kind: .crash, rsus: [2], start: .seconds(1), end: .seconds(3)))
        #expect(ledger.faults[1].rsus == [2, 3])
        #expect(ledger.faults[2].delay == .milliseconds(100))
        #expect(ledger.faults[3].end == nil)
        #expect(ledger.faults[4] == LedgerFault(kind: .byzantine, rsus: [1, 3], start: .seconds(2), end: .seconds(5)))
        // Byzantine RSUs at once: 0 (equivocating from 7 s) alone, or 1 and 3 (2 s to 5 s): 2 > f = 1.
        #expect(scenario.faultToleranceWarnings == [
            "ledger.faults: 2 RSUs (1, 3) are Byzantine at once from 2s, more than the f = 1 that 4 RSUs tolerate: "
                + "safety is not guaranteed",
        ])
    }

    @Test("Byzantine RSUs are counted at the same moment only: one after another stays within f")
    func sequentialByzantineFaultsDoNotWarn() throws {
        let text = self.base + """
            ledger:
              faults:
                - { kind: byzantine, rsu: 1, at: 1s, until: 3s }
                - { kind: equivocate, rsu: 2, at: 3s, until: 5s }
                - { kind: byzantine, rsu: 1, at: 6s }
            """
        #expect(try ScenarioTestSupport.load(text).faultToleranceWarnings.isEmpty)
        let overlapping = text.replacingOccurrences(of: "at: 3s, until: 5s", with: "at: 2s, until: 5s")
        #expect(try ScenarioTestSupport.load(overlapping).faultToleranceWarnings.count == 1)
    }

    @Test(
        "bad faults name file, line, column, field and problem",
        arguments: [
            ("  - { kind: melt, rsu: 1, at: 1s }\n",
             "t.yaml:8:13: ledger.faults[0].kind: must be one of crash, partition, slow, equivocate, byzantine, got 'melt'"),
            ("  - { kind: crash, rsu: 9, at: 1s }\n",
             "t.yaml:8:25: ledger.faults[0].rsu: must be an RSU index below 4 (this scenario has 4 RSUs), got 9"),
            ("  - { kind: crash, rsu: 1, at: 5s, recover: 2s }\n",
             "t.yaml:8:45: ledger.faults[0].recover: must be after 'at' (5s), got 2s"),
            ("  - { kind: byzantine, rsus: [1, 2], at: 1s, recover: 2s }\n",
             "t.yaml:8:55: ledger.faults[0].recover: a byzantine fault ends with 'until', not 'recover'"),
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
