import SimKernel
import Testing
import Traffic
import V2X

@testable import Scenario

@Suite("--set overrides")
struct OverrideTests {
    private let base = """
        name: t
        duration: 10s
        road: { lanes: 2 }
        traffic:
          - { count: 10, policy: expert }
        security:
          verify: full

        """

    @Test("overrides replace scalars, reach into lists and apply in order")
    func replaceValues() throws {
        let scenario = try ScenarioTestSupport.load(
            self.base,
            overrides: [
                "security.verify=none", "traffic[0].count=50", "road.lanes=4", "duration=2s", "duration=20s",
                "beacons.rate=5Hz",
            ])
        #expect(scenario.security.verify == .none)
        #expect(scenario.traffic[0].spawn == .count(50))
        #expect(scenario.road.lanes == 4)
        #expect(scenario.duration == .seconds(20))
        #expect(scenario.beacons.rate == 5)
    }

    @Test("overrides may set keys and sections the file does not have, and append a list entry")
    func newKeys() throws {
        let scenario = try ScenarioTestSupport.load(
            self.base,
            overrides: [
                "ledger.block_interval=1s", "traffic[0].idm.v0=100km/h", "traffic[1].flow=600/h", "seed=9",
                "security.costs.verify=1ms",
            ])
        #expect(scenario.ledger.blockInterval == .seconds(1))
        #expect(scenario.traffic[0].idm.desiredSpeed == 100 / 3.6)
        #expect(scenario.traffic.count == 2)
        #expect(scenario.traffic[1].spawn == .flow(vehiclesPerHour: 600))
        #expect(scenario.traffic[1].policy == "expert")
        #expect(scenario.seed == 9)
        #expect(scenario.security.verifyCost == .milliseconds(1))
    }

    @Test("a bad value is validated like the file and names the override")
    func badValues() {
        let issues = ScenarioTestSupport.issues(
            self.base, overrides: ["security.verify=bogus", "traffic[0].count=-3", "duration=3km", "road.lanes=3.5"])
        #expect(
            issues == [
                "--set security.verify=bogus: security.verify: must be one of none, signature, full, got 'bogus'",
                "--set traffic[0].count=-3: traffic[0].count: must be a positive integer, got -3",
                "--set duration=3km: duration: must be a time (ns, us, µs, ms, s, min, h), got '3km', which is a length",
                "--set road.lanes=3.5: road.lanes: must be an integer, got 3.5",
            ])
    }

    @Test("a path outside the schema is an unknown key with a did-you-mean")
    func unknownPaths() {
        let issues = ScenarioTestSupport.issues(
            self.base, overrides: ["securty.verify=none", "road.lane=4", "traffic[0].idm.V0=1", "colour=red"])
        #expect(
            issues == [
                "--set securty.verify=none: securty: unknown key 'securty'; did you mean 'security'?",
                "--set road.lane=4: road.lane: unknown key 'lane'; did you mean 'lanes'?",
                "--set traffic[0].idm.V0=1: traffic[0].idm.V0: unknown key 'V0'; did you mean 'v0'?",
                "--set colour=red: colour: unknown key 'colour'; expected one of name, seed, duration, step, road, "
                    + "traffic, beacons, radio, security, rsus, ledger, incidents, attackers, record",
            ])
    }

    @Test("paths that do not fit the tree, and malformed overrides, are explained")
    func malformed() {
        let issues = ScenarioTestSupport.issues(
            self.base,
            overrides: [
                "security.verify", "traffic[3].count=1", "name.x=1", "traffic.count=3", "road[0]=1", "a..b=1",
                "traffic[x].count=1", "=1", "name=[",
            ])
        #expect(
            issues == [
                "--set security.verify: expected FIELD=VALUE, e.g. --set security.verify=none",
                "--set traffic[3].count=1: traffic: has 1 entry, so [3] is out of range (use [1] to add one)",
                "--set name.x=1: name: is a scalar ('t'), so it has no key 'x'",
                "--set traffic.count=3: traffic: is a list, so it has no key 'count'; pick an entry first, "
                    + "e.g. traffic[0].count",
                "--set road[0]=1: road: is a mapping, not a list, so it has no entry [0]",
                "--set a..b=1: invalid field path 'a..b': expected a key name at '.'",
                "--set traffic[x].count=1: invalid field path 'traffic[x].count': an index must be a non-negative "
                    + "integer in []",
                "--set =1: the field path is empty",
                "--set name=[: name: the value '[' is not valid YAML: did not find expected node content",
            ])
    }

    @Test("an override problem and a file problem are both reported, file first")
    func mixed() {
        let text = self.base + "step: 2s\n"
        #expect(
            ScenarioTestSupport.issues(text, overrides: ["road.lanes=0"]) == [
                "t.yaml:8:7: step: must be greater than 0 and at most 1s, got 2s",
                "--set road.lanes=0: road.lanes: must be an integer between 1 and 8, got 0",
            ])
    }

    @Test("seed and duration parameters override the file and are named in issues")
    func seedAndDuration() throws {
        let scenario = try ScenarioLoader.load(
            text: self.base, path: "t.yaml", overrides: [], seed: 7, duration: .milliseconds(1500))
        #expect(scenario.seed == 7)
        #expect(scenario.duration == .milliseconds(1500))
        #expect(scenario.sourceText.contains("#   --duration 1500ms"))
        let issues = ScenarioTestSupport.issues(self.base + "step: 1s\n", overrides: [], seed: 3)
        #expect(issues == [])
    }

    @Test("sourceText records the overrides and loads back to the same scenario")
    func sourceText() throws {
        let overrides = ["ledger.block_interval=1s", "security.verify=none", "traffic[1].flow=600/h", "name=x y"]
        let scenario = try ScenarioTestSupport.load(self.base, overrides: overrides)
        #expect(
            scenario.sourceText.hasPrefix("# Scenario t.yaml with overrides:\n#   --set ledger.block_interval=1s\n"))
        #expect(scenario.sourceText.contains("road: {lanes: 2}"))
        var reloaded = try ScenarioTestSupport.load(scenario.sourceText)
        reloaded.sourceText = scenario.sourceText
        #expect(reloaded == scenario)
        #expect(reloaded.name == "x y")
    }

    @Test("without overrides, sourceText is the file's text verbatim")
    func verbatim() throws {
        let scenario = try ScenarioTestSupport.load(self.base)
        #expect(scenario.sourceText == self.base)
        #expect(scenario.sourcePath == "t.yaml")
    }
}
