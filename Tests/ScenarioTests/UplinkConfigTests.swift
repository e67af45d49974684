import Ledger
import SimKernel
import Testing

@testable import Scenario

/// `rsus.uplink`: the vehicles' retry policy for registrations and reports (docs/ledger.md "Uplink").
@Suite("Uplink settings")
struct UplinkConfigTests {
    @Test("defaults, every field decoded, and the retry waits they give")
    func decodes() throws {
        let defaults = try ScenarioTestSupport.load(ScenarioTestSupport.minimal).ledger.uplink
        #expect(defaults == UplinkConfig())
        #expect(defaults.queueCapacity == 64 && defaults.bundle == 8 && defaults.maxAttempts == 6)
        #expect((1...4).map { defaults.retryDelay(afterAttempt: $0) } == [200, 400, 800, 1_600].map { SimTime.milliseconds($0) })

        let text = ScenarioTestSupport.minimal
            + "rsus: { uplink: { queue: 10, bundle: 4, ack_timeout: 50ms, backoff: 1, max_attempts: 3 } }\n"
        let u = try ScenarioTestSupport.load(text).ledger.uplink
        #expect(u.queueCapacity == 10 && u.bundle == 4 && u.maxAttempts == 3 && u.backoff == 1)
        #expect(u.retryDelay(afterAttempt: 3) == .milliseconds(50))
        let set = try ScenarioTestSupport.load(ScenarioTestSupport.minimal, overrides: ["rsus.uplink.ack_timeout=1s"])
        #expect(set.ledger.uplink.ackTimeout == .seconds(1))
    }

    @Test("out-of-range and unknown uplink fields are located errors", arguments: [
        ("bundle: 33", "t.yaml:5:27: rsus.uplink.bundle: must be an integer between 1 and 32, got 33"),
        ("queue: 0", "t.yaml:5:26: rsus.uplink.queue: must be a positive integer, got 0"),
        ("backoff: 0.5", "t.yaml:5:28: rsus.uplink.backoff: must be between 1 and 10, got 0.5"),
        ("max_attempts: 0", "t.yaml:5:33: rsus.uplink.max_attempts: must be an integer between 1 and 100, got 0"),
    ])
    func badFields(field: String, expected: String) {
        let issues = ScenarioTestSupport.issues(ScenarioTestSupport.minimal + "rsus: { uplink: { \(field) } }\n")
        #expect(issues == [expected])
    }

    @Test("an unknown key under rsus.uplink is named")
    func unknownKey() {
        let issues = ScenarioTestSupport.issues(ScenarioTestSupport.minimal + "rsus: { uplink: { retries: 3 } }\n")
        #expect(issues.count == 1 && issues[0].contains("rsus.uplink.retries"), "\(issues)")
    }
}
