import Foundation
import Scenario
import Testing
import Trace
import V2VSim
import V2VTestSupport

@Suite("Hazard warnings (DENM)")
struct HazardWarningTests {
    @Test("the first car to sense the stopped vehicle signs a DENM; others accept and act on it; no collisions")
    func warning() throws {
        let scenario = try ScenarioLoader.load(path: TestPaths.scenario("hazard.yaml"), overrides: ["duration=7s", "road.hazards[0].at=5s", "traffic[0].count=60"])
        let dir = try TestPaths.temporaryDirectory("hazard")
        let recorder = try TraceRecorder(
            path: dir + "/trace.sqlite",
            meta: TraceMeta(scenarioName: "hazard", scenarioText: scenario.sourceText, seed: scenario.seed, programVersion: "test"))
        let summary = try Simulation(scenario: scenario).run(recorder: recorder)
        try recorder.finish(summary: [:])
        #expect(!summary.incidents.contains { $0.kind == "collision" })
        let reader = try TraceReader(path: dir + "/trace.sqlite")
        let detections = try reader.incidents().filter { $0.kind == "hazard_detected" }
        #expect(detections.count == 1, "only the stopped vehicle appears within 7 s, and it is reported once")
        #expect(detections.allSatisfy { $0.value <= 80 }, "seen by the reporter's own 80 m sensor")
        let denms = try reader.messages().filter { $0.messageType == "denm" }
        #expect(denms.count == 1)
        let ids = Set(denms.map(\.messageID))
        let receptions = try reader.receptions().filter { ids.contains($0.messageID) }
        #expect(receptions.contains { $0.actedOn }, "somebody took the warning into account")
    }

    @Test("the summary counts DENMs sent and accepted, and the drivers who braked for a warning before their sensor saw the obstacle")
    func summaryCounts() throws {
        // Light traffic: with a queue behind the first detector every follower brakes for the car
        // ahead of it, not for the warned-about obstacle, and the warning changes nobody's driving.
        let scenario = try ScenarioLoader.load(
            path: TestPaths.scenario("hazard.yaml"),
            overrides: ["duration=30s", "road.hazards[0].at=5s", "road.hazards[1].at=20s", "traffic[0].count=30"])
        let dir = try TestPaths.temporaryDirectory("hazard-summary")
        let recorder = try TraceRecorder(
            path: dir + "/trace.sqlite",
            meta: TraceMeta(scenarioName: "hazard", scenarioText: scenario.sourceText, seed: scenario.seed, programVersion: "test"))
        let summary = try Simulation(scenario: scenario).run(recorder: recorder)
        try recorder.finish(summary: [:])
        let reader = try TraceReader(path: dir + "/trace.sqlite")
        let denms = try reader.messages().filter { $0.messageType == "denm" }
        let ids = Set(denms.map(\.messageID))
        let accepted = try reader.receptions().filter {
            ids.contains($0.messageID) && $0.receiverKind == "vehicle" && $0.verifyOutcome == "accepted"
        }
        let h = summary.hazardWarnings
        #expect(h.sent == denms.count && h.sent == 2, "both obstacles reported once")
        #expect(h.accepted == accepted.count && h.accepted > 0)
        #expect(h.actedBeforeSensing > 0 && h.actedBeforeSensing <= h.accepted, "\(h)")
        let csv = summary.csvFiles.first { $0.name == "hazards.csv" }?.text
        #expect(csv == "denms_sent,denms_accepted,vehicles_warned_before_sensing\n2,\(h.accepted),\(h.actedBeforeSensing)\n")
    }
}
