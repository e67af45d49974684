import Foundation
import Ledger
import Radio
import SimKernel
import Testing
import Traffic
import V2X

@testable import Scenario

@Suite("Loading scenario files")
struct LoadingTests {
    private let highwayPath = ScenarioTestSupport.scenariosDirectory() + "/highway.yaml"

    @Test("Scenarios/highway.yaml loads with the documented values")
    func highway() throws {
        let scenario = try ScenarioLoader.load(path: self.highwayPath)
        #expect(scenario.name == "highway")
        #expect(scenario.seed == 42)
        #expect(scenario.duration == .seconds(60))
        #expect(scenario.step == .milliseconds(100))
        #expect(scenario.road == RoadConfig())
        #expect(scenario.road.lanes == 3 && scenario.road.length == 5_000)
        #expect(scenario.traffic.count == 1)
        let cars = try #require(scenario.traffic.first)
        #expect(cars.type == "car" && cars.policy == "expert" && cars.spawn == .count(200))
        #expect(cars.initialSpeedFraction == 0.8)
        #expect(cars.idm == IDMParameters())
        #expect(scenario.beacons == BeaconConfig())
        var radio = RadioConfig()
        radio.model = .twoRay
        radio.txPower = 13
        #expect(scenario.radio == radio)
        #expect(scenario.security == SecurityConfig())
        var ledger = LedgerConfig()
        ledger.rsuCount = 5
        #expect(scenario.ledger == ledger)
        #expect(scenario.incidents == IncidentConfig())
        #expect(scenario.record.fcdInterval == .milliseconds(100))
        #expect(!scenario.record.radioLosses)
        #expect(scenario.sourcePath == self.highwayPath)
        #expect(scenario.sourceText == (try String(contentsOfFile: self.highwayPath, encoding: .utf8)))
    }

    @Test("the example at the top of docs/scenario.md loads")
    func documentedExample() throws {
        let docs = ScenarioTestSupport.scenariosDirectory().dropLast("Scenarios".count) + "docs/scenario.md"
        let markdown = try String(contentsOfFile: String(docs), encoding: .utf8)
        let start = try #require(markdown.range(of: "```yaml\n"))
        let end = try #require(markdown.range(of: "```", range: start.upperBound..<markdown.endIndex))
        let scenario = try ScenarioTestSupport.load(String(markdown[start.upperBound..<end.lowerBound]))
        #expect(scenario.traffic.count == 2)
        #expect(scenario.traffic[1].spawn == .flow(vehiclesPerHour: 1_800))
        #expect(scenario.traffic[0].idm == IDMParameters())
    }

    @Test("a file load applies overrides, the seed and the duration")
    func highwayWithOverrides() throws {
        let scenario = try ScenarioLoader.load(
            path: self.highwayPath, overrides: ["security.verify=none", "traffic[0].count=50"], seed: 1,
            duration: .seconds(5))
        #expect(scenario.security.verify == .none)
        #expect(scenario.traffic[0].spawn == .count(50))
        #expect(scenario.seed == 1)
        #expect(scenario.duration == .seconds(5))
        var reloaded = try ScenarioLoader.load(text: scenario.sourceText, path: self.highwayPath)
        reloaded.sourceText = scenario.sourceText
        #expect(reloaded == scenario)
    }

    @Test("a missing file, a directory, an empty or non-UTF-8 file each get one clear issue")
    func unreadableFiles() throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("scenario-tests-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let empty = directory.appendingPathComponent("empty.yaml").path
        let comments = directory.appendingPathComponent("comments.yaml").path
        let binary = directory.appendingPathComponent("binary.yaml").path
        try Data().write(to: URL(fileURLWithPath: empty))
        try Data("# nothing here\n\n".utf8).write(to: URL(fileURLWithPath: comments))
        try Data([0x6E, 0x61, 0xFF, 0xFE, 0x0A]).write(to: URL(fileURLWithPath: binary))
        let missing = directory.appendingPathComponent("missing.yaml").path
        let cases = [
            (missing, "\(missing): no such file"),
            (directory.path, "\(directory.path): is a directory, not a scenario file"),
            (empty, "\(empty): is empty; a scenario needs at least name, duration and traffic"),
            (comments, "\(comments): is empty; a scenario needs at least name, duration and traffic"),
            (binary, "\(binary): is not UTF-8 text"),
        ]
        for (path, expected) in cases {
            do {
                _ = try ScenarioLoader.load(path: path)
                Issue.record("\(path) loaded")
            } catch {
                #expect(error.description == expected)
                #expect(error.issues.count == 1 && error.issues[0].line == nil)
            }
        }
    }

    @Test(
        "invalid YAML is reported at libyaml's position",
        arguments: [
            ("name: t\n  bad: indent\n", "t.yaml:2:6: invalid YAML: mapping values are not allowed in this context"),
            (
                "name: t\ntraffic: [1, 2\n",
                "t.yaml:3:1: invalid YAML: did not find expected ',' or ']' (while parsing a flow sequence at 2:10)"
            ),
            (
                "name: 'open\n",
                "t.yaml:2:1: invalid YAML: found unexpected end of stream (while scanning a quoted scalar at 1:7)"
            ),
            (
                "name: t\n---\nname: u\n",
                "t.yaml:2:1: invalid YAML: a scenario is a single YAML document, but another one starts here"
            ),
            ("name: *nowhere\n", "t.yaml:1:7: invalid YAML: found undefined alias"),
        ])
    func invalidYAML(text: String, expected: String) {
        #expect(ScenarioTestSupport.issues(text) == [expected])
    }

    @Test("the top level must be a mapping")
    func rootNotMapping() {
        #expect(
            ScenarioTestSupport.issues("- name: t\n") == [
                "t.yaml:1:1: must be a mapping of scenario keys (name, duration, traffic, …) at the top level, got a list"
            ])
        #expect(
            ScenarioTestSupport.issues("just text\n") == [
                "t.yaml:1:1: must be a mapping of scenario keys (name, duration, traffic, …) at the top level, "
                    + "got 'just text'"
            ])
    }

    @Test("YAML anchors, quoted numbers and JSON syntax work")
    func yamlFeatures() throws {
        let anchors = """
            name: t
            duration: "10s"
            traffic:
              - { count: '5', idm: &fast { v0: 150km/h } }
              - { count: 5, idm: *fast }
            """
        let scenario = try ScenarioTestSupport.load(anchors)
        #expect(scenario.duration == .seconds(10))
        #expect(scenario.traffic[1].idm.desiredSpeed == 150 / 3.6)
        let json = #"{"name": "j", "duration": "2s", "traffic": [{"count": 3}]}"#
        #expect(try ScenarioTestSupport.load(json).traffic[0].spawn == .count(3))
    }
}
