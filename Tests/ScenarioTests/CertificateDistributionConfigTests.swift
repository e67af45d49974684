import SimKernel
import Testing

@testable import Scenario

/// `security.p2p_*`: peer-to-peer certificate distribution switched and limited from a scenario.
@Suite("Scenario: certificate distribution fields")
struct CertificateDistributionConfigTests {
    @Test("on by default with ETSI-style limits; every field can be set")
    func defaultsAndValues() throws {
        let plain = try ScenarioTestSupport.load(ScenarioTestSupport.minimal)
        #expect(plain.security.p2p.enabled)
        #expect(plain.security.p2p.maxRequestsPerMessage == 8)
        #expect(plain.security.p2p.requestRepeat == .milliseconds(100))
        #expect(plain.security.p2p.answerInterval == .milliseconds(200))
        #expect(plain.security.p2p.hold)
        #expect(plain.security.p2p.holdLimit == 32)
        #expect(plain.security.p2p.holdTime == .seconds(1))
        #expect(plain.security.p2p.neighbourAnswers)
        let text = ScenarioTestSupport.minimal + """
            security: { p2p_certificates: false, p2p_max_requests: 3, p2p_request_repeat: 1s, p2p_answer_interval: 0s }

            """
        let set = try ScenarioTestSupport.load(text)
        #expect(!set.security.p2p.enabled)
        #expect(set.security.p2p.maxRequestsPerMessage == 3)
        #expect(set.security.p2p.requestRepeat == .seconds(1))
        #expect(set.security.p2p.answerInterval == .zero)
        let extensions = try ScenarioTestSupport.load(ScenarioTestSupport.minimal + """
            security: { p2p_hold: false, p2p_hold_limit: 4, p2p_hold_time: 500ms, p2p_neighbour_answers: false }

            """)
        #expect(!extensions.security.p2p.hold)
        #expect(extensions.security.p2p.holdLimit == 4)
        #expect(extensions.security.p2p.holdTime == .milliseconds(500))
        #expect(!extensions.security.p2p.neighbourAnswers)
    }

    @Test(
        "bad values are located errors that name the field",
        arguments: [
            ("p2p_max_requests: 17", "t.yaml:6:31: security.p2p_max_requests: "),
            ("p2p_max_requests: 0", "t.yaml:6:31: security.p2p_max_requests: "),
            ("p2p_request_repeat: 0ms", "t.yaml:6:33: security.p2p_request_repeat: "),
            ("p2p_answer_interval: 11s", "t.yaml:6:34: security.p2p_answer_interval: "),
            ("p2p_certificates: maybe", "t.yaml:6:31: security.p2p_certificates: "),
            ("p2p_hold: 3", "t.yaml:6:23: security.p2p_hold: "),
            ("p2p_hold_limit: 0", "t.yaml:6:29: security.p2p_hold_limit: "),
            ("p2p_hold_time: 0s", "t.yaml:6:28: security.p2p_hold_time: "),
            ("p2p_neighbour_answers: yes please", "t.yaml:6:36: security.p2p_neighbour_answers: "),
        ])
    func badValues(entry: String, prefix: String) {
        let issues = ScenarioTestSupport.issues(ScenarioTestSupport.minimal + "\nsecurity: { \(entry) }\n")
        #expect(issues.count == 1, "\(issues)")
        #expect(issues.first?.hasPrefix(prefix) == true, "\(issues)")
    }

    @Test("--set reaches the fields and validates them like the file")
    func overrides() throws {
        let off = try ScenarioTestSupport.load(ScenarioTestSupport.minimal, overrides: ["security.p2p_certificates=false"])
        #expect(!off.security.p2p.enabled)
        let issues = ScenarioTestSupport.issues(ScenarioTestSupport.minimal, overrides: ["security.p2p_max_requests=99"])
        #expect(issues.count == 1 && issues[0].contains("security.p2p_max_requests"), "\(issues)")
    }
}
