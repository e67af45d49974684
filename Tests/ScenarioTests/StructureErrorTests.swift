import Testing

@testable import Scenario

/// Missing, unknown and duplicate keys, cross-field rules, and collecting every issue at once.
@Suite("Errors in the structure")
struct StructureErrorTests {
    private func issues(_ text: String) -> [String] { ScenarioTestSupport.issues(text) }

    @Test("missing required keys are reported at the enclosing mapping")
    func missingKeys() {
        let text = """
            # a comment first
            seed: 3
            road:
              lanes: 2
            """
        #expect(
            self.issues(text) == [
                "t.yaml:2:1: name: missing required key",
                "t.yaml:2:1: duration: missing required key",
                "t.yaml:2:1: traffic: missing required key",
            ])
    }

    @Test("an unknown key is reported at the key, with a did-you-mean when one is close")
    func unknownKeys() {
        let text =
            ScenarioTestSupport.minimal + """
                traffc: 1
                road:
                  lane: 2
                  colour: red
                security: { costs: { verfy: 1us } }
                traffic_lights: []
                """
        #expect(
            self.issues(text) == [
                "t.yaml:5:1: traffc: unknown key 'traffc'; did you mean 'traffic'?",
                "t.yaml:7:3: road.lane: unknown key 'lane'; did you mean 'lanes'?",
                "t.yaml:8:3: road.colour: unknown key 'colour'; expected one of kind, length, lanes, lane_width, speed_limit, on_ramp, off_ramp, hazards, lane_speed_limits",
                "t.yaml:9:22: security.costs.verfy: unknown key 'verfy'; did you mean 'verify'?",
                "t.yaml:10:1: traffic_lights: unknown key 'traffic_lights'; expected one of name, seed, duration, step, "
                    + "road, traffic, beacons, radio, security, rsus, ledger, incidents, attackers, record",
            ])
    }

    @Test("every duplicate key is reported at its repetition, pointing at the first")
    func duplicateKeys() {
        let text = """
            name: t
            seed: 1
            duration: 10s
            seed: 2
            traffic:
              - { count: 1, count: 2, policy: expert }
              - count: 1
                idm:
                  a: 1
                  a: 2
                  a: 3
            "seed": 4
            """
        #expect(
            self.issues(text) == [
                "t.yaml:4:1: seed: duplicate key 'seed' (first given at 2:1)",
                "t.yaml:6:17: traffic[0].count: duplicate key 'count' (first given at 6:7)",
                "t.yaml:10:7: traffic[1].idm.a: duplicate key 'a' (first given at 9:7)",
                "t.yaml:11:7: traffic[1].idm.a: duplicate key 'a' (first given at 9:7)",
                "t.yaml:12:1: seed: duplicate key 'seed' (first given at 2:1)",
            ])
    }

    @Test("a duplicate key does not hide the other problems of the file")
    func duplicateAndOthers() {
        let text = "name: t\nname: u\nduration: 1km\ntraffic:\n  - count: 0\n"
        #expect(
            self.issues(text) == [
                "t.yaml:2:1: name: duplicate key 'name' (first given at 1:1)",
                "t.yaml:3:11: duration: must be a time (ns, us, µs, ms, s, min, h), got '1km', which is a length",
                "t.yaml:5:12: traffic[0].count: must be a positive integer, got 0",
            ])
    }

    @Test("all issues of a file are collected, in file order")
    func manyIssues() {
        let text = """
            name: highway
            duration: 3km
            stepp: 100ms
            road: { kind: highway, length: 5km, lanes: 12, speed_limit: 120km/h }
            traffic:
              - { type: car, count: -3, policy: expert, idm: { v0: 120km/h, T: 1.0m } }
              - { type: car, flow: 1800/h, policy: mlp }
            security: { verify: bogus }
            """
        let issues = self.issues(text)
        #expect(
            issues == [
                "t.yaml:2:11: duration: must be a time (ns, us, µs, ms, s, min, h), got '3km', which is a length",
                "t.yaml:3:1: stepp: unknown key 'stepp'; did you mean 'step'?",
                "t.yaml:4:44: road.lanes: must be an integer between 1 and 8, got 12",
                "t.yaml:6:25: traffic[0].count: must be a positive integer, got -3",
                "t.yaml:6:68: traffic[0].idm.T: must be a time (ns, us, µs, ms, s, min, h), got '1.0m', which is a length",
                "t.yaml:7:40: traffic[1].policy: unknown policy 'mlp'; available: expert",
                "t.yaml:8:21: security.verify: must be one of none, signature, full, got 'bogus'",
            ])
        do {
            _ = try ScenarioLoader.load(text: text, path: "t.yaml")
            Issue.record("expected issues")
        } catch {
            #expect(error.description == issues.joined(separator: "\n"))
            #expect(error.issues[0].line == 2 && error.issues[0].column == 11)
            #expect(error.issues[0].field == "duration")
            #expect(error.issues[3].problem == .outOfRange(allowed: "a positive integer", got: "-3"))
        }
    }

    @Test("cross-field rules: duration, FCD interval, RSU positions, room for the vehicles")
    func crossFieldRules() {
        let text = """
            name: t
            duration: 50ms
            step: 100ms
            record: { fcd: 150ms }
            traffic:
              - count: 10000
            rsus: { every: 1km, count: 9 }
            """
        #expect(
            self.issues(text) == [
                "t.yaml:2:11: duration: must be at least one step (100ms), got 50ms",
                "t.yaml:4:16: record.fcd: must be a whole multiple of step (100ms), got 150ms",
                "t.yaml:6:3: traffic: 10000 vehicles need 70km of lane at jam spacing (length + s0), "
                    + "but 3 lanes of 5km offer 15km",
                "t.yaml:7:28: rsus.count: 9 RSUs every 1km put the last at 8.5km, beyond the end of the road "
                    + "(road.length 5km)",
            ])
        #expect(
            self.issues(ScenarioTestSupport.minimal + "road: { length: 800m }\n") == [
                "t.yaml:5:17: rsus.every: an RSU every 1km leaves no RSU on a road of 800m; "
                    + "shorten rsus.every or set rsus.count"
            ])
    }

    @Test("the FCD interval follows a step that does not divide 100 ms")
    func fcdDefault() throws {
        let odd = try ScenarioTestSupport.load(ScenarioTestSupport.minimal + "step: 30ms\n")
        #expect(odd.record.fcdInterval == .milliseconds(30))
        let even = try ScenarioTestSupport.load(ScenarioTestSupport.minimal + "step: 50ms\n")
        #expect(even.record.fcdInterval == .milliseconds(100))
    }
}
