import Testing

@testable import Scenario

/// Each kind of bad value gives one compiler-style line at the value's line and column.
@Suite("Errors in values")
struct ValueErrorTests {
    private func issues(_ text: String) -> [String] { ScenarioTestSupport.issues(text) }

    @Test("a value with a unit of the wrong kind names the expected kind and units")
    func wrongUnit() {
        let text = """
            name: t
            duration: 3km
            traffic:
              - count: 10
            """
        #expect(
            self.issues(text) == [
                "t.yaml:2:11: duration: must be a time (ns, us, µs, ms, s, min, h), got '3km', which is a length"
            ])
    }

    @Test("an unknown unit lists the units of the expected kind and suggests a near one")
    func unknownUnit() {
        let text = ScenarioTestSupport.minimal + "road: { length: 3kmh }\n"
        #expect(
            self.issues(text) == [
                "t.yaml:5:17: road.length: unknown unit 'kmh' in '3kmh'; a length takes m, mm, cm, km; did you mean 'km'?"
            ])
    }

    @Test(
        "out-of-range values state the allowed range and the value as written",
        arguments: [
            (
                "  - count: -3\n", "t.yaml:4:12: traffic[0].count: must be a positive integer, got -3"
            ),
            (
                "  - count: 200000\n", "t.yaml:4:12: traffic[0].count: must be at most 100000, got 200000"
            ),
            (
                "  - count: 1\nroad:\n  lanes: 9\n",
                "t.yaml:6:10: road.lanes: must be an integer between 1 and 8, got 9"
            ),
            (
                "  - count: 1\nbeacons: { rate: 200Hz }\n",
                "t.yaml:5:18: beacons.rate: must be greater than 0 and at most 100Hz, got 200Hz"
            ),
            (
                "  - count: 1\nstep: 2s\n", "t.yaml:5:7: step: must be greater than 0 and at most 1s, got 2s"
            ),
            (
                "  - count: 1\nstep: 0ms\n", "t.yaml:5:7: step: must be greater than 0 and at most 1s, got 0ms"
            ),
            (
                "  - count: 1\nroad: { speed_limit: 120 }\n",
                "t.yaml:5:22: road.speed_limit: must be greater than 0 and at most 100m/s (360km/h), got 120"
            ),
            (
                "  - count: 1\nseed: -1\n", "t.yaml:5:7: seed: must be a non-negative integer, got -1"
            ),
            (
                "  - count: 1\nradio: { access_delay: -1us }\n",
                "t.yaml:5:24: radio.access_delay: must be between 0 and 1s, got -1us"
            ),
            (
                "  - { count: 1, speed: 1.5 }\n", "t.yaml:4:24: traffic[0].speed: must be between 0 and 1, got 1.5"
            ),
        ])
    func outOfRange(trafficLines: String, expected: String) {
        let text = "name: t\nduration: 10s\ntraffic:\n" + trafficLines
        #expect(self.issues(text) == [expected])
    }

    @Test(
        "values of the wrong type say what was expected and what was found",
        arguments: [
            ("road:\n  lanes: 3.5\n", "t.yaml:6:10: road.lanes: must be an integer, got 3.5"),
            ("road:\n  lanes: three\n", "t.yaml:6:10: road.lanes: must be an integer, got 'three'"),
            ("road: 5\n", "t.yaml:5:7: road: must be a mapping, got '5'"),
            ("road: [1, 2]\n", "t.yaml:5:7: road: must be a mapping, got a list"),
            ("seed: 1.5\n", "t.yaml:5:7: seed: must be a non-negative integer, got 1.5"),
            ("step: fast\n", "t.yaml:5:7: step: must be a time such as 100ms, got 'fast'"),
            ("step: 0.5ns\n", "t.yaml:5:7: step: must be a whole number of nanoseconds, got 0.5ns"),
            (
                "beacons: { extra_payload: 0.5B }\n",
                "t.yaml:5:27: beacons.extra_payload: must be a whole number of bytes, got 0.5B"
            ),
            (
                "security: { verify: bogus }\n",
                "t.yaml:5:21: security.verify: must be one of none, signature, full, got 'bogus'"
            ),
            (
                "security: { verify: ful }\n",
                "t.yaml:5:21: security.verify: must be one of none, signature, full, got 'ful'; did you mean 'full'?"
            ),
            ("radio: { model: nakagami }\n", "t.yaml:5:17: radio.model: must be one of unit-disk, log-distance, two-ray, got 'nakagami'"),
            ("name: t2\n", "t.yaml:5:1: name: duplicate key 'name' (first given at 1:1)"),
            (
                "incidents: { hard_braking: 4s }\n",
                "t.yaml:5:28: incidents.hard_braking: must be an acceleration (m/s2, m/s^2, m/s²), got '4s', which is a time"
            ),
        ])
    func wrongType(extraLines: String, expected: String) {
        #expect(self.issues(ScenarioTestSupport.minimal + extraLines) == [expected])
    }

    @Test("the traffic list must be a non-empty list of mappings")
    func trafficShape() {
        #expect(
            self.issues("name: t\nduration: 1s\ntraffic: []\n") == [
                "t.yaml:3:10: traffic: must be a non-empty list of vehicle groups, got an empty list"
            ])
        #expect(
            self.issues("name: t\nduration: 1s\ntraffic: { count: 3 }\n") == [
                "t.yaml:3:10: traffic: must be a list of vehicle groups, got a mapping"
            ])
        #expect(
            self.issues("name: t\nduration: 1s\ntraffic:\n  - car\n") == [
                "t.yaml:4:5: traffic[0]: must be a mapping, got 'car'"
            ])
    }

    @Test("a group needs exactly one of count and flow")
    func countOrFlow() {
        #expect(
            self.issues("name: t\nduration: 1s\ntraffic:\n  - policy: expert\n") == [
                "t.yaml:4:5: traffic[0]: needs exactly one of 'count' or 'flow', got neither"
            ])
        #expect(
            self.issues("name: t\nduration: 1s\ntraffic:\n  - { count: 3, flow: 100/h }\n") == [
                "t.yaml:4:23: traffic[0].flow: conflicts with 'count'; give exactly one of 'count' or 'flow'"
            ])
    }

    @Test("an unknown policy lists the available ones or suggests one")
    func unknownPolicy() {
        let text =
            "name: t\nduration: 1s\ntraffic:\n  - { count: 3, policy: mlp-7 }\n  - { count: 3, policy: expret }\n"
        #expect(
            self.issues(text) == [
                "t.yaml:4:25: traffic[0].policy: unknown policy 'mlp-7'; available: expert",
                "t.yaml:5:25: traffic[1].policy: unknown policy 'expret'; did you mean 'expert'?",
            ])
    }

    @Test("a key without value is reported as nothing")
    func nullValue() {
        #expect(
            self.issues("name: t\nduration:\ntraffic:\n  - count: 1\n") == [
                "t.yaml:2:10: duration: must be a time such as 100ms, got nothing"
            ])
    }

    @Test("an empty section keeps its defaults")
    func emptySection() throws {
        let scenario = try ScenarioTestSupport.load(ScenarioTestSupport.minimal + "ledger:\nsecurity: {}\n")
        #expect(scenario.ledger == .init())
        #expect(scenario.security == .init())
    }
}
